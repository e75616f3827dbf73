// Proof tokens (ARCHITECTURE §6, after rustls' verify.rs): a value of one of
// these types exists only if the check it names passed, because only the
// checking function can construct it. States after the check hold the token,
// so a handler that skips the check does not compile. FinishedVerified comes
// from the key schedule (key_schedule.h).
#pragma once

#include <optional>
#include <span>
#include <utility>
#include <variant>

#include "tls/handshake/key_schedule.h"
#include "tls/verify/verifier.h"
#include "tls/wire/messages.h"
#include "x509/certificate.h"

namespace parley::tls::handshake {

class Context;
class ChainVerified;
class SignatureVerified;

// common.cc: the only makers of the tokens. The verifier sees the peer's
// Certificate message as DER (verifier.h); nothing is parsed before it.
// asked_status: our ClientHello sent status_request, so entries may carry a
// CertificateStatus and the leaf's goes to the verifier (RFC 8446 §4.4.2.1).
Result<ChainVerified> verify_server_chain(const wire::Certificate& msg, const verify::ServerCertVerifier& verifier,
                                          const verify::ReferenceIdentity& name, bool asked_status, Context& ctx);
Result<ChainVerified> verify_client_chain(const wire::Certificate& msg, const verify::ClientCertVerifier& verifier,
                                          Context& ctx);
// §4.4.3: the signature over 64 spaces || context string || 0x00 ||
// Transcript-Hash(.. Certificate), by the verified leaf's key, with a scheme
// we offered.
Result<SignatureVerified> verify_certificate_verify(Side signer, const ChainVerified& chain,
                                                    const wire::CertificateVerify& cv,
                                                    std::span<const uint16_t> offered_schemes,
                                                    crypto::ByteView transcript_hash);

// The peer's chain passed path validation for its purpose (and name); its
// path starts with the leaf the peer sent.
class ChainVerified {
 public:
  const verify::VerifiedChain& chain() const { return chain_; }

 private:
  friend Result<ChainVerified> verify_server_chain(const wire::Certificate&, const verify::ServerCertVerifier&,
                                                   const verify::ReferenceIdentity&, bool, Context&);
  friend Result<ChainVerified> verify_client_chain(const wire::Certificate&, const verify::ClientCertVerifier&,
                                                   Context&);
  explicit ChainVerified(verify::VerifiedChain c) : chain_(std::move(c)) {}
  verify::VerifiedChain chain_;
};

// The peer's CertificateVerify signature checked over the transcript.
class SignatureVerified {
 public:
  uint16_t scheme() const { return scheme_; }

 private:
  friend Result<SignatureVerified> verify_certificate_verify(Side, const ChainVerified&, const wire::CertificateVerify&,
                                                             std::span<const uint16_t>, crypto::ByteView);
  explicit SignatureVerified(uint16_t scheme) : scheme_(scheme) {}
  uint16_t scheme_;
};

// How the peer proved who it is. A full handshake: its certificate chain and
// its CertificateVerify (§4.4.2, §4.4.3). A resumed one (§2.2, §4.2.11):
// knowledge of a PSK we share, with no chain or signature to show.
struct CertificateAuth {
  ChainVerified chain;
  SignatureVerified signature;
};
// A resumed handshake: the PSK's binder verified (§4.2.11.2). A server
// resuming an mTLS session has verified the client's chain from the ticket
// again (`client`, verified originally at `verified_at`).
struct PskAuth {
  std::optional<verify::VerifiedChain> client;
  int64_t verified_at = 0;
};
using PeerAuth = std::variant<CertificateAuth, PskAuth>;

// The verified chain behind `auth`; null for a PSK.
inline const ChainVerified* verified_chain(const PeerAuth& auth) {
  const auto* c = std::get_if<CertificateAuth>(&auth);
  return c ? &c->chain : nullptr;
}

}  // namespace parley::tls::handshake
