#include <gtest/gtest.h>

#include <set>

#include "ca/serial.h"
#include "der/builder.h"

namespace parley::ca {
namespace {

TEST(Serial, IsSixteenBytesPositiveAndNeverShortened) {
  auto& rng = *crypto::openssl_provider().rng;
  std::set<std::vector<uint8_t>> seen;
  for (int i = 0; i < 2000; ++i) {
    auto s = random_serial(rng);
    ASSERT_EQ(s.size(), kSerialLen);
    EXPECT_EQ(s[0] & 0x80, 0) << "top bit must be clear (positive INTEGER, no 00 pad)";
    EXPECT_NE(s[0], 0) << "a leading zero octet would shorten the DER INTEGER";
    // The DER INTEGER contents are exactly the 16 bytes.
    der::Builder b;
    b.unsigned_integer(s);
    auto enc = std::move(b).finish();
    ASSERT_TRUE(enc);
    EXPECT_EQ(enc->size(), 2 + kSerialLen);
    seen.insert(s);
  }
  EXPECT_EQ(seen.size(), 2000u);
}

TEST(Serial, HexRoundTripsWhatUsersPaste) {
  std::vector<uint8_t> s = {0x0a, 0x1b, 0xff};
  EXPECT_EQ(serial_to_hex(s), "0a1bff");
  EXPECT_EQ(serial_to_hex(std::vector<uint8_t>{0x00, 0x80}), "80");  // the INTEGER pad is dropped
  EXPECT_EQ(*serial_from_text("0A:1B:FF"), s);
  EXPECT_EQ(*serial_from_text("0x0a1bff"), s);
  EXPECT_EQ(*serial_from_text("a1bff"), s);
  EXPECT_FALSE(serial_from_text("xyz"));
  EXPECT_FALSE(serial_from_text(""));
}

}  // namespace
}  // namespace parley::ca
