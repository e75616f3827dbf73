#include "x509/path_builder.h"

#include <algorithm>

namespace parley::x509 {

namespace {
constexpr size_t kKeptPaths = 24;
// An absolute cap on the path length whatever max_depth says: self-issued
// intermediates are not counted by max_depth but still cost steps.
constexpr size_t kHardMaxIntermediates = 32;

// 0: the candidate's SKI equals the child's AKI keyIdentifier; 1: unknown; 2: they differ.
int key_id_rank(const Certificate& child, const Certificate& candidate) {
  if (!child.authority_key_id || !child.authority_key_id->key_id || !candidate.subject_key_id) return 1;
  return der::equal(*child.authority_key_id->key_id, *candidate.subject_key_id) ? 0 : 2;
}

void order_candidates(const Certificate& child, std::vector<CertificatePtr>& c) {
  std::stable_sort(c.begin(), c.end(), [&](const CertificatePtr& a, const CertificatePtr& b) {
    return key_id_rank(child, *a) < key_id_rank(child, *b);
  });
}
}  // namespace

std::string quoted(const Certificate& cert) {
  if (cert.subject.empty()) return "'" + cert.label() + "'";
  return "'" + to_string(cert.subject) + "'";
}

Finding make_finding(int position, const Certificate& cert, Rule rule, std::string message, std::string expected,
                     std::string found, std::string hint) {
  Finding f;
  f.position = position;
  f.label = cert.label();
  f.rule = rule;
  f.message = std::move(message);
  f.expected = std::move(expected);
  f.found = std::move(found);
  f.hint = std::move(hint);
  return f;
}

PathBuilder::PathBuilder(CertificatePtr leaf, std::span<const CertificatePtr> intermediates, const TrustStore& store,
                         const VerifyOptions& options, IssuerCheck issuer_check, PathCheck path_check)
    : leaf_(std::move(leaf)),
      store_(store),
      options_(options),
      issuer_check_(std::move(issuer_check)),
      path_check_(std::move(path_check)) {
  // Duplicates (same DER) and copies of trust anchors add nothing.
  for (const auto& c : intermediates) {
    if (!c) continue;
    bool dup = store_.contains(*c) || der::equal(c->der(), leaf_->der());
    for (const auto& d : intermediates_) dup = dup || der::equal(c->der(), d->der());
    if (!dup) intermediates_.push_back(c);
  }
}

void PathBuilder::exhaust(std::string what) {
  if (!exhausted_) exhausted_what_ = std::move(what);
  exhausted_ = true;
}

bool PathBuilder::check_signature(const Certificate& subject_cert, int position, const Certificate& signer,
                                  const SignatureAlgorithm& alg, Input tbs, Input signature,
                                  std::vector<Finding>& out) {
  auto key = std::make_pair(static_cast<const void*>(tbs.data()), static_cast<const void*>(&signer));
  if (auto it = signatures_.find(key); it != signatures_.end()) {
    out.insert(out.end(), it->second.findings.begin(), it->second.findings.end());
    return it->second.ok;
  }
  SigMemo memo{false, {}};
  // Named in a finding only: formatted when a rule fails, not on every check.
  auto what = [&] { return "the signature on " + quoted(subject_cert); };
  if (alg.weak && !(options_.policy.allow_sha1 && alg.alg)) {
    memo.findings.push_back(make_finding(position, subject_cert, Rule::signature_algorithm_weak,
                                         what() + " uses " + std::string(alg.name) + ", which is no longer secure",
                                         "SHA-256 or stronger", std::string(alg.name),
                                         "reissue the certificate with a SHA-2 signature"));
  } else if (!alg.alg) {
    memo.findings.push_back(make_finding(position, subject_cert, Rule::signature_algorithm_unsupported,
                                         what() + " uses an unsupported algorithm (" + std::string(alg.name) + ")",
                                         "ECDSA, RSA PKCS#1/PSS with SHA-2, or Ed25519", std::string(alg.name)));
  } else if (!signer.public_key) {
    memo.findings.push_back(make_finding(position, subject_cert, Rule::public_key_unsupported,
                                         "the key of " + quoted(signer) + " cannot be used: " + signer.public_key_error,
                                         "a supported public key", signer.public_key_error));
  } else if (++report_.used.signatures > options_.budget.signatures) {
    // A check the store's signature cache answers counts too: it still hashes
    // the signed bytes, and the budget bounds the number of checks either way.
    exhaust("signature checks (" + std::to_string(options_.budget.signatures) + ")");
    return false;  // not memoised: nothing was learnt
  } else if (auto ok = store_.signature_cache().verify(*signer.public_key, alg, tbs, signature); !ok) {
    memo.findings.push_back(make_finding(
        position, subject_cert, Rule::signature_invalid,
        what() + " does not verify with the key of " + quoted(signer), "a signature by " + quoted(signer),
        ok.error().message(), "the issuer has the right name but another key: is a renewed CA certificate missing?"));
  } else {
    memo.ok = true;
  }
  out.insert(out.end(), memo.findings.begin(), memo.findings.end());
  bool ok = memo.ok;
  signatures_.emplace(key, std::move(memo));
  return ok;
}

bool PathBuilder::on_path(const Path& path, const Certificate& c) const {
  for (const auto& p : path) {
    if (names_match(p->subject, c.subject) && der::equal(p->spki, c.spki)) return true;
  }
  return false;
}

int PathBuilder::counted_intermediates(const Path& path) const {
  int n = 0;
  for (size_t i = 1; i < path.size(); ++i) n += path[i]->self_issued() ? 0 : 1;
  return n;
}

void PathBuilder::record(const Path& path, bool reaches_anchor, std::vector<Finding> findings) {
  CandidatePath c{path, reaches_anchor, std::move(findings)};
  auto better = [](const CandidatePath& a, const CandidatePath& b) {
    if (a.reaches_anchor != b.reaches_anchor) return a.reaches_anchor;
    return a.findings.size() < b.findings.size();
  };
  auto& kept = report_.paths;
  auto at = std::upper_bound(kept.begin(), kept.end(), c, better);
  if (kept.size() >= kKeptPaths) {
    ++report_.paths_not_kept;
    if (at == kept.end()) return;
    kept.pop_back();
  }
  kept.insert(at, std::move(c));
}

bool PathBuilder::extend(Path& path) {
  if (exhausted_) return false;
  if (++report_.used.steps > options_.budget.steps) {
    exhaust("path-building steps (" + std::to_string(options_.budget.steps) + ")");
    return false;
  }
  const Certificate& child = *path.back();
  const int position = static_cast<int>(path.size());

  std::vector<CertificatePtr> anchors = store_.find_by_subject(child.issuer);
  std::vector<CertificatePtr> inters;
  for (const auto& c : intermediates_) {
    if (names_match(c->subject, child.issuer)) inters.push_back(c);
  }
  if (anchors.empty() && inters.empty()) {
    std::string msg = "no issuer found for " + quoted(child) + ": none of the " +
                      std::to_string(intermediates_.size()) + " intermediates and " + std::to_string(store_.size()) +
                      " trust anchors has that subject (" + to_string(child.issuer) + ")";
    std::string hint;
    if (child.self_issued()) {
      msg += " — it is self-issued: is it meant to be a trust anchor?";
      hint = "add it to the trust anchors if you trust it";
    } else {
      msg += " — is the intermediate missing from the chain?";
      hint = "send the full chain (leaf then intermediates), or add the issuing CA to the trust anchors";
    }
    record(path, false,
           {make_finding(position - 1, child, Rule::no_issuer, std::move(msg), "issuer " + to_string(child.issuer),
                         "no certificate with that subject", std::move(hint))});
    return false;
  }
  order_candidates(child, anchors);
  order_candidates(child, inters);

  bool looped = false;
  for (const auto& anchor : anchors) {
    if (exhausted_) return false;
    if (on_path(path, *anchor)) {
      looped = true;
      continue;
    }
    std::vector<Finding> f;
    issuer_check_(path, anchor, true, f);
    if (f.empty() && !exhausted_) {
      check_signature(child, position - 1, *anchor, child.signature_algorithm, child.tbs, child.signature, f);
    }
    if (exhausted_) return false;
    path.push_back(anchor);
    if (f.empty()) path_check_(path, f);
    if (f.empty() && !exhausted_) return true;
    record(path, true, std::move(f));
    path.pop_back();
  }
  for (const auto& cand : inters) {
    if (exhausted_) return false;
    if (on_path(path, *cand)) {
      looped = true;
      continue;
    }
    int counted = counted_intermediates(path) + (cand->self_issued() ? 0 : 1);
    if (counted > options_.max_depth || path.size() > kHardMaxIntermediates) {
      if (!depth_noted_) {
        depth_noted_ = true;
        Path p = path;
        p.push_back(cand);
        record(p, false,
               {make_finding(position, *cand, Rule::max_depth_exceeded,
                             "the path through " + quoted(*cand) + " needs more than " +
                                 std::to_string(options_.max_depth) + " intermediates",
                             "at most " + std::to_string(options_.max_depth) + " intermediates",
                             std::to_string(counted) + " intermediates", "raise --max-depth, or shorten the chain")});
      }
      continue;
    }
    std::vector<Finding> f;
    issuer_check_(path, cand, false, f);
    if (f.empty() && !exhausted_) {
      check_signature(child, position - 1, *cand, child.signature_algorithm, child.tbs, child.signature, f);
    }
    if (exhausted_) return false;
    path.push_back(cand);
    if (!f.empty()) {
      record(path, false, std::move(f));
      path.pop_back();
      continue;
    }
    if (extend(path)) return true;
    path.pop_back();
  }
  if (looped && anchors.empty() && inters.size() == 1 && on_path(path, *inters.front())) {
    record(path, false,
           {make_finding(position - 1, child, Rule::loop,
                         "the only issuer of " + quoted(child) + " is already on the path (a loop)",
                         "an issuer leading to a trust anchor", "a cycle of cross-signed certificates",
                         "add the root of one of these CAs to the trust anchors")});
  }
  return false;
}

std::optional<PathBuilder::Path> PathBuilder::build() {
  Path path{leaf_};
  if (extend(path)) return path;
  if (exhausted_) {
    Finding f = make_finding(0, *leaf_, Rule::budget_exhausted,
                             "budget exhausted: path building stopped after too many " + exhausted_what_ +
                                 "; the chain is hostile or far too complex",
                             "a search within the budget", "limit reached: " + exhausted_what_,
                             "send only the certificates of one path");
    if (report_.paths.empty()) report_.paths.push_back(CandidatePath{{leaf_}, false, {}});
    auto& best = report_.paths.front().findings;
    best.insert(best.begin(), std::move(f));
  }
  if (report_.paths.empty()) {
    report_.paths.push_back(CandidatePath{
        {leaf_},
        false,
        {make_finding(0, *leaf_, Rule::no_issuer, "no path to a trust anchor was found for " + quoted(*leaf_))}});
  }
  return std::nullopt;
}

VerifyReport PathBuilder::take_report() && { return std::move(report_); }

}  // namespace parley::x509
