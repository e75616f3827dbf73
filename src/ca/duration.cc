#include "ca/duration.h"

#include <charconv>

namespace parley::ca {

Result<int64_t> parse_duration(std::string_view text) {
  constexpr const char* kBad = "bad duration: use a whole number and a unit, like 90d, 3y, 12h or 30m";
  if (text.size() < 2) return err::api(kBad, std::string(text));
  int64_t unit = 0;
  switch (text.back()) {
    case 'm': unit = kMinute; break;
    case 'h': unit = kHour; break;
    case 'd': unit = kDay; break;
    case 'y': unit = kYear; break;
    default: return err::api(kBad, std::string(text));
  }
  std::string_view digits = text.substr(0, text.size() - 1);
  int64_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || n <= 0) return err::api(kBad, std::string(text));
  if (n > 100 * kYear / unit) return err::api("bad duration: more than 100 years", std::string(text));
  return n * unit;
}

std::string format_duration(int64_t seconds) {
  if (seconds > 0 && seconds % kYear == 0) return std::to_string(seconds / kYear) + "y";
  if (seconds > 0 && seconds % kDay == 0) return std::to_string(seconds / kDay) + "d";
  if (seconds > 0 && seconds % kHour == 0) return std::to_string(seconds / kHour) + "h";
  if (seconds > 0 && seconds % kMinute == 0) return std::to_string(seconds / kMinute) + "m";
  return std::to_string(seconds) + "s";
}

std::string describe_remaining(int64_t not_after, int64_t now) {
  if (not_after < now) return "expired";
  const int64_t left = not_after - now;
  auto plural = [](int64_t n, const char* unit) {
    return "in " + std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
  };
  // Nearest whole unit: a 90-day certificate issued a second ago is "in 90 days".
  if (left >= 2 * kDay) return plural((left + kDay / 2) / kDay, "day");
  if (left >= 2 * kHour) return plural((left + kHour / 2) / kHour, "hour");
  return plural((left + kMinute / 2) / kMinute, "minute");
}

}  // namespace parley::ca
