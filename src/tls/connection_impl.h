// Connection::Impl, the state behind parley::Connection: internal, shared by
// connection.cc and the test hooks (src/tls/testing), never installed.
#pragma once

#include <memory>
#include <optional>
#include <variant>

#include "parley/connection.h"
#include "tls/event_queue.h"
#include "tls/handshake/client.h"
#include "tls/handshake/server.h"
#include "tls/handshake/traffic.h"
#include "tls/record/dos_counters.h"
#include "tls/record/record_writer.h"

namespace parley {
namespace tls {
// The handshake in progress: what the config implies for it and the state
// machine. Allocated at creation and freed when the handshake completes or
// fails, so an established connection keeps none of it (states hold `&setup`:
// the heap keeps it in place).
struct ClientHandshake {
  handshake::client::Setup setup;
  handshake::client::State state;
};
struct ServerHandshake {
  handshake::server::Setup setup;
  handshake::server::State state;
};
// The first error ended the connection (Impl::error says which).
struct Failed {};

// Where the connection is: one side's handshake, the post-handshake phase
// (traffic.h), or failed.
using Phase = std::variant<std::unique_ptr<ClientHandshake>, std::unique_ptr<ServerHandshake>,
                           handshake::traffic::State, Failed>;

}  // namespace tls

struct Connection::Impl {
  // A client whose ClientHello is not built yet (start_client builds it):
  // Connection::client starts it at once, a test sets its hooks first.
  static Result<Connection> unstarted_client(std::shared_ptr<const ClientConfig> config, ServerName server,
                                             std::span<const uint8_t> early_data = {});

  Impl(tls::handshake::Side s, const crypto::Provider& p, parley::KeyLog* keylog, size_t max_message)
      : side(s),
        provider(&p),
        reassembler(max_message),
        ctx(p, tls::handshake::RecordIo{&deframer, &reassembler, &write, &out}, negotiated_values, keylog) {}

  tls::handshake::Side side;
  const crypto::Provider* provider;
  tls::Phase phase = tls::Failed{};

  tls::record::Deframer deframer;
  tls::record::HandshakeReassembler reassembler;
  tls::record::DosCounters dos;
  std::optional<tls::record::RecordProtection> write;
  // Records to send, and application data received (decrypted there
  // straight from the peer's bytes). During the handshake and while
  // application data flows they keep their storage, so a record costs no
  // allocation; otherwise an empty one is freed (release_idle_buffers), so an
  // established idle connection holds no buffer.
  tls::record::IoBuffer out;
  tls::record::IoBuffer app_in;
  bool keep_buffers = false;  // application data has flowed since the last release_buffers()
  tls::EventQueue events;
  Negotiated negotiated_values;  // filled by the handshake; published by negotiated() once it is done
  tls::handshake::Context ctx;

  bool first_message_seen = false;
  bool handshake_done = false;  // the handshake completed (it stays true if the connection fails later)
  bool close_sent = false;
  bool peer_closed = false;
  bool peer_record_protected = false;  // a record under our read keys has arrived: the peer has keys
  std::optional<Error> error;
  // 0-RTT (server): the limit, what arrived, and how much of app_in's front
  // is early data the application has not read (early_data_pending()).
  size_t max_early_data = 0;
  size_t early_data_received = 0;
  size_t early_data_unread = 0;
  size_t tickets_sent = 0;

  std::shared_ptr<const PeerIdentity> peer;  // after the handshake; null when the peer presented no certificate
  // A client's data to send first (Connection::client): 0-RTT data, kept
  // until the server's answer says whether to send it again after the handshake.
  std::vector<uint8_t> early_data;

  tls::handshake::traffic::State* traffic() { return std::get_if<tls::handshake::traffic::State>(&phase); }
  bool over_read_limit() const { return app_in.size() >= kMaxUnreadPlaintext; }

  Result<void> start_client();
  Result<size_t> process_records(crypto::ByteView input);
  Result<void> on_record(const tls::record::Record& r);
  void release_idle_buffers();
  Result<void> on_handshake_message(const tls::record::HandshakeMessageView& m);
  Result<void> on_post_handshake(tls::handshake::traffic::State& t, const tls::record::HandshakeMessageView& m);
  Result<void> on_alert(const tls::record::Record& r);
  Result<void> check_plaintext_alert(const tls::record::Record& r, Alert description) const;
  Result<void> on_change_cipher_spec();
  Result<void> advance();
  bool awaiting_signature() const;
  void finish_handshake(tls::handshake::MainSecret&& main, const tls::verify::VerifiedChain* verified,
                        std::optional<int64_t> resumed_verified_at = std::nullopt,
                        const PeerIdentity* resumed_server = nullptr);
  bool reading_early_data() const;
  bool writing_half_rtt() const;
  Result<void> finish_client(tls::ClientHandshake& hs, tls::handshake::client::Traffic& t);
  Result<void> write_application_data(std::span<const uint8_t> plaintext);
  Result<void> write_alert(Alert a);
  void replay_client_hello();
  Unexpected fail(Error e);
  Error failed() const { return *error; }
};

}  // namespace parley
