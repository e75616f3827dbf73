// The in-memory single-use register for 0-RTT tickets (RFC 8446 §8.1).
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#include "parley/session.h"

namespace parley {
namespace {

class MemoryReplayRegister final : public ReplayRegister {
 public:
  explicit MemoryReplayRegister(size_t capacity) : capacity_(capacity) {}

  bool first_use(std::span<const uint8_t> id, int64_t expires_at, int64_t now) override {
    std::string key(reinterpret_cast<const char*>(id.data()), id.size());
    std::lock_guard lock(mutex_);
    // Entries whose ticket no longer opens can never be replayed.
    while (!by_expiry_.empty() && by_expiry_.begin()->first < now) {
      seen_.erase(by_expiry_.begin()->second);
      by_expiry_.erase(by_expiry_.begin());
    }
    if (seen_.contains(key)) return false;
    if (seen_.size() >= capacity_) return false;  // full: no 0-RTT rather than forgetting a live entry
    seen_.emplace(key, expires_at);
    by_expiry_.emplace(expires_at, std::move(key));
    return true;
  }

 private:
  size_t capacity_;
  std::mutex mutex_;
  std::unordered_map<std::string, int64_t> seen_;
  std::multimap<int64_t, std::string> by_expiry_;
};

}  // namespace

std::shared_ptr<ReplayRegister> memory_replay_register(size_t capacity) {
  return std::make_shared<MemoryReplayRegister>(capacity);
}

}  // namespace parley
