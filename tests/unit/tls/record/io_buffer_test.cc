// IoBuffer: the byte queue behind a connection's output and received plaintext.
#include <gtest/gtest.h>

#include <vector>

#include "tls/record/io_buffer.h"

namespace parley::tls::record {
namespace {

std::vector<uint8_t> held(const IoBuffer& b) { return {b.data().begin(), b.data().end()}; }

TEST(IoBuffer, StartsWithoutStorage) {
  IoBuffer b;
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.capacity(), 0u);
  EXPECT_TRUE(b.data().empty());
}

TEST(IoBuffer, AppendsAtTheBackAndConsumesFromTheFront) {
  IoBuffer b;
  b.append(std::vector<uint8_t>{1, 2, 3});
  auto room = b.grow(2);
  room[0] = 4;
  room[1] = 5;
  EXPECT_EQ(held(b), (std::vector<uint8_t>{1, 2, 3, 4, 5}));
  b.consume(2);
  EXPECT_EQ(held(b), (std::vector<uint8_t>{3, 4, 5}));
  b.truncate(1);
  EXPECT_EQ(held(b), (std::vector<uint8_t>{3}));
}

TEST(IoBuffer, KeepsItsStorageWhenDrained) {
  IoBuffer b;
  b.grow(1000);
  const uint8_t* storage = b.data().data();
  b.consume(1000);
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.capacity(), 1000u);
  b.grow(1000);
  EXPECT_EQ(b.data().data(), storage);  // reused from the front: no allocation
}

TEST(IoBuffer, ReclaimsTheConsumedFrontBeforeGrowing) {
  IoBuffer b;
  b.grow(100);
  b.consume(60);
  const uint8_t* storage = b.data().data() - 60;
  b.append(std::vector<uint8_t>(50, 7));  // 40 held + 50 fit in 100 once the front is reclaimed
  EXPECT_EQ(b.capacity(), 100u);
  EXPECT_EQ(b.data().data(), storage);
  EXPECT_EQ(b.size(), 90u);
  EXPECT_EQ(b.data()[89], 7);
}

TEST(IoBuffer, GrowsKeepingWhatIsHeld) {
  IoBuffer b;
  b.append(std::vector<uint8_t>{1, 2, 3});
  b.consume(1);
  b.grow(5000);
  EXPECT_GE(b.capacity(), 5002u);
  EXPECT_EQ(b.data()[0], 2);
  EXPECT_EQ(b.data()[1], 3);
  // Growth is geometric, so appending many records costs few reallocations.
  const size_t cap = b.capacity();
  b.grow(cap - b.size() + 1);
  EXPECT_GE(b.capacity(), cap + cap / 2);
}

TEST(IoBuffer, ReleaseFreesOnlyAnEmptyBuffer) {
  IoBuffer b;
  b.append(std::vector<uint8_t>{1});
  b.release();
  EXPECT_EQ(b.capacity(), 1u);
  EXPECT_EQ(held(b), (std::vector<uint8_t>{1}));
  b.consume(1);
  b.release();
  EXPECT_EQ(b.capacity(), 0u);
  b.append(std::vector<uint8_t>{2});  // usable again
  EXPECT_EQ(held(b), (std::vector<uint8_t>{2}));
}

}  // namespace
}  // namespace parley::tls::record
