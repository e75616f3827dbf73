// ASCII case folding for the matchers (hostnames, URI schemes and
// authorities, attribute types: all ASCII-case-insensitive by their RFCs).
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace parley::authz {

inline std::string lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

inline std::string upper(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

}  // namespace parley::authz
