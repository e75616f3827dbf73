// The client session cache's inside (the public class is in
// include/parley/session.h): one ticket as stored, the cache operations the
// client handshake uses, and the session file encoding.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/secret.h"
#include "parley/connection.h"
#include "parley/session.h"

namespace parley::tls::session {

// §4.6.1: "Servers MUST NOT use any value greater than 604800 seconds (7 days)."
inline constexpr uint32_t kMaxTicketLifetime = 604800;

// One NewSessionTicket (§4.6.1) with what resuming it needs: the PSK derived
// from it (§4.6.1: HKDF-Expand-Label(resumption_master_secret, "resumption",
// ticket_nonce, Hash.length)), the suite whose hash that PSK goes with
// (§4.2.11), and what 0-RTT must repeat (§4.2.10: suite, ALPN).
struct StoredTicket {
  std::string key;  // cache_key(): the server name and the offered ALPN list
  std::vector<uint8_t> ticket;
  SecretBytes psk;
  crypto::Suite suite{};
  std::string alpn;  // negotiated in the original connection; empty: none
  std::string sni;   // sent in the original connection; empty: none (an IP address)
  uint32_t max_early_data_size = 0;  // 0: no 0-RTT with this ticket
  uint32_t age_add = 0;
  int64_t received_at_ms = 0;  // unix time in milliseconds
  uint32_t lifetime = 0;       // seconds, at most kMaxTicketLifetime
  // The server as verified in the full handshake the ticket descends from.
  std::shared_ptr<const PeerIdentity> peer;

  int64_t expires_at_ms() const { return received_at_ms + int64_t{lifetime} * 1000; }
  // Usable at `now_ms`: within its lifetime, and the server's certificate
  // path still valid (a resumed handshake shows no certificate to re-check).
  bool usable_at(int64_t now_ms) const;
  // §4.2.11.1: obfuscated_ticket_age = (age in milliseconds + ticket_age_add) mod 2^32.
  uint32_t obfuscated_age(int64_t now_ms) const;
};

// The cache key: the server name (hostname or IP literal) and the ALPN list
// a config offers, in order.
std::string cache_key(std::string_view server, std::span<const std::string> alpn);

// What the handshake does with a ClientSessionCache.
struct CacheAccess {
  // Takes the newest usable ticket for `key` out of the cache (§C.4: each is
  // offered once), dropping the expired ones on the way.
  static std::optional<StoredTicket> take(ClientSessionCache& cache, std::string_view key, int64_t now_ms);
  // Stores a ticket (the newest for its key).
  static void store(ClientSessionCache& cache, StoredTicket ticket);
};

// The session file (docs/RESUMPTION.md): PEM-armoured, versioned.
std::string encode_session_file(const StoredTicket& t);
Result<StoredTicket> decode_session_file(std::string_view text);

}  // namespace parley::tls::session
