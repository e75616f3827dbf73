// A private certificate authority: a root, an intermediate that signs, a
// ledger of what was issued, revocation and CRLs. `parley ca` is a shell over
// the same code; a CA directory made by one opens with the other.
//
//   auto ca = parley::Authority::init("/srv/ca", parley::AuthorityOptions{}).value();
//   parley::IssueRequest req;  req.names = {"dns:orders.internal"};   // a server certificate
//   auto server = ca.issue(req).value();
//   write(server.chain_pem); write(server.key_pem);             // and hand out ca.root_pem()
//   ca.revoke(server.serial, "keyCompromise"); write(ca.crl_pem().value());
//
// Every operation checks everything before it writes: a refused request, a
// wrong passphrase or a broken ledger leaves the CA as it was.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <parley/config.h>
#include <parley/error.h>
#include <parley/types.h>

namespace parley {

enum class Profile : uint8_t { server, client, server_client };  // the leaf's extendedKeyUsage

struct AuthorityOptions {
  std::string name = "parley Root CA";          // the root's CN; the intermediate is named after it
  crypto::KeySpec key = crypto::KeySpec::ec_p256;
  std::vector<std::string> permit_dns;          // name constraints on the intermediate (then no IPs)
  std::optional<std::string> passphrase;        // encrypts the CA keys on disk
};

struct IssueRequest {
  Profile profile = Profile::server;
  std::vector<std::string> names;       // "dns:orders.internal", "ip:10.0.0.1", "uri:spiffe://...", "email:a@b"
  std::string common_name;              // empty: the first DNS, URI or email name
  std::optional<int64_t> validity;      // seconds; default: the CA's
  crypto::KeySpec key = crypto::KeySpec::ec_p256;  // issue(): the new key's type
};

struct Issued {
  std::string serial;           // lowercase hex
  std::string certificate_pem;  // the leaf
  std::string chain_pem;        // leaf then intermediate: what a server sends
  std::string key_pem;          // issue() only: the new key, PKCS#8 PEM
  Identity identity;            // chain and key, ready for a config (no key after sign_csr())
};

struct IssuedRecord {
  std::string serial, subject, sans, profile;  // sans: "DNS:a, IP:10.0.0.1"
  int64_t not_before = 0, not_after = 0;
  bool revoked = false;
};

class Authority {
 public:
  // Creates a CA directory (which must not exist, or be empty), unlocked.
  static Result<Authority> init(const std::string& dir, const AuthorityOptions& options);
  // Opens a CA directory and loads its signing key (passphrase when encrypted).
  static Result<Authority> open(const std::string& dir, std::optional<std::string_view> passphrase = std::nullopt);
  // A CA in memory with an in-memory ledger (tests, examples).
  static Result<Authority> in_memory(const AuthorityOptions& options);

  Authority(Authority&&) noexcept;
  Authority& operator=(Authority&&) noexcept;
  ~Authority();

  // Generates a key and issues a certificate for it, within the CA's policy.
  Result<Issued> issue(const IssueRequest& request);
  // Issues for a PKCS#10 request (PEM or DER); its SANs are checked against the policy.
  Result<Issued> sign_csr(std::span<const uint8_t> csr, Profile profile,
                          std::optional<int64_t> validity = std::nullopt);
  // Marks a certificate revoked; reason: an RFC 5280 §5.3.1 name ("keyCompromise", "superseded", ...).
  Result<IssuedRecord> revoke(std::string_view serial_hex, std::string_view reason = "unspecified");
  // The intermediate's CRL over its leaves, PEM; valid for next_update seconds.
  Result<std::string> crl_pem(int64_t next_update = 7 * 24 * 3600);
  Result<std::vector<IssuedRecord>> list() const;

  std::string root_pem() const;                              // the trust anchor to hand out
  std::shared_ptr<const x509::TrustStore> trust_store() const;  // the root as a trust store

  struct Impl;

 private:
  explicit Authority(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace parley
