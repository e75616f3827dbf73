// Depth-first certification path building (RFC 4158 in spirit, webpki's
// budget in practice), separated from the rules: PathBuilder finds candidate
// issuers, verifies each link's signature once, cuts loops and enforces the
// depth and the budget; the rules come in as two callbacks from verify.cc.
//
// From the certificate at the top of the path it tries, in order: trust
// anchors with the issuer's name, then presented intermediates with that
// name, each group ordered so that a subjectKeyIdentifier equal to the
// child's authorityKeyIdentifier comes first and a different one last. A
// candidate whose (subject, SPKI) is already on the path is a loop and is
// skipped. A candidate that breaks a rule is a dead end, recorded in the
// report with its findings; the search backtracks and tries the next.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "x509/report.h"
#include "x509/trust_store.h"
#include "x509/verify.h"

namespace parley::x509 {

class PathBuilder {
 public:
  using Path = std::vector<CertificatePtr>;
  // Findings for issuer (a trust anchor when anchor) placed on top of path.
  using IssuerCheck = std::function<void(const Path& path, const CertificatePtr& issuer, bool anchor,
                                         std::vector<Finding>& out)>;
  // Findings for a complete path (anchor last) that passed every issuer check.
  using PathCheck = std::function<void(const Path& path, std::vector<Finding>& out)>;

  PathBuilder(CertificatePtr leaf, std::span<const CertificatePtr> intermediates, const TrustStore& store,
              const VerifyOptions& options, IssuerCheck issuer_check, PathCheck path_check);

  // The first path with no findings, or nullopt (see report()).
  std::optional<Path> build();
  VerifyReport take_report() &&;

  // Shared with the checks: budget accounting and memoised signatures.
  BudgetUse& used() { return report_.used; }
  bool budget_exhausted() const { return exhausted_; }
  void exhaust(std::string what);
  // Whether signer's key verifies (alg, tbs, signature); findings go to out,
  // attributed to subject_cert at position. Memoised per (subject, signer)
  // for this build; successes also in the store's SignatureCache, across builds.
  bool check_signature(const Certificate& subject_cert, int position, const Certificate& signer,
                       const SignatureAlgorithm& alg, Input tbs, Input signature, std::vector<Finding>& out);

 private:
  bool extend(Path& path);
  void record(const Path& path, bool reaches_anchor, std::vector<Finding> findings);
  bool on_path(const Path& path, const Certificate& c) const;
  int counted_intermediates(const Path& path) const;

  CertificatePtr leaf_;
  std::vector<CertificatePtr> intermediates_;
  const TrustStore& store_;
  const VerifyOptions& options_;
  IssuerCheck issuer_check_;
  PathCheck path_check_;
  VerifyReport report_;
  bool exhausted_ = false;
  std::string exhausted_what_;
  bool depth_noted_ = false;
  struct SigMemo {
    bool ok;
    std::vector<Finding> findings;
  };
  std::map<std::pair<const void*, const void*>, SigMemo> signatures_;
};

// A finding about cert at position, with its label filled in.
Finding make_finding(int position, const Certificate& cert, Rule rule, std::string message,
                     std::string expected = {}, std::string found = {}, std::string hint = {});
// How messages quote a certificate: its subject in RFC 4514 form, or its label when the subject is empty.
std::string quoted(const Certificate& cert);

}  // namespace parley::x509
