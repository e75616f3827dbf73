// Certificate times (RFC 5280 §4.1.2.5) as Unix seconds, and RFC 3339 text.
//
// Only the RFC 5280 forms are accepted: UTCTime YYMMDDHHMMSSZ (YY < 50 is
// 20YY) and GeneralizedTime YYYYMMDDHHMMSSZ, no fractions, no offsets. The
// arithmetic is proleptic Gregorian, independent of the C library and locale.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "der/parser.h"
#include "parley/error.h"

namespace parley::der {

struct CivilTime {
  int64_t year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
  unsigned hour = 0;
  unsigned minute = 0;
  unsigned second = 0;
};

// Days since 1970-01-01 for a valid Gregorian date (negative before it).
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);
CivilTime civil_from_unix(int64_t unix_seconds);
// Unix seconds for a valid CivilTime.
int64_t unix_from_civil(const CivilTime& t);

// The contents of a UTCTime or GeneralizedTime, as Unix seconds.
Result<int64_t> parse_utc_time(Input value);
Result<int64_t> parse_generalized_time(Input value);
// Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }
Result<int64_t> parse_time(Tag tag, Input value);
Result<int64_t> read_time(Parser& p);

// RFC 5280 §4.1.2.5: UTCTime for 1950 through 2049, GeneralizedTime otherwise.
bool uses_utc_time(int64_t unix_seconds);
// The contents octets as text; an error outside 1950-2049 or 0000-9999.
Result<std::string> encode_utc_time(int64_t unix_seconds);
Result<std::string> encode_generalized_time(int64_t unix_seconds);

// "2026-11-20T10:00:00Z" (years 0000-9999).
std::string format_rfc3339(int64_t unix_seconds);
// YYYY-MM-DDTHH:MM:SS followed by Z or a +HH:MM / -HH:MM offset.
Result<int64_t> parse_rfc3339(std::string_view text);

}  // namespace parley::der
