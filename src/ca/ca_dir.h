// The CA directory: what `parley ca init` writes and every other command reads.
//
//   DIR/                     mode 0700
//     root.pem               the root certificate: the trust store to hand out
//     root.key               its key, PKCS#8 PEM, mode 0600 (encrypted with --passphrase-file)
//     intermediate.pem       the issuing CA, signed by the root
//     intermediate.key       its key, as root.key
//     ca.json                configuration (CaConfig below), mode 0644
//     ledger.db              the SQLite ledger (ledger.h)
//
// There is deliberately no chain.pem: servers send leaf + intermediate
// (`parley ca sign --chain-out`), and clients trust root.pem. Files are
// written atomically (a temporary file in the same directory, fsync, rename).
// The root key is only needed by init and by `ca crl` (for the root's CRL over
// the intermediate); it may be moved offline after init.
//
// ca.json (format 1); every key is optional except format, and unknown keys
// are refused so typos do not silently weaken policy:
//   { "format": 1, "name": "Example Root CA", "key_type": "ecdsa-p256",
//     "default_validity": "90d", "crl_url": "http://…/crl.pem", "ocsp_url": "http://…",
//     "permitted_dns": ["example.internal"],
//     "policy": { "dns_suffixes": [...], "ip_ranges": ["10.0.0.0/8"], "uri_prefixes": [...],
//                 "email_domains": [...], "key_types": ["ecdsa-p256", ...], "min_rsa_bits": 2048,
//                 "max_validity": "397d" } }
// A policy list that is absent or null allows anything; an empty list allows nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/file_io.h"
#include "base/secret.h"
#include "ca/policy.h"
#include "crypto/provider.h"
#include "x509/certificate.h"

namespace parley::ca {

struct CaConfig {
  std::string name = "parley Root CA";
  std::string key_type = "ecdsa-p256";
  int64_t default_validity = 90 * 24 * 3600;
  std::optional<std::string> crl_url;
  std::optional<std::string> ocsp_url;
  std::vector<std::string> permitted_dns;  // what the intermediate's name constraints permit
  IssuancePolicy policy;
};

Result<CaConfig> parse_config(std::string_view json);
std::string config_to_json(const CaConfig& config);

class CaDir {
 public:
  explicit CaDir(std::string path) : path_(std::move(path)) {}
  const std::string& path() const { return path_; }
  std::string file(std::string_view name) const { return path_ + "/" + std::string(name); }
  std::string root_cert() const { return file("root.pem"); }
  std::string root_key() const { return file("root.key"); }
  std::string intermediate_cert() const { return file("intermediate.pem"); }
  std::string intermediate_key() const { return file("intermediate.key"); }
  std::string config() const { return file("ca.json"); }
  std::string ledger() const { return file("ledger.db"); }

 private:
  std::string path_;
};

// One certificate from a PEM (or DER) file.
Result<x509::CertificatePtr> load_certificate(const std::string& path);
// A CA key stored as "PRIVATE KEY" or "ENCRYPTED PRIVATE KEY" PEM. Wrong or
// missing passphrases get a one-line error that says what to pass.
Result<std::unique_ptr<crypto::PrivateKey>> load_ca_key(const std::string& path,
                                                        std::optional<std::string_view> passphrase,
                                                        const crypto::KeyFactory& keys);

}  // namespace parley::ca
