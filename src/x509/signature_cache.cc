#include "x509/signature_cache.h"

#include <algorithm>
#include <cstring>
#include <span>

namespace parley::x509 {

SignatureCache::SignatureCache(size_t entries, const crypto::Hash& sha256) : sha256_(sha256), slots_(entries) {}

Result<void> SignatureCache::verify(const crypto::PublicKey& key, const SignatureAlgorithm& alg, Input signed_bytes,
                                    Input signature) {
  if (slots_.empty()) return key.verify(*alg.alg, signed_bytes, signature);
  const Key k = key_of(key, alg, signed_bytes, signature);
  if (lookup(k)) return {};
  auto verified = key.verify(*alg.alg, signed_bytes, signature);
  if (verified) insert(k);  // failures are never remembered
  return verified;
}

// SHA-256(len ‖ spki ‖ len ‖ algorithm ‖ len ‖ signed bytes ‖ len ‖ signature),
// each len 4 bytes big-endian, so that no byte can move from one field to the
// next.
SignatureCache::Key SignatureCache::key_of(const crypto::PublicKey& key, const SignatureAlgorithm& alg,
                                           Input signed_bytes, Input signature) const {
  const Input fields[] = {key.spki_der(), alg.raw, signed_bytes, signature};
  size_t total = 0;
  for (Input f : fields) total += 4 + f.size();
  std::array<uint8_t, kFramedOnStack> stack;
  std::vector<uint8_t> heap;
  if (total > stack.size()) heap.resize(total);
  const std::span<uint8_t> framed = heap.empty() ? std::span<uint8_t>(stack).first(total) : std::span<uint8_t>(heap);
  size_t at = 0;
  for (Input f : fields) {
    const auto n = static_cast<uint32_t>(f.size());  // a DER element of a certificate: far below 4 GiB
    const uint8_t len[4] = {static_cast<uint8_t>(n >> 24), static_cast<uint8_t>(n >> 16), static_cast<uint8_t>(n >> 8),
                            static_cast<uint8_t>(n)};
    std::memcpy(framed.data() + at, len, sizeof len);
    if (!f.empty()) std::memcpy(framed.data() + at + sizeof len, f.data(), f.size());
    at += sizeof len + f.size();
  }
  SecretBytes d = sha256_.digest(framed);
  Key out;
  std::memcpy(out.data(), d.view().data(), out.size());
  return out;
}

size_t SignatureCache::home(const Key& key) const {
  uint64_t h = 0;  // the key is a SHA-256 output: any 8 of its bytes are uniform
  std::memcpy(&h, key.data(), sizeof h);
  return static_cast<size_t>(h % slots_.size());
}

SignatureCache::Slot* SignatureCache::find_locked(const Key& key) {
  const size_t first = home(key);
  for (size_t i = 0; i < std::min(kWindow, slots_.size()); ++i) {
    Slot& s = slots_[(first + i) % slots_.size()];
    if (s.last_use != 0 && s.key == key) return &s;
  }
  return nullptr;
}

bool SignatureCache::lookup(const Key& key) {
  std::lock_guard lock(mutex_);
  if (Slot* s = find_locked(key)) {
    s->last_use = ++uses_;
    ++stats_.hits;
    return true;
  }
  ++stats_.misses;
  return false;
}

void SignatureCache::insert(const Key& key) {
  std::lock_guard lock(mutex_);
  if (Slot* s = find_locked(key)) {  // another thread verified the same signature meanwhile
    s->last_use = ++uses_;
    return;
  }
  // An empty slot of the window has the smallest stamp (0), so it is taken
  // before any entry is evicted.
  const size_t first = home(key);
  Slot* victim = &slots_[first];
  for (size_t i = 1; i < std::min(kWindow, slots_.size()); ++i) {
    Slot& s = slots_[(first + i) % slots_.size()];
    if (s.last_use < victim->last_use) victim = &s;
  }
  if (victim->last_use == 0) {
    ++stats_.entries;
  } else {
    ++stats_.evictions;
  }
  victim->key = key;
  victim->last_use = ++uses_;
}

SignatureCache::Stats SignatureCache::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace parley::x509
