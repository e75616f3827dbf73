// Every TLS 1.3 handshake message parser, selected by the first input byte
// (the HandshakeType; the rest is the body). Whatever parses must re-encode,
// re-parse, and re-encode to the same bytes.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "tls/wire/messages.h"

namespace {

using namespace parley;
using namespace parley::tls::wire;

void check(bool ok) {
  if (!ok) std::abort();
}

std::vector<uint8_t> encode(const HandshakeMessage& m) {
  Writer w;
  encode_handshake(m, w);
  auto out = std::move(w).finish();
  check(out.has_value());  // a parsed message always fits its own length fields
  return std::move(*out);
}

void round_trip(HandshakeType type, std::span<const uint8_t> body, size_t finished_len) {
  auto m = parse_handshake(type, body, finished_len);
  if (!m) {
    check(m.error().alert.has_value() && m.error().what[0] != '\0');
    return;
  }
  const std::vector<uint8_t> first = encode(*m);
  check(first.size() >= 4 && first[0] == static_cast<uint8_t>(type));
  const std::span<const uint8_t> body2 = std::span(first).subspan(4);
  auto again = parse_handshake(type, body2, finished_len);
  check(again.has_value() && again->index() == m->index());
  check(encode(*again) == first);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto type = static_cast<HandshakeType>(data[0]);
  const std::span<const uint8_t> body(data + 1, size - 1);
  // Finished depends on the suite's hash length: SHA-256 and SHA-384.
  round_trip(type, body, 32);
  if (type == HandshakeType::finished) round_trip(type, body, 48);
  return 0;
}
