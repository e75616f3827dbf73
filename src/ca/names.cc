#include "ca/names.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "der/oid.h"
#include "x509/general_names.h"
#include "x509/hostname.h"
#include "x509/name.h"

namespace parley::ca {

using x509::GeneralNameType;

namespace {

std::string as_text(std::span<const uint8_t> v) { return std::string(v.begin(), v.end()); }
Bytes as_bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

bool ieq_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_ldh_label(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-';
  });
}

Result<SanEntry> check_entry(SanEntry e) {
  switch (e.type) {
    case GeneralNameType::dns: {
      std::string name = lower(as_text(e.value));
      if (!is_valid_dns_name(name, true)) {
        return err::api("invalid DNS name in SAN: use letters, digits and hyphens in dot-separated labels", name);
      }
      e.value = as_bytes(name);
      return e;
    }
    case GeneralNameType::uri:
      if (!is_valid_uri(as_text(e.value))) {
        return err::api("invalid URI in SAN: it needs a scheme (like spiffe:// or https://) and no spaces",
                        as_text(e.value));
      }
      return e;
    case GeneralNameType::rfc822:
      if (!is_valid_email(as_text(e.value))) {
        return err::api("invalid e-mail address in SAN: use local@domain in ASCII", as_text(e.value));
      }
      return e;
    case GeneralNameType::ip:
      if (e.value.size() != 4 && e.value.size() != 16) return err::api("invalid IP address in SAN");
      return e;
    default:
      return err::api("unsupported SAN form: parley issues only DNS, IP, URI and e-mail names",
                      x509::to_string(e.view()));
  }
}

}  // namespace

std::string SanEntry::text() const {
  if (type == GeneralNameType::ip) return x509::ip_to_string(value);
  return as_text(value);
}

std::string SanEntry::to_string() const { return x509::to_string(view()); }

Result<SanEntry> parse_san(std::string_view spec) {
  struct Prefix {
    std::string_view text;
    GeneralNameType type;
  };
  static constexpr Prefix kPrefixes[] = {
      {"dns:", GeneralNameType::dns}, {"ip:", GeneralNameType::ip}, {"uri:", GeneralNameType::uri},
      {"email:", GeneralNameType::rfc822}};
  for (const auto& p : kPrefixes) {
    if (!ieq_prefix(spec, p.text)) continue;
    std::string_view rest = spec.substr(p.text.size());
    if (p.type == GeneralNameType::ip) {
      auto ip = parse_ip(rest);
      if (!ip) return err::api("invalid IP address in SAN: write ip:10.0.0.7 or ip:fd00::7", std::string(spec));
      return SanEntry{GeneralNameType::ip, *ip};
    }
    return check_entry(SanEntry{p.type, as_bytes(rest)});
  }
  return err::api("unknown SAN form: write dns:NAME, ip:ADDR, uri:URI or email:ADDR", std::string(spec));
}

Result<SanEntry> san_from_general_name(const x509::GeneralName& name) {
  return check_entry(SanEntry{name.type, Bytes(name.value.begin(), name.value.end())});
}

std::string describe_sans(std::span<const SanEntry> sans) {
  std::string out;
  for (const auto& s : sans) {
    if (!out.empty()) out += ", ";
    out += s.to_string();
  }
  return out;
}

bool is_valid_dns_name(std::string_view name, bool allow_wildcard) {
  if (name.empty() || name.size() > 253) return false;
  if (allow_wildcard && name.starts_with("*.")) name.remove_prefix(2);
  size_t labels = 0;
  while (true) {
    size_t dot = name.find('.');
    if (!is_ldh_label(name.substr(0, dot))) return false;
    ++labels;
    if (dot == std::string_view::npos) break;
    name.remove_prefix(dot + 1);
  }
  return labels >= 1;
}

bool is_valid_uri(std::string_view uri) {
  size_t colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= uri.size()) return false;
  if (std::isalpha(static_cast<unsigned char>(uri[0])) == 0) return false;
  for (size_t i = 1; i < colon; ++i) {
    char c = uri[i];
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '+' && c != '-' && c != '.') return false;
  }
  return std::all_of(uri.begin(), uri.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

bool is_valid_email(std::string_view email) {
  size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) return false;
  std::string_view local = email.substr(0, at);
  if (!std::all_of(local.begin(), local.end(), [](char c) { return c > 0x20 && c < 0x7f; })) return false;
  return is_valid_dns_name(email.substr(at + 1), false);
}

std::optional<Bytes> parse_ip(std::string_view text) {
  auto ip = x509::parse_ip_address(text);
  if (!ip) return std::nullopt;
  return Bytes(ip->view().begin(), ip->view().end());
}

bool IpRange::contains(std::span<const uint8_t> ip) const {
  if (ip.size() != address.size()) return false;
  for (size_t i = 0; i < ip.size(); ++i) {
    if ((ip[i] & mask[i]) != address[i]) return false;
  }
  return true;
}

std::string IpRange::to_string() const {
  Bytes both = address;
  both.insert(both.end(), mask.begin(), mask.end());
  return x509::ip_to_string(both);
}

Result<IpRange> parse_ip_range(std::string_view text) {
  constexpr const char* kBad = "bad IP range: write 10.0.0.0/8, fd00::/8 or a single address";
  size_t slash = text.find('/');
  auto addr = parse_ip(text.substr(0, slash));
  if (!addr) return err::api(kBad, std::string(text));
  size_t bits = addr->size() * 8;
  size_t prefix = bits;
  if (slash != std::string_view::npos) {
    std::string_view p = text.substr(slash + 1);
    if (p.empty() || p.size() > 3 || !std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return err::api(kBad, std::string(text));
    }
    prefix = std::stoul(std::string(p));
    if (prefix > bits) return err::api(kBad, std::string(text));
  }
  IpRange r;
  r.mask.assign(addr->size(), 0);
  for (size_t i = 0; i < prefix; ++i) r.mask[i / 8] = static_cast<uint8_t>(r.mask[i / 8] | (0x80 >> (i % 8)));
  r.address = *addr;
  for (size_t i = 0; i < r.address.size(); ++i) {
    if ((r.address[i] & ~r.mask[i]) != 0) {
      return err::api("bad IP range: the address has bits set below the prefix (write the network address)",
                      std::string(text));
    }
  }
  return r;
}

void write_general_names(der::Builder& b, std::span<const SanEntry> sans) {
  auto seq = b.sequence();
  for (const auto& s : sans) b.implicit(der::context(static_cast<uint8_t>(s.type)), s.value);
}

Result<Bytes> build_name(std::span<const NameAttr> attrs) {
  der::Builder b;
  {
    auto name = b.sequence();
    for (const auto& a : attrs) {
      auto rdn = b.set();
      auto atv = b.sequence();
      b.oid(a.type);
      if (der::equal(a.type, der::kCountryName)) {
        b.printable_string(a.value);
      } else {
        b.utf8_string(a.value);
      }
    }
  }
  return std::move(b).finish();
}

Result<Bytes> name_without(const x509::Name& name, der::Input attribute_type) {
  auto rdns = PARLEY_TRY(x509::name_rdns(name));
  der::Builder b;
  {
    auto seq = b.sequence();
    for (const auto& rdn : rdns) {
      if (std::all_of(rdn.begin(), rdn.end(), [&](const auto& a) { return der::equal(a.type, attribute_type); })) {
        continue;
      }
      auto set = b.set();
      for (const auto& a : rdn) {
        if (der::equal(a.type, attribute_type)) continue;
        auto atv = b.sequence();
        b.oid(a.type);
        b.raw(a.value.raw);
      }
    }
  }
  return std::move(b).finish();
}

Result<Bytes> build_cn_name(std::string_view cn) {
  if (cn.empty()) return build_name({});
  if (cn.size() > 64) return err::api("common name longer than 64 characters (RFC 5280 ub-common-name)");
  NameAttr attr{Bytes(std::begin(der::kCommonName), std::end(der::kCommonName)), std::string(cn)};
  return build_name(std::span(&attr, 1));
}

}  // namespace parley::ca
