#include "tls/session/session_state.h"

#include "base/reader.h"
#include "base/writer.h"

namespace parley::tls::session {
namespace {

// Format 2 (1 held the PSK itself; its tickets no longer open, which costs
// their holders a full handshake):
//   u8 version(2) u16 suite i64 issued_at u32 lifetime u32 age_add
//   opaque resumption_secret<1..64> u8 ticket_nonce opaque alpn<0..255> opaque sni<0..255> u32 max_early_data
//   u8 has_client; if 1: i64 verified_at, opaque cert<1..2^24-1> chain<1..2^24-1>
constexpr uint8_t kVersion = 2;

void write_text(Writer& w, const std::string& s) {
  auto p = w.prefixed(1);
  w.bytes({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
}

bool read_text(Reader& r, std::string& s) {
  crypto::ByteView b;
  if (!r.prefixed_bytes(1, b)) return false;
  s.assign(b.begin(), b.end());
  return true;
}

Unexpected malformed() { return err::decode("session ticket: malformed session state"); }

}  // namespace

Result<SecretBuffer> encode_session_state(const SessionState& s) {
  // Sized once: a ticket per NewSessionTicket is on every handshake's path.
  size_t size = 64 + s.resumption_secret.size() + s.alpn.size() + s.sni.size();
  if (s.client) {
    for (const auto& cert : s.client->chain) size += 3 + cert.size();
  }
  std::vector<uint8_t> buffer;
  buffer.reserve(size);
  Writer w(std::move(buffer));
  w.u8(kVersion);
  w.u16(s.suite);
  w.i64(s.issued_at);
  w.u32(s.lifetime);
  w.u32(s.age_add);
  {
    auto p = w.prefixed(1);
    w.bytes(s.resumption_secret.view());
  }
  w.u8(s.ticket_nonce);
  write_text(w, s.alpn);
  write_text(w, s.sni);
  w.u32(s.max_early_data);
  w.u8(s.client ? 1 : 0);
  if (s.client) {
    w.i64(s.client->verified_at);
    auto chain = w.prefixed(3);
    for (const auto& cert : s.client->chain) {
      auto p = w.prefixed(3);
      w.bytes(cert);
    }
  }
  return SecretBuffer(PARLEY_TRY(std::move(w).finish()));
}

Result<SessionState> parse_session_state(crypto::ByteView bytes) {
  Reader r(bytes);
  SessionState s;
  uint8_t version, has_client;
  crypto::ByteView secret;
  if (!r.u8(version) || version != kVersion || !r.u16(s.suite) || !r.i64(s.issued_at) || !r.u32(s.lifetime) ||
      !r.u32(s.age_add) || !r.prefixed_bytes(1, secret) || secret.empty() || secret.size() > SecretBytes::kCapacity ||
      !r.u8(s.ticket_nonce) || !read_text(r, s.alpn) || !read_text(r, s.sni) || !r.u32(s.max_early_data) ||
      !r.u8(has_client) || has_client > 1) {
    return malformed();
  }
  s.resumption_secret = SecretBytes(secret);
  if (has_client) {
    auto& c = s.client.emplace();
    Reader chain;
    if (!r.i64(c.verified_at) || !r.prefixed(3, chain) || chain.empty()) return malformed();
    while (!chain.empty()) {
      crypto::ByteView cert;
      if (!chain.prefixed_bytes(3, cert) || cert.empty()) return malformed();
      c.chain.emplace_back(cert.begin(), cert.end());
    }
  }
  if (!r.empty()) return malformed();
  return s;
}

}  // namespace parley::tls::session
