// Distinguished-name patterns (parley/authz.h): RFC 4514 text split into
// attribute type and value pairs, escapes undone (§2.4: `\` before a special
// character, or two hex digits for one byte).
#include <algorithm>
#include <cctype>

#include "authz/patterns.h"
#include "authz/text.h"

namespace parley::authz {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Unexpected malformed(const char* what, std::string_view text) {
  return err::make(Error::Kind::ApiMisuse, std::nullopt, what, "in '" + std::string(text) + "'");
}

}  // namespace

Result<Attributes> parse_distinguished_name(std::string_view text) {
  Attributes out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;  // "CN=a, O=b" as people write it
    auto eq = text.find('=', i);
    if (eq == std::string_view::npos) return malformed("name: expected TYPE=value", text);
    auto type = text.substr(i, eq - i);
    while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
    if (type.empty()) return malformed("name: an attribute without a type", text);
    for (char c : type) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') {
        return malformed("name: an attribute type is a name (CN, O, OU) or a dotted OID", text);
      }
    }
    std::string value;
    size_t kept = 0;  // the value's length up to its last escaped or non-space character
    for (i = eq + 1; i < text.size() && text[i] != ',' && text[i] != '+'; ++i) {
      if (text[i] != '\\') {
        value += text[i];
        if (text[i] != ' ') kept = value.size();
        continue;
      }
      if (i + 1 >= text.size()) return malformed("name: a '\\' at the end", text);
      int hi = hex_value(text[i + 1]);
      int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
      if (hi >= 0 && lo >= 0) {
        value += static_cast<char>(hi * 16 + lo);
        i += 2;
      } else {
        value += text[++i];
      }
      kept = value.size();
    }
    value.resize(kept);
    out.emplace_back(upper(type), std::move(value));
    if (i < text.size()) {
      ++i;  // the separator
      if (i == text.size()) return malformed("name: a separator with no attribute after it", text);
    }
  }
  if (out.empty()) return malformed("name: no attributes", text);
  return out;
}

Result<NamePattern> NamePattern::parse(std::string_view pattern) {
  NamePattern p;
  p.required_ = PARLEY_TRY(parse_distinguished_name(pattern));
  return p;
}

bool NamePattern::matches(std::string_view dn) const {
  auto have = parse_distinguished_name(dn);
  if (!have) return false;
  return std::ranges::all_of(required_, [&](const auto& want) { return std::ranges::find(*have, want) != have->end(); });
}

}  // namespace parley::authz
