#include "base/writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "base/reader.h"

namespace parley {
namespace {

using Bytes = std::vector<uint8_t>;

TEST(Writer, WritesIntegersBigEndian) {
  Writer w;
  w.u8(0x01);
  w.u16(0x0203);
  w.u24(0x040506);
  w.u32(0x0708090a);
  auto out = std::move(w).finish();
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, (Bytes{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
}

TEST(Writer, I64RoundTripsThroughTheReaderIncludingNegativeValues) {
  for (const int64_t v : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{0x0102030405060708}, INT64_MIN, INT64_MAX}) {
    Writer w;
    w.i64(v);
    auto out = std::move(w).finish();
    ASSERT_TRUE(out);
    ASSERT_EQ(out->size(), 8u);
    Reader r(*out);
    int64_t back = 0;
    ASSERT_TRUE(r.i64(back));
    EXPECT_EQ(back, v);
    EXPECT_TRUE(r.empty());
  }
  Writer w;
  w.i64(0x0102030405060708);
  EXPECT_EQ(*std::move(w).finish(), (Bytes{1, 2, 3, 4, 5, 6, 7, 8}));
  const Bytes seven = {1, 2, 3, 4, 5, 6, 7};
  Reader short_one(seven);
  int64_t v = 0;
  EXPECT_FALSE(short_one.i64(v));
  EXPECT_EQ(short_one.remaining(), 7u) << "a short read consumes nothing";
}

TEST(Writer, PatchesNestedPrefixesWhenTheyClose) {
  Writer w;
  {
    auto outer = w.prefixed(2);
    w.u8(0xaa);
    {
      auto inner = w.prefixed(1);
      w.bytes(Bytes{0xbb, 0xcc});
    }
    {
      auto empty = w.prefixed(3);
    }
  }
  auto out = std::move(w).finish();
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, (Bytes{0x00, 0x07, 0xaa, 0x02, 0xbb, 0xcc, 0x00, 0x00, 0x00}));
}

TEST(Writer, PrefixOverflowIsAnErrorNotATruncation) {
  Writer w;
  {
    auto p = w.prefixed(1);
    w.zeros(256);
  }
  EXPECT_FALSE(w.ok());
  EXPECT_FALSE(std::move(w).finish());
}

TEST(Writer, PrefixAtItsLimitIsAccepted) {
  Writer w;
  {
    auto p = w.prefixed(1);
    w.zeros(255);
  }
  auto out = std::move(w).finish();
  ASSERT_TRUE(out);
  EXPECT_EQ(out->size(), 256u);
  EXPECT_EQ((*out)[0], 0xff);
}

TEST(Writer, U24AboveRangeFailsTheWriter) {
  Writer w;
  w.u24(0x1000000);
  EXPECT_FALSE(std::move(w).finish());
}

TEST(Writer, ErrorIsSticky) {
  Writer w;
  {
    auto p = w.prefixed(1);
    w.zeros(300);
  }
  w.u8(1);  // later writes do not clear the error
  EXPECT_FALSE(w.ok());
}

TEST(Writer, ClosedEarlyPrefixIsNotPatchedTwice) {
  Writer w;
  auto p = w.prefixed(1);
  w.u8(0x11);
  p.close();
  w.u8(0x22);  // written after the block; must not count into it
  p.close();
  auto out = std::move(w).finish();
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, (Bytes{0x01, 0x11, 0x22}));
}

TEST(Writer, RoundTripsThroughReader) {
  Writer w;
  {
    auto p = w.prefixed(3);
    w.u16(0xbeef);
  }
  auto out = std::move(w).finish();
  ASSERT_TRUE(out);
  Reader r(*out);
  Reader body;
  uint16_t v;
  ASSERT_TRUE(r.prefixed(3, body));
  ASSERT_TRUE(body.u16(v));
  EXPECT_TRUE(body.empty());
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(v, 0xbeef);
}

TEST(Writer, ReusesTheGivenBuffer) {
  Bytes buffer;
  buffer.reserve(64);
  buffer.push_back(0x99);
  const uint8_t* storage = buffer.data();
  Writer w(std::move(buffer));
  w.u8(1);
  auto out = std::move(w).finish();
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, Bytes{1});  // cleared first
  EXPECT_EQ(out->data(), storage);
}

}  // namespace
}  // namespace parley
