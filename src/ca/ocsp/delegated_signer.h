// The delegated OCSP signer (RFC 6960 §4.2.2.2): a certificate the CA issues
// itself for a key that only signs OCSP responses, so the intermediate's key
// signs a certificate every few days instead of every response. It is renewed
// automatically: when none exists yet, or when less than half of the current
// one's validity remains (a client checks it like any certificate, and
// id-pkix-ocsp-nocheck means nobody asks whether it was revoked, so it lives
// days, not months).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "crypto/provider.h"
#include "x509/certificate.h"

namespace parley::ca::ocsp {

struct Delegate {
  x509::CertificatePtr certificate;
  std::shared_ptr<const crypto::PrivateKey> key;
};

class DelegatedSigner {
 public:
  // Issues a new delegate (Authority::issue_ocsp_signer in `parley ca serve`).
  using Issue = std::function<Result<Delegate>()>;
  explicit DelegatedSigner(Issue issue) : issue_(std::move(issue)) {}

  // The delegate to sign with at `now`, renewed first when due.
  Result<Delegate> current(int64_t now);
  // Changes whenever a new delegate is issued: responses signed by the old
  // one are not handed out again.
  uint64_t generation() const { return generation_; }

 private:
  Issue issue_;
  Delegate current_;
  uint64_t generation_ = 0;
};

}  // namespace parley::ca::ocsp
