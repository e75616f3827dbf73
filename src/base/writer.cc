#include "base/writer.h"

namespace parley {

void Writer::u16(uint16_t v) {
  out_.push_back(static_cast<uint8_t>(v >> 8));
  out_.push_back(static_cast<uint8_t>(v));
}

void Writer::u24(uint32_t v) {
  if (v > 0xFFFFFF) ok_ = false;
  out_.push_back(static_cast<uint8_t>(v >> 16));
  out_.push_back(static_cast<uint8_t>(v >> 8));
  out_.push_back(static_cast<uint8_t>(v));
}

void Writer::u32(uint32_t v) {
  u16(static_cast<uint16_t>(v >> 16));
  u16(static_cast<uint16_t>(v));
}

void Writer::i64(int64_t v) {
  const auto u = static_cast<uint64_t>(v);
  u32(static_cast<uint32_t>(u >> 32));
  u32(static_cast<uint32_t>(u));
}

Writer::Prefix Writer::prefixed(int len_bytes) {
  if (len_bytes < 1 || len_bytes > 3) {
    ok_ = false;
    len_bytes = 1;
  }
  size_t at = out_.size();
  zeros(static_cast<size_t>(len_bytes));
  return Prefix(this, at, len_bytes);
}

void Writer::Prefix::close() {
  if (w_ == nullptr) return;
  Writer& w = *w_;
  w_ = nullptr;
  size_t body = w.out_.size() - at_ - static_cast<size_t>(len_bytes_);
  size_t max = (size_t{1} << (8 * len_bytes_)) - 1;
  if (body > max) {  // an overflow is an error, never a silent truncation
    w.ok_ = false;
    return;
  }
  for (int i = len_bytes_ - 1; i >= 0; --i) {
    w.out_[at_ + static_cast<size_t>(i)] = static_cast<uint8_t>(body);
    body >>= 8;
  }
}

Result<std::vector<uint8_t>> Writer::finish() && {
  if (!ok_) return err::internal("Writer: a length prefix or field overflowed");
  return std::move(out_);
}

}  // namespace parley
