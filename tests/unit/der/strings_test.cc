#include "der/strings.h"

#include <gtest/gtest.h>

#include "unit/der/test_util.h"

namespace parley::der {
namespace {

using testing::bytes_of;
using testing::hex;

TEST(DerStrings, PrintableString) {
  EXPECT_EQ(printable_string_to_utf8(bytes_of("Example Org (Test) 1.0, A=B/C-D:E'F+G?")).value(),
            "Example Org (Test) 1.0, A=B/C-D:E'F+G?");
  EXPECT_ERROR(printable_string_to_utf8(bytes_of("user@example.com")), "DER: invalid character in PrintableString");
  EXPECT_ERROR(printable_string_to_utf8(bytes_of("*.example.com")), "DER: invalid character in PrintableString");
  EXPECT_ERROR(printable_string_to_utf8(bytes_of("A&B")), "DER: invalid character in PrintableString");
  EXPECT_ERROR(printable_string_to_utf8(hex("41 00")), "DER: invalid character in PrintableString");
  EXPECT_ERROR(printable_string_to_utf8(hex("c3 a9")), "DER: invalid character in PrintableString");
  EXPECT_TRUE(printable_string_to_utf8({}));
}

TEST(DerStrings, Ia5String) {
  EXPECT_EQ(ia5_string_to_utf8(bytes_of("user@example.com")).value(), "user@example.com");
  EXPECT_ERROR(ia5_string_to_utf8(hex("61 80")), "DER: non-ASCII byte in IA5String");
  EXPECT_ERROR(ia5_string_to_utf8(hex("c3 a9")), "DER: non-ASCII byte in IA5String");
}

TEST(DerStrings, Utf8StringAcceptsWellFormed) {
  const std::string s = "h\xc3\xa9llo \xe2\x82\xac \xf0\x9d\x84\x9e \xf4\x8f\xbf\xbf \xef\xbf\xbf";
  EXPECT_EQ(utf8_string_to_utf8(bytes_of(s)).value(), s);
  EXPECT_TRUE(is_valid_utf8(s));
  EXPECT_TRUE(is_valid_utf8(""));
}

TEST(DerStrings, Utf8StringRejectsMalformed) {
  EXPECT_ERROR(utf8_string_to_utf8(hex("c0 80")), "DER: overlong UTF-8 encoding");
  EXPECT_ERROR(utf8_string_to_utf8(hex("c1 bf")), "DER: overlong UTF-8 encoding");
  EXPECT_ERROR(utf8_string_to_utf8(hex("e0 80 80")), "DER: overlong UTF-8 encoding");
  EXPECT_ERROR(utf8_string_to_utf8(hex("e0 9f bf")), "DER: overlong UTF-8 encoding");
  EXPECT_ERROR(utf8_string_to_utf8(hex("f0 80 80 80")), "DER: overlong UTF-8 encoding");
  EXPECT_ERROR(utf8_string_to_utf8(hex("f0 8f bf bf")), "DER: overlong UTF-8 encoding");
  EXPECT_ERROR(utf8_string_to_utf8(hex("ed a0 80")), "DER: UTF-8 encodes a surrogate");
  EXPECT_ERROR(utf8_string_to_utf8(hex("ed bf bf")), "DER: UTF-8 encodes a surrogate");
  EXPECT_ERROR(utf8_string_to_utf8(hex("f4 90 80 80")), "DER: UTF-8 code point above U+10FFFF");
  EXPECT_ERROR(utf8_string_to_utf8(hex("e2 82")), "DER: truncated UTF-8 sequence");
  EXPECT_ERROR(utf8_string_to_utf8(hex("41 f0 9d 84")), "DER: truncated UTF-8 sequence");
  EXPECT_ERROR(utf8_string_to_utf8(hex("80")), "DER: invalid UTF-8 lead byte");
  EXPECT_ERROR(utf8_string_to_utf8(hex("f8 88 80 80 80")), "DER: invalid UTF-8 lead byte");
  EXPECT_ERROR(utf8_string_to_utf8(hex("ff")), "DER: invalid UTF-8 lead byte");
  EXPECT_ERROR(utf8_string_to_utf8(hex("e2 28 a1")), "DER: invalid UTF-8 continuation byte");
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));
}

TEST(DerStrings, BmpString) {
  EXPECT_EQ(bmp_string_to_utf8(hex("00 41 00 e9 20 ac")).value(), "A\xc3\xa9\xe2\x82\xac");
  EXPECT_EQ(bmp_string_to_utf8({}).value(), "");
  EXPECT_ERROR(bmp_string_to_utf8(hex("00 41 00")), "DER: BMPString length is odd");
  EXPECT_ERROR(bmp_string_to_utf8(hex("d8 00 dc 00")), "DER: surrogate in BMPString");
  EXPECT_ERROR(bmp_string_to_utf8(hex("00 41 df ff")), "DER: surrogate in BMPString");
}

TEST(DerStrings, UniversalString) {
  EXPECT_EQ(universal_string_to_utf8(hex("00 00 00 41 00 01 d1 1e")).value(), "A\xf0\x9d\x84\x9e");
  EXPECT_ERROR(universal_string_to_utf8(hex("00 00 00 41 00 00")), "DER: UniversalString length not a multiple of 4");
  EXPECT_ERROR(universal_string_to_utf8(hex("00 11 00 00")), "DER: code point above U+10FFFF in UniversalString");
  EXPECT_ERROR(universal_string_to_utf8(hex("00 00 d8 00")), "DER: surrogate in UniversalString");
}

TEST(DerStrings, T61StringReadsAsLatin1) {
  EXPECT_EQ(t61_string_to_utf8(hex("43 61 66 e9")).value(), "Caf\xc3\xa9");
  EXPECT_EQ(t61_string_to_utf8(hex("ff")).value(), "\xc3\xbf");
}

TEST(DerStrings, DispatchByTag) {
  EXPECT_EQ(string_to_utf8(kUtf8String, bytes_of("a@b")).value(), "a@b");
  EXPECT_EQ(string_to_utf8(kIa5String, bytes_of("a@b")).value(), "a@b");
  EXPECT_ERROR(string_to_utf8(kPrintableString, bytes_of("a@b")), "DER: invalid character in PrintableString");
  EXPECT_EQ(string_to_utf8(kBmpString, hex("00 61")).value(), "a");
  EXPECT_EQ(string_to_utf8(kUniversalString, hex("00 00 00 61")).value(), "a");
  EXPECT_EQ(string_to_utf8(kT61String, hex("61")).value(), "a");
  EXPECT_ERROR(string_to_utf8(kOctetString, hex("61")), "DER: not a supported string type");
}

}  // namespace
}  // namespace parley::der
