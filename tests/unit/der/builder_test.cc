#include "der/builder.h"

#include <gtest/gtest.h>

#include "der/oid.h"
#include "der/strings.h"
#include "der/time.h"
#include "unit/der/test_util.h"

namespace parley::der {
namespace {

using testing::Bytes;
using testing::hex;

template <class F>
Bytes build(F&& f) {
  Builder b;
  f(b);
  auto out = std::move(b).finish();
  EXPECT_TRUE(out) << out.error().message();
  return out ? *out : Bytes();
}

template <class F>
Error build_error(F&& f) {
  Builder b;
  f(b);
  auto out = std::move(b).finish();
  EXPECT_FALSE(out);
  return out ? Error{} : out.error();
}

Bytes header_of(const Bytes& b, size_t n) { return Bytes(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n)); }

TEST(DerBuilder, PrimitiveLengthEncodings) {
  EXPECT_EQ(header_of(build([](Builder& b) { b.octet_string(Bytes(127)); }), 2), hex("04 7f"));
  EXPECT_EQ(header_of(build([](Builder& b) { b.octet_string(Bytes(128)); }), 3), hex("04 81 80"));
  EXPECT_EQ(header_of(build([](Builder& b) { b.octet_string(Bytes(255)); }), 3), hex("04 81 ff"));
  EXPECT_EQ(header_of(build([](Builder& b) { b.octet_string(Bytes(256)); }), 4), hex("04 82 01 00"));
  EXPECT_EQ(header_of(build([](Builder& b) { b.octet_string(Bytes(65536)); }), 5), hex("04 83 01 00 00"));
  EXPECT_EQ(build([](Builder& b) { b.octet_string({}); }), hex("04 00"));
}

TEST(DerBuilder, ScopeLengthEncodings) {
  for (size_t n : {0u, 1u, 127u, 128u, 255u, 256u, 65535u, 65536u, 70000u}) {
    SCOPED_TRACE(n);
    const Bytes der = build([n](Builder& b) {
      auto seq = b.sequence();
      b.implicit(context(0), Bytes(n >= 2 ? n - 2 : 0, 0x11));
    });
    Parser p(der);
    auto seq = p.read_sequence();
    ASSERT_TRUE(seq);
    EXPECT_TRUE(p.expect_end());
  }
  EXPECT_EQ(header_of(build([](Builder& b) {
                        auto s = b.sequence();
                        b.octet_string(Bytes(125));
                      }),
                      2),
            hex("30 7f"));
  EXPECT_EQ(header_of(build([](Builder& b) {
                        auto s = b.sequence();
                        b.octet_string(Bytes(126));
                      }),
                      3),
            hex("30 81 80"));
}

TEST(DerBuilder, IntegersFromInt64) {
  EXPECT_EQ(build([](Builder& b) { b.integer(0); }), hex("02 01 00"));
  EXPECT_EQ(build([](Builder& b) { b.integer(127); }), hex("02 01 7f"));
  EXPECT_EQ(build([](Builder& b) { b.integer(128); }), hex("02 02 00 80"));
  EXPECT_EQ(build([](Builder& b) { b.integer(256); }), hex("02 02 01 00"));
  EXPECT_EQ(build([](Builder& b) { b.integer(-1); }), hex("02 01 ff"));
  EXPECT_EQ(build([](Builder& b) { b.integer(-128); }), hex("02 01 80"));
  EXPECT_EQ(build([](Builder& b) { b.integer(-129); }), hex("02 02 ff 7f"));
  EXPECT_EQ(build([](Builder& b) { b.integer(INT64_MAX); }), hex("02 08 7f ff ff ff ff ff ff ff"));
  EXPECT_EQ(build([](Builder& b) { b.integer(INT64_MIN); }), hex("02 08 80 00 00 00 00 00 00 00"));
  EXPECT_EQ(build([](Builder& b) { b.enumerated(1); }), hex("0a 01 01"));
}

TEST(DerBuilder, IntegersParseBack) {
  for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{127}, int64_t{128}, int64_t{255}, int64_t{256}, int64_t{65535},
                    int64_t{1} << 40, INT64_MAX}) {
    const Bytes der = build([v](Builder& b) { b.integer(v); });
    Parser p(der);
    auto value = p.read(kInteger);
    ASSERT_TRUE(value);
    ASSERT_TRUE(parse_integer(*value));
    EXPECT_EQ(parse_uint64(*value).value(), static_cast<uint64_t>(v));
  }
  for (int64_t v : {int64_t{-1}, int64_t{-128}, int64_t{-129}, INT64_MIN}) {
    const Bytes der = build([v](Builder& b) { b.integer(v); });
    Parser p(der);
    auto value = p.read(kInteger);
    ASSERT_TRUE(value);
    ASSERT_TRUE(parse_integer(*value));
    EXPECT_TRUE(is_negative(*value));
  }
}

TEST(DerBuilder, UnsignedIntegersFromBigEndianBytes) {
  EXPECT_EQ(build([](Builder& b) { b.unsigned_integer({}); }), hex("02 01 00"));
  EXPECT_EQ(build([](Builder& b) { b.unsigned_integer(hex("00 00")); }), hex("02 01 00"));
  EXPECT_EQ(build([](Builder& b) { b.unsigned_integer(hex("00 00 01")); }), hex("02 01 01"));
  EXPECT_EQ(build([](Builder& b) { b.unsigned_integer(hex("80")); }), hex("02 02 00 80"));
  EXPECT_EQ(build([](Builder& b) { b.unsigned_integer(hex("00 ff 01")); }), hex("02 03 00 ff 01"));
  EXPECT_EQ(build([](Builder& b) { b.unsigned_integer(hex("7f ff")); }), hex("02 02 7f ff"));
  // A 16-byte serial with the high bit set gets a 17-byte encoding.
  const Bytes serial(16, 0xee);
  const Bytes der = build([&](Builder& b) { b.unsigned_integer(serial); });
  ASSERT_EQ(der.size(), 2u + 17u);
  EXPECT_EQ(header_of(der, 3), hex("02 11 00"));
}

TEST(DerBuilder, SimpleTypes) {
  EXPECT_EQ(build([](Builder& b) { b.boolean(true); }), hex("01 01 ff"));
  EXPECT_EQ(build([](Builder& b) { b.boolean(false); }), hex("01 01 00"));
  EXPECT_EQ(build([](Builder& b) { b.null(); }), hex("05 00"));
  EXPECT_EQ(build([](Builder& b) { b.oid(kSha256WithRsa); }), hex("06 09 2a 86 48 86 f7 0d 01 01 0b"));
  EXPECT_EQ(build([](Builder& b) { b.bit_string({}); }), hex("03 01 00"));
  EXPECT_EQ(build([](Builder& b) { b.bit_string(hex("86"), 1); }), hex("03 02 01 86"));
  EXPECT_EQ(build([](Builder& b) { b.implicit(context(2), testing::bytes_of("abc")); }), hex("82 03 61 62 63"));
  EXPECT_EQ(build([](Builder& b) { b.utf8_string("h\xc3\xa9"); }), hex("0c 03 68 c3 a9"));
  EXPECT_EQ(build([](Builder& b) { b.printable_string("US"); }), hex("13 02 55 53"));
  EXPECT_EQ(build([](Builder& b) { b.ia5_string("a@b"); }), hex("16 03 61 40 62"));
}

TEST(DerBuilder, Times) {
  const Bytes y2049 = build([](Builder& b) { b.time(2524607999); });  // 2049-12-31T23:59:59Z
  EXPECT_EQ(y2049, hex("17 0d 34 39 31 32 33 31 32 33 35 39 35 39 5a"));
  const Bytes y2050 = build([](Builder& b) { b.time(2524608000); });
  EXPECT_EQ(Bytes(y2050.begin() + 2, y2050.end()), testing::to_bytes(testing::bytes_of("20500101000000Z")));
  EXPECT_EQ(y2050[0], kGeneralizedTime.octet);
  const Bytes y1949 = build([](Builder& b) { b.time(-631152001); });
  EXPECT_EQ(y1949[0], kGeneralizedTime.octet);
  const Bytes y1950 = build([](Builder& b) { b.time(-631152000); });
  EXPECT_EQ(y1950[0], kUtcTime.octet);
  const Bytes forced = build([](Builder& b) { b.generalized_time(0); });
  EXPECT_EQ(forced[0], kGeneralizedTime.octet);

  Parser p(y2050);
  EXPECT_EQ(read_time(p).value(), 2524608000);
}

TEST(DerBuilder, RecordsFirstErrorForInvalidInput) {
  EXPECT_STREQ(build_error([](Builder& b) { b.oid(hex("2a 86")); }).what, "DER: truncated OID arc");
  EXPECT_STREQ(build_error([](Builder& b) { b.bit_string(hex("ff"), 8); }).what,
               "DER builder: BIT STRING unused bits above 7");
  EXPECT_STREQ(build_error([](Builder& b) { b.bit_string({}, 1); }).what,
               "DER builder: empty BIT STRING with unused bits");
  EXPECT_STREQ(build_error([](Builder& b) { b.bit_string(hex("87"), 1); }).what,
               "DER builder: BIT STRING unused bits not zero");
  EXPECT_STREQ(build_error([](Builder& b) { b.printable_string("a@b"); }).what,
               "DER builder: invalid character for PrintableString");
  EXPECT_STREQ(build_error([](Builder& b) { b.utf8_string("\xc0\x80"); }).what,
               "DER builder: invalid UTF-8 for UTF8String");
  EXPECT_STREQ(build_error([](Builder& b) { b.ia5_string("\xc3\xa9"); }).what,
               "DER builder: non-ASCII character for IA5String");
  EXPECT_STREQ(build_error([](Builder& b) { b.utc_time(2524608000); }).what,
               "DER: time outside the UTCTime range 1950-2049");
  EXPECT_STREQ(build_error([](Builder& b) { b.implicit(context(40), {}); }).what,
               "DER builder: high tag numbers not supported");
  EXPECT_STREQ(build_error([](Builder& b) { auto s = b.constructed(kInteger); }).what,
               "DER builder: constructed() needs a constructed tag");
  // The first error wins.
  EXPECT_STREQ(build_error([](Builder& b) {
                 b.printable_string("@");
                 b.oid({});
               }).what,
               "DER builder: invalid character for PrintableString");
}

TEST(DerBuilder, RawAcceptsExactlyOneElement) {
  EXPECT_EQ(build([](Builder& b) {
              auto s = b.sequence();
              b.raw(hex("02 01 05"));
            }),
            hex("30 03 02 01 05"));
  EXPECT_STREQ(build_error([](Builder& b) { b.raw(hex("02 01 05 05 00")); }).what,
               "DER builder: raw() input is more than one element");
  EXPECT_STREQ(build_error([](Builder& b) { b.raw(hex("02 02 05")); }).what, "DER: length exceeds input");
  EXPECT_STREQ(build_error([](Builder& b) { b.raw({}); }).what, "DER: unexpected end of input");
}

TEST(DerBuilder, ScopesMustCloseInOrder) {
  EXPECT_STREQ(build_error([](Builder& b) {
                 auto outer = b.sequence();
                 auto inner = b.sequence();
                 outer.close();
               }).what,
               "DER builder: scopes closed out of order");
  Builder b;
  auto open = b.sequence();
  auto out = std::move(b).finish();
  ASSERT_FALSE(out);
  EXPECT_STREQ(out.error().what, "DER builder: finish() with scopes still open");
}

TEST(DerBuilder, ExplicitCloseAndMovedScopes) {
  const Bytes der = build([](Builder& b) {
    auto s = b.sequence();
    b.null();
    auto moved = std::move(s);
    moved.close();
    moved.close();  // idempotent
    b.null();
  });
  EXPECT_EQ(der, hex("30 02 05 00 05 00"));
}

TEST(DerBuilder, EncapsulatingScopes) {
  const Bytes der = build([](Builder& b) {
    auto seq = b.sequence();
    {
      auto os = b.octet_string_scope();
      auto inner = b.sequence();
      b.boolean(true);
    }
    {
      auto bs = b.bit_string_scope();
      b.integer(5);
    }
  });
  EXPECT_EQ(der, hex("30 0d 04 05 30 03 01 01 ff 03 04 00 02 01 05"));
  Parser p(der);
  auto seq = p.read_sequence().value();
  auto os = seq.read(kOctetString).value();
  EXPECT_TRUE(Parser(os).read_sequence());
  auto key = parse_bit_string_bytes(seq.read(kBitString).value()).value();
  EXPECT_EQ(testing::to_bytes(key), hex("02 01 05"));
}

// Each level: SEQUENCE { INTEGER depth, [0] { next level } }, padded so lengths cross 127 and 255.
void build_nested(Builder& b, int depth) {
  auto seq = b.sequence();
  b.integer(depth);
  b.octet_string(Bytes(static_cast<size_t>(depth % 3) * 60, 0x42));
  if (depth == 0) return;
  auto ctx = b.constructed(context_constructed(0));
  build_nested(b, depth - 1);
}

Result<int> parse_nested(Parser& p) {
  auto seq = PARLEY_TRY(p.read_sequence());
  const Input depth_value = PARLEY_TRY(seq.read(kInteger));
  const auto depth = static_cast<int>(PARLEY_TRY(parse_uint64(depth_value)));
  auto pad = PARLEY_TRY(seq.read(kOctetString));
  if (pad.size() != static_cast<size_t>(depth % 3) * 60) return err::decode("bad pad");
  int levels = 1;
  if (depth > 0) {
    auto ctx = PARLEY_TRY(seq.read_constructed(context_constructed(0)));
    levels += PARLEY_TRY(parse_nested(ctx));
    PARLEY_TRY(ctx.expect_end());
  }
  PARLEY_TRY(seq.expect_end());
  return levels;
}

TEST(DerBuilder, DeepNestingRoundTrips) {
  const Bytes der = build([](Builder& b) { build_nested(b, 300); });
  Parser p(der);
  auto levels = parse_nested(p);
  ASSERT_TRUE(levels) << levels.error().message();
  EXPECT_EQ(*levels, 301);
  EXPECT_TRUE(p.expect_end());
}

TEST(DerBuilder, CertificateShapedRoundTrip) {
  const Bytes der = build([](Builder& b) {
    auto cert = b.sequence();
    {
      auto tbs = b.sequence();
      {
        auto v = b.constructed(context_constructed(0));
        b.integer(2);
      }
      b.unsigned_integer(hex("01 02 03"));
      {
        auto alg = b.sequence();
        b.oid(kEcdsaWithSha256);
      }
      {
        auto name = b.sequence();
        auto rdn = b.set();
        auto atv = b.sequence();
        b.oid(kCommonName);
        b.utf8_string("parley test");
      }
      {
        auto validity = b.sequence();
        b.time(1795468735);
        b.time(2110828735);
      }
    }
    {
      auto alg = b.sequence();
      b.oid(kEcdsaWithSha256);
    }
    b.bit_string(hex("30 06 02 01 01 02 01 01"));
  });

  Parser top(der);
  auto cert = top.read_sequence().value();
  ASSERT_TRUE(top.expect_end());
  auto tbs_raw = cert.read_raw(kSequence).value();
  Parser tbs = Parser(tbs_raw).read_sequence().value();
  auto version = tbs.read_constructed(context_constructed(0)).value();
  EXPECT_EQ(parse_uint64(version.read(kInteger).value()).value(), 2u);
  EXPECT_EQ(parse_uint64(tbs.read(kInteger).value()).value(), 0x010203u);
  auto alg = tbs.read_sequence().value();
  EXPECT_TRUE(equal(alg.read(kOid).value(), kEcdsaWithSha256));
  auto name = tbs.read_sequence().value();
  auto rdn = name.read_set().value();
  auto atv = rdn.read_sequence().value();
  EXPECT_TRUE(equal(atv.read(kOid).value(), kCommonName));
  EXPECT_EQ(utf8_string_to_utf8(atv.read(kUtf8String).value()).value(), "parley test");
  auto validity = tbs.read_sequence().value();
  EXPECT_EQ(read_time(validity).value(), 1795468735);
  EXPECT_EQ(read_time(validity).value(), 2110828735);
  EXPECT_TRUE(tbs.expect_end());
  EXPECT_TRUE(cert.read_sequence());
  EXPECT_TRUE(parse_bit_string(cert.read(kBitString).value()));
  EXPECT_TRUE(cert.expect_end());
}

}  // namespace
}  // namespace parley::der
