#include "tls/record/io_buffer.h"

#include <algorithm>
#include <cstring>

namespace parley::tls::record {

std::span<uint8_t> IoBuffer::grow(size_t n) {
  const size_t held = size();
  if (cap_ - end_ < n) {
    if (held + n <= cap_) {
      // Room enough once the consumed front is reclaimed.
      if (held > 0) std::memmove(buf_.get(), buf_.get() + begin_, held);
    } else {
      // Geometric growth: a write() of many records appends one at a time.
      const size_t cap = std::max(held + n, cap_ + cap_ / 2);
      std::unique_ptr<uint8_t[], WipeDelete> bigger(new uint8_t[cap], WipeDelete{cap});
      if (held > 0) std::memcpy(bigger.get(), buf_.get() + begin_, held);
      buf_ = std::move(bigger);
      cap_ = cap;
    }
    begin_ = 0;
    end_ = held;
  }
  end_ += n;
  return {buf_.get() + end_ - n, n};
}

void IoBuffer::append(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return;
  std::memcpy(grow(bytes.size()).data(), bytes.data(), bytes.size());
}

void IoBuffer::consume(size_t n) {
  begin_ += n;
  if (begin_ == end_) begin_ = end_ = 0;  // drained: the next bytes start at the front
}

void IoBuffer::release() {
  if (!empty()) return;
  buf_.reset();
  cap_ = begin_ = end_ = 0;
}

}  // namespace parley::tls::record
