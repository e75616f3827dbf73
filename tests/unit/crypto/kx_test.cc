// Key exchange: X25519 (RFC 7748 §5.2, §6.1) and ECDHE on P-256/P-384.
#include <gtest/gtest.h>

#include "crypto/testing/deterministic.h"
#include "test_util.h"

namespace parley::crypto {
namespace {

using test::hex;
using test::P;
using test::to_hex;

const KxGroup& group(Group g) {
  const KxGroup* k = P().group(g);
  if (k == nullptr) std::abort();
  return *k;
}

// X25519(scalar, u) through the KeyShare interface: the scalar is scripted as the Rng output.
Result<SecretBytes> x25519(std::string_view scalar, std::string_view u) {
  testing::ScriptedRng rng;
  rng.push(hex(scalar));
  auto share = group(Group::x25519).start(rng);
  if (!share) return Unexpected(share.error());
  return std::move(**share).complete(hex(u));
}

TEST(X25519, MatchesRfc7748Section5_2) {
  auto a = x25519("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                  "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
  ASSERT_TRUE(a);
  EXPECT_EQ(to_hex(a->view()), "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
  auto b = x25519("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                  "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493");
  ASSERT_TRUE(b);
  EXPECT_EQ(to_hex(b->view()), "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
}

const char* kAlicePriv = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
const char* kAlicePub = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
const char* kBobPriv = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
const char* kBobPub = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
const char* kShared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

TEST(X25519, AliceAndBobFromRfc7748Section6_1) {
  testing::ScriptedRng rng;
  rng.push(hex(kAlicePriv));
  rng.push(hex(kBobPriv));
  auto alice = group(Group::x25519).start(rng);
  ASSERT_TRUE(alice);
  EXPECT_EQ(to_hex((*alice)->public_key()), kAlicePub);
  EXPECT_EQ((*alice)->group(), Group::x25519);
  // Bob answers in one step, as a server does.
  auto bob = group(Group::x25519).respond((*alice)->public_key(), rng);
  ASSERT_TRUE(bob);
  EXPECT_EQ(to_hex(bob->first), kBobPub);
  EXPECT_EQ(to_hex(bob->second.view()), kShared);
  auto k = std::move(**alice).complete(bob->first);
  ASSERT_TRUE(k);
  EXPECT_EQ(to_hex(k->view()), kShared);
  EXPECT_EQ(rng.pending(), 0u);
}

TEST(X25519, RejectsLowOrderPointsWithAllZeroResult) {
  // u = 0, u = 1 and a point of order 8: X25519 of any scalar is all zeros (RFC 7748 §6.1).
  for (const char* u : {"0000000000000000000000000000000000000000000000000000000000000000",
                        "0100000000000000000000000000000000000000000000000000000000000000",
                        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"}) {
    SCOPED_TRACE(u);
    auto r = x25519(kAlicePriv, u);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().alert, Alert::illegal_parameter);
    testing::ScriptedRng rng;
    EXPECT_FALSE(group(Group::x25519).respond(hex(u), rng));
  }
}

TEST(X25519, RejectsWrongLengthShares) {
  EXPECT_FALSE(x25519(kAlicePriv, std::string(kBobPub).substr(0, 62)));
  EXPECT_FALSE(x25519(kAlicePriv, std::string(kBobPub) + "00"));
  testing::ScriptedRng rng;
  EXPECT_FALSE(group(Group::x25519).respond({}, rng));
}

class EcdheTest : public ::testing::TestWithParam<Group> {};

TEST_P(EcdheTest, BothSidesAgree) {
  const KxGroup& g = group(GetParam());
  size_t point_len = GetParam() == Group::secp256r1 ? 65 : 97;
  auto client = g.start(*P().rng);
  ASSERT_TRUE(client);
  ASSERT_EQ((*client)->public_key().size(), point_len);
  EXPECT_EQ((*client)->public_key()[0], 0x04);
  auto server = g.respond((*client)->public_key(), *P().rng);
  ASSERT_TRUE(server);
  EXPECT_EQ(server->first.size(), point_len);
  auto k = std::move(**client).complete(server->first);
  ASSERT_TRUE(k);
  EXPECT_EQ(k->size(), (point_len - 1) / 2);
  EXPECT_EQ(to_hex(k->view()), to_hex(server->second.view()));
}

TEST_P(EcdheTest, RejectsOffCurveCompressedAndWrongLengthPoints) {
  const KxGroup& g = group(GetParam());
  auto other = g.start(*P().rng);
  ASSERT_TRUE(other);
  const Bytes good((*other)->public_key().begin(), (*other)->public_key().end());

  Bytes off_curve = good;
  off_curve.back() ^= 0x01;  // y no longer matches x
  Bytes compressed(good.begin(), good.begin() + 1 + (good.size() - 1) / 2);
  compressed[0] = static_cast<uint8_t>(0x02 | (good.back() & 1));
  Bytes truncated(good.begin(), good.end() - 1);
  Bytes longer = good;
  longer.push_back(0);
  Bytes hybrid = good;
  hybrid[0] = 0x06;
  Bytes infinity(good.size(), 0);
  infinity[0] = 0x04;

  for (const Bytes* bad : {&off_curve, &compressed, &truncated, &longer, &hybrid, &infinity}) {
    auto share = g.start(*P().rng);
    ASSERT_TRUE(share);
    auto r = std::move(**share).complete(*bad);
    ASSERT_FALSE(r) << to_hex(*bad);
    EXPECT_EQ(r.error().alert, Alert::illegal_parameter);
    EXPECT_FALSE(g.respond(*bad, *P().rng));
  }
  // And the untouched point still works, so the rejections above are about the bytes.
  auto share = g.start(*P().rng);
  ASSERT_TRUE(share);
  EXPECT_TRUE(std::move(**share).complete(good));
}

INSTANTIATE_TEST_SUITE_P(Nist, EcdheTest, ::testing::Values(Group::secp256r1, Group::secp384r1));

TEST(KxGroups, ProviderOffersX25519ThenP256ThenP384) {
  ASSERT_EQ(P().groups.size(), 3u);
  EXPECT_EQ(P().groups[0]->group(), Group::x25519);
  EXPECT_EQ(P().groups[0]->name(), "x25519");
  EXPECT_EQ(P().groups[1]->group(), Group::secp256r1);
  EXPECT_EQ(P().groups[2]->group(), Group::secp384r1);
  EXPECT_EQ(P().group(Group::secp384r1), P().groups[2]);
}

}  // namespace
}  // namespace parley::crypto
