#include "der/time.h"

#include <cstdio>

namespace parley::der {
namespace {

constexpr int64_t kSecondsPerDay = 86400;
// Days from 0001-01-01 to 1970-01-01 in the proleptic Gregorian calendar.
constexpr int64_t kUnixEpochDays = 719162;
constexpr int64_t kDaysPer400Years = 146097;
constexpr unsigned kDaysBeforeMonth[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int64_t y, unsigned m) {
  static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Days in the first n years of a 400-year cycle that starts on a year ≡ 1 (mod 400).
int64_t days_before_year_in_cycle(int64_t n) { return 365 * n + n / 4 - n / 100 + n / 400; }

bool is_digit(uint8_t c) { return c >= '0' && c <= '9'; }

// Reads n decimal digits at s[at]; false on a non-digit.
bool digits(std::string_view s, size_t at, size_t n, unsigned& out) {
  unsigned v = 0;
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<uint8_t>(s[at + i]);
    if (!is_digit(c)) return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

std::string_view as_text(Input value) { return {reinterpret_cast<const char*>(value.data()), value.size()}; }

// Range checks shared by every format; a specific error per field.
Result<int64_t> checked_unix(const CivilTime& t, const char* month_error, const char* day_error, const char* hour_error,
                             const char* minute_error, const char* second_error) {
  if (t.month < 1 || t.month > 12) return err::decode(month_error);
  if (t.day < 1 || t.day > days_in_month(t.year, t.month)) return err::decode(day_error);
  if (t.hour > 23) return err::decode(hour_error);
  if (t.minute > 59) return err::decode(minute_error);
  if (t.second > 59) return err::decode(second_error);
  return unix_from_civil(t);
}

Result<int64_t> checked_der_time(const CivilTime& t) {
  return checked_unix(t, "DER: time month out of range", "DER: time day out of range for month",
                      "DER: time hour out of range", "DER: time minute out of range", "DER: time second out of range");
}

// The malformations RFC 5280 rules out, each named, before the length check.
Result<void> check_der_time_shape(std::string_view s) {
  if (s.find('.') != std::string_view::npos || s.find(',') != std::string_view::npos) {
    return err::decode("DER: fractional seconds not allowed in time");
  }
  if (s.find_first_of("+-") != std::string_view::npos) return err::decode("DER: time zone offset not allowed");
  if (s.empty() || s.back() != 'Z') return err::decode("DER: time must end in Z");
  return {};
}

}  // namespace

int64_t days_from_civil(int64_t year, unsigned month, unsigned day) {
  const int64_t y = year - 1;  // whole years since 0001
  const int64_t cycles = floor_div(y, 400);
  const int64_t in_cycle = y - cycles * 400;
  int64_t days = cycles * kDaysPer400Years + days_before_year_in_cycle(in_cycle);
  days += kDaysBeforeMonth[month - 1] + (month > 2 && is_leap(year) ? 1 : 0);
  days += day - 1;
  return days - kUnixEpochDays;
}

CivilTime civil_from_unix(int64_t unix_seconds) {
  // Split without computing days * 86400, which overflows near INT64_MIN.
  const bool before_midnight = unix_seconds % kSecondsPerDay < 0;
  const int64_t days = unix_seconds / kSecondsPerDay - (before_midnight ? 1 : 0);
  const int64_t secs = unix_seconds % kSecondsPerDay + (before_midnight ? kSecondsPerDay : 0);
  CivilTime t;
  t.hour = static_cast<unsigned>(secs / 3600);
  t.minute = static_cast<unsigned>(secs / 60 % 60);
  t.second = static_cast<unsigned>(secs % 60);

  const int64_t since_year1 = days + kUnixEpochDays;
  const int64_t cycles = floor_div(since_year1, kDaysPer400Years);
  const int64_t in_cycle = since_year1 - cycles * kDaysPer400Years;  // 0..146096
  int64_t n = in_cycle / 366;                                        // an underestimate of whole years
  while (days_before_year_in_cycle(n + 1) <= in_cycle) ++n;
  t.year = 1 + cycles * 400 + n;
  auto day_of_year = static_cast<unsigned>(in_cycle - days_before_year_in_cycle(n));
  t.month = 1;
  while (day_of_year >= days_in_month(t.year, t.month)) day_of_year -= days_in_month(t.year, t.month++);
  t.day = day_of_year + 1;
  return t;
}

int64_t unix_from_civil(const CivilTime& t) {
  return days_from_civil(t.year, t.month, t.day) * kSecondsPerDay + t.hour * 3600 + t.minute * 60 + t.second;
}

Result<int64_t> parse_utc_time(Input value) {
  const std::string_view s = as_text(value);
  PARLEY_TRY(check_der_time_shape(s));
  if (s.size() != 13) return err::decode("DER: UTCTime must be YYMMDDHHMMSSZ");
  unsigned yy = 0;
  CivilTime t;
  if (!digits(s, 0, 2, yy) || !digits(s, 2, 2, t.month) || !digits(s, 4, 2, t.day) || !digits(s, 6, 2, t.hour) ||
      !digits(s, 8, 2, t.minute) || !digits(s, 10, 2, t.second)) {
    return err::decode("DER: non-digit in time");
  }
  t.year = yy < 50 ? 2000 + yy : 1900 + yy;
  return checked_der_time(t);
}

Result<int64_t> parse_generalized_time(Input value) {
  const std::string_view s = as_text(value);
  PARLEY_TRY(check_der_time_shape(s));
  if (s.size() != 15) return err::decode("DER: GeneralizedTime must be YYYYMMDDHHMMSSZ");
  unsigned year = 0;
  CivilTime t;
  if (!digits(s, 0, 4, year) || !digits(s, 4, 2, t.month) || !digits(s, 6, 2, t.day) || !digits(s, 8, 2, t.hour) ||
      !digits(s, 10, 2, t.minute) || !digits(s, 12, 2, t.second)) {
    return err::decode("DER: non-digit in time");
  }
  t.year = year;
  return checked_der_time(t);
}

Result<int64_t> parse_time(Tag tag, Input value) {
  if (tag == kUtcTime) return parse_utc_time(value);
  if (tag == kGeneralizedTime) return parse_generalized_time(value);
  return err::decode("DER: Time must be UTCTime or GeneralizedTime");
}

Result<int64_t> read_time(Parser& p) {
  Parser probe = p;
  auto e = PARLEY_TRY(probe.read_element());
  auto t = PARLEY_TRY(parse_time(e.tag, e.value));
  p = probe;
  return t;
}

bool uses_utc_time(int64_t unix_seconds) {
  const int64_t year = civil_from_unix(unix_seconds).year;
  return year >= 1950 && year <= 2049;
}

Result<std::string> encode_utc_time(int64_t unix_seconds) {
  const CivilTime t = civil_from_unix(unix_seconds);
  if (t.year < 1950 || t.year > 2049) return err::api("DER: time outside the UTCTime range 1950-2049");
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u%02u%02u%02u%02u%02uZ", static_cast<unsigned>(t.year % 100), t.month, t.day,
                t.hour, t.minute, t.second);
  return std::string(buf);
}

Result<std::string> encode_generalized_time(int64_t unix_seconds) {
  const CivilTime t = civil_from_unix(unix_seconds);
  if (t.year < 0 || t.year > 9999) return err::api("DER: time outside the GeneralizedTime range 0000-9999");
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04u%02u%02u%02u%02u%02uZ", static_cast<unsigned>(t.year), t.month, t.day, t.hour,
                t.minute, t.second);
  return std::string(buf);
}

std::string format_rfc3339(int64_t unix_seconds) {
  const CivilTime t = civil_from_unix(unix_seconds);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02uZ", static_cast<long long>(t.year), t.month, t.day,
                t.hour, t.minute, t.second);
  return std::string(buf);
}

Result<int64_t> parse_rfc3339(std::string_view s) {
  // RFC 3339 §5.6: date-time = full-date "T" full-time; full-time = partial-time time-offset.
  if (s.size() < 20) return err::decode("RFC 3339: too short for YYYY-MM-DDTHH:MM:SSZ");
  auto at = [&](size_t i, char c) { return s[i] == c; };
  if (!at(4, '-') || !at(7, '-') || !(at(10, 'T') || at(10, 't')) || !at(13, ':') || !at(16, ':')) {
    return err::decode("RFC 3339: expected YYYY-MM-DDTHH:MM:SS");
  }
  unsigned year = 0;
  CivilTime t;
  if (!digits(s, 0, 4, year) || !digits(s, 5, 2, t.month) || !digits(s, 8, 2, t.day) || !digits(s, 11, 2, t.hour) ||
      !digits(s, 14, 2, t.minute) || !digits(s, 17, 2, t.second)) {
    return err::decode("RFC 3339: non-digit in date or time");
  }
  t.year = year;
  int64_t offset = 0;
  const std::string_view zone = s.substr(19);
  if (zone == "Z" || zone == "z") {
    offset = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    unsigned oh = 0, om = 0;
    if (!digits(zone, 1, 2, oh) || !digits(zone, 4, 2, om)) return err::decode("RFC 3339: non-digit in offset");
    if (oh > 23 || om > 59) return err::decode("RFC 3339: offset out of range");
    offset = (zone[0] == '+' ? 1 : -1) * static_cast<int64_t>(oh * 3600 + om * 60);
  } else if (!zone.empty() && zone[0] == '.') {
    return err::decode("RFC 3339: fractional seconds not supported");
  } else {
    return err::decode("RFC 3339: expected Z or +HH:MM / -HH:MM after the seconds");
  }
  const int64_t local = PARLEY_TRY(checked_unix(t, "RFC 3339: month out of range",
                                                "RFC 3339: day out of range for month", "RFC 3339: hour out of range",
                                                "RFC 3339: minute out of range", "RFC 3339: second out of range"));
  // Local time minus its offset from UTC is UTC.
  return local - offset;
}

}  // namespace parley::der
