// The CA's ledger: every issuance and revocation in an SQLite database
// (ledger.db in the CA directory), the serial unique by schema.
//
// Issuance is one BEGIN IMMEDIATE transaction that draws a free serial,
// builds and signs the certificate, inserts its record and commits; only then
// does the caller write the certificate out. So a crash never leaves a
// certificate issued but unrecorded, and two processes issuing at once
// serialize on the database's write lock (busy_timeout) instead of colliding
// or failing. Errors are one line that says what to do (locked: retry;
// corrupted: restore from backup); a failed operation changes nothing.
//
// Schema version 1:
//   schema_version(version INTEGER)
//   certificates(serial TEXT PRIMARY KEY (lowercase hex), issuer TEXT ('root' |
//     'intermediate'), subject TEXT, sans TEXT, not_before INTEGER, not_after
//     INTEGER (Unix seconds), profile TEXT, status TEXT ('valid' | 'revoked'),
//     revoked_at INTEGER, reason INTEGER (CRLReason), der BLOB, csr_sha256 TEXT,
//     created_at INTEGER)
//   crl_numbers(issuer TEXT PRIMARY KEY, last INTEGER): the last cRLNumber used
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/provider.h"
#include "x509/crl.h"

struct sqlite3;

namespace parley::ca {

inline constexpr int kLedgerSchemaVersion = 1;

enum class CertStatus : uint8_t { valid, revoked };
std::string_view status_name(CertStatus s);

struct LedgerRecord {
  std::string serial;  // lowercase hex (serial_to_hex)
  std::string issuer = "intermediate";
  std::string subject;  // RFC 4514 text
  std::string sans;     // "DNS:a, IP:10.0.0.1"
  int64_t not_before = 0;
  int64_t not_after = 0;
  std::string profile;
  CertStatus status = CertStatus::valid;
  std::optional<int64_t> revoked_at;
  std::optional<x509::CrlReason> reason;
  std::vector<uint8_t> der;
  std::optional<std::string> csr_sha256;  // hex, when issued from a CSR
  int64_t created_at = 0;
};

class Ledger {
 public:
  static constexpr int kDefaultBusyTimeoutMs = 5000;

  // A new database with the schema; an error if the file exists.
  static Result<Ledger> create(const std::string& path);
  // An existing ledger: checks that it is one and that its schema version is known.
  static Result<Ledger> open(const std::string& path, int busy_timeout_ms = kDefaultBusyTimeoutMs);
  // A private in-memory ledger (tests, Authority::ephemeral).
  static Result<Ledger> in_memory();

  Ledger(Ledger&& o) noexcept : db_(o.db_), path_(std::move(o.path_)) { o.db_ = nullptr; }
  Ledger& operator=(Ledger&&) = delete;
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;
  ~Ledger();

  // The issuance transaction. make(serial) builds the certificate for that
  // serial (magnitude bytes) and returns its record; it runs while the write
  // lock is held, after the serial has been checked free. An error from make,
  // or from the insert, rolls everything back.
  using MakeRecord = std::function<Result<LedgerRecord>(std::span<const uint8_t> serial)>;
  Result<LedgerRecord> issue(crypto::Rng& rng, const MakeRecord& make);
  // Inserts a record in its own transaction (init records the intermediate).
  // A serial already present is a constraint error; nothing is written.
  Result<void> insert(const LedgerRecord& record);

  // Marks a valid certificate revoked. Unknown serial, already revoked: errors.
  Result<LedgerRecord> revoke(std::string_view serial_hex, x509::CrlReason reason, int64_t when);
  // The next cRLNumber for issuer (1, 2, ...), consumed in its own transaction.
  Result<uint64_t> next_crl_number(std::string_view issuer);

  Result<std::optional<LedgerRecord>> find(std::string_view serial_hex) const;
  Result<std::vector<LedgerRecord>> list() const;  // in issuance order
  Result<std::vector<LedgerRecord>> revoked_by(std::string_view issuer) const;

 private:
  Ledger(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  static Result<Ledger> open_db(const std::string& path, int flags, int busy_timeout_ms);
  Result<void> exec(const char* sql) const;
  Result<void> check_schema() const;
  Result<void> insert_locked(const LedgerRecord& r);
  Result<std::vector<LedgerRecord>> query(const char* where, std::string_view arg) const;
  Unexpected fail(int rc, const char* doing) const;

  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace parley::ca
