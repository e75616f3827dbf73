// Durations as the CA commands and ca.json spell them: "90d", "3y", "12h", "30m".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "parley/error.h"

namespace parley::ca {

inline constexpr int64_t kMinute = 60;
inline constexpr int64_t kHour = 60 * kMinute;
inline constexpr int64_t kDay = 24 * kHour;
inline constexpr int64_t kYear = 365 * kDay;  // a calendar-free year: validity caps are in days anyway

// A positive whole number followed by one unit: m (minutes), h, d or y (365 days).
// Anything else, zero, or more than 100 years is an error that shows the accepted forms.
Result<int64_t> parse_duration(std::string_view text);
// The shortest exact form: "3y", "90d", "12h", "30m", else seconds "45s".
std::string format_duration(int64_t seconds);
// "in 42 days", "in 5 hours", "expired" (for `parley ca list`).
std::string describe_remaining(int64_t not_after, int64_t now);

}  // namespace parley::ca
