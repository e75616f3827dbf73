// RFC 8446 §4: the Handshake framing (msg_type, u24 length, body) and the
// dispatch from a message type to its parser.
#include <type_traits>

#include "tls/wire/messages.h"

namespace parley::tls::wire {

HandshakeType message_type(const HandshakeMessage& m) {
  return std::visit([](const auto& msg) { return std::decay_t<decltype(msg)>::kType; }, m);
}

Result<HandshakeMessage> parse_handshake(HandshakeType type, ByteView body, size_t finished_len) {
  switch (type) {
    case HandshakeType::client_hello: return ClientHello::parse(body);
    case HandshakeType::server_hello:
      // §4.1.3: a ServerHello with the special random is a HelloRetryRequest.
      if (is_hello_retry_request(body)) return HelloRetryRequest::parse(body);
      return ServerHello::parse(body);
    case HandshakeType::encrypted_extensions: return EncryptedExtensions::parse(body);
    case HandshakeType::certificate_request: return CertificateRequest::parse(body);
    case HandshakeType::certificate: return Certificate::parse(body);
    case HandshakeType::certificate_verify: return CertificateVerify::parse(body);
    case HandshakeType::finished: return Finished::parse(body, finished_len);
    case HandshakeType::new_session_ticket: return NewSessionTicket::parse(body);
    case HandshakeType::key_update: return KeyUpdate::parse(body);
    case HandshakeType::end_of_early_data: return EndOfEarlyData::parse(body);
    case HandshakeType::message_hash:  // never on the wire
      break;
  }
  return err::make(Error::Kind::PeerMisbehaved, Alert::unexpected_message, "handshake: unexpected message type");
}

void encode_handshake(const HandshakeMessage& m, Writer& w) {
  w.u8(static_cast<uint8_t>(message_type(m)));
  auto body = w.prefixed(3);
  std::visit([&w](const auto& msg) { msg.encode(w); }, m);
}

}  // namespace parley::tls::wire
