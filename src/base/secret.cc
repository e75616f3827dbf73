#include "base/secret.h"

#include <openssl/crypto.h>

#include <cstdlib>
#include <cstring>

#include "base/ct.h"

namespace parley {

void secure_wipe(void* p, size_t n) {
  if (n != 0) OPENSSL_cleanse(p, n);
}

bool ct::equal(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

SecretBytes::SecretBytes(std::span<const uint8_t> src) {
  if (src.size() > kCapacity) std::abort();  // a caller bug, not an input error
  if (!src.empty()) std::memcpy(bytes_.data(), src.data(), src.size());
  size_ = src.size();
}

SecretBytes SecretBytes::zeroed(size_t n) {
  if (n > kCapacity) std::abort();
  SecretBytes s;
  s.size_ = n;
  return s;
}

SecretBytes::SecretBytes(SecretBytes&& o) noexcept : bytes_(o.bytes_), size_(o.size_) {
  secure_wipe(o.bytes_.data(), o.bytes_.size());
  o.size_ = 0;
}

SecretBytes& SecretBytes::operator=(SecretBytes&& o) noexcept {
  if (this != &o) {
    bytes_ = o.bytes_;
    size_ = o.size_;
    secure_wipe(o.bytes_.data(), o.bytes_.size());
    o.size_ = 0;
  }
  return *this;
}

SecretBytes::~SecretBytes() { secure_wipe(bytes_.data(), bytes_.size()); }

SecretBuffer& SecretBuffer::operator=(SecretBuffer&& o) noexcept {
  if (this != &o) {
    secure_wipe(bytes_.data(), bytes_.size());
    bytes_ = std::move(o.bytes_);
  }
  return *this;
}

SecretBuffer::~SecretBuffer() { secure_wipe(bytes_.data(), bytes_.size()); }

}  // namespace parley
