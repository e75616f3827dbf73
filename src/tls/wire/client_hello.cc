// RFC 8446 §4.1.2 ClientHello.
#include <algorithm>

#include "tls/wire/messages.h"

namespace parley::tls::wire {

Result<ClientHello> ClientHello::parse(ByteView body) {
  Reader r(body);
  ClientHello ch;
  ByteView random;
  // legacy_version is not checked: a server that finds no supported_versions
  // negotiates by legacy_version (§4.2.1), which is the handshake layer's job.
  if (!r.u16(ch.legacy_version) || !r.bytes(ch.random.size(), random)) {
    return err::decode("ClientHello: truncated legacy_version or random");
  }
  std::copy(random.begin(), random.end(), ch.random.begin());

  // opaque legacy_session_id<0..32>
  if (!r.prefixed_bytes(1, ch.legacy_session_id)) return err::decode("ClientHello: truncated legacy_session_id");
  if (ch.legacy_session_id.size() > 32) return err::decode("ClientHello: legacy_session_id longer than 32 bytes");

  // CipherSuite cipher_suites<2..2^16-2>
  Reader suites;
  if (!r.prefixed(2, suites)) return err::decode("ClientHello: truncated cipher_suites");
  if (suites.empty()) return err::decode("ClientHello: cipher_suites is empty");
  if (suites.remaining() % 2 != 0) return err::decode("ClientHello: cipher_suites has odd length");
  ch.cipher_suites.reserve(suites.remaining() / 2);
  for (uint16_t s; suites.u16(s);) ch.cipher_suites.push_back(s);

  // opaque legacy_compression_methods<1..2^8-1>
  if (!r.prefixed_bytes(1, ch.legacy_compression_methods)) {
    return err::decode("ClientHello: truncated legacy_compression_methods");
  }
  if (ch.legacy_compression_methods.empty()) return err::decode("ClientHello: legacy_compression_methods is empty");

  // §4.1.2: a ClientHello from before extensions existed simply ends here;
  // it has no supported_versions, so the handshake layer answers it with
  // protocol_version rather than decode_error.
  if (!r.empty()) {
    ch.extensions = PARLEY_TRY(parse_extensions(r, MessageKind::client_hello));
    if (!r.empty()) return err::decode("ClientHello: trailing data after extensions");
  }
  if (ch.extensions.pre_shared_key) ch.binders_offset = body.size() - ch.extensions.pre_shared_key->binders_size();
  return ch;
}

std::vector<uint8_t> ClientHello::retry_invariant(ByteView body) {
  // legacy_version, random, legacy_session_id, cipher_suites and
  // legacy_compression_methods are kept whole.
  Reader r(body);
  ByteView skipped;
  (void)(r.bytes(2 + sizeof(Random), skipped) && r.prefixed_bytes(1, skipped) && r.prefixed_bytes(2, skipped) &&
         r.prefixed_bytes(1, skipped));
  const size_t fixed = body.size() - r.remaining();
  std::vector<uint8_t> out(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(fixed));
  Reader block;
  if (!r.prefixed(2, block)) return out;
  uint16_t type;
  ByteView data;
  while (block.u16(type) && block.prefixed_bytes(2, data)) {
    switch (static_cast<ExtensionType>(type)) {
      case ExtensionType::key_share:
      case ExtensionType::early_data:
      case ExtensionType::cookie:
      case ExtensionType::pre_shared_key:
      case ExtensionType::padding:
        continue;
      default:
        break;
    }
    out.push_back(static_cast<uint8_t>(type >> 8));
    out.push_back(static_cast<uint8_t>(type));
    out.push_back(static_cast<uint8_t>(data.size() >> 8));
    out.push_back(static_cast<uint8_t>(data.size()));
    out.insert(out.end(), data.begin(), data.end());
  }
  return out;
}

void ClientHello::encode(Writer& w) const {
  w.u16(legacy_version);
  w.bytes(random);
  {
    auto p = w.prefixed(1);
    w.bytes(legacy_session_id);
  }
  {
    auto p = w.prefixed(2);
    for (uint16_t s : cipher_suites) w.u16(s);
  }
  {
    auto p = w.prefixed(1);
    w.bytes(legacy_compression_methods);
  }
  encode_extensions(extensions, MessageKind::client_hello, w);
}

}  // namespace parley::tls::wire
