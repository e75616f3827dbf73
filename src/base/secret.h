// Secrets in a type that wipes itself and cannot be compared with ==.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace parley {

// Overwrites memory in a way the compiler may not elide (OPENSSL_cleanse).
void secure_wipe(void* p, size_t n);

// A secret of at most 64 bytes (the largest HMAC/HKDF output we use, SHA-512),
// stored inline: no heap, move-only, wiped on destruction and after a move.
// Compare with ct::equal(a.view(), b.view()), never with ==.
class SecretBytes {
 public:
  static constexpr size_t kCapacity = 64;

  SecretBytes() = default;
  // Copies `src`; more than kCapacity bytes is a programming error (aborts).
  explicit SecretBytes(std::span<const uint8_t> src);
  // n zero bytes, to be filled through data().
  static SecretBytes zeroed(size_t n);

  SecretBytes(SecretBytes&& o) noexcept;
  SecretBytes& operator=(SecretBytes&& o) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes();

  // An explicit copy, so that duplicating a secret is visible in the code.
  SecretBytes clone() const { return SecretBytes(view()); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::span<const uint8_t> view() const { return {bytes_.data(), size_}; }
  std::span<uint8_t> data() { return {bytes_.data(), size_}; }

  bool operator==(const SecretBytes&) const = delete;

 private:
  std::array<uint8_t, kCapacity> bytes_{};
  size_t size_ = 0;
};

// A heap buffer for larger secrets (private key encodings, passphrases),
// wiped on destruction. Move-only.
class SecretBuffer {
 public:
  SecretBuffer() = default;
  explicit SecretBuffer(std::span<const uint8_t> src) : bytes_(src.begin(), src.end()) {}
  explicit SecretBuffer(std::vector<uint8_t>&& v) : bytes_(std::move(v)) {}
  SecretBuffer(SecretBuffer&&) noexcept = default;
  SecretBuffer& operator=(SecretBuffer&& o) noexcept;
  SecretBuffer(const SecretBuffer&) = delete;
  SecretBuffer& operator=(const SecretBuffer&) = delete;
  ~SecretBuffer();

  size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }
  std::span<const uint8_t> view() const { return bytes_; }
  std::span<uint8_t> data() { return bytes_; }

  bool operator==(const SecretBuffer&) const = delete;

 private:
  std::vector<uint8_t> bytes_;
};

}  // namespace parley
