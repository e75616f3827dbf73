#include "ca/policy.h"

#include <algorithm>
#include <cctype>

#include "ca/duration.h"

namespace parley::ca {
namespace {

Unexpected refuse(const char* what, std::string detail) {
  return err::make(Error::Kind::ApiMisuse, std::nullopt, what, std::move(detail));
}

std::string join(std::span<const std::string> items) {
  if (items.empty()) return "none";
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string join_ranges(std::span<const IpRange> ranges) {
  std::vector<std::string> s;
  for (const auto& r : ranges) s.push_back(r.to_string());
  return join(s);
}

// The host of scheme://[userinfo@]host[:port][/...], or empty.
std::string_view uri_host(std::string_view uri) {
  size_t sep = uri.find("://");
  if (sep == std::string_view::npos) return {};
  std::string_view rest = uri.substr(sep + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (rest.starts_with("[")) return {};  // an IP literal: never a DNS name
  return rest.substr(0, rest.find(':'));
}

bool any_suffix(std::string_view name, std::span<const std::string> suffixes) {
  return std::any_of(suffixes.begin(), suffixes.end(), [&](const std::string& s) { return dns_within(name, s); });
}

}  // namespace

bool dns_within(std::string_view name, std::string_view suffix) {
  if (name.starts_with("*.")) name.remove_prefix(2);
  if (name.size() == suffix.size()) return name == suffix;
  return name.size() > suffix.size() && name.ends_with(suffix) && name[name.size() - suffix.size() - 1] == '.';
}

bool cn_among_sans(std::span<const SanEntry> sans, std::string_view common_name) {
  // DNS names compare without case (RFC 4343); the SAN is stored lowercased.
  auto same_dns = [&](const std::string& name) {
    return std::equal(name.begin(), name.end(), common_name.begin(), common_name.end(),
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) ==
                                                  std::tolower(static_cast<unsigned char>(b)); });
  };
  return std::any_of(sans.begin(), sans.end(), [&](const SanEntry& s) {
    if (s.type == x509::GeneralNameType::dns) return same_dns(s.text());
    return s.type != x509::GeneralNameType::rfc822 && s.text() == common_name;
  });
}

std::string_view policy_key_type_name(crypto::KeyType type) {
  switch (type) {
    case crypto::KeyType::ec_p256: return "ecdsa-p256";
    case crypto::KeyType::ec_p384: return "ecdsa-p384";
    case crypto::KeyType::ec_p521: return "ecdsa-p521";
    case crypto::KeyType::ed25519: return "ed25519";
    case crypto::KeyType::rsa: return "rsa";
  }
  return "unknown";
}

Result<void> check_name(const IssuancePolicy& p, const SanEntry& san) {
  using x509::GeneralNameType;
  const std::string text = san.text();
  switch (san.type) {
    case GeneralNameType::dns:
      if (p.dns_suffixes && !any_suffix(text, *p.dns_suffixes)) {
        return refuse("SAN outside this CA's policy",
                      san.to_string() + " is not under the allowed DNS suffixes (" + join(*p.dns_suffixes) +
                          "); request a name under one of them, or widen policy.dns_suffixes in ca.json");
      }
      return {};
    case GeneralNameType::ip:
      if (p.ip_ranges && std::none_of(p.ip_ranges->begin(), p.ip_ranges->end(),
                                      [&](const IpRange& r) { return r.contains(san.value); })) {
        return refuse("SAN outside this CA's policy",
                      san.to_string() + " is not in the allowed IP ranges (" + join_ranges(*p.ip_ranges) +
                          "); use a DNS name instead, or add a range to policy.ip_ranges in ca.json");
      }
      return {};
    case GeneralNameType::uri:
      if (p.uri_prefixes) {
        if (std::none_of(p.uri_prefixes->begin(), p.uri_prefixes->end(),
                         [&](const std::string& pre) { return text.starts_with(pre); })) {
          return refuse("SAN outside this CA's policy",
                        san.to_string() + " does not start with an allowed URI prefix (" + join(*p.uri_prefixes) +
                            "); adjust the URI, or policy.uri_prefixes in ca.json");
        }
      } else if (p.dns_suffixes) {
        std::string_view host = uri_host(text);
        if (host.empty() || !any_suffix(host, *p.dns_suffixes)) {
          return refuse("SAN outside this CA's policy",
                        san.to_string() + ": a URI's host must be under the allowed DNS suffixes (" +
                            join(*p.dns_suffixes) + "); adjust the URI, or set policy.uri_prefixes in ca.json");
        }
      }
      return {};
    case GeneralNameType::rfc822: {
      std::string_view domain = std::string_view(text).substr(text.find('@') + 1);
      const auto* list = p.email_domains ? &*p.email_domains : p.dns_suffixes ? &*p.dns_suffixes : nullptr;
      if (list && !any_suffix(domain, *list)) {
        return refuse("SAN outside this CA's policy",
                      san.to_string() + " is not in the allowed e-mail domains (" + join(*list) +
                          "); use an address there, or set policy.email_domains in ca.json");
      }
      return {};
    }
    default:
      return refuse("SAN form not issued by this CA", san.to_string() + "; use dns:, ip:, uri: or email:");
  }
}

Result<void> check_key(const IssuancePolicy& p, const crypto::PublicKey& key) {
  std::string name(policy_key_type_name(key.type()));
  if (std::find(p.key_types.begin(), p.key_types.end(), name) == p.key_types.end()) {
    return refuse("key type not allowed by this CA's policy",
                  name + " (allowed: " + join(p.key_types) + "); make the key with one of them");
  }
  if (key.type() == crypto::KeyType::rsa && (key.bits() < p.min_rsa_bits || key.bits() > p.max_rsa_bits)) {
    return refuse("RSA key size not allowed by this CA's policy",
                  std::to_string(key.bits()) + " bits (allowed " + std::to_string(p.min_rsa_bits) + " to " +
                      std::to_string(p.max_rsa_bits) + "); make a new key, e.g. --key-type rsa-3072 or ecdsa-p256");
  }
  return {};
}

Result<void> check_request(const IssuancePolicy& p, const IssuanceRequest& req) {
  if (req.key == nullptr) return err::api("issuance request without a public key");
  PARLEY_TRY(check_key(p, *req.key));
  if (req.sans.empty()) {
    return refuse("no subjectAltName requested",
                  "TLS peers match names only against SANs; request at least one (--san dns:NAME, or a CSR with "
                  "a subjectAltName extension)");
  }
  if (req.sans.size() > p.max_sans) {
    return refuse("too many SANs", std::to_string(req.sans.size()) + " (at most " + std::to_string(p.max_sans) +
                                       "); split the request into several certificates");
  }
  for (size_t i = 0; i < req.sans.size(); ++i) {
    PARLEY_TRY(check_name(p, req.sans[i]));
    for (size_t j = 0; j < i; ++j) {
      if (req.sans[j] == req.sans[i]) return refuse("duplicate SAN", req.sans[i].to_string() + "; list each name once");
    }
  }
  const ProfileRules& r = rules(req.profile);
  if (req.common_name && !req.common_name->empty() && r.server_auth) {
    if (!cn_among_sans(req.sans, *req.common_name)) {
      return refuse("the subject CN is not one of the requested SANs",
                    "CN=" + *req.common_name +
                        "; server certificates must repeat the CN as a SAN (legacy clients still read the CN)");
    }
  }
  if (req.validity <= 0) return err::api("validity must be positive");
  const int64_t cap = std::min(p.max_validity, r.max_validity);
  if (req.validity > cap) {
    return refuse("validity longer than this CA allows",
                  format_duration(req.validity) + " asked, at most " + format_duration(cap) +
                      "; pass a shorter --validity (or raise max_validity in ca.json)");
  }
  return {};
}

}  // namespace parley::ca
