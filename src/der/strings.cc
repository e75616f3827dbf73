#include "der/strings.h"

namespace parley::der {
namespace {

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_surrogate(uint32_t cp) { return cp >= 0xD800 && cp <= 0xDFFF; }

std::string as_string(Input value) { return {reinterpret_cast<const char*>(value.data()), value.size()}; }

// The first reason s is not well-formed UTF-8 (RFC 3629 §3), or nullptr.
const char* utf8_problem(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto lead = static_cast<uint8_t>(s[i]);
    size_t len = 1;
    uint32_t cp = lead;
    uint32_t min = 0;
    if (lead >= 0x80) {
      if ((lead & 0xE0) == 0xC0) {
        len = 2;
        cp = lead & 0x1Fu;
        min = 0x80;
      } else if ((lead & 0xF0) == 0xE0) {
        len = 3;
        cp = lead & 0x0Fu;
        min = 0x800;
      } else if ((lead & 0xF8) == 0xF0) {
        len = 4;
        cp = lead & 0x07u;
        min = 0x10000;
      } else {
        return "DER: invalid UTF-8 lead byte";
      }
    }
    if (s.size() - i < len) return "DER: truncated UTF-8 sequence";
    for (size_t k = 1; k < len; ++k) {
      const auto b = static_cast<uint8_t>(s[i + k]);
      if ((b & 0xC0) != 0x80) return "DER: invalid UTF-8 continuation byte";
      cp = (cp << 6) | (b & 0x3Fu);
    }
    if (cp < min) return "DER: overlong UTF-8 encoding";
    if (is_surrogate(cp)) return "DER: UTF-8 encodes a surrogate";
    if (cp > 0x10FFFF) return "DER: UTF-8 code point above U+10FFFF";
    i += len;
  }
  return nullptr;
}

}  // namespace

bool is_printable_char(char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  constexpr std::string_view kPunctuation = " '()+,-./:=?";
  return kPunctuation.find(c) != std::string_view::npos;
}

bool is_valid_utf8(std::string_view s) { return utf8_problem(s) == nullptr; }

Result<std::string> printable_string_to_utf8(Input value) {
  for (uint8_t b : value) {
    if (!is_printable_char(static_cast<char>(b))) return err::decode("DER: invalid character in PrintableString");
  }
  return as_string(value);
}

Result<std::string> ia5_string_to_utf8(Input value) {
  for (uint8_t b : value) {
    if (b >= 0x80) return err::decode("DER: non-ASCII byte in IA5String");
  }
  return as_string(value);
}

Result<std::string> utf8_string_to_utf8(Input value) {
  std::string s = as_string(value);
  if (const char* problem = utf8_problem(s)) return err::decode(problem);
  return s;
}

Result<std::string> bmp_string_to_utf8(Input value) {
  if (value.size() % 2 != 0) return err::decode("DER: BMPString length is odd");
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); i += 2) {
    const uint32_t cp = (uint32_t{value[i]} << 8) | value[i + 1];
    if (is_surrogate(cp)) return err::decode("DER: surrogate in BMPString");
    append_utf8(out, cp);
  }
  return out;
}

Result<std::string> universal_string_to_utf8(Input value) {
  if (value.size() % 4 != 0) return err::decode("DER: UniversalString length not a multiple of 4");
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); i += 4) {
    const uint32_t cp =
        (uint32_t{value[i]} << 24) | (uint32_t{value[i + 1]} << 16) | (uint32_t{value[i + 2]} << 8) | value[i + 3];
    if (cp > 0x10FFFF) return err::decode("DER: code point above U+10FFFF in UniversalString");
    if (is_surrogate(cp)) return err::decode("DER: surrogate in UniversalString");
    append_utf8(out, cp);
  }
  return out;
}

Result<std::string> t61_string_to_utf8(Input value) {
  std::string out;
  out.reserve(value.size());
  for (uint8_t b : value) append_utf8(out, b);
  return out;
}

Result<std::string> string_to_utf8(Tag tag, Input value) {
  if (tag == kUtf8String) return utf8_string_to_utf8(value);
  if (tag == kPrintableString) return printable_string_to_utf8(value);
  if (tag == kIa5String) return ia5_string_to_utf8(value);
  if (tag == kBmpString) return bmp_string_to_utf8(value);
  if (tag == kUniversalString) return universal_string_to_utf8(value);
  if (tag == kT61String) return t61_string_to_utf8(value);
  return err::decode("DER: not a supported string type");
}

}  // namespace parley::der
