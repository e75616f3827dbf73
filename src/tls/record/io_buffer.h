// A byte queue for a connection's record I/O: the records waiting to be
// sent, and the plaintext waiting to be read. Bytes are added at the back
// without being zeroed first (a record is sealed, or opened, straight into
// them) and taken from the front. The storage is kept when the queue drains,
// so steady traffic allocates nothing per record, until release() gives it
// back (an idle connection holds no buffer). Storage is wiped before it is
// freed: it held decrypted application data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "base/secret.h"

namespace parley::tls::record {

// Wipes a whole allocation of `n` bytes, whatever was consumed, before freeing it.
struct WipeDelete {
  size_t n = 0;
  void operator()(uint8_t* p) const {
    secure_wipe(p, n);
    delete[] p;
  }
};

class IoBuffer {
 public:
  IoBuffer() = default;
  IoBuffer(IoBuffer&&) noexcept = default;
  IoBuffer& operator=(IoBuffer&&) noexcept = default;

  // The bytes held, oldest first. Valid until the next call that changes the queue.
  std::span<const uint8_t> data() const { return {buf_.get() + begin_, end_ - begin_}; }
  size_t size() const { return end_ - begin_; }
  bool empty() const { return begin_ == end_; }
  size_t capacity() const { return cap_; }

  // Adds `n` bytes at the back and returns them, uninitialised, for the
  // caller to fill. Earlier spans into the buffer may be invalidated.
  std::span<uint8_t> grow(size_t n);
  void append(std::span<const uint8_t> bytes);
  // Keeps only the first `n` bytes held (n <= size()): undoes a grow().
  void truncate(size_t n) { end_ = begin_ + n; }
  // Drops `n` bytes (n <= size()) from the front.
  void consume(size_t n);
  // Frees the storage if nothing is held.
  void release();

 private:
  std::unique_ptr<uint8_t[], WipeDelete> buf_;
  size_t cap_ = 0;
  size_t begin_ = 0;  // first byte held
  size_t end_ = 0;    // one past the last byte held
};

}  // namespace parley::tls::record
