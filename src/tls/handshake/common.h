// What the client and server state machines share: the Context (the only
// output channel of a handler, after rustls' Output: it encodes, hashes into
// the transcript and queues messages, installs keys, logs secrets and emits
// events), and the helpers both sides use (CertificateVerify content,
// Certificate messages, negotiation summaries).
#pragma once

#include <variant>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parley/config.h"
#include "parley/connection.h"
#include "parley/events.h"
#include "tls/handshake/key_schedule.h"
#include "tls/handshake/proofs.h"
#include "tls/handshake/transcript.h"
#include "tls/record/deframer.h"
#include "tls/record/handshake_reassembler.h"
#include "tls/record/io_buffer.h"
#include "tls/record/record_protection.h"
#include "tls/wire/messages.h"

namespace parley::tls::handshake {

using crypto::ByteView;

// Test-only interference with outgoing handshake messages (the pair tests'
// tamper hook, after rustls' transfer_altered): called with each encoded
// message after it entered our transcript, before it is framed. Clearing the
// bytes drops the message.
using OutgoingTamper = std::function<void(wire::HandshakeType, std::vector<uint8_t>&)>;

// Test-only: the extension block to send in an outgoing ClientHello,
// ServerHello (or HelloRetryRequest), EncryptedExtensions or
// CertificateRequest instead of the one the handshake builds (nullopt keeps
// ours). The RFC 8448 replay uses it to send the RFC's extensions, which
// differ from ours (some parley never sends; no signature_algorithms_cert).
// Unlike the tamper hook it acts before the transcript, so the handshake stays
// consistent.
using ExtensionsOverride = std::function<std::optional<wire::Extensions>(wire::HandshakeType)>;

// Test-only: edits our ClientHello after it is built (and after any
// ExtensionsOverride), before it enters the transcript. The pair tests add
// GREASE values (RFC 8701) with it; whatever it points the message at must
// outlive the hook.
using ClientHelloEdit = std::function<void(wire::ClientHello&)>;

// The record-layer objects a Context drives, owned by the Connection.
struct RecordIo {
  record::Deframer* deframer = nullptr;
  record::HandshakeReassembler* reassembler = nullptr;
  std::optional<record::RecordProtection>* write = nullptr;
  record::IoBuffer* out = nullptr;
};

// The test-only hooks above; a Context allocates them only when a test sets one.
struct TestHooks {
  OutgoingTamper tamper;
  bool one_message_per_record = false;
  ExtensionsOverride extensions_override;
  ClientHelloEdit client_hello_edit;
};

// Lives as long as the Connection: the handshake uses all of it, an
// established connection only the output and key installation (KeyUpdate)
// and the events. end_handshake() drops what only the handshake needed.
class Context {
 public:
  Context(const crypto::Provider& provider, RecordIo io, Negotiated& settled, parley::KeyLog* keylog)
      : negotiated(settled), provider_(&provider), io_(io), keylog_(keylog) {}

  const crypto::Provider& provider() const { return *provider_; }
  crypto::Rng& rng() { return *provider_->rng; }
  int64_t now() const { return provider_->clock->unix_seconds(); }
  int64_t now_ms() const { return provider_->clock->unix_ms(); }

  // The message being handled, header included (what the transcript hashes).
  ByteView incoming() const { return incoming_; }
  void set_incoming(ByteView m) { incoming_ = m; }

  // Encodes msg, adds it to the transcript, queues it for the next flush and
  // reports it to the observer. The caller moves the message in, so a message
  // struct becomes a HandshakeMessage without copying its lists.
  template <class TranscriptLike>
  Result<void> send(wire::HandshakeMessage&& msg, TranscriptLike& transcript) {
    const ByteView bytes = PARLEY_TRY(encode(msg));
    transcript.update(bytes);
    return queue(msg);
  }
  // §D.4 middlebox compatibility: a plaintext change_cipher_spec record.
  void send_change_cipher_spec();
  // Frames the queued handshake bytes under the current write keys.
  Result<void> flush();

  // Keys change only between records (§5.1): the write side flushes first,
  // the read side needs the reassembler to be empty.
  Result<void> install_write(const TrafficSecret& secret, KeysInstalled::Stage stage, Side owner);
  Result<void> install_read(const TrafficSecret& secret, KeysInstalled::Stage stage, Side owner);
  // §4.1.4: a client that sent 0-RTT data sends its second ClientHello in the
  // clear again (after flushing what the early keys protect).
  Result<void> remove_write_protection();

  // The key log (SSLKEYLOGFILE) with the ClientHello's random; the handshake
  // key schedule calls it through this adapter.
  void set_client_random(const wire::Random& r) { client_random_ = r; }
  handshake::KeyLog* key_log() { return keylog_ ? &keylog_adapter_ : nullptr; }

  // The handshake is complete: frees the flight buffers (their capacity is a
  // whole flight) and forgets the key log, which the config owns.
  void end_handshake();

  // The config's identity rules, asked once the peer's chain verified (null: none).
  void set_authorizer(const PeerAuthorizer* a) { authorizer_ = a; }
  const PeerAuthorizer* authorizer() const { return authorizer_; }

  // Observer events; nothing is built when no observer is attached.
  bool observing() const { return observer_ != nullptr; }
  void set_observer(HandshakeObserver* o) { observer_ = o; }
  // A failing step's half-built flight is not sent.
  void drop_pending() { pending_.clear(); }
  void emit(HandshakeEvent&& e);
  // A message_received event. Without an observer this is one test: the
  // message is not even converted to a HandshakeMessage (which copies it).
  template <class Message>
  void emit_received(const Message& msg) {
    if (observer_) emit_received_message(msg);
  }
  HandshakeEvent event(HandshakeEvent::Kind kind, HandshakeEvent::Payload payload) const;
  // A message_sent event for a message already sent (encoded, header
  // included): the ClientHello an observer attached after it was built.
  void emit_sent(ByteView encoded);

  // What the handshake settles, owned by the Connection, which publishes it
  // once the handshake is done.
  Negotiated& negotiated;

  // Tests only.
  TestHooks& test_hooks();
  void override_extensions(wire::HandshakeType type, wire::Extensions& e) const {
    if (!hooks_ || !hooks_->extensions_override) return;
    if (auto o = hooks_->extensions_override(type)) e = std::move(*o);
  }
  void edit_client_hello(wire::ClientHello& ch) const {
    if (hooks_ && hooks_->client_hello_edit) hooks_->client_hello_edit(ch);
  }

 private:
  class KeyLogAdapter final : public handshake::KeyLog {
   public:
    explicit KeyLogAdapter(Context* ctx) : ctx_(ctx) {}
    void log(std::string_view label, ByteView secret) override;

   private:
    Context* ctx_;
  };

  // Encodes into encoded_; the view is valid until the next encode.
  Result<ByteView> encode(const wire::HandshakeMessage& msg);
  // Appends encoded_ to the flight.
  Result<void> queue(const wire::HandshakeMessage& msg);
  void emit_received_message(const wire::HandshakeMessage& msg);
  void emit_message(HandshakeEvent::Kind kind, const wire::HandshakeMessage& msg, ByteView bytes);
  void emit_keys(const TrafficSecret& secret, KeysInstalled::Stage stage, KeysInstalled::Direction direction,
                 Side owner);

  const crypto::Provider* provider_;
  RecordIo io_;
  HandshakeObserver* observer_ = nullptr;
  const PeerAuthorizer* authorizer_ = nullptr;
  parley::KeyLog* keylog_;
  KeyLogAdapter keylog_adapter_{this};
  wire::Random client_random_{};
  std::vector<uint8_t> encoded_;  // the message being sent; its capacity is reused
  std::vector<uint8_t> pending_;  // handshake bytes not yet framed
  bool pending_is_initial_client_hello_ = false;
  bool client_hello_queued_ = false;
  ByteView incoming_;
  std::unique_ptr<TestHooks> hooks_;
};

// §4.4.3 the content a CertificateVerify signs: 64 spaces, the context
// string for `signer`, a zero byte, then the transcript hash.
std::vector<uint8_t> certificate_verify_content(Side signer, ByteView transcript_hash);

// Our CertificateVerify signature with `scheme` (from
// choose_signature_scheme): made at once by a key in memory, or pending with
// an asynchronous Signer (the states wait in AwaitingSignature).
Result<crypto::SignatureJob> sign_certificate_verify(Side signer, const crypto::Signer& key, uint16_t scheme,
                                                     ByteView transcript_hash);

// The first scheme in `peer_offered` that `key` can make and `ours` allows.
std::optional<uint16_t> choose_signature_scheme(const crypto::Signer& key, std::span<const uint16_t> peer_offered,
                                                std::span<const uint16_t> ours);

// The Certificate message for an identity (an empty list for none).
// leaf_status: a CertificateStatus body for the leaf's entry (stapling).
wire::Certificate certificate_message(const Identity* identity, ByteView request_context,
                                      std::optional<ByteView> leaf_status = std::nullopt);
// The CertificateStatus body to staple for identity's leaf (RFC 8446
// §4.4.2.1): when the ClientHello asks for OCSP and config has a staple for
// that leaf, current at now.
std::optional<std::vector<uint8_t>> staple_for(const ServerConfig& config, const Identity& identity,
                                               const wire::ClientHello& ch, int64_t now);

// The application's view of a verified peer.
PeerIdentity peer_identity(const verify::VerifiedChain& verified);
// The config's identity rules (PeerAuthorizer) over a verified peer, after a
// full handshake's chain check or a resumed one's (a ticket does not outlive
// a rule change).
Result<verify::VerifiedChain> authorized(verify::VerifiedChain chain, const PeerAuthorizer& authorizer);

// Effective algorithm lists: the configured ones, or the defaults.
std::vector<uint16_t> suite_codes(std::span<const crypto::Suite> configured, const crypto::Provider& p);
std::vector<uint16_t> group_codes(std::span<const crypto::Group> configured, const crypto::Provider& p);
std::vector<uint16_t> scheme_codes(std::span<const crypto::SignatureScheme> configured);
// §4.2.3 signature_algorithms_cert: what our verifier accepts in certificates
// (rsa_pkcs1_* included), or empty when it would repeat `schemes`.
std::vector<uint16_t> cert_scheme_codes(std::span<const uint16_t> schemes);

// describe.cc: the message's summary for observers (events.h).
message::Summary describe(const wire::HandshakeMessage& msg, const crypto::Provider& provider);

// "2026-11-20T10:00:00Z"
std::string iso8601(int64_t unix_seconds);

// Errors with the alert chosen in the open.
Unexpected unexpected_message(const char* what);
Unexpected missing_extension(const char* what);
Unexpected unsupported_extension(const char* what);
Unexpected handshake_failure(const char* what);
Unexpected protocol_version(const char* what);

// The verify_data length a state expects in a Finished (§4.4.4: Hash.length
// of the negotiated suite); 32 before a suite is chosen, when no Finished may
// arrive anyway. Shared by the client and server state variants.
template <class StateVariant>
size_t finished_len_of(const StateVariant& state) {
  return std::visit(
      [](const auto& st) -> size_t {
        if constexpr (requires { st.transcript.hash(); }) {
          return st.transcript.hash().len();
        } else {
          return 32;
        }
      },
      state);
}

}  // namespace parley::tls::handshake
