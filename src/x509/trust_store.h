// A set of trust anchors: immutable once built, shared between threads as
// shared_ptr<const TrustStore>.
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

namespace parley::x509 {

class TrustStore {
 public:
  // Every CERTIFICATE block of a PEM text (other blocks are ignored), or one DER certificate.
  static Result<std::shared_ptr<const TrustStore>> from_pem(std::string_view text);
  // Every regular file in a directory that holds PEM certificates (others are skipped).
  static Result<std::shared_ptr<const TrustStore>> from_directory(const std::string& path);
  // The system bundle, /etc/ssl/certs/ca-certificates.crt on Debian.
  static Result<std::shared_ptr<const TrustStore>> system();
  static constexpr const char* kSystemBundle = "/etc/ssl/certs/ca-certificates.crt";
  static std::shared_ptr<const TrustStore> from_certificates(std::vector<CertificatePtr> anchors);

  std::span<const CertificatePtr> anchors() const { return anchors_; }
  size_t size() const { return anchors_.size(); }
  // Anchors whose subject matches name (RFC 5280 §7.1), in load order.
  std::vector<CertificatePtr> find_by_subject(const Name& name) const;
  // True when the store holds this exact certificate (same DER).
  bool contains(const Certificate& cert) const;
  // "certificate 3 of ca.pem: <parse error>" for every certificate skipped.
  const std::vector<std::string>& skipped() const { return skipped_; }

 private:
  TrustStore() = default;
  void add(CertificatePtr cert);
  Result<void> add_text(std::string_view text, const std::string& origin, bool tolerate_no_certs);

  std::vector<CertificatePtr> anchors_;
  std::unordered_multimap<std::string, size_t> by_subject_;  // exact subject DER -> index
  std::vector<std::string> skipped_;
};

}  // namespace parley::x509
