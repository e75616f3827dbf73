// Client-side session resumption (RFC 8446 §2.2): a cache of the tickets
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

namespace parley {

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
