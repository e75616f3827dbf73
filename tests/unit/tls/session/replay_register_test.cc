// The in-memory 0-RTT register (RFC 8446 §8.1): once per ticket, bounded,
// entries dropped when their ticket has expired.
#include <gtest/gtest.h>

#include <vector>

#include "parley/session.h"

namespace parley {
namespace {

std::vector<uint8_t> id(uint8_t n) { return std::vector<uint8_t>(20, n); }

TEST(MemoryReplayRegister, SecondUseOfATicketIsAReplay) {
  auto r = memory_replay_register(10);
  EXPECT_TRUE(r->first_use(id(1), 2000, 1000));
  EXPECT_FALSE(r->first_use(id(1), 2000, 1001));
  EXPECT_TRUE(r->first_use(id(2), 2000, 1001));
}

TEST(MemoryReplayRegister, WhenFullItRefusesRatherThanForgets) {
  auto r = memory_replay_register(2);
  EXPECT_TRUE(r->first_use(id(1), 2000, 1000));
  EXPECT_TRUE(r->first_use(id(2), 2000, 1000));
  EXPECT_FALSE(r->first_use(id(3), 2000, 1000));
  EXPECT_FALSE(r->first_use(id(1), 2000, 1000));  // still remembered
}

TEST(MemoryReplayRegister, ExpiredEntriesMakeRoom) {
  auto r = memory_replay_register(2);
  EXPECT_TRUE(r->first_use(id(1), 1500, 1000));
  EXPECT_TRUE(r->first_use(id(2), 3000, 1000));
  EXPECT_TRUE(r->first_use(id(3), 3000, 1600));  // id 1's ticket expired at 1500
  EXPECT_FALSE(r->first_use(id(2), 3000, 1600));
}

}  // namespace
}  // namespace parley
