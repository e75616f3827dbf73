// ca::Authority: an opened CA (directory or in memory) that issues, revokes,
// lists and publishes CRLs. The `parley ca` commands are thin shells over it,
// and tests mint certificates in-process with Authority::ephemeral().
//
//   auto ca = ca::Authority::ephemeral({.name = "Test Root CA"}, crypto::openssl_provider());
//   auto leaf = ca->issue({.profile = ca::Profile::server, .sans = {*ca::parse_san("dns:localhost")}});
//   // leaf->certificate, leaf->key, leaf->chain_pem(), ca->root_pem()
//
// Every operation checks everything before it writes: a refused request, a
// wrong passphrase or a broken ledger leaves the CA as it was.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ca/ca_dir.h"
#include "ca/crl_builder.h"
#include "ca/csr.h"
#include "ca/init.h"
#include "ca/issuer.h"
#include "ca/ledger.h"
#include "ca/profile.h"

namespace parley::ca {

struct IssueOptions {
  Profile profile = Profile::server;
  std::vector<SanEntry> sans;
  std::string common_name;               // empty: the first SAN (dns, uri or email) becomes the CN
  std::optional<int64_t> validity;       // seconds; default from ca.json
  crypto::KeySpec key_spec = crypto::KeySpec::ec_p256;  // issue(): the new key's type
  bool must_staple = false;              // TLS Feature status_request (RFC 7633)
};

struct Issued {
  LedgerRecord record;
  x509::CertificatePtr certificate;
  std::unique_ptr<crypto::PrivateKey> key;  // issue() only: the generated key
  std::vector<uint8_t> intermediate_der;
  std::vector<std::string> notes;  // one line each: what the CA changed from the request, and why

  std::string certificate_pem() const;
  std::string chain_pem() const;  // leaf then intermediate: what a server sends
};

struct CrlSet {
  std::vector<uint8_t> intermediate_crl;             // the intermediate's CRL over leaves
  std::optional<std::vector<uint8_t>> root_crl;      // the root's CRL over the intermediate (root key present)
  std::string pem() const;                           // intermediate CRL first, then the root's
};

class Authority {
 public:
  // A CA directory. Keys are not read until unlock().
  static Result<Authority> open(const std::string& dir, const crypto::Provider& provider,
                                int busy_timeout_ms = Ledger::kDefaultBusyTimeoutMs);
  // A CA in memory with an in-memory ledger (tests).
  static Result<Authority> ephemeral(const InitOptions& options, const crypto::Provider& provider);

  Authority(Authority&&) = default;
  Authority& operator=(Authority&&) = delete;

  // Loads the intermediate key, needed by sign, issue, revoke and crl; with
  // include_root also the root key when it is present (crl() then adds the
  // root's CRL). A wrong passphrase fails here.
  Result<void> unlock(std::optional<std::string_view> passphrase, bool include_root = false);

  // Issues for a CSR: checks the self-signature, the policy (key, SANs from
  // the extensionRequest, CN, validity), records, returns. The CSR's subject
  // is kept as is; of its requested extensions only the SANs are used (the
  // profile decides the rest). A CSR whose CN is a label beside its SANs
  // (CN=payments, DNS:payments.internal) is ordinary: where the profile wants
  // the CN among the SANs, a CN that is a DNS name this CA may issue joins
  // them, and any other CN leaves the subject; a note says which.
  Result<Issued> sign(const CertificationRequest& csr, Profile profile, std::optional<int64_t> validity);
  // Generates a key of options.key_spec and issues for it.
  Result<Issued> issue(const IssueOptions& options);
  // Issues for a public key the caller holds (the core of sign and issue).
  Result<Issued> issue_for(const crypto::PublicKey& key, std::span<const uint8_t> subject_name,
                           const IssueOptions& options, std::optional<std::string> csr_sha256);

  // A delegated OCSP signing certificate (profile ocsp-signing) for a new
  // key, issued by the intermediate and recorded like any other; it never
  // outlives the intermediate.
  Result<Issued> issue_ocsp_signer(std::optional<int64_t> validity = std::nullopt);

  // Marks a certificate this CA issued revoked (the intermediate cannot be).
  Result<LedgerRecord> revoke(std::string_view serial_hex, x509::CrlReason reason);
  Result<CrlSet> crl(int64_t next_update_in);
  // One CA's CRL: issuer "intermediate" (over leaves) or "root" (over the
  // intermediate; needs the root key, see unlock).
  Result<std::vector<uint8_t>> crl_of(std::string_view issuer, int64_t next_update_in);
  bool has_root_key() const { return root_key_ != nullptr; }
  bool unlocked() const { return intermediate_key_ != nullptr; }
  // The time the CA signs at (its provider's clock), Unix seconds.
  int64_t now() const { return provider_->clock->unix_seconds(); }
  const crypto::Clock* clock() const { return provider_->clock; }
  Result<std::vector<LedgerRecord>> list() const { return ledger_.list(); }

  const CaConfig& config() const { return config_; }
  const x509::CertificatePtr& root() const { return root_; }
  const x509::CertificatePtr& intermediate() const { return intermediate_; }
  std::string root_pem() const;
  const Ledger& ledger() const { return ledger_; }

 private:
  Authority(const crypto::Provider& p, CaConfig c, x509::CertificatePtr root, x509::CertificatePtr inter,
            Ledger ledger)
      : provider_(&p), config_(std::move(c)), root_(std::move(root)), intermediate_(std::move(inter)),
        ledger_(std::move(ledger)) {}
  Result<void> require_key() const;
  // Builds t for the serial the ledger draws, signs it with the intermediate
  // and records it, in one ledger transaction.
  Result<Issued> sign_and_record(CertificateTemplate& t, int64_t now, std::optional<std::string> csr_sha256);
  // A DNS SAN for cn when policy and name constraints allow it, else why not.
  Result<SanEntry> cn_as_san(std::string_view cn) const;

  const crypto::Provider* provider_;
  CaConfig config_;
  std::optional<CaDir> dir_;
  x509::CertificatePtr root_;
  x509::CertificatePtr intermediate_;
  Ledger ledger_;
  std::unique_ptr<crypto::PrivateKey> intermediate_key_;
  std::unique_ptr<crypto::PrivateKey> root_key_;
};

}  // namespace parley::ca
