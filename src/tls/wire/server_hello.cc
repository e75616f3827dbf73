// RFC 8446 §4.1.3 ServerHello and §4.1.4 HelloRetryRequest, which share one
// wire form and differ by the random.
#include <algorithm>

#include "tls/wire/messages.h"

namespace parley::tls::wire {

// §4.1.3: SHA-256("HelloRetryRequest").
const Random kHelloRetryRequestRandom = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

namespace {

// The error texts of one of the two messages.
struct Texts {
  const char* truncated;
  const char* session_id;
  const char* compression;
  const char* trailing;
  const char* wrong_random;
};
constexpr Texts kServerHelloTexts = {
    "ServerHello: truncated legacy_version, random, legacy_session_id_echo, cipher_suite or compression",
    "ServerHello: legacy_session_id_echo longer than 32 bytes",
    "ServerHello: legacy_compression_method is not 0",
    "ServerHello: trailing data after extensions",
    "ServerHello: random is the HelloRetryRequest value",
};
constexpr Texts kHrrTexts = {
    "HelloRetryRequest: truncated legacy_version, random, legacy_session_id_echo, cipher_suite or compression",
    "HelloRetryRequest: legacy_session_id_echo longer than 32 bytes",
    "HelloRetryRequest: legacy_compression_method is not 0",
    "HelloRetryRequest: trailing data after extensions",
    "HelloRetryRequest: random is not the HelloRetryRequest value",
};

struct Hello {
  uint16_t legacy_version;
  Random random;
  ByteView session_id;
  uint16_t cipher_suite;
  Extensions extensions;
};

Result<Hello> parse_hello(ByteView body, MessageKind kind) {
  const bool hrr = kind == MessageKind::hello_retry_request;
  const Texts& t = hrr ? kHrrTexts : kServerHelloTexts;
  Reader r(body);
  Hello h{};
  ByteView random;
  uint8_t compression;
  if (!r.u16(h.legacy_version) || !r.bytes(h.random.size(), random) || !r.prefixed_bytes(1, h.session_id) ||
      !r.u16(h.cipher_suite) || !r.u8(compression)) {
    return err::decode(t.truncated);
  }
  std::copy(random.begin(), random.end(), h.random.begin());
  if ((h.random == kHelloRetryRequestRandom) != hrr) return err::decode(t.wrong_random);
  // opaque legacy_session_id_echo<0..32>
  if (h.session_id.size() > 32) return err::decode(t.session_id);
  // §4.1.3: legacy_compression_method MUST be 0.
  if (compression != 0) return err::illegal_parameter(t.compression);
  // A pre-TLS 1.3 ServerHello may omit extensions; with no supported_versions
  // the handshake layer answers protocol_version.
  if (!r.empty()) {
    h.extensions = PARLEY_TRY(parse_extensions(r, kind));
    if (!r.empty()) return err::decode(t.trailing);
  }
  return h;
}

void encode_hello(Writer& w, uint16_t version, const Random& random, ByteView session_id, uint16_t suite,
                  const Extensions& ext, MessageKind kind) {
  w.u16(version);
  w.bytes(random);
  {
    auto p = w.prefixed(1);
    w.bytes(session_id);
  }
  w.u16(suite);
  w.u8(0);  // legacy_compression_method
  encode_extensions(ext, kind, w);
}

}  // namespace

bool is_hello_retry_request(ByteView body) {
  // legacy_version (2 bytes), then the random.
  return body.size() >= 2 + kHelloRetryRequestRandom.size() &&
         std::equal(kHelloRetryRequestRandom.begin(), kHelloRetryRequestRandom.end(), body.begin() + 2);
}

DowngradeSentinel downgrade_sentinel(const Random& server_random) {
  static constexpr std::array<uint8_t, 7> kDowngrd = {'D', 'O', 'W', 'N', 'G', 'R', 'D'};
  if (!std::equal(kDowngrd.begin(), kDowngrd.end(), server_random.end() - 8)) return DowngradeSentinel::none;
  switch (server_random.back()) {
    case 0x01: return DowngradeSentinel::tls12;
    case 0x00: return DowngradeSentinel::tls11_or_below;
    default: return DowngradeSentinel::none;
  }
}

Result<ServerHello> ServerHello::parse(ByteView body) {
  Hello h = PARLEY_TRY(parse_hello(body, MessageKind::server_hello));
  return ServerHello{h.legacy_version, h.random, h.session_id, h.cipher_suite, std::move(h.extensions)};
}

void ServerHello::encode(Writer& w) const {
  encode_hello(w, legacy_version, random, legacy_session_id_echo, cipher_suite, extensions, MessageKind::server_hello);
}

Result<HelloRetryRequest> HelloRetryRequest::parse(ByteView body) {
  Hello h = PARLEY_TRY(parse_hello(body, MessageKind::hello_retry_request));
  return HelloRetryRequest{h.legacy_version, h.session_id, h.cipher_suite, std::move(h.extensions)};
}

void HelloRetryRequest::encode(Writer& w) const {
  encode_hello(w, legacy_version, kHelloRetryRequestRandom, legacy_session_id_echo, cipher_suite, extensions,
               MessageKind::hello_retry_request);
}

}  // namespace parley::tls::wire
