// Helpers shared by the record-layer tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "crypto/provider.h"
#include "tls/record/deframer.h"
#include "tls/record/handshake_reassembler.h"
#include "tls/record/io_buffer.h"
#include "tls/record/record_protection.h"
#include "tls/record/record_writer.h"
#include "vectors/hex.h"

namespace parley::tls::record::testing {

inline const crypto::Aead& aead(crypto::AeadAlg alg = crypto::AeadAlg::aes_128_gcm) {
  return *crypto::openssl_provider().aead(alg);
}

inline RecordProtection protection(std::string_view key_hex, std::string_view iv_hex,
                                   crypto::AeadAlg alg = crypto::AeadAlg::aes_128_gcm) {
  auto p = RecordProtection::create(aead(alg), test::hex(key_hex), test::hex(iv_hex));
  if (!p) ADD_FAILURE() << p.error().message();
  return std::move(p).value();
}

// A fixed test key (not from any RFC).
inline RecordProtection test_protection(uint8_t fill = 0x42) {
  std::vector<uint8_t> key(16, fill), iv(12, static_cast<uint8_t>(fill + 1));
  return std::move(RecordProtection::create(aead(), key, iv)).value();
}

// A KeyChangeBoundary from an empty reassembler.
inline KeyChangeBoundary boundary() {
  HandshakeReassembler r;
  return std::move(r.at_key_change_boundary()).value();
}

inline std::vector<uint8_t> plaintext_record(uint8_t type, std::vector<uint8_t> body, uint16_t version = 0x0303) {
  std::vector<uint8_t> r(5 + body.size());
  r[0] = type;
  r[1] = static_cast<uint8_t>(version >> 8);
  r[2] = static_cast<uint8_t>(version);
  r[3] = static_cast<uint8_t>(body.size() >> 8);
  r[4] = static_cast<uint8_t>(body.size());
  std::copy(body.begin(), body.end(), r.begin() + 5);
  return r;
}

inline std::vector<uint8_t> to_vector(std::span<const uint8_t> b) { return {b.begin(), b.end()}; }

// write_records() into a fresh buffer, as a vector.
inline std::vector<uint8_t> written(ContentType type, crypto::ByteView plaintext, RecordProtection* protection,
                                    WriteOptions options = {}) {
  IoBuffer out;
  EXPECT_TRUE(write_records(type, plaintext, protection, out, options));
  return to_vector(out.data());
}

inline std::optional<Alert> alert_of(const Error& e) { return e.alert; }

}  // namespace parley::tls::record::testing

namespace parley::tls::record::testing {

// A TLSCiphertext built around any inner plaintext, bypassing seal()'s
// checks, to send what a broken or hostile peer could: key and IV as
// test_protection(fill), sequence number 0 (nonce = IV).
inline std::vector<uint8_t> raw_ciphertext_record(const std::vector<uint8_t>& inner, uint8_t fill = 0x42) {
  std::vector<uint8_t> key(16, fill), iv(12, static_cast<uint8_t>(fill + 1));
  auto ctx = std::move(aead().make(key)).value();
  const size_t len = inner.size() + 16;
  std::vector<uint8_t> rec(5 + len);
  rec[0] = 0x17;
  rec[1] = 0x03;
  rec[2] = 0x03;
  rec[3] = static_cast<uint8_t>(len >> 8);
  rec[4] = static_cast<uint8_t>(len);
  auto body = std::span(rec).subspan(5);
  EXPECT_TRUE(ctx->seal(iv, std::span(rec).first(5), inner, {}, body.first(inner.size()), body.subspan(inner.size())));
  return rec;
}

}  // namespace parley::tls::record::testing
