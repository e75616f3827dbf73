// IssuancePolicy: what this CA is willing to certify, checked before anything
// is signed. Every refusal is one line that names the offending value, the
// rule, and what to do about it.
//
// Name rules, per form; an absent list means "any", an empty list "none":
//   dns_suffixes   a DNS SAN must equal a suffix or end with "." + suffix
//                  (subtree semantics, as name constraints; "*.a.b" counts as a.b's subtree)
//   ip_ranges      an IP SAN must fall in one of the ranges
//   uri_prefixes   a URI SAN must start with one of the prefixes; when absent but
//                  dns_suffixes is set, the URI's host must satisfy dns_suffixes
//   email_domains  an e-mail SAN's domain must be within one of the domains; when
//                  absent but dns_suffixes is set, the domain must satisfy dns_suffixes
// `init --permit-dns D` writes dns_suffixes [D] and ip_ranges [] (no IP SANs),
// matching the intermediate's name constraints (init.h).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ca/names.h"
#include "ca/profile.h"
#include "crypto/provider.h"

namespace parley::ca {

struct IssuancePolicy {
  std::optional<std::vector<std::string>> dns_suffixes;
  std::optional<std::vector<IpRange>> ip_ranges;
  std::optional<std::vector<std::string>> uri_prefixes;
  std::optional<std::vector<std::string>> email_domains;
  // Key types a subject may have ("ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "ed25519", "rsa").
  std::vector<std::string> key_types = {"ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "ed25519", "rsa"};
  size_t min_rsa_bits = 2048;
  size_t max_rsa_bits = 8192;
  int64_t max_validity = 397 * 24 * 3600;  // seconds, leaves
  size_t max_sans = 100;
};

// What a request asks for.
struct IssuanceRequest {
  Profile profile = Profile::server;
  const crypto::PublicKey* key = nullptr;
  std::span<const SanEntry> sans;
  std::optional<std::string> common_name;  // the subject CN, if any
  int64_t validity = 0;                    // seconds
};

// "ecdsa-p256", ..., "rsa": the policy's names for key types.
std::string_view policy_key_type_name(crypto::KeyType type);

Result<void> check_name(const IssuancePolicy& policy, const SanEntry& san);
Result<void> check_key(const IssuancePolicy& policy, const crypto::PublicKey& key);
// Everything: key, each SAN, at least one SAN, the CN (server profiles: it
// must be one of the SANs, since legacy clients still read it), the validity.
Result<void> check_request(const IssuancePolicy& policy, const IssuanceRequest& req);

// True when the CN repeats one of the SANs (a DNS name, IP address or URI
// written the same way), which server profiles require.
bool cn_among_sans(std::span<const SanEntry> sans, std::string_view common_name);

// True when name is suffix or below it, label-wise.
bool dns_within(std::string_view name, std::string_view suffix);

}  // namespace parley::ca
