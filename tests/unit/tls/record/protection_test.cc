// RecordProtection (RFC 8446 §5.2–§5.5): nonces, AAD, inner plaintext,
// padding and usage limits.
#include <gtest/gtest.h>

#include <vector>

#include "record_test_util.h"
#include "tls/record/record_protection.h"

namespace parley::tls::record {
namespace {

using testing::raw_ciphertext_record;
using testing::test_protection;

std::vector<uint8_t> seal(RecordProtection& p, ContentType t, const std::vector<uint8_t>& content) {
  std::vector<uint8_t> out(p.sealed_size(content.size()));
  auto n = p.seal(t, content, out);
  EXPECT_TRUE(n) << n.error().message();
  return out;
}

// Opens in place, as a record held in one buffer may be.
Result<RecordProtection::Opened> open(RecordProtection& p, std::vector<uint8_t>& rec) {
  auto body = std::span(rec).subspan(kHeaderLen);
  return p.open(std::span(rec).first(kHeaderLen), body, body);
}

TEST(RecordProtection, OpensOutOfPlaceLeavingTheCiphertextAsItIs) {
  auto w = test_protection();
  auto r = test_protection();
  const auto rec = seal(w, ContentType::application_data, {1, 2, 3, 4});
  const auto copy = rec;
  std::vector<uint8_t> plain(100, 0xee);
  auto o = r.open(std::span(rec).first(kHeaderLen), std::span(rec).subspan(kHeaderLen), plain);
  ASSERT_TRUE(o) << o.error().message();
  EXPECT_EQ(o->type, ContentType::application_data);
  EXPECT_EQ(o->content.data(), plain.data());
  EXPECT_EQ(std::vector<uint8_t>(o->content.begin(), o->content.end()), (std::vector<uint8_t>{1, 2, 3, 4}));
  EXPECT_EQ(plain[4], 23);    // the inner type byte, written where the plaintext goes
  EXPECT_EQ(plain[5], 0xee);  // nothing past the inner plaintext
  EXPECT_EQ(rec, copy);
}

TEST(RecordProtection, FailedOpenLeavesThePlaintextBufferZeroed) {
  auto w = test_protection();
  auto r = test_protection();
  auto rec = seal(w, ContentType::application_data, std::vector<uint8_t>(64, 9));
  rec[10] ^= 0x01;
  std::vector<uint8_t> plain(64 + 1, 0xee);
  auto o = r.open(std::span(rec).first(kHeaderLen), std::span(rec).subspan(kHeaderLen), plain);
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().alert, Alert::bad_record_mac);
  EXPECT_EQ(plain, std::vector<uint8_t>(plain.size(), 0));
}

TEST(RecordProtection, OpenRefusesAPlaintextBufferTooSmall) {
  auto w = test_protection();
  auto r = test_protection();
  const auto rec = seal(w, ContentType::application_data, {1, 2, 3, 4});
  std::vector<uint8_t> plain(4);  // the inner plaintext is 5 bytes
  EXPECT_FALSE(r.open(std::span(rec).first(kHeaderLen), std::span(rec).subspan(kHeaderLen), plain));
}

TEST(RecordProtection, SealsUnderOpaqueTypeAndOpensToRealType) {
  auto w = test_protection();
  auto r = test_protection();
  auto rec = seal(w, ContentType::handshake, {1, 2, 3});
  EXPECT_EQ(rec[0], 23);  // §5.2 opaque_type application_data
  EXPECT_EQ(rec[1], 3);
  EXPECT_EQ(rec[2], 3);
  EXPECT_EQ(rec.size(), 5u + 3 + 1 + 16);
  auto o = open(r, rec);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->type, ContentType::handshake);
  EXPECT_EQ(std::vector<uint8_t>(o->content.begin(), o->content.end()), (std::vector<uint8_t>{1, 2, 3}));
  EXPECT_EQ(r.sequence(), 1u);
}

TEST(RecordProtection, SequenceNumberChangesTheNoncePerRecord) {
  auto w = test_protection();
  auto a = seal(w, ContentType::application_data, {9, 9, 9, 9});
  auto b = seal(w, ContentType::application_data, {9, 9, 9, 9});
  EXPECT_NE(a, b);
  // Out of order, the second record does not open at sequence number 0.
  auto r = test_protection();
  auto o = open(r, b);
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().alert, Alert::bad_record_mac);
}

TEST(RecordProtection, TamperedCiphertextTagOrHeaderIsBadRecordMac) {
  auto w = test_protection();
  const auto good = seal(w, ContentType::application_data, {1, 2, 3, 4, 5, 6, 7, 8});
  for (size_t at : {size_t{2}, size_t{6}, good.size() - 1}) {  // header (AAD), ciphertext, tag
    auto bad = good;
    bad[at] ^= 0x01;
    auto r = test_protection();
    auto o = open(r, bad);
    ASSERT_FALSE(o) << "byte " << at;
    EXPECT_EQ(o.error().alert, Alert::bad_record_mac) << "byte " << at;
  }
}

TEST(RecordProtection, KeysOfTheOtherDirectionDoNotOpen) {
  auto client_write = test_protection(0x10);
  auto server_write_as_read = test_protection(0x20);
  auto rec = seal(client_write, ContentType::application_data, {1});
  auto o = open(server_write_as_read, rec);
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().alert, Alert::bad_record_mac);
}

TEST(RecordProtection, CiphertextShorterThanTagIsBadRecordMac) {
  auto r = test_protection();
  std::vector<uint8_t> rec = {0x17, 0x03, 0x03, 0x00, 0x05, 1, 2, 3, 4, 5};
  auto o = open(r, rec);
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().alert, Alert::bad_record_mac);
}

TEST(RecordProtection, AllZeroInnerPlaintextIsUnexpectedMessage) {
  auto rec = raw_ciphertext_record(std::vector<uint8_t>(7, 0));
  auto r = test_protection();
  auto o = open(r, rec);
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().alert, Alert::unexpected_message);
}

TEST(RecordProtection, InnerPlaintextAboveLimitIsRecordOverflow) {
  std::vector<uint8_t> inner(kMaxPlaintext + 1, 0x61);  // 2^14 + 1 bytes of content
  inner.push_back(23);
  auto rec = raw_ciphertext_record(inner);
  auto r = test_protection();
  auto o = open(r, rec);
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().alert, Alert::record_overflow);
}

TEST(RecordProtection, MaximalInnerPlaintextOpens) {
  std::vector<uint8_t> inner(kMaxPlaintext, 0x61);
  inner.push_back(23);
  auto rec = raw_ciphertext_record(inner);
  auto r = test_protection();
  auto o = open(r, rec);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->content.size(), kMaxPlaintext);
}

TEST(RecordProtection, PaddingIsAddedAndStripped) {
  auto w = test_protection();
  w.set_padding({.multiple = 64});
  auto rec = seal(w, ContentType::application_data, {1, 2, 3});
  EXPECT_EQ(rec.size(), 5u + 64 + 16);
  auto r = test_protection();
  auto o = open(r, rec);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->type, ContentType::application_data);
  EXPECT_EQ(o->content.size(), 3u);
  // Padding never takes the inner plaintext above 2^14 + 1.
  EXPECT_EQ(w.sealed_size(kMaxPlaintext), 5 + kMaxInnerPlaintext + 16);
}

TEST(RecordProtection, SealRefusesContentAbove2To14) {
  auto w = test_protection();
  std::vector<uint8_t> big(kMaxPlaintext + 1), out(kMaxPlaintext + 100);
  EXPECT_FALSE(w.seal(ContentType::application_data, big, out));
}

TEST(RecordProtection, UsageLimitAsksForKeyUpdateThenStops) {
  std::vector<uint8_t> key(16, 1), iv(12, 2);
  auto w = std::move(RecordProtection::create(testing::aead(), key, iv, {.key_update_at = 2, .max_records = 3})).value();
  std::vector<uint8_t> out(64);
  const std::vector<uint8_t> msg = {1};
  ASSERT_TRUE(w.seal(ContentType::application_data, msg, out));
  EXPECT_FALSE(w.key_update_needed());
  ASSERT_TRUE(w.seal(ContentType::application_data, msg, out));
  EXPECT_TRUE(w.key_update_needed());
  ASSERT_TRUE(w.seal(ContentType::application_data, msg, out));
  EXPECT_FALSE(w.seal(ContentType::application_data, msg, out));
  EXPECT_EQ(w.sequence(), 3u);
}

TEST(RecordProtection, DefaultUsageLimitsFollowSection5_5) {
  const auto gcm = UsageLimits::for_aead(crypto::AeadAlg::aes_128_gcm);
  EXPECT_EQ(gcm.key_update_at, uint64_t{1} << 24);
  EXPECT_EQ(gcm.max_records, 23'726'566u);  // floor(2^24.5)
  EXPECT_EQ(UsageLimits::for_aead(crypto::AeadAlg::aes_256_gcm).max_records, 23'726'566u);
  const auto chacha = UsageLimits::for_aead(crypto::AeadAlg::chacha20_poly1305);
  EXPECT_EQ(chacha.max_records, UINT64_MAX);
  EXPECT_EQ(chacha.key_update_at, UINT64_MAX);
}

TEST(RecordProtection, RoundTripsWithEveryAead) {
  for (auto alg : {crypto::AeadAlg::aes_128_gcm, crypto::AeadAlg::aes_256_gcm, crypto::AeadAlg::chacha20_poly1305}) {
    const auto& a = testing::aead(alg);
    std::vector<uint8_t> key(a.key_len(), 7), iv(12, 8);
    auto w = std::move(RecordProtection::create(a, key, iv)).value();
    auto r = std::move(RecordProtection::create(a, key, iv)).value();
    auto rec = seal(w, ContentType::alert, {1, 0});
    auto o = open(r, rec);
    ASSERT_TRUE(o);
    EXPECT_EQ(o->type, ContentType::alert);
  }
}

}  // namespace
}  // namespace parley::tls::record
