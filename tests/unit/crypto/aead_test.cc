// AEAD: AES-GCM (McGrew & Viega GCM spec test cases 2-4, 14-16) and
// ChaCha20-Poly1305 (RFC 8439 §2.8.2).
#include <gtest/gtest.h>

#include "test_util.h"

namespace parley::crypto {
namespace {

using test::bytes;
using test::hex;
using test::P;
using test::to_hex;

struct AeadCase {
  const char* name;
  AeadAlg alg;
  const char *key, *iv, *aad, *pt, *ct, *tag;
};

const char* kGcmPt64 =
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba"
    "637b391aafd255";
const char* kGcmPt60 =
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba"
    "637b39";
const char* kGcmAad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

const AeadCase kCases[] = {
    {"gcm2", AeadAlg::aes_128_gcm, "00000000000000000000000000000000", "000000000000000000000000", "",
     "00000000000000000000000000000000", "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf"},
    {"gcm3", AeadAlg::aes_128_gcm, "feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888", "", kGcmPt64,
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac97"
     "3d58e091473f5985",
     "4d5c2af327cd64a62cf35abd2ba6fab4"},
    {"gcm4", AeadAlg::aes_128_gcm, "feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888", kGcmAad, kGcmPt60,
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac97"
     "3d58e091",
     "5bc94fbc3221a5db94fae95ae7121a47"},
    {"gcm14", AeadAlg::aes_256_gcm, "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000", "", "00000000000000000000000000000000", "cea7403d4d606b6e074ec5d3baf39d18",
     "d0d1c8a799996bf0265b98b5d48ab919"},
    {"gcm15", AeadAlg::aes_256_gcm, "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
     "cafebabefacedbaddecaf888", "", kGcmPt64,
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0a"
     "bcc9f662898015ad",
     "b094dac5d93471bdec1a502270e3cc6c"},
    {"gcm16", AeadAlg::aes_256_gcm, "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
     "cafebabefacedbaddecaf888", kGcmAad, kGcmPt60,
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0a"
     "bcc9f662",
     "76fc6ece0f4e1768cddf8853bb2d551b"},
    {"rfc8439", AeadAlg::chacha20_poly1305, "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
     "070000004041424344454647", "50515253c0c1c2c3c4c5c6c7",
     "4c616469657320616e642047656e746c656d656e206f662074686520636c617373206f66202739393a204966204920636f756c64206f6666"
     "657220796f75206f6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73637265656e20776f756c642062652069"
     "742e",
     "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b29"
     "05d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b"
     "6116",
     "1ae10b594f09e26a7e902ecbd0600691"},
};

class AeadVectors : public ::testing::TestWithParam<AeadCase> {};

TEST_P(AeadVectors, SealsToPublishedCiphertextAndTag) {
  const AeadCase& c = GetParam();
  const Aead* aead = P().aead(c.alg);
  ASSERT_NE(aead, nullptr);
  EXPECT_EQ(aead->iv_len(), 12u);
  EXPECT_EQ(aead->tag_len(), 16u);
  auto ctx = aead->make(hex(c.key));
  ASSERT_TRUE(ctx);
  std::vector<uint8_t> buf, tag(16);
  // In place, twice through the same context: only the nonce is reset between records.
  for (int round = 0; round < 2; ++round) {
    buf = hex(c.pt);
    ASSERT_TRUE((*ctx)->seal(hex(c.iv), hex(c.aad), buf, {}, buf, tag));
    EXPECT_EQ(to_hex(buf), c.ct);
    EXPECT_EQ(to_hex(tag), c.tag);
  }
}

// The plaintext split anywhere into content (read from its own buffer) and
// a trailer (already in place in the output, as TLS places the inner content
// type and padding) seals to the same bytes as the whole.
TEST_P(AeadVectors, SealsOutOfPlaceWithATrailerToTheSameBytes) {
  const AeadCase& c = GetParam();
  auto ctx = P().aead(c.alg)->make(hex(c.key));
  ASSERT_TRUE(ctx);
  const auto pt = hex(c.pt);
  for (size_t split : {size_t{0}, size_t{1}, size_t{15}, size_t{17}, pt.size() - 1, pt.size()}) {
    if (split > pt.size()) continue;
    SCOPED_TRACE(split);
    const auto at = static_cast<std::ptrdiff_t>(split);
    const std::vector<uint8_t> in(pt.begin(), pt.begin() + at);
    std::vector<uint8_t> out(pt.size(), 0xee), tag(16);
    std::copy(pt.begin() + at, pt.end(), out.begin() + at);
    const auto trailer = std::span(out).subspan(split);
    ASSERT_TRUE((*ctx)->seal(hex(c.iv), hex(c.aad), in, trailer, out, tag));
    EXPECT_EQ(to_hex(out), c.ct);
    EXPECT_EQ(to_hex(tag), c.tag);
    EXPECT_EQ(in, std::vector<uint8_t>(pt.begin(), pt.begin() + at));
  }
  // A trailer from a buffer of its own works as well.
  std::vector<uint8_t> out(pt.size()), tag(16);
  const std::vector<uint8_t> head(pt.begin(), pt.begin() + 7), tail(pt.begin() + 7, pt.end());
  ASSERT_TRUE((*ctx)->seal(hex(c.iv), hex(c.aad), head, tail, out, tag));
  EXPECT_EQ(to_hex(out), c.ct);
}

TEST_P(AeadVectors, OpensPublishedCiphertextInPlaceAndOutOfPlace) {
  const AeadCase& c = GetParam();
  auto ctx = P().aead(c.alg)->make(hex(c.key));
  ASSERT_TRUE(ctx);
  for (int round = 0; round < 2; ++round) {
    auto buf = hex(c.ct);
    ASSERT_TRUE((*ctx)->open(hex(c.iv), hex(c.aad), buf, hex(c.tag), buf));
    EXPECT_EQ(to_hex(buf), c.pt);
  }
  const auto ct = hex(c.ct);
  std::vector<uint8_t> out(ct.size());
  ASSERT_TRUE((*ctx)->open(hex(c.iv), hex(c.aad), ct, hex(c.tag), out));
  EXPECT_EQ(to_hex(out), c.pt);
  EXPECT_EQ(to_hex(ct), c.ct);
}

TEST_P(AeadVectors, TamperedTagFailsAndZeroesTheOutput) {
  const AeadCase& c = GetParam();
  auto ctx = P().aead(c.alg)->make(hex(c.key));
  ASSERT_TRUE(ctx);
  auto buf = hex(c.ct);
  auto tag = hex(c.tag);
  tag[5] ^= 0x01;
  auto r = (*ctx)->open(hex(c.iv), hex(c.aad), buf, tag, buf);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, Error::Kind::Crypto);
  EXPECT_EQ(buf, std::vector<uint8_t>(buf.size(), 0));
  // Out of place: the output is zeroed, the input left alone.
  const auto ct = hex(c.ct);
  std::vector<uint8_t> out(ct.size(), 0xee);
  EXPECT_FALSE((*ctx)->open(hex(c.iv), hex(c.aad), ct, tag, out));
  EXPECT_EQ(out, std::vector<uint8_t>(out.size(), 0));
  EXPECT_EQ(to_hex(ct), c.ct);
  // The context is still usable afterwards.
  buf = hex(c.ct);
  EXPECT_TRUE((*ctx)->open(hex(c.iv), hex(c.aad), buf, hex(c.tag), buf));
}

TEST_P(AeadVectors, TamperedCiphertextOrAadFails) {
  const AeadCase& c = GetParam();
  auto ctx = P().aead(c.alg)->make(hex(c.key));
  ASSERT_TRUE(ctx);
  auto buf = hex(c.ct);
  buf[0] ^= 0x80;
  EXPECT_FALSE((*ctx)->open(hex(c.iv), hex(c.aad), buf, hex(c.tag), buf));
  buf = hex(c.ct);
  auto aad = hex(c.aad);
  aad.push_back(0);
  EXPECT_FALSE((*ctx)->open(hex(c.iv), aad, buf, hex(c.tag), buf));
  auto iv = hex(c.iv);
  iv[11] ^= 1;
  buf = hex(c.ct);
  EXPECT_FALSE((*ctx)->open(iv, hex(c.aad), buf, hex(c.tag), buf));
}

INSTANTIATE_TEST_SUITE_P(Published, AeadVectors, ::testing::ValuesIn(kCases),
                         [](const auto& tp) { return std::string(tp.param.name); });

TEST(Aead, RejectsWrongKeyNonceTagAndOutputLengths) {
  const Aead& a = *P().aead(AeadAlg::aes_128_gcm);
  EXPECT_FALSE(a.make(std::vector<uint8_t>(15)));
  EXPECT_FALSE(P().aead(AeadAlg::chacha20_poly1305)->make(std::vector<uint8_t>(16)));
  auto ctx = a.make(std::vector<uint8_t>(16));
  ASSERT_TRUE(ctx);
  std::vector<uint8_t> buf(4, 7), tag(16), nonce(12);
  EXPECT_FALSE((*ctx)->seal(std::vector<uint8_t>(8), {}, buf, {}, buf, tag));
  std::vector<uint8_t> short_tag(12);
  EXPECT_FALSE((*ctx)->seal(nonce, {}, buf, {}, buf, short_tag));
  std::vector<uint8_t> out(5);
  EXPECT_FALSE((*ctx)->seal(nonce, {}, buf, {}, out, tag));  // out must be in ‖ trailer exactly
  EXPECT_FALSE((*ctx)->open(nonce, {}, buf, tag, out));
  EXPECT_FALSE((*ctx)->open(nonce, {}, buf, short_tag, buf));
  EXPECT_EQ(buf, std::vector<uint8_t>(4, 0));  // refused input is not left as if authentic
}

// RFC 5116 §2 and libcrypto allow in place or apart, nothing in between.
TEST(Aead, RefusesInputThatPartiallyOverlapsTheOutput) {
  auto ctx = P().aead(AeadAlg::aes_128_gcm)->make(std::vector<uint8_t>(16, 1));
  ASSERT_TRUE(ctx);
  std::vector<uint8_t> buf(64, 3), tag(16), nonce(12);
  const auto in = std::span(buf).subspan(1, 32);
  const auto out = std::span(buf).first(32);
  EXPECT_FALSE((*ctx)->seal(nonce, {}, in, {}, out, tag));
  // A trailer that lies in the output ahead of where it belongs would be
  // overwritten by the content before it is read.
  EXPECT_FALSE((*ctx)->seal(nonce, {}, std::span(buf).subspan(40, 8), std::span(buf).first(8), std::span(buf).first(16),
                            tag));
  ASSERT_TRUE((*ctx)->seal(nonce, {}, buf, {}, buf, tag));
  EXPECT_FALSE((*ctx)->open(nonce, {}, std::span(buf).subspan(1, 32), tag, std::span(buf).first(32)));
}

TEST(Aead, SealThenOpenRoundTripsOnEverySuite) {
  for (const CipherSuite& s : P().suites) {
    SCOPED_TRACE(s.name);
    std::vector<uint8_t> key(s.aead->key_len(), 0x5a);
    auto tx = s.aead->make(key);
    auto rx = s.aead->make(key);
    ASSERT_TRUE(tx && rx);
    std::vector<uint8_t> msg(1000);
    for (size_t i = 0; i < msg.size(); ++i) msg[i] = static_cast<uint8_t>(i);
    std::vector<uint8_t> sealed(msg.size()), opened(msg.size());
    std::vector<uint8_t> tag(16), nonce(12, 1), aad = bytes("hdr");
    ASSERT_TRUE((*tx)->seal(nonce, aad, msg, {}, sealed, tag));
    EXPECT_NE(sealed, msg);
    ASSERT_TRUE((*rx)->open(nonce, aad, sealed, tag, opened));
    EXPECT_EQ(opened, msg);
    std::vector<uint8_t> empty;
    ASSERT_TRUE((*tx)->seal(nonce, {}, empty, {}, empty, tag));
    EXPECT_TRUE((*rx)->open(nonce, {}, empty, tag, empty));
  }
}

}  // namespace
}  // namespace parley::crypto
