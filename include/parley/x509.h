// Certificate chain verification (RFC 5280 §6, profiled for TLS) outside a
// handshake, with a report that explains a rejection.
//
//   auto chain = parley::load_certificates("chain.pem").value();   // leaf first
//   auto roots = parley::load_trust_store("ca.pem").value();
//   parley::ChainOptions o;  o.name = "orders.internal";
//   auto r = parley::verify_chain(chain, *roots, o);
//   std::cout << r.text;   // "verified: ..." or every path tried and which rule failed
//
// A TLS handshake runs the same verifier; its rejection report (the
// Error::cert_detail of a Kind::Certificate error) reads with report_of().
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <parley/error.h>
#include <parley/types.h>

namespace parley {

enum class Purpose : uint8_t { server, client };  // extendedKeyUsage serverAuth or clientAuth

struct ChainOptions {
  std::string name;                   // a DNS name or an IP address literal to match; empty: no name check
  Purpose purpose = Purpose::server;
  std::optional<int64_t> at;          // Unix seconds; default: now
  std::vector<x509::CrlPtr> crls;     // when non-empty, every certificate must be covered and not revoked
  int max_depth = 8;                  // intermediates, not counting self-issued ones
};

// One rule that a certificate broke.
struct CertificateFinding {
  int position = 0;       // 0 = leaf
  std::string certificate;  // its label: "CN=orders,O=Example (serial 1f...)"
  std::string rule;       // stable id: "expired", "hostname_mismatch", ...
  std::string message;    // one sentence
  std::string expected, found, hint;
};

struct ChainReport {
  bool verified = false;
  std::vector<std::string> path;          // verified: the labels of the path, leaf first, anchor last
  std::optional<Alert> alert;             // rejected: the TLS alert the rejection maps to
  std::string summary;                    // one line
  std::string text;                       // for people: the path, or every path tried with its findings
  std::vector<CertificateFinding> findings;  // rejected: the best path's findings
};

// chain: the leaf first, then intermediates in any order (extras allowed).
ChainReport verify_chain(std::span<const x509::CertificatePtr> chain, const x509::TrustStore& anchors,
                         const ChainOptions& options = {});

// A handshake's rejection report (Error::cert_detail, HandshakeEvent::report) in the same form.
ChainReport report_of(const x509::VerifyReport& report);

}  // namespace parley
