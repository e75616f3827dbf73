// A set of trust anchors: immutable once built, shared between threads as
// shared_ptr<const TrustStore>.
//
// The store also owns the memo of verified signatures (signature_cache.h):
// every verification against one store shares it, so a chain seen before
// costs hash lookups instead of public-key operations. It is a cache, not
// state: the store stays logically immutable (the cache has its own lock),
// and its capacity is fixed when the store is built:
//
//   auto store = TrustStore::from_pem(pem);                                    // the default cache
//   auto cold = TrustStore::from_pem(pem, {.signature_cache_entries = 0});    // no cache
//
// Anchors are certificates (v1 allowed). Decision: an anchor is not just a
// name and a key: its own constraints apply like those of any CA on the path
// (validity, basicConstraints, keyUsage, pathLenConstraint, name constraints,
// extendedKeyUsage), as modern verifiers (webpki, Go, BoringSSL) do and as
// x509-limbo expects (rfc5280::validity::expired-root, ...). A v1 anchor has
// no extensions and so no constraints.
//
// Certificates that do not parse are skipped, not fatal: a bundle with one
// unparsable certificate still trusts the others (skipped() says which and
// why). Lookup by subject: an index on the exact DER of the subject, then the
// RFC 5280 §7.1 comparison (names_match) over all anchors when the exact
// bytes are not found.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "parley/error.h"
#include "x509/certificate.h"
#include "x509/signature_cache.h"

namespace parley::x509 {

// How a TrustStore is built (outside the class so that `= {}` can be a default argument).
struct TrustStoreOptions {
  // Slots of the verified-signature cache, 40 bytes each; 0 turns it off.
  size_t signature_cache_entries = SignatureCache::kDefaultEntries;
};

class TrustStore {
 public:
  using Options = TrustStoreOptions;

  // Every CERTIFICATE block of a PEM text (other blocks are ignored), or one DER certificate.
  static Result<std::shared_ptr<const TrustStore>> from_pem(std::string_view text, const Options& options = {});
  // Every regular file in a directory that holds PEM certificates (others are skipped).
  static Result<std::shared_ptr<const TrustStore>> from_directory(const std::string& path,
                                                                  const Options& options = {});
  // The system bundle, /etc/ssl/certs/ca-certificates.crt on Debian.
  static Result<std::shared_ptr<const TrustStore>> system(const Options& options = {});
  static constexpr const char* kSystemBundle = "/etc/ssl/certs/ca-certificates.crt";
  static std::shared_ptr<const TrustStore> from_certificates(std::vector<CertificatePtr> anchors,
                                                             const Options& options = {});

  std::span<const CertificatePtr> anchors() const { return anchors_; }
  size_t size() const { return anchors_.size(); }
  // Anchors whose subject matches name (RFC 5280 §7.1), in load order.
  std::vector<CertificatePtr> find_by_subject(const Name& name) const;
  // True when the store holds this exact certificate (same DER).
  bool contains(const Certificate& cert) const;
  // "certificate 3 of ca.pem: <parse error>" for every certificate skipped.
  const std::vector<std::string>& skipped() const { return skipped_; }

  // The signatures that verified against this store before (used by the path builder).
  SignatureCache& signature_cache() const { return signature_cache_; }

 private:
  explicit TrustStore(const Options& options);
  void add(CertificatePtr cert);
  Result<void> add_text(std::string_view text, const std::string& origin, bool tolerate_no_certs);

  std::vector<CertificatePtr> anchors_;
  std::unordered_multimap<std::string, size_t> by_subject_;  // exact subject DER -> index
  std::vector<std::string> skipped_;
  mutable SignatureCache signature_cache_;  // a memo: filling it does not change what the store trusts
};

}  // namespace parley::x509
