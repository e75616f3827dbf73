// Session resumption (RFC 8446 §2.2, §4.6.1, §8).
//
// The server: the keys that
// seal stateless session tickets, and the register that makes 0-RTT tickets
// single-use. Both are shared by every connection of a ServerConfig (and so
// thread-safe); docs/RESUMPTION.md describes the policy and the key file.
//
// The client (ClientSessionCache below): a cache of the tickets
// servers sent (NewSessionTicket, §4.6.1), which later connections offer as a
// PSK to skip the certificate exchange and, when the ticket allows, to send
// 0-RTT data (connection.h: Connection::client with early data).
//
//   auto cache = std::make_shared<parley::ClientSessionCache>();
//   cfg->session_cache = cache;          // config.h; every connection of cfg shares it
//   ... a first connection completes; the server's tickets land in the cache ...
//   ... a second connection to the same server name and ALPN list resumes:
//   conn.peer()->resumed == true
//
// The cache is in memory, bounded, and thread-safe (connections on several
// threads share one config). Tickets are kept per server name and offered
// ALPN list, newest first, and each is used at most once (§C.4: a reused
// ticket lets an observer link the connections). A ticket is dropped once
// its lifetime (at most 7 days, §4.6.1) has passed or the server
// certificate it was verified with has expired.
//
// A ticket can be saved and loaded (`parley connect --session FILE`):
// export_newest() and import() use the session file format of
// docs/RESUMPTION.md. A session file holds the resumption secret: keep it
// as private as a key (the command writes it with mode 0600).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <parley/error.h>
#include <parley/types.h>

namespace parley {

namespace tls::session {
struct TicketSealing;  // src/tls/session/ticket_sealing.h: what the handshake uses
}

// The keys that seal and open session tickets. A ticket is the session's
// state sealed with AES-256-GCM under the current key and tagged with the
// key's id; any key still held opens it. Several servers (processes or
// machines) that share the keys resume each other's tickets.
class TicketKeys {
 public:
  // Keys made in memory from the provider's RNG: a new key every `rotation`
  // seconds; a retired key still opens tickets for `ticket_lifetime` seconds
  // (the longest lifetime a ticket it sealed can have).
  static std::shared_ptr<TicketKeys> generate(const crypto::Provider& provider, int64_t rotation = 12 * 3600,
                                              int64_t ticket_lifetime = 7 * 24 * 3600);
  // Keys from a ticket-keys file (docs/RESUMPTION.md: one key per line with
  // its id and start time; the newest started key seals, all of them open).
  // The file must not be readable by group or others.
  static Result<std::shared_ptr<TicketKeys>> from_file(std::string path, const crypto::Provider& provider);

  ~TicketKeys();
  TicketKeys(const TicketKeys&) = delete;
  TicketKeys& operator=(const TicketKeys&) = delete;

  // Reads the file again (from_file keys; ApiMisuse for generated ones). On
  // an error the keys in use stay.
  Result<void> reload();

  // `state` sealed under the key current at `now`:
  //   key_id(8) || nonce(12) || AES-256-GCM(state, aad = key_id) || tag(16).
  Result<std::vector<uint8_t>> seal(std::span<const uint8_t> state, int64_t now) const;
  // The state inside a ticket, or nullopt when no key held opens it (unknown
  // id, retired key, forged or damaged ticket): the handshake then falls back
  // to a full one.
  std::optional<std::vector<uint8_t>> open(std::span<const uint8_t> ticket, int64_t now) const;

  // How many keys are held (after rotation at `now`), for tests and logs.
  size_t key_count(int64_t now) const;

  struct Impl;

 private:
  friend struct tls::session::TicketSealing;
  explicit TicketKeys(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// RFC 8446 §8.1: a server accepting 0-RTT keeps a register of the tickets
// used for early data, so that each is used once. An interface, so that a
// store shared by several servers can stand in for the in-memory one.
class ReplayRegister {
 public:
  virtual ~ReplayRegister() = default;
  // Records the first 0-RTT use of the ticket `id` and returns true; false
  // when `id` was used before, or when the register cannot record it (full:
  // refusing 0-RTT is always safe). The entry may be forgotten after
  // `expires_at` (Unix seconds), when the ticket no longer opens.
  virtual bool first_use(std::span<const uint8_t> id, int64_t expires_at, int64_t now) = 0;
};

// A register in memory, bounded to `capacity` entries; expired entries are
// dropped as new ones come.
std::shared_ptr<ReplayRegister> memory_replay_register(size_t capacity = 100000);

namespace tls::session {
struct CacheAccess;  // src/tls/session/client_cache.h: what the handshake uses
}

class ClientSessionCache {
 public:
  struct Limits {
    size_t servers = 256;           // (server name, ALPN list) keys; the least recently used goes first
    size_t tickets_per_server = 4;  // the oldest ticket of a key goes first
  };

  ClientSessionCache();
  explicit ClientSessionCache(Limits limits);
  ~ClientSessionCache();
  ClientSessionCache(const ClientSessionCache&) = delete;
  ClientSessionCache& operator=(const ClientSessionCache&) = delete;

  // Tickets held (expired ones included until the next lookup drops them).
  size_t size() const;
  void clear();

  // The newest unexpired ticket for `server` (a hostname or IP literal, as
  // given to ServerName::parse) and the ALPN list a ClientConfig offers, as
  // a session file (text), without taking it from the cache; nullopt when
  // there is none. `now_unix_seconds` decides expiry.
  std::optional<std::string> export_newest(std::string_view server, std::span<const std::string> alpn,
                                           int64_t now_unix_seconds) const;
  // Adds the ticket of a session file. An expired session, another version
  // of the format or a malformed file is an error that says which.
  Result<void> import(std::string_view session_file, int64_t now_unix_seconds);

 private:
  friend struct tls::session::CacheAccess;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace parley
