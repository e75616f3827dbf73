#include "tls/session/client_cache.h"

#include <algorithm>
#include <list>
#include <mutex>

#include "base/reader.h"
#include "base/writer.h"
#include "der/pem.h"

namespace parley {

using tls::session::StoredTicket;

// Keys in least-recently-used order (front: the most recent), each with its
// tickets newest first.
struct ClientSessionCache::Impl {
  struct Server {
    std::string key;
    std::vector<StoredTicket> tickets;  // newest first
  };
  Limits limits;
  mutable std::mutex mutex;
  std::list<Server> servers;

  std::list<Server>::iterator find(std::string_view key) {
    return std::find_if(servers.begin(), servers.end(), [&](const Server& s) { return s.key == key; });
  }
};

namespace {
// The last millisecond of a second: a ticket received earlier in that second
// is not one "from the future" to a caller that counts in seconds.
int64_t end_of_second(int64_t unix_seconds) { return unix_seconds * 1000 + 999; }
}  // namespace

ClientSessionCache::ClientSessionCache() : ClientSessionCache(Limits{}) {}
ClientSessionCache::ClientSessionCache(Limits limits) : impl_(std::make_unique<Impl>()) { impl_->limits = limits; }
ClientSessionCache::~ClientSessionCache() = default;

size_t ClientSessionCache::size() const {
  std::lock_guard lock(impl_->mutex);
  size_t n = 0;
  for (const auto& s : impl_->servers) n += s.tickets.size();
  return n;
}

void ClientSessionCache::clear() {
  std::lock_guard lock(impl_->mutex);
  impl_->servers.clear();
}

std::optional<std::string> ClientSessionCache::export_newest(std::string_view server, std::span<const std::string> alpn,
                                                             int64_t now_unix_seconds) const {
  std::lock_guard lock(impl_->mutex);
  const auto it = impl_->find(tls::session::cache_key(server, alpn));
  if (it == impl_->servers.end()) return std::nullopt;
  for (const auto& t : it->tickets) {
    if (t.usable_at(end_of_second(now_unix_seconds))) return tls::session::encode_session_file(t);
  }
  return std::nullopt;
}

Result<void> ClientSessionCache::import(std::string_view session_file, int64_t now_unix_seconds) {
  auto t = PARLEY_TRY(tls::session::decode_session_file(session_file));
  if (!t.usable_at(end_of_second(now_unix_seconds))) {
    return err::api("session file: the session has expired (its ticket lifetime or the server's certificate)",
                    "expired at " + std::to_string(std::min(t.expires_at_ms() / 1000, t.peer->valid_until)));
  }
  tls::session::CacheAccess::store(*this, std::move(t));
  return {};
}

}  // namespace parley

namespace parley::tls::session {

bool StoredTicket::usable_at(int64_t now_ms) const {
  // A ticket "received" in the future (a clock step backwards) is not trusted either.
  return now_ms >= received_at_ms && now_ms < expires_at_ms() && (!peer || now_ms / 1000 <= peer->valid_until);
}

uint32_t StoredTicket::obfuscated_age(int64_t now_ms) const {
  const auto age = static_cast<uint64_t>(std::max<int64_t>(now_ms - received_at_ms, 0));
  return static_cast<uint32_t>(age + age_add);  // mod 2^32
}

std::string cache_key(std::string_view server, std::span<const std::string> alpn) {
  // A NUL cannot occur in a server name or (as the lengths keep them apart)
  // be confused between ALPN entries.
  std::string key(server);
  for (const auto& a : alpn) {
    key += '\0';
    key += std::to_string(a.size());
    key += ':';
    key += a;
  }
  return key;
}

std::optional<StoredTicket> CacheAccess::take(ClientSessionCache& cache, std::string_view key, int64_t now_ms) {
  auto& m = *cache.impl_;
  std::lock_guard lock(m.mutex);
  const auto it = m.find(key);
  if (it == m.servers.end()) return std::nullopt;
  auto& tickets = it->tickets;
  std::optional<StoredTicket> taken;
  auto first_usable = std::find_if(tickets.begin(), tickets.end(), [&](const StoredTicket& t) { return t.usable_at(now_ms); });
  if (first_usable != tickets.end()) {
    taken = std::move(*first_usable);
    ++first_usable;
  }
  // Newer unusable ones (a clock step) and the taken one go; older ones are
  // checked again next time.
  tickets.erase(tickets.begin(), first_usable);
  std::erase_if(tickets, [&](const StoredTicket& t) { return !t.usable_at(now_ms); });
  if (tickets.empty()) {
    m.servers.erase(it);
  } else {
    m.servers.splice(m.servers.begin(), m.servers, it);  // recently used
  }
  return taken;
}

void CacheAccess::store(ClientSessionCache& cache, StoredTicket ticket) {
  auto& m = *cache.impl_;
  if (m.limits.servers == 0 || m.limits.tickets_per_server == 0) return;
  std::lock_guard lock(m.mutex);
  auto it = m.find(ticket.key);
  if (it == m.servers.end()) {
    if (m.servers.size() >= m.limits.servers) m.servers.pop_back();
    m.servers.push_front({ticket.key, {}});
    it = m.servers.begin();
  } else {
    m.servers.splice(m.servers.begin(), m.servers, it);
  }
  auto& tickets = it->tickets;
  tickets.insert(tickets.begin(), std::move(ticket));
  if (tickets.size() > m.limits.tickets_per_server) tickets.resize(m.limits.tickets_per_server);
}

// ------------------------------------------------------------------ session file

namespace {

using ByteView = std::span<const uint8_t>;

constexpr std::string_view kPemLabel = "PARLEY TLS SESSION";
constexpr uint8_t kVersion = 1;

ByteView bytes_of(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }
std::string string_of(ByteView b) { return {b.begin(), b.end()}; }

void put_string(Writer& w, std::string_view s) {
  auto p = w.prefixed(2);
  w.bytes(bytes_of(s));
}
bool get_string(Reader& r, std::string& s) {
  ByteView b;
  if (!r.prefixed_bytes(2, b)) return false;
  s = string_of(b);
  return true;
}
void put_strings(Writer& w, const std::vector<std::string>& list) {
  auto p = w.prefixed(2);
  for (const auto& s : list) put_string(w, s);
}
bool get_strings(Reader& r, std::vector<std::string>& list) {
  Reader body;
  if (!r.prefixed(2, body)) return false;
  while (!body.empty()) {
    if (!get_string(body, list.emplace_back())) return false;
  }
  return true;
}

void put_peer(Writer& w, const PeerIdentity& p) {
  put_string(w, p.subject);
  put_strings(w, p.dns_names);
  put_strings(w, p.ip_addresses);
  put_strings(w, p.uris);
  put_strings(w, p.emails);
  {
    auto list = w.prefixed(3);
    for (const auto& der : p.path) {
      auto c = w.prefixed(3);
      w.bytes(der);
    }
  }
  w.i64(p.valid_until);
  put_string(w, p.name_matched);
}
bool get_peer(Reader& r, PeerIdentity& p) {
  Reader path;
  if (!get_string(r, p.subject) || !get_strings(r, p.dns_names) || !get_strings(r, p.ip_addresses) ||
      !get_strings(r, p.uris) || !get_strings(r, p.emails) || !r.prefixed(3, path)) {
    return false;
  }
  while (!path.empty()) {
    ByteView der;
    if (!path.prefixed_bytes(3, der) || der.empty()) return false;
    p.path.emplace_back(der.begin(), der.end());
  }
  return r.i64(p.valid_until) && get_string(r, p.name_matched);
}

}  // namespace

// Version 1, big-endian, inside PEM armour (docs/RESUMPTION.md):
//   u8 version; i64 expires_at (unix seconds); i64 received_at (unix ms);
//   u16 suite; u32 max_early_data_size; u32 ticket_age_add;
//   key<2>, sni<2>, alpn<2>, psk<1>, ticket<2>; the server's PeerIdentity.
std::string encode_session_file(const StoredTicket& t) {
  Writer w;
  w.u8(kVersion);
  w.i64(t.expires_at_ms() / 1000);
  w.i64(t.received_at_ms);
  w.u16(static_cast<uint16_t>(t.suite));
  w.u32(t.max_early_data_size);
  w.u32(t.age_add);
  put_string(w, t.key);
  put_string(w, t.sni);
  put_string(w, t.alpn);
  {
    auto p = w.prefixed(1);
    w.bytes(t.psk.view());
  }
  {
    auto p = w.prefixed(2);
    w.bytes(t.ticket);
  }
  put_peer(w, t.peer ? *t.peer : PeerIdentity{});
  auto body = std::move(w).finish();
  std::string out = body ? der::pem_encode(kPemLabel, *body) : std::string();
  if (body) secure_wipe(body->data(), body->size());  // it holds the PSK
  return out;
}

Result<StoredTicket> decode_session_file(std::string_view text) {
  auto body = PARLEY_TRY(der::pem_decode_one(text, kPemLabel));
  SecretBuffer wiped(std::move(body));  // the PSK is in there
  Reader r(wiped.view());
  uint8_t version = 0;
  if (!r.u8(version)) return err::decode("session file: empty");
  if (version != kVersion) {
    return err::decode("session file: unknown format version (this parley reads version 1)", std::to_string(version));
  }
  StoredTicket t;
  int64_t expires_at = 0;
  uint16_t suite = 0;
  ByteView psk, ticket;
  PeerIdentity peer;
  const bool ok = r.i64(expires_at) && r.i64(t.received_at_ms) && r.u16(suite) &&
                  r.u32(t.max_early_data_size) && r.u32(t.age_add) && get_string(r, t.key) && get_string(r, t.sni) &&
                  get_string(r, t.alpn) && r.prefixed_bytes(1, psk) && r.prefixed_bytes(2, ticket) &&
                  get_peer(r, peer) && r.empty();
  if (!ok) return err::decode("session file: truncated or malformed (version 1 layout)");
  const int64_t lifetime = expires_at - t.received_at_ms / 1000;
  if (lifetime <= 0 || lifetime > kMaxTicketLifetime) {
    return err::decode("session file: lifetime outside 1 s .. 7 days (RFC 8446 §4.6.1)", std::to_string(lifetime));
  }
  if (psk.empty() || psk.size() > SecretBytes::kCapacity || ticket.empty()) {
    return err::decode("session file: empty or oversized PSK, or empty ticket");
  }
  t.lifetime = static_cast<uint32_t>(lifetime);
  t.suite = static_cast<crypto::Suite>(suite);
  t.psk = SecretBytes(psk);
  t.ticket.assign(ticket.begin(), ticket.end());
  t.peer = std::make_shared<const PeerIdentity>(std::move(peer));
  return t;
}

}  // namespace parley::tls::session
