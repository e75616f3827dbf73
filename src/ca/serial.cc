#include "ca/serial.h"

#include <cctype>

namespace parley::ca {

std::vector<uint8_t> random_serial(crypto::Rng& rng) {
  std::vector<uint8_t> s(kSerialLen);
  do {
    rng.fill(s);
    s[0] &= 0x7f;
  } while (s[0] == 0);
  return s;
}

std::string serial_to_hex(der::Input serial) {
  while (serial.size() > 1 && serial[0] == 0) serial = serial.subspan(1);
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (uint8_t b : serial) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

std::optional<std::vector<uint8_t>> serial_from_text(std::string_view text) {
  if (text.starts_with("0x") || text.starts_with("0X")) text.remove_prefix(2);
  std::string digits;
  for (char c : text) {
    if (c == ':') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    digits += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (digits.empty() || digits.size() > 42) return std::nullopt;
  if (digits.size() % 2) digits.insert(digits.begin(), '0');
  std::vector<uint8_t> out;
  for (size_t i = 0; i < digits.size(); i += 2) {
    auto nib = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    out.push_back(static_cast<uint8_t>(nib(digits[i]) << 4 | nib(digits[i + 1])));
  }
  while (out.size() > 1 && out[0] == 0) out.erase(out.begin());
  return out;
}

}  // namespace parley::ca
