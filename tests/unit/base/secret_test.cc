#include "base/secret.h"

#include <gtest/gtest.h>

#include <array>
#include <type_traits>

#include "base/ct.h"

namespace parley {
namespace {

static_assert(!std::is_copy_constructible_v<SecretBytes>, "secrets are move-only");
static_assert(!std::is_copy_assignable_v<SecretBytes>, "secrets are move-only");
static_assert(!std::is_copy_constructible_v<SecretBuffer>, "secrets are move-only");
static_assert(!std::equality_comparable<SecretBytes>, "compare secrets with ct::equal");

TEST(SecretBytes, HoldsACopyOfTheInput) {
  const std::array<uint8_t, 4> in = {1, 2, 3, 4};
  SecretBytes s(in);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_TRUE(ct::equal(s.view(), in));
}

TEST(SecretBytes, MovedFromIsEmptyAndWiped) {
  const std::array<uint8_t, 4> in = {9, 9, 9, 9};
  SecretBytes a(in);
  SecretBytes b(std::move(a));
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is specified
  EXPECT_TRUE(ct::equal(b.view(), in));
  SecretBytes c;
  c = std::move(b);
  EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(c.size(), 4u);
}

TEST(SecretBytes, ZeroedHasTheRequestedSize) {
  auto s = SecretBytes::zeroed(48);
  EXPECT_EQ(s.size(), 48u);
  for (uint8_t b : s.view()) EXPECT_EQ(b, 0);
}

TEST(SecretBytesDeathTest, MoreThanCapacityAborts) {
  std::array<uint8_t, SecretBytes::kCapacity + 1> big{};
  EXPECT_DEATH(SecretBytes{big}, "");
}

TEST(SecureWipe, ZeroesTheBuffer) {
  std::array<uint8_t, 16> buf;
  buf.fill(0xab);
  secure_wipe(buf.data(), buf.size());
  for (uint8_t b : buf) EXPECT_EQ(b, 0);
}

TEST(ConstantTime, EqualComparesLengthAndContent) {
  const std::array<uint8_t, 3> a = {1, 2, 3};
  const std::array<uint8_t, 3> b = {1, 2, 4};
  const std::array<uint8_t, 2> c = {1, 2};
  EXPECT_TRUE(ct::equal(a, a));
  EXPECT_FALSE(ct::equal(a, b));
  EXPECT_FALSE(ct::equal(a, c));
  EXPECT_TRUE(ct::equal(std::span<const uint8_t>(), std::span<const uint8_t>()));
}

}  // namespace
}  // namespace parley
