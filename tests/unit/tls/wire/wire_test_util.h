// Helpers shared by the wire tests: framing, re-encoding and hand-built bodies.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "tls/wire/messages.h"
#include "vectors/hex.h"

namespace parley::tls::wire::test {

using parley::test::hex;
using parley::test::to_hex;
using ByteVec = std::vector<uint8_t>;

// A framed handshake message (header + body) that owns its bytes.
struct Framed {
  ByteVec bytes;
  HandshakeType type() const { return static_cast<HandshakeType>(bytes[0]); }
  ByteView body() const { return ByteView(bytes).subspan(4); }
};

inline Framed framed(std::string_view hex_text) { return Framed{hex(hex_text)}; }

inline ByteVec finish(Writer&& w) {
  auto out = std::move(w).finish();
  EXPECT_TRUE(out.has_value()) << (out ? "" : out.error().what);
  return out.value_or(ByteVec{});
}

inline ByteVec encode_framed(const HandshakeMessage& m) {
  Writer w;
  encode_handshake(m, w);
  return finish(std::move(w));
}

template <class T>
ByteVec encode_body(const T& m) {
  Writer w;
  m.encode(w);
  return finish(std::move(w));
}

inline ByteVec cat(std::initializer_list<ByteVec> parts) {
  ByteVec out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline ByteVec u16(uint16_t v) { return {static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)}; }

// A vector with a 1- or 2-byte length prefix.
inline ByteVec vec8(const ByteVec& body) { return cat({{static_cast<uint8_t>(body.size())}, body}); }
inline ByteVec vec16(const ByteVec& body) { return cat({u16(static_cast<uint16_t>(body.size())), body}); }

// One Extension: type, u16 length, data.
inline ByteVec ext(uint16_t type, const ByteVec& data) { return cat({u16(type), vec16(data)}); }

inline ByteVec random_of(uint8_t v) { return ByteVec(32, v); }

// A ClientHello body around an extension block's contents.
inline ByteVec client_hello_body(const ByteVec& extensions, const ByteVec& suites = {0x13, 0x01}) {
  return cat({{0x03, 0x03}, random_of(0x11), {0x00}, vec16(suites), {0x01, 0x00}, vec16(extensions)});
}

inline ByteVec server_hello_body(const ByteVec& extensions, const ByteVec& random = random_of(0x22)) {
  return cat({{0x03, 0x03}, random, {0x00, 0x13, 0x01, 0x00}, vec16(extensions)});
}

// The extensions every TLS 1.3 ServerHello carries (x25519 share, 0x0304).
inline ByteVec server_hello_extensions() {
  return cat({ext(51, cat({u16(0x001d), vec16(ByteVec(32, 0x55))})), ext(43, u16(0x0304))});
}

}  // namespace parley::tls::wire::test

// Asserts a Result failed with the given alert and static text.
#define EXPECT_WIRE_ERROR(expr, alert_, what_)                    \
  do {                                                            \
    auto wire_r_ = (expr);                                        \
    ASSERT_FALSE(wire_r_.has_value()) << "parsed unexpectedly";   \
    EXPECT_EQ(wire_r_.error().alert, ::parley::Alert::alert_);    \
    EXPECT_STREQ(wire_r_.error().what, what_);                    \
  } while (0)
