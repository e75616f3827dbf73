// Internals of parley::Connection that tests reach (the public class is in
// include/parley/connection.h).
#pragma once

#include "parley/connection.h"
#include "tls/handshake/common.h"

namespace parley::tls {

struct ConnectionInternals {
  // A client whose ClientHello is not built yet: a test sets the hooks below
  // that act on it, then calls start() (Connection::client does both at once).
  static Result<Connection> unstarted_client(std::shared_ptr<const ClientConfig> config, ServerName server,
                                             std::span<const uint8_t> early_data = {});
  static Result<void> start(Connection& c);
  // The pair tests' tamper hook on outgoing handshake messages (common.h).
  static void set_tamper(Connection& c, handshake::OutgoingTamper hook);
  // One record per handshake message, so tests can reorder or drop messages as records.
  static void set_one_message_per_record(Connection& c, bool on);
  // The RFC 8448 replay: extension blocks to send instead of ours (common.h).
  static void set_extensions_override(Connection& c, handshake::ExtensionsOverride hook);
  // GREASE and similar: edits our ClientHello before it enters the transcript (common.h).
  static void set_client_hello_edit(Connection& c, handshake::ClientHelloEdit hook);
  // The RFC 8448 replay: a post-handshake message parley never sends itself
  // (the RFC's NewSessionTicket), framed under the current write keys.
  static Result<void> send_post_handshake_message(Connection& c, std::span<const uint8_t> message);
  // One protected record of `type` carrying `content` (which may be empty: a
  // zero-length application-data record, RFC 8446 §5.1), after the handshake.
  static Result<void> send_record(Connection& c, wire::ContentType type, std::span<const uint8_t> content);
  // Reinstalls the application write keys with other AEAD usage limits (§5.5),
  // before any application record went out (the sequence number restarts at
  // 0), so a test reaches the KeyUpdate that write() sends at the limit.
  static Result<void> set_write_usage_limits(Connection& c, record::UsageLimits limits);
};

}  // namespace parley::tls
