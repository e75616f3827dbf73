// Test PKI made at test time with the openssl command: each certificate has
// exactly the extensions its case needs. Everything is cached for the run of
// the test binary in one temporary directory, so each certificate is made once.
#pragma once

#include <string>
#include <vector>

#include "x509/certificate.h"
#include "x509/crl.h"

namespace parley::x509::testing {

struct CertSpec {
  std::string name;        // cache key and file stem
  std::string subject;     // "/CN=Test Root"
  std::string issuer;      // name of the issuing CertSpec, empty for self-signed
  std::string extensions;  // openssl x509v3 config lines
  std::string key = "ec";  // "ec", "rsa1024", "rsa2048", or "same:<name>" to reuse a key
  int days = 365;
  std::string digest = "sha256";
};

// Common extension sets.
inline const std::string kRootExt =
    "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n";
inline const std::string kInterExt = kRootExt + "authorityKeyIdentifier=keyid\n";
inline std::string leaf_ext(const std::string& san, const std::string& extra = "") {
  return "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
         "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\nsubjectAltName=" +
         san + "\n" + extra;
}

class Pki {
 public:
  static Pki& get();
  CertificatePtr cert(const CertSpec& spec);
  // A CRL from the CA named ca revoking the given certificates (reason keyCompromise);
  // next update crl_days from now.
  CrlPtr crl(const std::string& ca, const std::vector<std::string>& revoked, int crl_days = 7,
             const std::string& reason = "keyCompromise");
  // An OCSP response (DER) from `openssl ocsp` acting as the responder of CA
  // `ca` for certificate `cert`: status "good", "revoked" (keyCompromise) or
  // "unknown", signed by `signer` (the CA itself or a responder certificate it
  // issued), nextUpdate `days` from now.
  std::vector<uint8_t> ocsp(const std::string& ca, const std::string& cert, const std::string& status,
                            const std::string& signer, int days = 1);
  std::string dir() const { return dir_; }
  std::string path(const std::string& name) const { return dir_ + "/" + name + ".pem"; }

 private:
  Pki();
  void run(const std::string& cmd);
  std::string dir_;
  int serial_ = 1000;
};

// The current time as the openssl command sees it.
int64_t now();

}  // namespace parley::x509::testing
