// TicketKeys (parley/session.h): rotation, sealing and opening of tickets.
#include <algorithm>
#include <mutex>

#include "crypto/provider.h"
#include "parley/session.h"
#include "tls/session/ticket_keys_file.h"

namespace parley {

using tls::session::kTicketKeyIdLen;
using tls::session::TicketKey;

namespace {
constexpr size_t kNonceLen = 12;
constexpr size_t kTagLen = 16;
}  // namespace

struct TicketKeys::Impl {
  const crypto::Provider* provider;
  const crypto::Aead* aead;
  std::string path;        // from_file; empty for generated keys
  int64_t rotation = 0;    // generated keys: seconds between new keys
  int64_t lifetime = 0;    // generated keys: how long a retired key still opens
  mutable std::mutex mutex;
  mutable std::vector<TicketKey> keys;  // oldest start first

  // Generated keys: a new key once the newest is `rotation` old; keys
  // retired more than `lifetime` ago are dropped. Caller holds the mutex.
  void rotate(int64_t now) const {
    if (!path.empty()) return;
    if (keys.empty() || now - keys.back().start >= rotation) {
      TicketKey& k = keys.emplace_back();
      provider->rng->fill(k.id);
      k.key = SecretBytes::zeroed(tls::session::kTicketKeyLen);
      provider->rng->fill(k.key.data());
      k.start = now;
    }
    // Key i was retired when key i+1 started.
    while (keys.size() > 1 && now - keys[1].start > lifetime) keys.erase(keys.begin());
  }

  // File keys: the newest whose start has come (the oldest if none has).
  const TicketKey& sealing(int64_t now) const {
    const TicketKey* best = &keys.front();
    for (const auto& k : keys) {
      if (k.start <= now && k.start >= best->start) best = &k;
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
  impl->keys = PARLEY_TRY(tls::session::load_ticket_keys(path));
  std::stable_sort(impl->keys.begin(), impl->keys.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  impl->path = std::move(path);
  return std::shared_ptr<TicketKeys>(new TicketKeys(std::move(impl)));
}

Result<void> TicketKeys::reload() {
  if (impl_->path.empty()) return err::api("TicketKeys::reload: the keys were not loaded from a file");
  auto keys = PARLEY_TRY(tls::session::load_ticket_keys(impl_->path));
  std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  std::lock_guard lock(impl_->mutex);
  impl_->keys = std::move(keys);
  return {};
}

Result<std::vector<uint8_t>> TicketKeys::seal(std::span<const uint8_t> state, int64_t now) const {
  if (!impl_->aead) return err::api("TicketKeys: the provider has no AES-256-GCM");
  std::array<uint8_t, kTicketKeyIdLen> id;
  SecretBytes key;
  {
    std::lock_guard lock(impl_->mutex);
    impl_->rotate(now);
    const TicketKey& k = impl_->sealing(now);
    id = k.id;
    key = k.key.clone();
  }
  std::vector<uint8_t> out(kTicketKeyIdLen + kNonceLen + state.size() + kTagLen);
  std::copy(id.begin(), id.end(), out.begin());
  const std::span<uint8_t> nonce(out.data() + kTicketKeyIdLen, kNonceLen);
  impl_->provider->rng->fill(nonce);
  auto ctx = PARLEY_TRY(impl_->aead->make(key.view()));
  const std::span<uint8_t> body(out.data() + kTicketKeyIdLen + kNonceLen, state.size());
  PARLEY_TRY(ctx->seal(nonce, std::span<const uint8_t>(id), state, {}, body,
                       std::span<uint8_t>(out.data() + out.size() - kTagLen, kTagLen)));
  return out;
}

std::optional<std::vector<uint8_t>> TicketKeys::open(std::span<const uint8_t> ticket, int64_t now) const {
  if (!impl_->aead || ticket.size() < kTicketKeyIdLen + kNonceLen + kTagLen) return std::nullopt;
  const auto id = ticket.first(kTicketKeyIdLen);
  SecretBytes key;
  {
    std::lock_guard lock(impl_->mutex);
    impl_->rotate(now);
    auto it = std::find_if(impl_->keys.begin(), impl_->keys.end(),
                           [&](const TicketKey& k) { return std::equal(id.begin(), id.end(), k.id.begin()); });
    if (it == impl_->keys.end()) return std::nullopt;
    key = it->key.clone();
  }
  auto ctx = impl_->aead->make(key.view());
  if (!ctx) return std::nullopt;
  const auto nonce = ticket.subspan(kTicketKeyIdLen, kNonceLen);
  const auto body = ticket.subspan(kTicketKeyIdLen + kNonceLen, ticket.size() - kTicketKeyIdLen - kNonceLen - kTagLen);
  std::vector<uint8_t> state(body.size());
  if (!(*ctx)->open(nonce, id, body, ticket.last(kTagLen), state)) return std::nullopt;
  return state;
}

size_t TicketKeys::key_count(int64_t now) const {
  std::lock_guard lock(impl_->mutex);
  impl_->rotate(now);
  return impl_->keys.size();
}

}  // namespace parley
