// TicketKeys (parley/session.h): rotation, sealing and opening of tickets.
#include <algorithm>
#include <array>
#include <mutex>

#include "crypto/provider.h"
#include "parley/session.h"
#include "tls/session/ticket_keys_file.h"
#include "tls/session/ticket_sealing.h"

namespace parley {

using tls::session::kTicketKeyIdLen;
using tls::session::TicketKey;
using tls::session::TicketSealing;

namespace {
constexpr size_t kNonceLen = TicketSealing::kNonceLen;
constexpr size_t kTagLen = 16;
}  // namespace

// A key with its AEAD context, made once: a fresh context per ticket cost
// three quarters of each seal.
struct HeldKey {
  TicketKey key;
  std::unique_ptr<crypto::AeadCtx> aead;  // used under Impl::mutex only
};

struct TicketKeys::Impl {
  const crypto::Provider* provider;
  const crypto::Aead* aead;
  std::string path;        // from_file; empty for generated keys
  int64_t rotation = 0;    // generated keys: seconds between new keys
  int64_t lifetime = 0;    // generated keys: how long a retired key still opens
  mutable std::mutex mutex;
  mutable std::vector<HeldKey> keys;  // oldest start first

  Result<HeldKey> hold(TicketKey k) const {
    if (!aead) return err::api("TicketKeys: the provider has no AES-256-GCM");
    auto ctx = PARLEY_TRY(aead->make(k.key.view()));
    return HeldKey{std::move(k), std::move(ctx)};
  }

  Result<std::vector<HeldKey>> hold_all(std::vector<TicketKey> loaded) const {
    std::stable_sort(loaded.begin(), loaded.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
    std::vector<HeldKey> held;
    for (auto& k : loaded) held.push_back(PARLEY_TRY(hold(std::move(k))));
    return held;
  }

  // Generated keys: a new key once the newest is `rotation` old; keys
  // retired more than `lifetime` ago are dropped. Caller holds the mutex.
  Result<void> rotate(int64_t now) const {
    if (!path.empty()) return {};
    if (keys.empty() || now - keys.back().key.start >= rotation) {
      TicketKey k;
      provider->rng->fill(k.id);
      k.key = SecretBytes::zeroed(tls::session::kTicketKeyLen);
      provider->rng->fill(k.key.data());
      k.start = now;
      keys.push_back(PARLEY_TRY(hold(std::move(k))));
    }
    // Key i was retired when key i+1 started.
    while (keys.size() > 1 && now - keys[1].key.start > lifetime) keys.erase(keys.begin());
    return {};
  }

  // File keys: the newest whose start has come (the oldest if none has).
  HeldKey& sealing(int64_t now) const {
    HeldKey* best = &keys.front();
    for (auto& k : keys) {
      if (k.key.start <= now && k.key.start >= best->key.start) best = &k;
    }
    return *best;
  }
};

TicketKeys::TicketKeys(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TicketKeys::~TicketKeys() = default;

std::shared_ptr<TicketKeys> TicketKeys::generate(const crypto::Provider& provider, int64_t rotation,
                                                 int64_t ticket_lifetime) {
  auto impl = std::make_unique<Impl>();
  impl->provider = &provider;
  impl->aead = provider.aead(crypto::AeadAlg::aes_256_gcm);
  impl->rotation = std::max<int64_t>(rotation, 1);
  impl->lifetime = std::max<int64_t>(ticket_lifetime, 0);
  return std::shared_ptr<TicketKeys>(new TicketKeys(std::move(impl)));
}

Result<std::shared_ptr<TicketKeys>> TicketKeys::from_file(std::string path, const crypto::Provider& provider) {
  auto impl = std::make_unique<Impl>();
  impl->provider = &provider;
  impl->aead = provider.aead(crypto::AeadAlg::aes_256_gcm);
  impl->keys = PARLEY_TRY(impl->hold_all(PARLEY_TRY(tls::session::load_ticket_keys(path))));
  impl->path = std::move(path);
  return std::shared_ptr<TicketKeys>(new TicketKeys(std::move(impl)));
}

Result<void> TicketKeys::reload() {
  if (impl_->path.empty()) return err::api("TicketKeys::reload: the keys were not loaded from a file");
  auto keys = PARLEY_TRY(impl_->hold_all(PARLEY_TRY(tls::session::load_ticket_keys(impl_->path))));
  std::lock_guard lock(impl_->mutex);
  impl_->keys = std::move(keys);
  return {};
}

Result<std::vector<uint8_t>> TicketKeys::seal(std::span<const uint8_t> state, int64_t now) const {
  std::array<uint8_t, kNonceLen> nonce;
  impl_->provider->rng->fill(nonce);
  return TicketSealing::seal(*this, state, now, nonce);
}

namespace tls::session {

Result<std::vector<uint8_t>> TicketSealing::seal(const TicketKeys& keys, std::span<const uint8_t> state, int64_t now,
                                                 std::span<const uint8_t, kNonceLen> fresh_nonce) {
  auto& impl = *keys.impl_;
  std::vector<uint8_t> out(kTicketKeyIdLen + kNonceLen + state.size() + kTagLen);
  const std::span<uint8_t> nonce(out.data() + kTicketKeyIdLen, kNonceLen);
  std::copy(fresh_nonce.begin(), fresh_nonce.end(), nonce.begin());
  const std::span<uint8_t> body(out.data() + kTicketKeyIdLen + kNonceLen, state.size());
  std::lock_guard lock(impl.mutex);
  PARLEY_TRY(impl.rotate(now));
  if (impl.keys.empty()) return err::api("TicketKeys: no key to seal with");
  HeldKey& k = impl.sealing(now);
  std::copy(k.key.id.begin(), k.key.id.end(), out.begin());
  PARLEY_TRY(k.aead->seal(nonce, std::span<const uint8_t>(k.key.id), state, {}, body,
                          std::span<uint8_t>(out.data() + out.size() - kTagLen, kTagLen)));
  return out;
}

}  // namespace tls::session

std::optional<std::vector<uint8_t>> TicketKeys::open(std::span<const uint8_t> ticket, int64_t now) const {
  if (ticket.size() < kTicketKeyIdLen + kNonceLen + kTagLen) return std::nullopt;
  const auto id = ticket.first(kTicketKeyIdLen);
  const auto nonce = ticket.subspan(kTicketKeyIdLen, kNonceLen);
  const auto body = ticket.subspan(kTicketKeyIdLen + kNonceLen, ticket.size() - kTicketKeyIdLen - kNonceLen - kTagLen);
  std::vector<uint8_t> state(body.size());
  std::lock_guard lock(impl_->mutex);
  if (!impl_->rotate(now)) return std::nullopt;
  auto it = std::find_if(impl_->keys.begin(), impl_->keys.end(),
                         [&](const HeldKey& k) { return std::equal(id.begin(), id.end(), k.key.id.begin()); });
  if (it == impl_->keys.end()) return std::nullopt;
  if (!it->aead->open(nonce, id, body, ticket.last(kTagLen), state)) return std::nullopt;
  return state;
}

size_t TicketKeys::key_count(int64_t now) const {
  std::lock_guard lock(impl_->mutex);
  (void)impl_->rotate(now);  // a key that cannot be made is not counted
  return impl_->keys.size();
}

}  // namespace parley
