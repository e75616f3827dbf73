#include "der/time.h"

#include <gtest/gtest.h>

#include "unit/der/test_util.h"

namespace parley::der {
namespace {

using testing::bytes_of;

Result<int64_t> utc(std::string_view s) { return parse_utc_time(bytes_of(s)); }
Result<int64_t> gen(std::string_view s) { return parse_generalized_time(bytes_of(s)); }

TEST(DerTime, DaysFromCivilKnownValues) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(1, 1, 1), -719162);
  EXPECT_EQ(days_from_civil(9999, 12, 31), 2932896);
  EXPECT_EQ(days_from_civil(0, 1, 1), -719528);
}

// Walks every day from 1600 to 2500 with a naive calendar and compares.
TEST(DerTime, CivilConversionsAgreeWithNaiveCalendar) {
  auto leap = [](int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; };
  const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int64_t day = days_from_civil(1600, 1, 1);
  for (int64_t y = 1600; y < 2500; ++y) {
    for (unsigned m = 1; m <= 12; ++m) {
      const unsigned n = mdays[m - 1] + (m == 2 && leap(y) ? 1 : 0);
      for (unsigned d = 1; d <= n; ++d, ++day) {
        ASSERT_EQ(days_from_civil(y, m, d), day) << y << "-" << m << "-" << d;
        const CivilTime t = civil_from_unix(day * 86400 + 3723);
        ASSERT_EQ(t.year, y);
        ASSERT_EQ(t.month, m);
        ASSERT_EQ(t.day, d);
        ASSERT_EQ(t.hour, 1u);
        ASSERT_EQ(t.minute, 2u);
        ASSERT_EQ(t.second, 3u);
      }
    }
  }
}

TEST(DerTime, UtcTimeKnownValues) {
  EXPECT_EQ(utc("700101000000Z").value(), 0);
  EXPECT_EQ(utc("991231235959Z").value(), 946684799);
  EXPECT_EQ(utc("000101000000Z").value(), 946684800);
  EXPECT_EQ(utc("261120100000Z").value(), 1795168800);
}

TEST(DerTime, UtcTimeCenturyBoundaries) {
  // RFC 5280 §4.1.2.5.1: YY >= 50 is 19YY, YY < 50 is 20YY.
  EXPECT_EQ(utc("500101000000Z").value(), -631152000);    // 1950-01-01
  EXPECT_EQ(utc("491231235959Z").value(), 2524607999);    // 2049-12-31T23:59:59
  EXPECT_EQ(gen("20500101000000Z").value(), 2524608000);  // 2050-01-01
}

TEST(DerTime, LeapYears) {
  EXPECT_EQ(utc("000229000000Z").value(), days_from_civil(2000, 2, 29) * 86400);  // 2000 is a leap year
  EXPECT_EQ(gen("20240229120000Z").value(), 1709208000);
  EXPECT_ERROR(gen("21000229000000Z"), "DER: time day out of range for month");  // 2100 is not
  EXPECT_ERROR(gen("19000229000000Z"), "DER: time day out of range for month");
  EXPECT_ERROR(utc("230229000000Z"), "DER: time day out of range for month");
  EXPECT_ERROR(utc("240230000000Z"), "DER: time day out of range for month");
  EXPECT_TRUE(gen("24000229000000Z"));
}

TEST(DerTime, FieldRanges) {
  EXPECT_ERROR(utc("241301000000Z"), "DER: time month out of range");
  EXPECT_ERROR(utc("240001000000Z"), "DER: time month out of range");
  EXPECT_ERROR(utc("240100000000Z"), "DER: time day out of range for month");
  EXPECT_ERROR(utc("240132000000Z"), "DER: time day out of range for month");
  EXPECT_ERROR(utc("240431000000Z"), "DER: time day out of range for month");
  EXPECT_ERROR(utc("240101240000Z"), "DER: time hour out of range");
  EXPECT_ERROR(utc("240101006000Z"), "DER: time minute out of range");
  EXPECT_ERROR(utc("240101000060Z"), "DER: time second out of range");
  EXPECT_TRUE(utc("241231235959Z"));
}

TEST(DerTime, RejectsNonRfc5280Forms) {
  EXPECT_ERROR(gen("20240101000000.5Z"), "DER: fractional seconds not allowed in time");
  EXPECT_ERROR(gen("20240101000000,5Z"), "DER: fractional seconds not allowed in time");
  EXPECT_ERROR(utc("240101000000+0100"), "DER: time zone offset not allowed");
  EXPECT_ERROR(gen("20240101000000-0500"), "DER: time zone offset not allowed");
  EXPECT_ERROR(utc("240101000000"), "DER: time must end in Z");
  EXPECT_ERROR(gen("20240101000000"), "DER: time must end in Z");
  EXPECT_ERROR(utc(""), "DER: time must end in Z");
  EXPECT_ERROR(utc("2401010000Z"), "DER: UTCTime must be YYMMDDHHMMSSZ");  // no seconds
  EXPECT_ERROR(utc("20240101000000Z"), "DER: UTCTime must be YYMMDDHHMMSSZ");
  EXPECT_ERROR(gen("240101000000Z"), "DER: GeneralizedTime must be YYYYMMDDHHMMSSZ");
  EXPECT_ERROR(gen("202401010000Z"), "DER: GeneralizedTime must be YYYYMMDDHHMMSSZ");
  EXPECT_ERROR(utc("2a0101000000Z"), "DER: non-digit in time");
  EXPECT_ERROR(utc("24 101000000Z"), "DER: non-digit in time");
  EXPECT_ERROR(gen("2024010100000zZ"), "DER: non-digit in time");
}

TEST(DerTime, TimeChoice) {
  EXPECT_EQ(parse_time(kUtcTime, bytes_of("700101000000Z")).value(), 0);
  EXPECT_EQ(parse_time(kGeneralizedTime, bytes_of("19700101000000Z")).value(), 0);
  EXPECT_ERROR(parse_time(kUtf8String, bytes_of("700101000000Z")), "DER: Time must be UTCTime or GeneralizedTime");

  const testing::Bytes der = testing::hex("17 0d 32 36 31 31 32 30 31 30 30 30 30 30 5a 05 00");
  Parser p(der);
  EXPECT_EQ(read_time(p).value(), 1795168800);
  EXPECT_ERROR(read_time(p), "DER: Time must be UTCTime or GeneralizedTime");
  EXPECT_TRUE(p.read(kNull));  // the failed read consumed nothing
}

TEST(DerTime, Encoders) {
  EXPECT_EQ(encode_utc_time(1795168800).value(), "261120100000Z");
  EXPECT_EQ(encode_utc_time(-631152000).value(), "500101000000Z");
  EXPECT_EQ(encode_utc_time(2524607999).value(), "491231235959Z");
  EXPECT_ERROR(encode_utc_time(2524608000), "DER: time outside the UTCTime range 1950-2049");
  EXPECT_ERROR(encode_utc_time(-631152001), "DER: time outside the UTCTime range 1950-2049");
  EXPECT_EQ(encode_generalized_time(2524608000).value(), "20500101000000Z");
  EXPECT_EQ(encode_generalized_time(-631152001).value(), "19491231235959Z");
  EXPECT_EQ(encode_generalized_time(days_from_civil(9999, 12, 31) * 86400 + 86399).value(), "99991231235959Z");
  EXPECT_ERROR(encode_generalized_time(days_from_civil(9999, 12, 31) * 86400 + 86400),
               "DER: time outside the GeneralizedTime range 0000-9999");
}

TEST(DerTime, UtcTimeChoiceFollowsRfc5280) {
  EXPECT_FALSE(uses_utc_time(-631152001));  // 1949-12-31T23:59:59
  EXPECT_TRUE(uses_utc_time(-631152000));   // 1950-01-01
  EXPECT_TRUE(uses_utc_time(2524607999));   // 2049-12-31T23:59:59
  EXPECT_FALSE(uses_utc_time(2524608000));  // 2050-01-01
}

TEST(DerTime, EncodeParseRoundTrip) {
  for (int64_t t = days_from_civil(1900, 1, 1) * 86400; t < days_from_civil(2200, 1, 1) * 86400; t += 7777777) {
    if (uses_utc_time(t)) {
      auto s = encode_utc_time(t).value();
      EXPECT_EQ(utc(s).value(), t) << s;
    }
    auto g = encode_generalized_time(t).value();
    EXPECT_EQ(gen(g).value(), t) << g;
  }
}

TEST(DerTime, CivilFromUnixHandlesExtremes) {
  const CivilTime lo = civil_from_unix(INT64_MIN);
  EXPECT_LT(lo.year, 0);
  EXPECT_GE(lo.month, 1u);
  const CivilTime hi = civil_from_unix(INT64_MAX);
  EXPECT_GT(hi.year, 9999);
  EXPECT_LE(hi.second, 59u);
}

TEST(DerTime, FormatRfc3339) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(1795168800), "2026-11-20T10:00:00Z");
  EXPECT_EQ(format_rfc3339(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_rfc3339(1709208000), "2024-02-29T12:00:00Z");
}

TEST(DerTime, ParseRfc3339) {
  EXPECT_EQ(parse_rfc3339("2026-11-20T10:00:00Z").value(), 1795168800);
  EXPECT_EQ(parse_rfc3339("2026-11-20t10:00:00z").value(), 1795168800);
  EXPECT_EQ(parse_rfc3339("2026-11-20T12:00:00+02:00").value(), 1795168800);
  EXPECT_EQ(parse_rfc3339("2026-11-20T04:30:00-05:30").value(), 1795168800);
  EXPECT_EQ(parse_rfc3339("2026-11-21T00:00:00+14:00").value(), 1795168800);
  EXPECT_ERROR(parse_rfc3339("2026-11-20"), "RFC 3339: too short for YYYY-MM-DDTHH:MM:SSZ");
  EXPECT_ERROR(parse_rfc3339("2026/11/20T10:00:00Z"), "RFC 3339: expected YYYY-MM-DDTHH:MM:SS");
  EXPECT_ERROR(parse_rfc3339("2026-11-20 10:00:00Z"), "RFC 3339: expected YYYY-MM-DDTHH:MM:SS");
  EXPECT_ERROR(parse_rfc3339("2026-1a-20T10:00:00Z"), "RFC 3339: non-digit in date or time");
  EXPECT_ERROR(parse_rfc3339("2026-11-20T10:00:00.5Z"), "RFC 3339: fractional seconds not supported");
  EXPECT_ERROR(parse_rfc3339("2026-11-20T10:00:00"), "RFC 3339: too short for YYYY-MM-DDTHH:MM:SSZ");
  EXPECT_ERROR(parse_rfc3339("2026-11-20T10:00:00+0200"), "RFC 3339: expected Z or +HH:MM / -HH:MM after the seconds");
  EXPECT_ERROR(parse_rfc3339("2026-11-20T10:00:00Zjunk"), "RFC 3339: expected Z or +HH:MM / -HH:MM after the seconds");
  EXPECT_ERROR(parse_rfc3339("2026-11-20T10:00:00+2a:00"), "RFC 3339: non-digit in offset");
  EXPECT_ERROR(parse_rfc3339("2026-11-20T10:00:00+24:00"), "RFC 3339: offset out of range");
  EXPECT_ERROR(parse_rfc3339("2026-13-20T10:00:00Z"), "RFC 3339: month out of range");
  EXPECT_ERROR(parse_rfc3339("2025-02-29T10:00:00Z"), "RFC 3339: day out of range for month");
  EXPECT_ERROR(parse_rfc3339("2026-11-20T24:00:00Z"), "RFC 3339: hour out of range");
  EXPECT_ERROR(parse_rfc3339("2026-11-20T10:60:00Z"), "RFC 3339: minute out of range");
  EXPECT_ERROR(parse_rfc3339("2026-11-20T10:00:60Z"), "RFC 3339: second out of range");
}

TEST(DerTime, Rfc3339RoundTrip) {
  for (int64_t t = days_from_civil(1, 1, 1) * 86400; t < days_from_civil(9999, 12, 31) * 86400;
       t += 86400 * 997 + 3671) {
    const std::string s = format_rfc3339(t);
    ASSERT_EQ(parse_rfc3339(s).value(), t) << s;
  }
}

}  // namespace
}  // namespace parley::der
