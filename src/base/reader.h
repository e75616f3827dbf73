// A bounds-checked view over bytes (after BoringSSL's CBS).
//
// Every getter is [[nodiscard]] bool: on failure nothing is consumed and the
// output is untouched, so parsers chain getters with && and turn a false into
// one decode error. Nothing is copied: bytes() hands out sub-spans.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace parley {

class Reader {
 public:
  Reader() = default;
  explicit Reader(std::span<const uint8_t> in) : in_(in) {}

  [[nodiscard]] bool u8(uint8_t& out);
  [[nodiscard]] bool u16(uint16_t& out);
  [[nodiscard]] bool u24(uint32_t& out);
  [[nodiscard]] bool u32(uint32_t& out);
  [[nodiscard]] bool i64(int64_t& out);  // as Writer::i64 wrote it
  [[nodiscard]] bool bytes(size_t n, std::span<const uint8_t>& out);
  [[nodiscard]] bool skip(size_t n);
  // A child reader over a block whose length is a big-endian prefix of
  // len_bytes (1, 2 or 3) bytes; the parent moves past the whole block.
  [[nodiscard]] bool prefixed(int len_bytes, Reader& body);
  // The prefixed block as a span, for opaque vectors such as legacy_session_id.
  [[nodiscard]] bool prefixed_bytes(int len_bytes, std::span<const uint8_t>& out);

  [[nodiscard]] bool empty() const { return in_.empty(); }
  size_t remaining() const { return in_.size(); }
  std::span<const uint8_t> rest() const { return in_; }

 private:
  [[nodiscard]] bool uint(int n, uint32_t& out);
  std::span<const uint8_t> in_;
};

}  // namespace parley
