#include "der/parser.h"

#include <gtest/gtest.h>

#include <functional>

#include "unit/der/test_util.h"

namespace parley::der {
namespace {

using testing::Bytes;
using testing::hex;

Result<Element> one(const Bytes& b) {
  Parser p(b);
  auto e = PARLEY_TRY(p.read_element());
  PARLEY_TRY(p.expect_end());
  return e;
}

TEST(DerParser, ReadsSequenceOfIntegerAndBoolean) {
  const Bytes der = hex("30 06 02 01 05 01 01 ff");
  Parser top(der);
  auto seq = top.read_sequence();
  ASSERT_TRUE(seq);
  ASSERT_TRUE(top.expect_end());
  auto i = seq->read(kInteger);
  ASSERT_TRUE(i);
  EXPECT_EQ(parse_uint64(*i).value(), 5u);
  auto b = seq->read(kBoolean);
  ASSERT_TRUE(b);
  EXPECT_TRUE(parse_boolean(*b).value());
  EXPECT_FALSE(seq->has_more());
  EXPECT_TRUE(seq->expect_end());
}

TEST(DerParser, ElementExposesTagValueAndWholeTlv) {
  const Bytes der = hex("a0 03 02 01 02 05 00");
  Parser p(der);
  auto e = p.read_element();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->tag, context_constructed(0));
  EXPECT_TRUE(e->tag.constructed());
  EXPECT_EQ(e->tag.tag_class(), TagClass::ContextSpecific);
  EXPECT_EQ(e->tag.number(), 0);
  EXPECT_EQ(testing::to_bytes(e->value), hex("02 01 02"));
  EXPECT_EQ(testing::to_bytes(e->raw), hex("a0 03 02 01 02"));
  EXPECT_EQ(e->value.data(), der.data() + 2);  // a view, not a copy
  EXPECT_TRUE(p.read(kNull));
  EXPECT_FALSE(p.has_more());
}

TEST(DerParser, TagHelpers) {
  EXPECT_EQ(context(0).octet, 0x80);
  EXPECT_EQ(context(2).octet, 0x82);
  EXPECT_EQ(context_constructed(3).octet, 0xa3);
  EXPECT_FALSE(context(2).constructed());
  EXPECT_EQ(kSequence.octet, 0x30);
  EXPECT_EQ(kSet.octet, 0x31);
  EXPECT_EQ(kUtcTime.octet, 0x17);
  EXPECT_EQ(kBmpString.octet, 0x1e);
  // Numbers of 31 and above give the high-tag marker, which never matches.
  EXPECT_EQ(context(31).number(), 31);
  EXPECT_EQ(context_constructed(200).number(), 31);
}

TEST(DerParser, AcceptsLongFormLengths) {
  Bytes b = {0x04, 0x81, 0x80};
  b.resize(3 + 128, 0xaa);
  auto e = one(b);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->value.size(), 128u);

  Bytes c = {0x04, 0x82, 0x01, 0x00};
  c.resize(4 + 256, 0xbb);
  e = one(c);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->value.size(), 256u);

  Bytes d = {0x04, 0x83, 0x01, 0x00, 0x00};
  d.resize(5 + 65536, 0xcc);
  e = one(d);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->value.size(), 65536u);
}

TEST(DerParser, RejectsEmptyInput) {
  Parser p;
  EXPECT_ERROR(p.read_element(), "DER: unexpected end of input");
  EXPECT_ERROR(p.read(kSequence), "DER: unexpected end of input");
}

TEST(DerParser, RejectsHighTagNumbers) {
  EXPECT_ERROR(one(hex("1f 22 01 00")), "DER: high tag number form not supported");
  EXPECT_ERROR(one(hex("bf 1f 00")), "DER: high tag number form not supported");
  Bytes b = hex("9f 40 00");
  Parser p(b);
  Tag t;
  EXPECT_FALSE(p.peek_tag(t));
}

TEST(DerParser, RejectsIndefiniteLength) {
  EXPECT_ERROR(one(hex("30 80 02 01 00 00 00")), "DER: indefinite length not allowed");
}

TEST(DerParser, RejectsNonMinimalLengths) {
  EXPECT_ERROR(one(hex("04 81 05 01 02 03 04 05")), "DER: non-minimal length");
  Bytes a = hex("04 81 7f");
  a.resize(3 + 127);
  EXPECT_ERROR(one(a), "DER: non-minimal length");
  Bytes b = hex("04 82 00 80");
  b.resize(4 + 128);
  EXPECT_ERROR(one(b), "DER: non-minimal length");
}

TEST(DerParser, RejectsMoreThanFourLengthOctets) {
  EXPECT_ERROR(one(hex("04 85 00 00 00 00 01 00")), "DER: length has more than 4 octets");
  EXPECT_ERROR(one(hex("04 89 01 00 00 00 00 00 00 00 00")), "DER: length has more than 4 octets");
}

TEST(DerParser, RejectsLengthBeyondInput) {
  EXPECT_ERROR(one(hex("04 05 01 02 03 04")), "DER: length exceeds input");
  EXPECT_ERROR(one(hex("04 84 ff ff ff ff 00")), "DER: length exceeds input");
}

TEST(DerParser, RejectsTruncatedLength) {
  EXPECT_ERROR(one(hex("04")), "DER: truncated length");
  EXPECT_ERROR(one(hex("04 82 01")), "DER: truncated length");
}

TEST(DerParser, RejectsTrailingData) {
  EXPECT_ERROR(one(hex("05 00 00")), "DER: trailing data");
  const Bytes der = hex("30 03 05 00 00");
  Parser p(der);
  auto seq = p.read_sequence();
  ASSERT_TRUE(seq);
  ASSERT_TRUE(seq->read(kNull));
  EXPECT_ERROR(seq->expect_end(), "DER: trailing data");
}

TEST(DerParser, RejectsWrongConstructedBitForUniversalTypes) {
  EXPECT_ERROR(one(hex("24 03 04 01 00")), "DER: constructed encoding of a primitive type");
  EXPECT_ERROR(one(hex("23 03 03 01 00")), "DER: constructed encoding of a primitive type");
  EXPECT_ERROR(one(hex("10 00")), "DER: primitive encoding of a constructed type");
  EXPECT_ERROR(one(hex("11 00")), "DER: primitive encoding of a constructed type");
  EXPECT_ERROR(one(hex("00 00")), "DER: reserved tag number 0 (end-of-contents)");
}

TEST(DerParser, ReadWithWrongTagFailsWithoutConsuming) {
  const Bytes der = hex("02 01 05");
  Parser p(der);
  auto r = p.read(kBoolean);
  ASSERT_FALSE(r);
  EXPECT_STREQ(r.error().what, "DER: unexpected tag");
  EXPECT_EQ(r.error().detail, "expected 0x01, found 0x02");
  EXPECT_TRUE(p.has_more());
  EXPECT_TRUE(p.read(kInteger));
}

TEST(DerParser, MalformedElementDoesNotConsume) {
  const Bytes der = hex("30 05 02 01");
  Parser p(der);
  EXPECT_FALSE(p.read_sequence());
  EXPECT_EQ(p.remaining().size(), der.size());
}

TEST(DerParser, ReadOptional) {
  // Extensions-like: [3] EXPLICIT present, [1] absent.
  const Bytes der = hex("83 01 aa 02 01 00");
  Parser p(der);
  auto absent = p.read_optional(context(1));
  ASSERT_TRUE(absent);
  EXPECT_FALSE(absent->has_value());
  auto present = p.read_optional(context(3));
  ASSERT_TRUE(present);
  ASSERT_TRUE(present->has_value());
  EXPECT_EQ(testing::to_bytes(**present), hex("aa"));
  EXPECT_TRUE(p.read(kInteger));
  auto at_end = p.read_optional(kInteger);
  ASSERT_TRUE(at_end);
  EXPECT_FALSE(at_end->has_value());
}

TEST(DerParser, ReadOptionalStillRejectsMalformedElement) {
  const Bytes der = hex("83 81 01 aa");
  Parser p(der);
  EXPECT_ERROR(p.read_optional(context(3)), "DER: non-minimal length");
}

TEST(DerParser, ReadOptionalConstructed) {
  const Bytes der = hex("a0 03 02 01 02 30 00");
  Parser p(der);
  auto v = p.read_optional_constructed(context_constructed(0));
  ASSERT_TRUE(v);
  ASSERT_TRUE(v->has_value());
  EXPECT_EQ(parse_uint64((*v)->read(kInteger).value()).value(), 2u);
  auto none = p.read_optional_constructed(context_constructed(0));
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  EXPECT_TRUE(p.read_sequence());
  EXPECT_ERROR(p.read_constructed(kInteger), "DER: read_constructed needs a constructed tag");
}

TEST(DerParser, ReadRawReturnsWholeTlv) {
  const Bytes der = hex("30 07 30 03 02 01 01 05 00");
  Parser p(der);
  auto outer = p.read_sequence();
  ASSERT_TRUE(outer);
  auto tbs = outer->read_raw(kSequence);
  ASSERT_TRUE(tbs);
  EXPECT_EQ(testing::to_bytes(*tbs), hex("30 03 02 01 01"));
  EXPECT_ERROR(outer->read_raw(kSequence), "DER: unexpected tag");
}

TEST(DerParser, PeekTagAndNextIs) {
  const Bytes der = hex("a3 00");
  Parser p(der);
  Tag t;
  ASSERT_TRUE(p.peek_tag(t));
  EXPECT_EQ(t, context_constructed(3));
  EXPECT_TRUE(p.next_is(context_constructed(3)));
  EXPECT_FALSE(p.next_is(context(3)));
  ASSERT_TRUE(p.read_element());
  EXPECT_FALSE(p.peek_tag(t));
}

// A certificate-shaped structure with a long-form length, parsed strictly.
Result<void> parse_nested(Input in) {
  Parser top(in);
  auto outer = PARLEY_TRY(top.read_sequence());
  PARLEY_TRY(top.expect_end());
  auto tbs = PARLEY_TRY(outer.read_sequence());
  auto version = PARLEY_TRY(tbs.read_constructed(context_constructed(0)));
  const Input v = PARLEY_TRY(version.read(kInteger));
  PARLEY_TRY(parse_uint64(v));
  PARLEY_TRY(version.expect_end());
  const Input serial = PARLEY_TRY(tbs.read(kInteger));
  PARLEY_TRY(parse_integer(serial));
  auto alg = PARLEY_TRY(tbs.read_sequence());
  PARLEY_TRY(alg.read(kOid));
  const Input params = PARLEY_TRY(alg.read(kNull));
  PARLEY_TRY(parse_null(params));
  PARLEY_TRY(alg.expect_end());
  PARLEY_TRY(tbs.read(kOctetString));
  PARLEY_TRY(tbs.expect_end());
  const Input sig = PARLEY_TRY(outer.read(kBitString));
  PARLEY_TRY(parse_bit_string(sig));
  PARLEY_TRY(outer.expect_end());
  return {};
}

Bytes nested_example() {
  Bytes octets(130, 0x5a);
  Bytes tbs = hex("a0 03 02 01 02  02 02 00 80  30 0d 06 09 2a 86 48 86 f7 0d 01 01 0b 05 00  04 81 82");
  tbs.insert(tbs.end(), octets.begin(), octets.end());
  Bytes out = hex("30 81");
  Bytes body = {0x30, 0x81, static_cast<uint8_t>(tbs.size())};
  body.insert(body.end(), tbs.begin(), tbs.end());
  const Bytes bits = hex("03 03 04 a0 f0");
  body.insert(body.end(), bits.begin(), bits.end());
  out.push_back(static_cast<uint8_t>(body.size()));
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

TEST(DerParser, EveryTruncationOfANestedStructureFails) {
  const Bytes full = nested_example();
  ASSERT_TRUE(parse_nested(full)) << parse_nested(full).error().message();
  for (size_t n = 0; n < full.size(); ++n) {
    Bytes prefix(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(parse_nested(prefix)) << "prefix of " << n << " bytes parsed";
  }
  Bytes longer = full;
  longer.push_back(0);
  EXPECT_ERROR(parse_nested(longer), "DER: trailing data");
}

TEST(DerParser, BooleanIsStrict) {
  EXPECT_EQ(parse_boolean(hex("00")).value(), false);
  EXPECT_EQ(parse_boolean(hex("ff")).value(), true);
  EXPECT_ERROR(parse_boolean(hex("01")), "DER: BOOLEAN must be 0x00 or 0xFF");
  EXPECT_ERROR(parse_boolean(hex("fe")), "DER: BOOLEAN must be 0x00 or 0xFF");
  EXPECT_ERROR(parse_boolean(hex("")), "DER: BOOLEAN must be one octet");
  EXPECT_ERROR(parse_boolean(hex("ff ff")), "DER: BOOLEAN must be one octet");
}

TEST(DerParser, IntegerMustBeMinimal) {
  for (const char* good : {"00", "7f", "80", "ff", "00 80", "00 ff", "ff 7f", "01 00", "80 00", "00 80 00"}) {
    const Bytes b = hex(good);
    auto r = parse_integer(b);
    ASSERT_TRUE(r) << good;
    EXPECT_EQ(r->data(), b.data());
  }
  EXPECT_ERROR(parse_integer(hex("")), "DER: empty INTEGER");
  EXPECT_ERROR(parse_integer(hex("00 7f")), "DER: non-minimal INTEGER");
  EXPECT_ERROR(parse_integer(hex("00 00")), "DER: non-minimal INTEGER");
  EXPECT_ERROR(parse_integer(hex("ff 80")), "DER: non-minimal INTEGER");
  EXPECT_ERROR(parse_integer(hex("ff ff")), "DER: non-minimal INTEGER");
}

TEST(DerParser, IntegerSign) {
  EXPECT_FALSE(is_negative(hex("00")));
  EXPECT_FALSE(is_negative(hex("00 80")));
  EXPECT_TRUE(is_negative(hex("80")));
  EXPECT_TRUE(is_negative(hex("ff 7f")));
}

TEST(DerParser, Uint64) {
  EXPECT_EQ(parse_uint64(hex("00")).value(), 0u);
  EXPECT_EQ(parse_uint64(hex("7f")).value(), 127u);
  EXPECT_EQ(parse_uint64(hex("00 80")).value(), 128u);
  EXPECT_EQ(parse_uint64(hex("01 00")).value(), 256u);
  EXPECT_EQ(parse_uint64(hex("7f ff ff ff ff ff ff ff")).value(), 0x7fffffffffffffffu);
  EXPECT_EQ(parse_uint64(hex("00 ff ff ff ff ff ff ff ff")).value(), UINT64_MAX);
  EXPECT_ERROR(parse_uint64(hex("01 00 00 00 00 00 00 00 00")), "DER: INTEGER too large for 64 bits");
  EXPECT_ERROR(parse_uint64(hex("ff")), "DER: negative INTEGER where non-negative expected");
  EXPECT_ERROR(parse_uint64(hex("00 05")), "DER: non-minimal INTEGER");
}

TEST(DerParser, Null) {
  EXPECT_TRUE(parse_null(hex("")));
  EXPECT_ERROR(parse_null(hex("00")), "DER: NULL must be empty");
}

TEST(DerParser, BitString) {
  auto empty = parse_bit_string(hex("00"));
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->bit_count(), 0u);

  // KeyUsage digitalSignature | keyCertSign | cRLSign: bits 0, 5, 6 -> 0x86, 1 unused bit.
  const Bytes ku_der = hex("01 86");  // parse results are views: keep the bytes alive
  auto ku = parse_bit_string(ku_der);
  ASSERT_TRUE(ku);
  EXPECT_EQ(ku->unused_bits, 1);
  EXPECT_EQ(ku->bit_count(), 7u);
  EXPECT_TRUE(ku->bit(0));
  EXPECT_FALSE(ku->bit(1));
  EXPECT_TRUE(ku->bit(5));
  EXPECT_TRUE(ku->bit(6));
  EXPECT_FALSE(ku->bit(7));
  EXPECT_FALSE(ku->bit(100));

  EXPECT_ERROR(parse_bit_string(hex("")), "DER: BIT STRING missing unused-bits octet");
  EXPECT_ERROR(parse_bit_string(hex("08 00")), "DER: BIT STRING unused bits above 7");
  EXPECT_ERROR(parse_bit_string(hex("01")), "DER: empty BIT STRING with unused bits");
  EXPECT_ERROR(parse_bit_string(hex("03 f9")), "DER: BIT STRING unused bits not zero");
  EXPECT_ERROR(parse_bit_string(hex("01 87")), "DER: BIT STRING unused bits not zero");
  EXPECT_TRUE(parse_bit_string(hex("07 80")));

  EXPECT_EQ(testing::to_bytes(parse_bit_string_bytes(hex("00 04 aa")).value()), hex("04 aa"));
  EXPECT_ERROR(parse_bit_string_bytes(hex("01 86")), "DER: BIT STRING is not a whole number of octets");
}

TEST(DerParser, EqualComparesBytes) {
  EXPECT_TRUE(equal(hex("01 02"), hex("01 02")));
  EXPECT_FALSE(equal(hex("01 02"), hex("01 03")));
  EXPECT_FALSE(equal(hex("01"), hex("01 02")));
}

}  // namespace
}  // namespace parley::der
