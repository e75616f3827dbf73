// Session resumption on the server (RFC 8446 §2.2, §4.6.1, §8): the keys that
// seal stateless session tickets, and the register that makes 0-RTT tickets
// single-use. Both are shared by every connection of a ServerConfig (and so
// thread-safe); docs/RESUMPTION.md describes the policy and the key file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <parley/error.h>
#include <parley/types.h>

namespace parley {

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

}  // namespace parley
