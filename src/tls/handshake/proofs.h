// Proof tokens (ARCHITECTURE §6, after rustls' verify.rs): a value of one of
// these types exists only if the check it names passed, because only the
// checking function can construct it. States after the check hold the token,
// so a handler that skips the check does not compile. FinishedVerified comes
// from the key schedule (key_schedule.h).
#pragma once

#include <span>
#include <utility>

#include "tls/handshake/key_schedule.h"
#include "tls/verify/verifier.h"
#include "tls/wire/messages.h"
#include "x509/certificate.h"

namespace parley::tls::handshake {

class Context;

// The peer's Certificate message as parsed certificates, leaf first.
struct PeerChain {
  std::vector<x509::CertificatePtr> certificates;
};

class ChainVerified;
class SignatureVerified;

// common.cc: the only makers of the tokens.
Result<ChainVerified> verify_server_chain(const PeerChain& chain, const verify::ServerCertVerifier& verifier,
                                          const verify::ReferenceIdentity& name, Context& ctx);
Result<ChainVerified> verify_client_chain(const PeerChain& chain, const verify::ClientCertVerifier& verifier,
                                          Context& ctx);
// §4.4.3: the signature over 64 spaces || context string || 0x00 ||
// Transcript-Hash(.. Certificate), by the leaf's key, with a scheme we offered.
Result<SignatureVerified> verify_certificate_verify(Side signer, const PeerChain& chain,
                                                    const wire::CertificateVerify& cv,
                                                    std::span<const uint16_t> offered_schemes,
                                                    crypto::ByteView transcript_hash);

// The peer's chain passed path validation for its purpose (and name).
class ChainVerified {
 public:
  const verify::VerifiedChain& chain() const { return chain_; }

 private:
  friend Result<ChainVerified> verify_server_chain(const PeerChain&, const verify::ServerCertVerifier&,
                                                   const verify::ReferenceIdentity&, Context&);
  friend Result<ChainVerified> verify_client_chain(const PeerChain&, const verify::ClientCertVerifier&, Context&);
  explicit ChainVerified(verify::VerifiedChain c) : chain_(std::move(c)) {}
  verify::VerifiedChain chain_;
};

// The peer's CertificateVerify signature checked over the transcript.
class SignatureVerified {
 public:
  uint16_t scheme() const { return scheme_; }

 private:
  friend Result<SignatureVerified> verify_certificate_verify(Side, const PeerChain&, const wire::CertificateVerify&,
                                                             std::span<const uint16_t>, crypto::ByteView);
  explicit SignatureVerified(uint16_t scheme) : scheme_(scheme) {}
  uint16_t scheme_;
};

}  // namespace parley::tls::handshake
