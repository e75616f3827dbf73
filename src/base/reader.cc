#include "base/reader.h"

namespace parley {

bool Reader::uint(int n, uint32_t& out) {
  if (in_.size() < static_cast<size_t>(n)) return false;
  uint32_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | in_[static_cast<size_t>(i)];
  in_ = in_.subspan(static_cast<size_t>(n));
  out = v;
  return true;
}

bool Reader::u8(uint8_t& out) {
  uint32_t v;
  if (!uint(1, v)) return false;
  out = static_cast<uint8_t>(v);
  return true;
}

bool Reader::u16(uint16_t& out) {
  uint32_t v;
  if (!uint(2, v)) return false;
  out = static_cast<uint16_t>(v);
  return true;
}

bool Reader::u24(uint32_t& out) { return uint(3, out); }
bool Reader::u32(uint32_t& out) { return uint(4, out); }

bool Reader::bytes(size_t n, std::span<const uint8_t>& out) {
  if (in_.size() < n) return false;
  out = in_.first(n);
  in_ = in_.subspan(n);
  return true;
}

bool Reader::skip(size_t n) {
  std::span<const uint8_t> ignored;
  return bytes(n, ignored);
}

bool Reader::i64(int64_t& out) {
  Reader probe = *this;  // consume nothing unless both halves are there
  uint32_t hi, lo;
  if (!probe.u32(hi) || !probe.u32(lo)) return false;
  *this = probe;
  out = static_cast<int64_t>(uint64_t{hi} << 32 | lo);
  return true;
}

bool Reader::prefixed_bytes(int len_bytes, std::span<const uint8_t>& out) {
  if (len_bytes < 1 || len_bytes > 3) return false;
  Reader probe = *this;  // consume nothing unless the whole block is there
  uint32_t len;
  std::span<const uint8_t> body;
  if (!probe.uint(len_bytes, len) || !probe.bytes(len, body)) return false;
  *this = probe;
  out = body;
  return true;
}

bool Reader::prefixed(int len_bytes, Reader& body) {
  std::span<const uint8_t> block;
  if (!prefixed_bytes(len_bytes, block)) return false;
  body = Reader(block);
  return true;
}

}  // namespace parley
