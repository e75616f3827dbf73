// A growable byte builder with self-patching length prefixes and one sticky
// error (after BoringSSL's CBB and rustls' LengthPrefixedBuffer).
//
// Writes never fail individually; a prefix whose body outgrows its length
// field marks the writer failed, and finish() is the one place to check.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "parley/error.h"

namespace parley {

class Writer {
 public:
  Writer() = default;
  // Reuses the capacity of `buffer` (cleared first): no allocation when it is large enough.
  explicit Writer(std::vector<uint8_t>&& buffer) : out_(std::move(buffer)) { out_.clear(); }

  void u8(uint8_t v) { out_.push_back(v); }
  void u16(uint16_t v);
  void u24(uint32_t v);  // a value above 2^24-1 fails the writer
  void u32(uint32_t v);
  void i64(int64_t v);  // two's complement, big-endian (times in parley's own formats)
  void bytes(std::span<const uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }
  void zeros(size_t n) { out_.insert(out_.end(), n, 0); }

  // RAII length prefix: reserves len_bytes (1, 2 or 3) now and writes the body
  // length when it goes out of scope (or at close()). Prefixes nest.
  class Prefix {
   public:
    Prefix(Prefix&& other) noexcept : w_(other.w_), at_(other.at_), len_bytes_(other.len_bytes_) { other.w_ = nullptr; }
    Prefix(const Prefix&) = delete;
    Prefix& operator=(const Prefix&) = delete;
    Prefix& operator=(Prefix&&) = delete;
    ~Prefix() { close(); }
    void close();

   private:
    friend class Writer;
    Prefix(Writer* w, size_t at, int len_bytes) : w_(w), at_(at), len_bytes_(len_bytes) {}
    Writer* w_;
    size_t at_;
    int len_bytes_;
  };
  [[nodiscard]] Prefix prefixed(int len_bytes);

  size_t size() const { return out_.size(); }
  bool ok() const { return ok_; }
  // The bytes written so far (valid until the next write).
  std::span<const uint8_t> view() const { return out_; }
  // The one error check: the bytes, or why they could not be built.
  Result<std::vector<uint8_t>> finish() &&;

 private:
  std::vector<uint8_t> out_;
  bool ok_ = true;
};

}  // namespace parley
