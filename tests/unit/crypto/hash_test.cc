// SHA-2 (FIPS 180-4 examples), HMAC (RFC 4231) and HKDF (RFC 5869).
#include <gtest/gtest.h>

#include "test_util.h"

namespace parley::crypto {
namespace {

using test::bytes;
using test::hex;
using test::P;
using test::to_hex;

const char* kAbc448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

struct ShaCase {
  HashAlg alg;
  const char* abc;
  const char* msg448;
};

const ShaCase kSha[] = {
    {HashAlg::sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {HashAlg::sha384,
     "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
     "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6b0455a8520bc4e6f5fe95b1fe3c8452b"},
    {HashAlg::sha512,
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a"
     "9ac94fa54ca49f",
     "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354"
     "ec631238ca3445"},
};

TEST(Sha2, OneShotMatchesFips180Examples) {
  for (const ShaCase& c : kSha) {
    const Hash& h = P().hash(c.alg);
    EXPECT_EQ(h.alg(), c.alg);
    EXPECT_EQ(h.len() * 2, std::string_view(c.abc).size());
    EXPECT_EQ(to_hex(h.digest(bytes("abc")).view()), c.abc);
    EXPECT_EQ(to_hex(h.digest(bytes(kAbc448)).view()), c.msg448);
  }
}

TEST(Sha2, IncrementalUpdatesMatchOneShot) {
  for (const ShaCase& c : kSha) {
    auto ctx = P().hash(c.alg).start();
    std::string_view m = kAbc448;
    // Uneven pieces, including an empty one.
    ctx->update(bytes(m.substr(0, 1)));
    ctx->update({});
    ctx->update(bytes(m.substr(1, 20)));
    ctx->update(bytes(m.substr(21)));
    EXPECT_EQ(to_hex(ctx->digest().view()), c.msg448);
  }
}

TEST(Sha2, DigestDoesNotEndTheRunningHash) {
  auto ctx = P().sha256->start();
  ctx->update(bytes("ab"));
  SecretBytes partial = ctx->digest();
  EXPECT_EQ(to_hex(partial.view()), to_hex(P().sha256->digest(bytes("ab")).view()));
  ctx->update(bytes("c"));
  EXPECT_EQ(to_hex(ctx->digest().view()), kSha[0].abc);
  EXPECT_EQ(to_hex(ctx->digest().view()), kSha[0].abc);  // asking twice changes nothing
}

TEST(Sha2, CloneIsIndependent) {
  auto a = P().sha256->start();
  a->update(bytes("ab"));
  auto b = a->clone();
  a->update(bytes("c"));
  b->update(bytes("x"));
  EXPECT_EQ(to_hex(a->digest().view()), kSha[0].abc);
  EXPECT_EQ(to_hex(b->digest().view()), to_hex(P().sha256->digest(bytes("abx")).view()));
}

// RFC 4231 §4.2–4.8 (case 5, truncated output, omitted).
struct HmacCase {
  std::vector<uint8_t> key, data;
  const char *s256, *s384, *s512;
};

TEST(Hmac, MatchesRfc4231) {
  const std::vector<uint8_t> aa131 = test::repeat(0xaa, 131);
  const HmacCase cases[] = {
      {test::repeat(0x0b, 20), bytes("Hi There"),
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
       "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
       "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f170"
       "2e696c203a126854"},
      {bytes("Jefe"), bytes("what do ya want for nothing?"),
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
       "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
       "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b"
       "636e070a38bce737"},
      {test::repeat(0xaa, 20), test::repeat(0xdd, 50),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
       "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
       "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee89426"
       "74278859e13292fb"},
      {test::range(0x01, 0x19), test::repeat(0xcd, 50),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
       "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
       "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2d"
       "e2adebeb10a298dd"},
      {aa131, bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
       "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
       "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec"
       "8b915a985d786598"},
      {aa131,
       bytes("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be "
             "hashed before being used by the HMAC algorithm."),
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
       "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
       "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de04460"
       "65c97440fa8c6a58"},
  };
  int n = 0;
  for (const HmacCase& c : cases) {
    SCOPED_TRACE(++n);
    EXPECT_EQ(to_hex(P().sha256->hmac(c.key, c.data).view()), c.s256);
    EXPECT_EQ(to_hex(P().sha384->hmac(c.key, c.data).view()), c.s384);
    EXPECT_EQ(to_hex(P().sha512->hmac(c.key, c.data).view()), c.s512);
  }
}

TEST(Hmac, EmptyKeyIsNotThePreviousKey) {
  // HMAC with an empty key equals HMAC with a block of zeros; a stale key must not leak in.
  SecretBytes a = P().sha256->hmac(test::repeat(0x42, 32), bytes("m"));
  SecretBytes b = P().sha256->hmac({}, bytes("m"));
  SecretBytes c = P().sha256->hmac(test::repeat(0x00, 64), bytes("m"));
  EXPECT_NE(to_hex(a.view()), to_hex(b.view()));
  EXPECT_EQ(to_hex(b.view()), to_hex(c.view()));
}

struct HkdfCase {
  std::vector<uint8_t> ikm, salt, info;
  const char* prk;
  const char* okm;
};

TEST(Hkdf, MatchesRfc5869Sha256Cases) {
  const HkdfCase cases[] = {
      {test::repeat(0x0b, 22), test::range(0x00, 0x0c), test::range(0xf0, 0xf9),
       "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
       "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"},
      {test::range(0x00, 0x4f), test::range(0x60, 0xaf), test::range(0xb0, 0xff),
       "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
       "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8"
       "367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"},
      {test::repeat(0x0b, 22), {}, {}, "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
       "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"},
  };
  int n = 0;
  for (const HkdfCase& c : cases) {
    SCOPED_TRACE(++n);
    SecretBytes prk = P().sha256->hkdf_extract(c.salt, c.ikm);
    EXPECT_EQ(to_hex(prk.view()), c.prk);
    std::vector<uint8_t> okm(std::string_view(c.okm).size() / 2);
    ASSERT_TRUE(P().sha256->hkdf_expand(prk.view(), c.info, okm));
    EXPECT_EQ(to_hex(okm), c.okm);
  }
}

TEST(Hkdf, ExpandPrefixesAgreeAndLengthIsCapped) {
  SecretBytes prk = P().sha256->hkdf_extract({}, test::repeat(1, 32));
  std::vector<uint8_t> a(12), b(45);
  ASSERT_TRUE(P().sha256->hkdf_expand(prk.view(), bytes("x"), a));
  ASSERT_TRUE(P().sha256->hkdf_expand(prk.view(), bytes("x"), b));
  EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin()));
  std::vector<uint8_t> max(255 * 32), over(255 * 32 + 1);
  EXPECT_TRUE(P().sha256->hkdf_expand(prk.view(), {}, max));
  auto r = P().sha256->hkdf_expand(prk.view(), {}, over);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, Error::Kind::ApiMisuse);
}

TEST(Hkdf, Sha384ExtractIsHmacWithZeroSalt) {
  const Hash& h = *P().sha384;
  SecretBytes prk = h.hkdf_extract({}, bytes("ikm"));
  EXPECT_EQ(prk.size(), 48u);
  EXPECT_EQ(to_hex(prk.view()), to_hex(h.hmac(test::repeat(0, 48), bytes("ikm")).view()));
}

}  // namespace
}  // namespace parley::crypto
