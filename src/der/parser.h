// A strict DER reader (X.690 §8 and §10): zero-copy views into the input.
//
// Parser walks a sequence of TLVs. Every read either succeeds and advances or
// fails with a specific decode error and leaves the parser where it was. Only
// what X.509 and PKCS need is accepted: low tag numbers, definite minimal
// lengths of at most four octets.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "parley/error.h"

namespace parley::der {

using Input = std::span<const uint8_t>;

// True when a and b hold the same bytes (not constant-time: for OIDs and names).
bool equal(Input a, Input b);

enum class TagClass : uint8_t {
  Universal = 0x00,
  Application = 0x40,
  ContextSpecific = 0x80,
  Private = 0xC0,
};

// The single identifier octet (X.690 §8.1.2): class, constructed bit, number < 31.
struct Tag {
  uint8_t octet = 0;

  constexpr TagClass tag_class() const { return static_cast<TagClass>(octet & 0xC0); }
  constexpr bool constructed() const { return (octet & 0x20) != 0; }
  constexpr uint8_t number() const { return octet & 0x1F; }
  friend constexpr bool operator==(Tag, Tag) = default;
};

inline constexpr Tag kBoolean{0x01};
inline constexpr Tag kInteger{0x02};
inline constexpr Tag kBitString{0x03};
inline constexpr Tag kOctetString{0x04};
inline constexpr Tag kNull{0x05};
inline constexpr Tag kOid{0x06};
inline constexpr Tag kEnumerated{0x0A};
inline constexpr Tag kUtf8String{0x0C};
inline constexpr Tag kPrintableString{0x13};
inline constexpr Tag kT61String{0x14};
inline constexpr Tag kIa5String{0x16};
inline constexpr Tag kUtcTime{0x17};
inline constexpr Tag kGeneralizedTime{0x18};
inline constexpr Tag kUniversalString{0x1C};
inline constexpr Tag kBmpString{0x1E};
inline constexpr Tag kSequence{0x30};
inline constexpr Tag kSet{0x31};

// [n] primitive: an IMPLICIT tag over a primitive type. A number of 31 or more
// yields the high-tag marker, which no parser matches and the Builder rejects.
constexpr Tag context(uint8_t n) { return Tag{static_cast<uint8_t>(0x80 | (n < 31 ? n : 31))}; }
// [n] constructed: an EXPLICIT tag, or IMPLICIT over a SEQUENCE/SET.
constexpr Tag context_constructed(uint8_t n) { return Tag{static_cast<uint8_t>(0xA0 | (n < 31 ? n : 31))}; }

struct Element {
  Tag tag;
  Input value;  // the contents octets
  Input raw;    // the whole TLV: identifier, length and contents
};

class Parser {
 public:
  Parser() = default;
  explicit Parser(Input in) : in_(in) {}

  bool has_more() const { return !in_.empty(); }
  Input remaining() const { return in_; }

  // The next identifier octet without consuming; false at the end or when it is
  // not a valid low-number identifier (read_element then says why).
  [[nodiscard]] bool peek_tag(Tag& out) const;
  // True when the next element has tag t.
  bool next_is(Tag t) const;

  Result<Element> read_element();
  // The contents of the next element, which must have tag `expected`.
  Result<Input> read(Tag expected);
  // The whole TLV of the next element (e.g. the signed tbsCertificate bytes).
  Result<Input> read_raw(Tag expected);
  // The contents when the next element has tag t; nullopt when absent (or at end).
  // A malformed element with tag t is still an error.
  Result<std::optional<Input>> read_optional(Tag t);

  // A child parser over a constructed element.
  Result<Parser> read_sequence() { return read_constructed(kSequence); }
  Result<Parser> read_set() { return read_constructed(kSet); }
  Result<Parser> read_constructed(Tag expected);
  Result<std::optional<Parser>> read_optional_constructed(Tag t);

  // Trailing bytes in a block are an error.
  Result<void> expect_end() const;

 private:
  Input in_;
};

// --- Value decoders: each takes the contents octets of one element. ---

// X.690 §11.1: FALSE is 0x00 and TRUE is 0xFF; nothing else.
Result<bool> parse_boolean(Input value);

// Validates a minimal two's complement INTEGER and returns the same view.
Result<Input> parse_integer(Input value);
// A validated INTEGER (or ENUMERATED) that is non-negative and fits in 64 bits.
Result<uint64_t> parse_uint64(Input value);
// The sign of a validated INTEGER.
bool is_negative(Input integer);

Result<void> parse_null(Input value);

struct BitString {
  Input bytes;              // the bits, most significant first
  uint8_t unused_bits = 0;  // in the last byte, 0..7

  size_t bit_count() const { return bytes.size() * 8 - unused_bits; }
  // Bit i (0 = the most significant bit of the first byte); false past the end.
  bool bit(size_t i) const;
};
// X.690 §8.6 and §11.2: unused bits 0..7, 0 when empty, and themselves zero.
Result<BitString> parse_bit_string(Input value);
// A BIT STRING holding whole bytes (SPKI keys, signatures): unused bits must be 0.
Result<Input> parse_bit_string_bytes(Input value);

}  // namespace parley::der
