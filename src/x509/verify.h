// Certificate path validation (RFC 5280 §6, profiled for TLS like webpki and
// the CA/Browser Forum BRs): build a path from the leaf through the presented
// intermediates to a trust anchor, check every rule, match the reference
// identity, and either return the path or a report that explains.
//
//   VerifyOptions o;  o.time = now;  o.hostname = "orders.internal";
//   auto r = verify(leaf, intermediates, *store, o);
//   if (!r) log(r.error().to_text());           // which rule, which certificate, what to do
//
// Decisions, each also stated where it is applied:
// - The anchor's own constraints apply (trust_store.h), its validity too.
// - max_depth counts intermediates, not counting self-issued ones (RFC 5280
//   §6.1.4 (l) counts them the same way for pathLenConstraint): x509-limbo's
//   max_chain_depth. Default 8.
// - A leaf with an EKU must list the purpose; anyExtendedKeyUsage alone does
//   not do (CABF BRs §7.1.2.7.10). An issuer (or anchor) with an EKU must list
//   the purpose or anyExtendedKeyUsage.
// - A CA certificate (basicConstraints cA) is rejected as a leaf unless
//   allow_ca_leaf (pinning).
// - Revocation (revocation.cc, docs/REVOCATION.md) by policy: off checks
//   nothing; soft (the default) rejects what a CRL or an OCSP response shows
//   revoked and evidence that applies but cannot be trusted, and accepts a
//   certificate without evidence; hard requires fresh evidence (OCSP good, or
//   a current CRL) for every certificate below the anchor. The evidence is
//   given (staple, files, or fetched by the caller) or asked of a
//   RevocationFetcher the caller installs (this layer does no I/O itself),
//   and the verified path says where each answer came from. A leaf with the
//   RFC 7633 must-staple feature needs a good stapled response (unless off).
//   Delta, indirect and partitioned (onlySomeReasons) CRLs are refused.
// - Signatures (of certificates and CRLs) that verified are remembered by the
//   store (signature_cache.h) and not verified again; every other rule runs on
//   every verification.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parley/events.h"
#include "x509/certificate.h"
#include "x509/crl.h"
#include "x509/hostname.h"
#include "x509/ocsp/response.h"
#include "x509/report.h"
#include "x509/trust_store.h"

namespace parley::x509 {

enum class Purpose : uint8_t { server_auth, client_auth };

// Algorithm and key policy (after BoringSSL's VerifyCertificateChainDelegate).
struct Policy {
  size_t min_rsa_bits = 2048;
  bool allow_sha1 = false;  // never in parley's own tools; for tests of the rule
  bool allow_ca_leaf = false;  // accept a CA certificate as the leaf (pinning)
};

std::string_view revocation_policy_name(RevocationPolicy p);  // "soft"

// Where a revocation answer came from, for the report and the trace.
enum class EvidenceSource : uint8_t {
  staple,        // the OCSP response the TLS peer stapled (RFC 8446 §4.4.2.1)
  ocsp_file,     // an OCSP response given by the user (parley verify --ocsp); stands for a staple
  ocsp_fetched,  // fetched from the certificate's AIA OCSP URL
  crl_file,      // a CRL given by the user
  crl_fetched,   // fetched from the certificate's CRL distribution point
};
std::string_view evidence_source_name(EvidenceSource s);  // "stapled OCSP response"

struct OcspEvidence {
  ocsp::ResponsePtr response;
  EvidenceSource source = EvidenceSource::ocsp_file;
  std::optional<std::vector<uint8_t>> nonce;  // what our request sent, for a fetched response
  std::string origin;                         // the URL it was fetched from; empty otherwise
};

struct CrlEvidence {
  CrlPtr crl;
  std::string origin;  // the URL it was fetched from
};

// The revocation answer for one certificate of a verified path.
struct RevocationStatus {
  int position = 0;  // 0 = leaf
  std::string label;
  std::optional<EvidenceSource> source;  // nullopt: no evidence (soft policy)
  std::string text;  // "good (this update …; signed by …)", "not on the CRL (next update …)", "no evidence"
  std::string origin;  // the URL the evidence was fetched from, when it was
};
// "fetched OCSP response from http://ca.internal/ocsp", "stapled OCSP response", "none".
std::string source_text(const RevocationStatus& s);
// The same for a handshake event (events.h).
RevocationAnswer revocation_answer(const RevocationStatus& s);

// Asked, during verification, for evidence about a certificate that the
// evidence given does not cover (io::HttpRevocationFetcher fetches OCSP and
// CRLs from the URLs in the certificate, within a timeout). Called from
// x509::verify on the caller's thread; an implementation bounds its own time
// and must be safe to call from every thread that shares the options.
class RevocationFetcher {
 public:
  struct Evidence {
    std::vector<OcspEvidence> ocsp;  // EvidenceSource::ocsp_fetched
    std::vector<CrlEvidence> crls;   // weighed as EvidenceSource::crl_fetched
  };
  virtual ~RevocationFetcher() = default;
  virtual Evidence fetch(const Certificate& cert, const Certificate& issuer) const = 0;
};

// Hostile inputs cannot burn CPU beyond these (webpki's figures).
struct Budget {
  uint32_t signatures = 100;
  uint32_t steps = 200000;
  uint32_t name_constraint_comparisons = 250000;
};

struct VerifyOptions {
  int64_t time = 0;  // Unix seconds: every certificate's validity is checked at this time
  Purpose purpose = Purpose::server_auth;
  std::optional<std::string> hostname;  // a DNS reference identity, or
  std::optional<IpAddress> ip;          // an IP reference identity (at most one of the two)
  int max_depth = 8;                    // intermediates, not counting self-issued ones
  RevocationPolicy revocation = RevocationPolicy::soft;
  std::vector<CrlPtr> crls;             // CRL files (EvidenceSource::crl_file)
  std::vector<CrlEvidence> fetched_crls;  // fetched from distribution points (crl_fetched)
  std::vector<OcspEvidence> ocsp;       // stapled, given or fetched OCSP responses
  // Asked for what the evidence above does not cover (under soft and hard;
  // null: nothing is fetched). Not owned.
  const RevocationFetcher* fetcher = nullptr;
  Policy policy;
  Budget budget;
};

struct VerifiedPath {
  std::vector<CertificatePtr> certificates;  // leaf first, the trust anchor last
  std::vector<RevocationStatus> revocation;  // one per certificate below the anchor (empty when off)
  BudgetUse used;
};

// Builds and validates a path. intermediates may come in any order, with
// extras and duplicates. The store and options are only read (the store's
// signature cache has its own lock), so one store serves many threads.
std::expected<VerifiedPath, VerifyReport> verify(const CertificatePtr& leaf,
                                                 std::span<const CertificatePtr> intermediates,
                                                 const TrustStore& store, const VerifyOptions& options);

// A report for a leaf that did not even parse (the CLI and TLS use it so that
// every failure comes with a report).
VerifyReport malformed_leaf_report(const Error& parse_error);

std::string_view purpose_name(Purpose p);  // "serverAuth"

}  // namespace parley::x509
