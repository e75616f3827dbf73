// Creating a CA: a self-signed root and an intermediate that signs day-to-day
// certificates, so the root key can be kept offline.
//
//   root:          cA=true (no pathLen), keyCertSign|cRLSign, SKI (+AKI = its own SKI), all critical but SKI/AKI
//   intermediate:  cA=true pathLen=0, keyCertSign|cRLSign, SKI, AKI = root's SKI,
//                  and with permit_dns the name constraints of
//                  dns_only_constraints() (issuer.h): permitted dNSName, URI and
//                  e-mail within the domains, excluded every IPv4 and IPv6 address.
// Both are recorded in the ledger (profiles "root" and "intermediate").
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ca/ca_dir.h"
#include "ca/ledger.h"

namespace parley::ca {

struct InitOptions {
  std::string name = "parley Root CA";
  crypto::KeySpec key_spec = crypto::KeySpec::ec_p256;
  int64_t root_validity = 10 * 365 * 24 * 3600;
  int64_t intermediate_validity = 3 * 365 * 24 * 3600;
  std::vector<std::string> permit_dns;
  std::optional<std::string> crl_url;   // in the certificates the intermediate issues
  std::optional<std::string> ocsp_url;  // likewise
  // The CRL distribution point of the intermediate itself: the root's CRL.
  // Unset, it follows `ca serve`'s layout when crl_url does (…/crl/intermediate.crl
  // gives …/crl/root.crl), so a verifier under hard policy can fetch evidence
  // for the intermediate too; otherwise the intermediate names none.
  std::optional<std::string> root_crl_url;
};

// The keys and certificates of a new CA, in memory.
struct CaMaterial {
  CaConfig config;
  std::unique_ptr<crypto::PrivateKey> root_key;
  std::vector<uint8_t> root_der;
  std::unique_ptr<crypto::PrivateKey> intermediate_key;
  std::vector<uint8_t> intermediate_der;
  LedgerRecord root_record;
  LedgerRecord intermediate_record;
};
Result<CaMaterial> make_ca_material(const InitOptions& options, const crypto::Provider& provider);

// Writes a new CA directory. dir must not exist or be empty; everything is
// first written to a temporary sibling directory and renamed into place, so
// a failed init leaves nothing behind.
Result<CaMaterial> init_ca_dir(const std::string& dir, const InitOptions& options,
                               std::optional<std::string_view> passphrase, const crypto::Provider& provider);

}  // namespace parley::ca
