#include "base/reader.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace parley {
namespace {

// A fixed message: u8 u16 u24 u32, then 1-, 2- and 3-byte length-prefixed blocks.
const std::vector<uint8_t> kMessage = {
    0x01,                    // u8
    0x02, 0x03,              // u16
    0x04, 0x05, 0x06,        // u24
    0x07, 0x08, 0x09, 0x0a,  // u32
    0x02, 0xaa, 0xbb,        // prefixed(1)
    0x00, 0x01, 0xcc,        // prefixed(2)
    0x00, 0x00, 0x00,        // prefixed(3), empty
};

// Parses kMessage (or a prefix of it); false on any shortfall or leftover.
bool parse_message(std::span<const uint8_t> in) {
  Reader r(in);
  uint8_t a;
  uint16_t b;
  uint32_t c, d;
  Reader p1, p2, p3;
  std::span<const uint8_t> body;
  uint8_t last;
  return r.u8(a) && r.u16(b) && r.u24(c) && r.u32(d) && r.prefixed(1, p1) && p1.bytes(2, body) &&
         p1.empty() && r.prefixed(2, p2) && p2.u8(last) && p2.empty() && r.prefixed(3, p3) && p3.empty() &&
         r.empty() && a == 0x01 && b == 0x0203 && c == 0x040506 && d == 0x0708090a && body[0] == 0xaa &&
         body[1] == 0xbb && last == 0xcc;
}

TEST(Reader, ParsesEveryGetterBigEndian) { EXPECT_TRUE(parse_message(kMessage)); }

TEST(Reader, FailsCleanlyAtEveryTruncationPoint) {
  for (size_t n = 0; n < kMessage.size(); ++n) {
    EXPECT_FALSE(parse_message(std::span(kMessage).first(n))) << "prefix of " << n << " bytes";
  }
}

TEST(Reader, TrailingByteIsDetectedByEmpty) {
  auto longer = kMessage;
  longer.push_back(0);
  EXPECT_FALSE(parse_message(longer));
}

TEST(Reader, FailedGetterConsumesNothing) {
  const std::array<uint8_t, 3> in = {0x01, 0x02, 0x03};
  Reader r(in);
  uint32_t v = 0xdeadbeef;
  EXPECT_FALSE(r.u32(v));
  EXPECT_EQ(v, 0xdeadbeefu);
  EXPECT_EQ(r.remaining(), 3u);
  EXPECT_TRUE(r.u24(v));
  EXPECT_EQ(v, 0x010203u);
}

TEST(Reader, PrefixLongerThanInputIsRejectedWithoutConsuming) {
  const std::array<uint8_t, 3> in = {0x00, 0x05, 0xaa};  // claims 5 bytes, has 1
  Reader r(in);
  Reader body;
  EXPECT_FALSE(r.prefixed(2, body));
  EXPECT_EQ(r.remaining(), 3u);
}

TEST(Reader, ChildReaderIsBoundedToItsBlock) {
  const std::array<uint8_t, 4> in = {0x01, 0xaa, 0xbb, 0xcc};
  Reader r(in);
  Reader body;
  ASSERT_TRUE(r.prefixed(1, body));
  uint16_t v;
  EXPECT_FALSE(body.u16(v));  // the block has one byte, though the parent has more
  EXPECT_EQ(r.remaining(), 2u);
}

TEST(Reader, RejectsUnsupportedPrefixWidths) {
  const std::array<uint8_t, 8> in{};
  Reader r(in);
  Reader body;
  EXPECT_FALSE(r.prefixed(0, body));
  EXPECT_FALSE(r.prefixed(4, body));
  EXPECT_EQ(r.remaining(), 8u);
}

TEST(Reader, BytesAreViewsIntoTheInput) {
  const std::array<uint8_t, 3> in = {1, 2, 3};
  Reader r(in);
  std::span<const uint8_t> out;
  ASSERT_TRUE(r.skip(1));
  ASSERT_TRUE(r.bytes(2, out));
  EXPECT_EQ(out.data(), in.data() + 1);
  EXPECT_TRUE(r.empty());
  EXPECT_FALSE(r.skip(1));
}

}  // namespace
}  // namespace parley
