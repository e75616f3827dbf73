// Revocation of a complete path (RFC 5280 §6.3 for CRLs, RFC 6960 for OCSP),
// by VerifyOptions::revocation; verify.cc runs it as the last check of a
// candidate path. Internal to src/x509.
//
// For each certificate below the anchor, every piece of evidence from its
// issuer is weighed: OCSP responses that answer for it (a staple always
// concerns the leaf: one for another certificate is a finding), then CRLs;
// when none covers it and VerifyOptions::fetcher is set, what the fetcher
// brings is weighed the same way.
//   - any says revoked: Rule::revoked, whatever the policy (but off);
//   - evidence that applies but cannot be trusted (bad signature, stale,
//     wrong certificate): its finding, unless other evidence covers the
//     certificate;
//   - none (or only OCSP "unknown"): accepted under soft, revocation_unknown
//     or ocsp_unknown under hard.
// A leaf with must-staple (RFC 7633) needs a good OCSP answer from a staple
// (or a response file, which stands for one outside TLS).
#pragma once

#include <vector>

#include "x509/path_builder.h"
#include "x509/verify.h"

namespace parley::x509 {

class RevocationCheck {
 public:
  explicit RevocationCheck(const VerifyOptions& options) : o_(options) {
    for (const CrlPtr& crl : o_.crls) crl_files_.push_back({crl, {}});
  }

  PathBuilder* builder = nullptr;  // set once the builder exists (it calls check())

  // Findings for path (anchor last); the statuses of the last path checked
  // are kept for the verified path.
  void check(const PathBuilder::Path& path, std::vector<Finding>& out);
  std::vector<RevocationStatus> take_statuses() && { return std::move(statuses_); }

 private:
  struct Weighed;
  void weigh_ocsp(const Certificate& c, const Certificate& issuer, int pos, std::span<const OcspEvidence> evidence,
                  Weighed& w) const;
  void weigh_crls(const Certificate& c, const Certificate& issuer, int pos, std::span<const CrlEvidence> crls,
                  EvidenceSource source, Weighed& w);

  const VerifyOptions& o_;
  std::vector<CrlEvidence> crl_files_;  // o_.crls, in the form weigh_crls reads
  std::vector<RevocationStatus> statuses_;
};

}  // namespace parley::x509
