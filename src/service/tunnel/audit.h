// The audit log: one JSON object per connection and line, written and flushed
// at once (a crash loses no decision), reopened on SIGHUP (log rotation).
//
// Line shape (docs/TUNNEL.md lists every field):
//   {"time","mode","connection","peer_address","target","decision","rule","rule_set","reason",
//    "identity":{"subject","uris","dns","issuer","serials"},"suite","group","resumed",
//    "bytes_from_peer","bytes_to_peer","duration_ms","end"}
#pragma once

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "parley/error.h"

namespace parley::tunnel {

// Who the peer showed itself to be (verified, or refused: as presented).
struct AuditIdentity {
  std::string subject, issuer;
  std::vector<std::string> uris, dns;
  std::vector<std::string> serials;  // the chain, leaf first, hex
};

struct AuditRecord {
  std::string mode;  // "server" | "client"
  uint64_t connection = 0;
  std::string peer_address, target;
  std::string decision;  // "allow" | "deny" (the rules) | "refused" (the handshake failed before them)
  std::string rule;      // allow: the admitting rule
  std::string rule_set;  // the rule set that decided
  std::string reason;    // deny/refused: why
  std::optional<AuditIdentity> identity;
  std::string suite, group;
  bool resumed = false;
  uint64_t bytes_from_peer = 0, bytes_to_peer = 0;
  double duration_ms = 0;
  std::string end;
};

class AuditLog {
 public:
  // path "-": standard output. Empty: no log (write() does nothing).
  static Result<std::unique_ptr<AuditLog>> open(std::string path);
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Thread-safe; one line, flushed.
  void write(const AuditRecord& record);
  // Reopens the file (after logrotate moved it); keeps the old one on failure.
  Result<void> reopen();

 private:
  explicit AuditLog(std::string path) : path_(std::move(path)) {}
  std::string path_;
  std::mutex m_;
  std::FILE* file_ = nullptr;
};

}  // namespace parley::tunnel
