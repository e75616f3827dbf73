// How the handshake asks whether a peer's certificate chain is acceptable
// (after rustls' verify.rs ServerCertVerifier / ClientCertVerifier). The TLS
// layer reaches src/x509 only through these interfaces; x509_verifier.cc is
// the adapter that implements them with x509::verify().
//
// A verifier only judges the chain (path, validity, purpose, name). The
// CertificateVerify signature is checked by the handshake against the
// verified leaf's public key (RFC 8446 §4.4.3).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parley/error.h"
#include "x509/certificate.h"
#include "x509/crl.h"
#include "x509/hostname.h"
#include "x509/trust_store.h"
#include "x509/verify.h"

namespace parley::tls::verify {

// The name a client expects the server to prove (RFC 6125): a DNS hostname or
// an IP address; both empty means "do not check the name" (never set by the
// Connection, which always has a ServerName).
struct ReferenceIdentity {
  std::optional<std::string> dns;
  std::optional<x509::IpAddress> ip;
};

// What a successful verification established.
struct VerifiedChain {
  std::vector<x509::CertificatePtr> path;  // leaf first, the trust anchor last
  int64_t not_after = 0;                   // the earliest notAfter on the path (Unix seconds)
  std::string name_matched;                // "DNS:orders.internal", "IP:10.0.0.1", or empty (client certs)
  std::string authorized_by;               // the config's PeerAuthorizer's admitting rule (set by the handshake)
  std::vector<x509::RevocationStatus> revocation;  // where each certificate's revocation answer came from
};

// What a verifier judges: the peer's Certificate message as it came, and
// what we expect of it. The handshake parses none of it first, so a custom
// verifier (pinning, SPIFFE, a remote service) sees exactly what the peer
// sent, and stapled OCSP (RFC 8446 §4.4.2.1) and SCTs (RFC 6962) fit here
// when the handshake asks for them.
struct VerifyInput {
  std::span<const crypto::ByteView> chain;  // DER, leaf first, in the peer's order
  const ReferenceIdentity* name = nullptr;  // the server's expected name; null for a client certificate
  int64_t now = 0;                          // Unix seconds
  x509::Purpose purpose = x509::Purpose::server_auth;
  std::optional<crypto::ByteView> ocsp_response;  // the leaf's stapled OCSP response (when status_request was sent)
  std::span<const crypto::ByteView> scts;         // signed certificate timestamps (not requested yet)
};

// On success VerifiedChain.path starts with the peer's leaf, parsed: the
// handshake checks CertificateVerify with its key. On failure the Error has
// kind Certificate, the one alert the report maps to
// (VerifyReport::alert()), and the report itself in cert_detail.
class ServerCertVerifier {
 public:
  virtual ~ServerCertVerifier() = default;
  virtual Result<VerifiedChain> verify_server(const VerifyInput& input) const = 0;
};

class ClientCertVerifier {
 public:
  virtual ~ClientCertVerifier() = default;
  // DER subjects of acceptable CAs, for CertificateRequest.certificate_authorities
  // (RFC 8446 §4.2.4); empty: send no hints.
  virtual std::span<const std::vector<uint8_t>> root_hints() const = 0;
  virtual Result<VerifiedChain> verify_client(const VerifyInput& input) const = 0;
};

// The chain parsed with `keys` (a verifier's first step): bad_certificate for
// a leaf that does not parse; a broken intermediate is left out, for path
// building to report the issuer it lacks.
Result<std::vector<x509::CertificatePtr>> parse_chain(std::span<const crypto::ByteView> chain,
                                                      const crypto::KeyFactory& keys);

// The X.509 adapters (purpose serverAuth with the reference identity, and
// clientAuth). Revocation by `revocation` (types.h) over the evidence in
// hand: the crls, the staple in VerifyInput (a staple that does not parse is
// ocsp_invalid, bad_certificate_status_response) and `ocsp`, responses the
// caller fetched before; and what `fetcher` brings for a certificate these do
// not cover (the handshake does no I/O; a fetcher, installed by a caller that
// accepts blocking the handshake for it, does, within its own timeout).
// keys: what parses the peer's public keys (null: the OpenSSL provider's).
struct X509VerifierOptions {
  std::vector<x509::CrlPtr> crls;
  RevocationPolicy revocation = RevocationPolicy::soft;
  std::vector<x509::OcspEvidence> ocsp;
  std::vector<x509::CrlEvidence> fetched_crls;
  std::shared_ptr<const x509::RevocationFetcher> fetcher;  // null: nothing is fetched
  const crypto::KeyFactory* keys = nullptr;
};
std::shared_ptr<const ServerCertVerifier> x509_server_verifier(std::shared_ptr<const x509::TrustStore> roots,
                                                               X509VerifierOptions options = {});
std::shared_ptr<const ClientCertVerifier> x509_client_verifier(std::shared_ptr<const x509::TrustStore> roots,
                                                               X509VerifierOptions options = {});

// Runs x509::verify() for input with the options (the adapters' core; a tool
// re-verifying a finished handshake with fetched evidence calls it too).
Result<VerifiedChain> verify_with_x509(const VerifyInput& input, const x509::TrustStore& roots,
                                       const X509VerifierOptions& options);

}  // namespace parley::tls::verify
