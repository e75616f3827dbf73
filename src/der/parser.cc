#include "der/parser.h"

#include <algorithm>
#include <cstdio>
#include <string>

namespace parley::der {
namespace {

std::string tag_hex(Tag t) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02x", static_cast<unsigned>(t.octet));
  return buf;
}

std::string expected_found(Tag expected, Tag found) {
  return "expected " + tag_hex(expected) + ", found " + tag_hex(found);
}

// X.690 §8.1.2.4: number 31 introduces the high-tag-number form.
constexpr bool is_high_tag(uint8_t octet) { return (octet & 0x1F) == 0x1F; }

// Universal types that DER encodes constructed; every other universal type is
// primitive in DER (§10.2: strings never use the constructed form).
constexpr bool universal_constructed(uint8_t number) {
  return number == 16 || number == 17 || number == 8 || number == 11 || number == 29;
}

}  // namespace

bool equal(Input a, Input b) { return std::ranges::equal(a, b); }

bool Parser::peek_tag(Tag& out) const {
  if (in_.empty() || is_high_tag(in_[0])) return false;
  out = Tag{in_[0]};
  return true;
}

bool Parser::next_is(Tag t) const {
  Tag found;
  return peek_tag(found) && found == t;
}

Result<Element> Parser::read_element() {
  if (in_.empty()) return err::decode("DER: unexpected end of input");
  const Tag tag{in_[0]};
  if (is_high_tag(tag.octet)) return err::decode("DER: high tag number form not supported", tag_hex(tag));
  if (tag.tag_class() == TagClass::Universal) {
    if (tag.number() == 0) return err::decode("DER: reserved tag number 0 (end-of-contents)");
    if (tag.constructed() != universal_constructed(tag.number())) {
      return err::decode(tag.constructed() ? "DER: constructed encoding of a primitive type"
                                           : "DER: primitive encoding of a constructed type",
                         tag_hex(tag));
    }
  }
  if (in_.size() < 2) return err::decode("DER: truncated length");

  // X.690 §8.1.3 and §10.1: definite form, in the fewest octets.
  const uint8_t first = in_[1];
  size_t header = 2;
  size_t length = 0;
  if (first < 0x80) {
    length = first;
  } else if (first == 0x80) {
    return err::decode("DER: indefinite length not allowed");
  } else {
    const size_t n = first & 0x7F;
    if (n > 4) return err::decode("DER: length has more than 4 octets");
    if (in_.size() < 2 + n) return err::decode("DER: truncated length");
    if (in_[2] == 0) return err::decode("DER: non-minimal length", "leading zero octet");
    for (size_t i = 0; i < n; ++i) length = (length << 8) | in_[2 + i];
    if (length < 0x80) return err::decode("DER: non-minimal length", "long form for a length below 128");
    header += n;
  }
  if (length > in_.size() - header) return err::decode("DER: length exceeds input");

  Element e{tag, in_.subspan(header, length), in_.first(header + length)};
  in_ = in_.subspan(header + length);
  return e;
}

Result<Input> Parser::read(Tag expected) {
  Parser probe = *this;
  auto e = PARLEY_TRY(probe.read_element());
  if (e.tag != expected) return err::decode("DER: unexpected tag", expected_found(expected, e.tag));
  *this = probe;
  return e.value;
}

Result<Input> Parser::read_raw(Tag expected) {
  Parser probe = *this;
  auto e = PARLEY_TRY(probe.read_element());
  if (e.tag != expected) return err::decode("DER: unexpected tag", expected_found(expected, e.tag));
  *this = probe;
  return e.raw;
}

Result<std::optional<Input>> Parser::read_optional(Tag t) {
  if (in_.empty() || in_[0] != t.octet) return std::optional<Input>();
  return std::optional<Input>(PARLEY_TRY(read(t)));
}

Result<Parser> Parser::read_constructed(Tag expected) {
  if (!expected.constructed()) return err::api("DER: read_constructed needs a constructed tag", tag_hex(expected));
  return Parser(PARLEY_TRY(read(expected)));
}

Result<std::optional<Parser>> Parser::read_optional_constructed(Tag t) {
  if (in_.empty() || in_[0] != t.octet) return std::optional<Parser>();
  return std::optional<Parser>(PARLEY_TRY(read_constructed(t)));
}

Result<void> Parser::expect_end() const {
  if (!in_.empty()) return err::decode("DER: trailing data", std::to_string(in_.size()) + " bytes");
  return {};
}

Result<bool> parse_boolean(Input value) {
  if (value.size() != 1) return err::decode("DER: BOOLEAN must be one octet");
  if (value[0] == 0x00) return false;
  if (value[0] == 0xFF) return true;
  return err::decode("DER: BOOLEAN must be 0x00 or 0xFF");
}

Result<Input> parse_integer(Input value) {
  if (value.empty()) return err::decode("DER: empty INTEGER");
  // X.690 §8.3.2: the first nine bits are not all zeros or all ones.
  if (value.size() > 1) {
    const bool redundant_zero = value[0] == 0x00 && (value[1] & 0x80) == 0;
    const bool redundant_ones = value[0] == 0xFF && (value[1] & 0x80) != 0;
    if (redundant_zero || redundant_ones) return err::decode("DER: non-minimal INTEGER");
  }
  return value;
}

bool is_negative(Input integer) { return !integer.empty() && (integer[0] & 0x80) != 0; }

Result<uint64_t> parse_uint64(Input value) {
  PARLEY_TRY(parse_integer(value));
  if (is_negative(value)) return err::decode("DER: negative INTEGER where non-negative expected");
  if (value[0] == 0x00) value = value.subspan(1);  // the sign octet
  if (value.size() > 8) return err::decode("DER: INTEGER too large for 64 bits");
  uint64_t v = 0;
  for (uint8_t b : value) v = (v << 8) | b;
  return v;
}

Result<void> parse_null(Input value) {
  if (!value.empty()) return err::decode("DER: NULL must be empty");
  return {};
}

bool BitString::bit(size_t i) const {
  if (i >= bit_count()) return false;
  return ((bytes[i / 8] >> (7 - i % 8)) & 1) != 0;
}

Result<BitString> parse_bit_string(Input value) {
  if (value.empty()) return err::decode("DER: BIT STRING missing unused-bits octet");
  const uint8_t unused = value[0];
  Input bits = value.subspan(1);
  if (unused > 7) return err::decode("DER: BIT STRING unused bits above 7");
  if (bits.empty() && unused != 0) return err::decode("DER: empty BIT STRING with unused bits");
  if (unused != 0) {
    const uint8_t mask = static_cast<uint8_t>((1u << unused) - 1);
    if ((bits.back() & mask) != 0) return err::decode("DER: BIT STRING unused bits not zero");
  }
  return BitString{bits, unused};
}

Result<Input> parse_bit_string_bytes(Input value) {
  auto bs = PARLEY_TRY(parse_bit_string(value));
  if (bs.unused_bits != 0) return err::decode("DER: BIT STRING is not a whole number of octets");
  return bs.bytes;
}

}  // namespace parley::der
