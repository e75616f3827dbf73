// Certificate profiles: which extensions each kind of certificate gets
// (RFC 5280 §4.2) and how long it may live.
//
// Decisions:
// - Leaves get keyUsage digitalSignature only, for every key type. TLS 1.3
//   signs with the certificate key (RFC 8446 §4.4.3) and parley never offers
//   static-RSA key transport, so keyEncipherment would only widen what a
//   stolen RSA key could be used for. OpenSSL's sslserver purpose accepts it.
// - Leaves: basicConstraints cA=false, marked critical (RFC 5280 allows either;
//   critical makes older verifiers that do not understand it refuse rather
//   than guess). Intermediates: cA=true, pathLenConstraint 0, critical
//   (§4.2.1.9 MUST). keyUsage is critical everywhere (§4.2.1.3 SHOULD).
// - The EKU is never critical (§4.2.1.12 leaves it to the CA; the BRs say not).
//   CA certificates carry no EKU: an EKU in the intermediate would restrict
//   every leaf below it, and the leaf's own EKU is what verifiers check.
// - ocsp-signing: the delegated OCSP responder each CA issues itself (RFC 6960
//   §4.2.2.2): EKU id-kp-OCSPSigning only, keyUsage digitalSignature, and
//   id-pkix-ocsp-nocheck (§4.2.2.2.1), so clients do not ask about the
//   responder's own status; in exchange it lives days, not months.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "der/parser.h"
#include "parley/error.h"

namespace parley::ca {

enum class Profile : uint8_t { server, client, server_client, intermediate, root, ocsp_signing };

// "server", "client", "server+client", "intermediate", "root", "ocsp-signing"
std::string_view profile_name(Profile p);
// The leaf profiles only (what `parley ca sign|issue --profile` accepts).
Result<Profile> parse_leaf_profile(std::string_view name);
// Any profile, as stored in the ledger.
std::optional<Profile> profile_from_name(std::string_view name);

struct ProfileRules {
  bool ca = false;
  std::optional<uint32_t> path_len;  // for CAs
  uint16_t key_usage = 0;            // x509::KeyUsageBit set
  bool server_auth = false;          // EKU id-kp-serverAuth
  bool client_auth = false;          // EKU id-kp-clientAuth
  int64_t max_validity = 0;          // seconds: the hard cap, whatever ca.json says
  int64_t default_validity = 0;      // seconds
  bool ocsp_signing = false;         // EKU id-kp-OCSPSigning and id-pkix-ocsp-nocheck
};

const ProfileRules& rules(Profile p);

bool is_leaf(Profile p);

}  // namespace parley::ca
