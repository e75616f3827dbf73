// What a handshake signs with: our private key as the TLS 1.3 CertificateVerify
// (RFC 8446 §4.4.3) needs it. Implement Signer for a key that stays where it
// is (a PKCS#11 token, an HSM, a remote key service) and put it in
// Identity::key (config.h); the keys credentials.h loads are Signers already.
//
//   class HsmSigner final : public parley::crypto::Signer {
//    public:
//     parley::crypto::KeyType type() const override { return parley::crypto::KeyType::ec_p256; }
//     parley::Result<parley::crypto::SignatureJob> start_signing(parley::crypto::SignatureScheme scheme,
//                                                                std::span<const uint8_t> content) const override {
//       // scheme is ecdsa_secp256r1_sha256 here: hash content with SHA-256, sign, DER-encode (RFC 8446 §4.2.3).
//       return parley::crypto::SignatureJob(std::make_unique<HsmPending>(token_.submit(scheme, content)));
//     }
//   };
//
// A Signer that answers at once returns the signature in the SignatureJob;
// one that answers later returns a PendingSignature. The handshake then waits
// with its flight up to our Certificate sent (Connection::awaiting_signature()
// is true) and the application calls Connection::resume() when the signature
// may be there (or polls it): resume() calls poll() on the connection's thread
// and, once it has the signature, sends CertificateVerify and Finished. An
// error from start_signing() or poll() fails the connection with its alert
// (internal_error unless the error names one), as feed() does.
//
// Signers are shared by every Connection of a config, on any thread:
// start_signing() is const and must be safe to call concurrently. A
// PendingSignature belongs to one Connection and is polled by its thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include <parley/error.h>
#include <parley/types.h>

namespace parley::crypto {

// A signature still being made, polled until it is there.
class PendingSignature {
 public:
  virtual ~PendingSignature() = default;
  // The signature once made; nullopt while it is not ready yet; an error ends the handshake.
  virtual Result<std::optional<std::vector<uint8_t>>> poll() = 0;
};

// What Signer::start_signing() gives: the signature at once, or one to poll.
using SignatureJob = std::variant<std::vector<uint8_t>, std::unique_ptr<PendingSignature>>;

class Signer {
 public:
  virtual ~Signer() = default;
  // The key's type: the handshake offers and accepts only the signature
  // schemes that fit it (ECDSA: the scheme's curve, RFC 8446 §4.2.3).
  virtual KeyType type() const = 0;
  // Signs `content` (the CertificateVerify input of §4.4.3: 64 spaces, the
  // context string, a zero byte, the transcript hash) with `scheme`, which is
  // one the peer offered and that fits type(): the signature in the wire form
  // of that scheme (ECDSA: DER Ecdsa-Sig-Value; RSASSA-PSS: salt = hash length).
  virtual Result<SignatureJob> start_signing(SignatureScheme scheme, std::span<const uint8_t> content) const = 0;
};

}  // namespace parley::crypto
