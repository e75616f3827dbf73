// DNS SAN patterns (parley/authz.h): RFC 4343 case-insensitive names, a
// trailing dot (the root) ignored, and RFC 6125 §6.4.3 wildcards limited to
// one whole leftmost label.
#include <algorithm>
#include <cctype>

#include "authz/patterns.h"
#include "authz/text.h"

namespace parley::authz {
namespace {

// One trailing dot is the fully qualified spelling of the same name.
std::string_view without_root(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  return name;
}

// RFC 1123 §2.1 LDH labels of 1..63 octets, 253 in all.
bool valid_hostname(std::string_view name, size_t& labels) {
  if (name.empty() || name.size() > 253) return false;
  labels = 0;
  for (;;) {
    auto dot = name.find('.');
    auto label = name.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    }
    ++labels;
    if (dot == std::string_view::npos) return true;
    name = name.substr(dot + 1);
  }
}

}  // namespace

Result<DnsPattern> DnsPattern::parse(std::string_view pattern) {
  DnsPattern p;
  auto name = without_root(pattern);
  if (name.starts_with("*.")) {
    p.wildcard_ = true;
    name.remove_prefix(2);
  }
  size_t labels = 0;
  if (!valid_hostname(name, labels)) {
    return err::make(Error::Kind::ApiMisuse, std::nullopt,
                     "DNS rule: expected a hostname (letters, digits, '-', dots) or '*.' and a hostname; "
                     "'*' only as the whole leftmost label",
                     "found '" + std::string(pattern) + "'");
  }
  if (p.wildcard_ && labels < 2) {
    return err::make(Error::Kind::ApiMisuse, std::nullopt,
                     "DNS rule: a wildcard needs at least two labels after '*.' (as '*.shop.internal')",
                     "found '" + std::string(pattern) + "'");
  }
  p.name_ = lower(name);
  return p;
}

bool DnsPattern::matches(std::string_view dns_name) const {
  auto name = lower(without_root(dns_name));
  size_t labels = 0;
  if (!valid_hostname(name, labels)) return false;  // a wildcard SAN, or not a hostname at all
  if (!wildcard_) return name == name_;
  auto dot = name.find('.');
  return dot != std::string::npos && std::string_view(name).substr(dot + 1) == name_;
}

}  // namespace parley::authz
