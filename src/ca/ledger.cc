#include "ca/ledger.h"

#include <sqlite3.h>

#include <filesystem>

#include "ca/serial.h"

namespace parley::ca {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE schema_version (version INTEGER NOT NULL) STRICT;
INSERT INTO schema_version VALUES (1);
CREATE TABLE certificates (
  serial TEXT PRIMARY KEY NOT NULL
    CHECK (length(serial) BETWEEN 2 AND 42 AND serial NOT GLOB '*[^0-9a-f]*'),
  issuer TEXT NOT NULL CHECK (issuer IN ('root', 'intermediate')),
  subject TEXT NOT NULL,
  sans TEXT NOT NULL,
  not_before INTEGER NOT NULL,
  not_after INTEGER NOT NULL,
  profile TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('valid', 'revoked')),
  revoked_at INTEGER,
  reason INTEGER,
  der BLOB NOT NULL,
  csr_sha256 TEXT,
  created_at INTEGER NOT NULL,
  CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
) STRICT;
CREATE INDEX certificates_not_after ON certificates (not_after);
CREATE TABLE crl_numbers (issuer TEXT PRIMARY KEY NOT NULL, last INTEGER NOT NULL) STRICT;
)sql";

constexpr const char* kColumns =
    "serial, issuer, subject, sans, not_before, not_after, profile, status, revoked_at, reason, der, csr_sha256, "
    "created_at";

// A prepared statement, finalized on every path.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  int prepare_rc() const { return rc_; }
  sqlite3_stmt* get() { return s_; }

  void text(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void opt_text(int i, const std::optional<std::string>& v) {
    if (v) text(i, *v); else sqlite3_bind_null(s_, i);
  }
  void integer(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void opt_integer(int i, std::optional<int64_t> v) {
    if (v) integer(i, *v); else sqlite3_bind_null(s_, i);
  }
  void blob(int i, std::span<const uint8_t> v) {
    sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }

  std::string col_text(int i) {
    const auto* p = sqlite3_column_text(s_, i);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(s_, i))) : "";
  }
  bool is_null(int i) { return sqlite3_column_type(s_, i) == SQLITE_NULL; }
  int64_t col_int(int i) { return sqlite3_column_int64(s_, i); }
  std::vector<uint8_t> col_blob(int i) {
    const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(s_, i));
    return p ? std::vector<uint8_t>(p, p + sqlite3_column_bytes(s_, i)) : std::vector<uint8_t>{};
  }

 private:
  sqlite3_stmt* s_ = nullptr;
  int rc_ = SQLITE_OK;
};

LedgerRecord read_record(Stmt& s) {
  LedgerRecord r;
  r.serial = s.col_text(0);
  r.issuer = s.col_text(1);
  r.subject = s.col_text(2);
  r.sans = s.col_text(3);
  r.not_before = s.col_int(4);
  r.not_after = s.col_int(5);
  r.profile = s.col_text(6);
  r.status = s.col_text(7) == "revoked" ? CertStatus::revoked : CertStatus::valid;
  if (!s.is_null(8)) r.revoked_at = s.col_int(8);
  if (!s.is_null(9)) r.reason = static_cast<x509::CrlReason>(s.col_int(9));
  r.der = s.col_blob(10);
  if (!s.is_null(11)) r.csr_sha256 = s.col_text(11);
  r.created_at = s.col_int(12);
  return r;
}

}  // namespace

std::string_view status_name(CertStatus s) { return s == CertStatus::revoked ? "revoked" : "valid"; }

namespace {

// Rolls back unless committed: every early return leaves the database as it was.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {}
  ~Transaction() {
    if (open_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  int begin() {
    int rc = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    open_ = rc == SQLITE_OK;
    return rc;
  }
  int commit() {
    int rc = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) open_ = false;
    return rc;
  }

 private:
  sqlite3* db_;
  bool open_ = false;
};

}  // namespace

Unexpected Ledger::fail(int rc, const char* doing) const {
  const std::string where = path_.empty() ? "the ledger" : path_;
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return err::io("the CA ledger is locked by another process: nothing was changed; retry when it finishes",
                     where);
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return err::io("the CA ledger is corrupted: nothing was changed; restore ledger.db from a backup", where);
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      return err::io("cannot open the CA ledger for writing: check that the CA directory exists and is writable",
                     where);
    case SQLITE_FULL:
      return err::io("the disk is full: nothing was changed; free space and retry", where);
    case SQLITE_CONSTRAINT:
      return err::io("the CA ledger refused the record (constraint): nothing was changed",
                     std::string(doing) + ": " + (db_ ? sqlite3_errmsg(db_) : ""));
    default:
      return err::io("CA ledger error: nothing was changed",
                     std::string(doing) + ": " + (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc)));
  }
}

Result<Ledger> Ledger::open_db(const std::string& path, int flags, int busy_timeout_ms) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  Ledger ledger(db, path == ":memory:" ? std::string() : path);
  if (rc != SQLITE_OK) return ledger.fail(rc, "open");
  sqlite3_extended_result_codes(db, 0);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  return ledger;
}

Ledger::~Ledger() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Result<void> Ledger::exec(const char* sql) const {
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return fail(rc, "exec");
  return {};
}

Result<Ledger> Ledger::create(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return err::io("a ledger already exists here; refusing to replace it", path);
  auto ledger = PARLEY_TRY(open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, kDefaultBusyTimeoutMs));
  Transaction txn(ledger.db_);
  if (int rc = txn.begin(); rc != SQLITE_OK) return ledger.fail(rc, "begin");
  PARLEY_TRY(ledger.exec(kSchema));
  if (int rc = txn.commit(); rc != SQLITE_OK) return ledger.fail(rc, "commit");
  return ledger;
}

Result<Ledger> Ledger::in_memory() {
  auto ledger = PARLEY_TRY(open_db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, kDefaultBusyTimeoutMs));
  PARLEY_TRY(ledger.exec(kSchema));
  return ledger;
}

Result<Ledger> Ledger::open(const std::string& path, int busy_timeout_ms) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return err::io("no CA ledger here: is this a CA directory made by `parley ca init`?", path);
  }
  auto ledger = PARLEY_TRY(open_db(path, SQLITE_OPEN_READWRITE, busy_timeout_ms));
  PARLEY_TRY(ledger.check_schema());
  return ledger;
}

Result<void> Ledger::check_schema() const {
  Stmt s(db_, "SELECT version FROM schema_version");
  if (s.prepare_rc() != SQLITE_OK) {
    // A database without our table is not a ledger: treat it as corrupted.
    int rc = s.prepare_rc() == SQLITE_ERROR ? SQLITE_CORRUPT : s.prepare_rc();
    return fail(rc, "schema");
  }
  int rc = sqlite3_step(s.get());
  if (rc != SQLITE_ROW) return fail(rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, "schema");
  int64_t v = s.col_int(0);
  if (v > kLedgerSchemaVersion) {
    return err::io("the CA ledger was written by a newer parley: upgrade parley",
                   path_ + " has schema version " + std::to_string(v));
  }
  if (v != kLedgerSchemaVersion) return fail(SQLITE_CORRUPT, "schema");
  return {};
}

Result<void> Ledger::insert_locked(const LedgerRecord& r) {
  Stmt s(db_,
         "INSERT INTO certificates (serial, issuer, subject, sans, not_before, not_after, profile, status, "
         "revoked_at, reason, der, csr_sha256, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (s.prepare_rc() != SQLITE_OK) return fail(s.prepare_rc(), "insert");
  s.text(1, r.serial);
  s.text(2, r.issuer);
  s.text(3, r.subject);
  s.text(4, r.sans);
  s.integer(5, r.not_before);
  s.integer(6, r.not_after);
  s.text(7, r.profile);
  s.text(8, status_name(r.status));
  s.opt_integer(9, r.revoked_at);
  s.opt_integer(10, r.reason ? std::optional<int64_t>(static_cast<int64_t>(*r.reason)) : std::nullopt);
  s.blob(11, r.der);
  s.opt_text(12, r.csr_sha256);
  s.integer(13, r.created_at);
  int rc = sqlite3_step(s.get());
  if (rc != SQLITE_DONE) return fail(rc, "insert");
  return {};
}

Result<void> Ledger::insert(const LedgerRecord& record) {
  Transaction txn(db_);
  if (int rc = txn.begin(); rc != SQLITE_OK) return fail(rc, "begin");
  PARLEY_TRY(insert_locked(record));
  if (int rc = txn.commit(); rc != SQLITE_OK) return fail(rc, "commit");
  return {};
}

Result<LedgerRecord> Ledger::issue(crypto::Rng& rng, const MakeRecord& make) {
  Transaction txn(db_);
  if (int rc = txn.begin(); rc != SQLITE_OK) return fail(rc, "begin");
  // A collision among 2^127 values will not happen, but the schema would
  // catch it; drawing again keeps a caller from ever seeing it.
  std::vector<uint8_t> serial;
  for (int attempt = 0;; ++attempt) {
    serial = random_serial(rng);
    auto existing = PARLEY_TRY(find(serial_to_hex(serial)));
    if (!existing) break;
    if (attempt == 8) return err::internal("ledger: cannot draw a free serial (is the RNG broken?)");
  }
  LedgerRecord record = PARLEY_TRY(make(serial));
  if (record.serial != serial_to_hex(serial)) return err::internal("ledger: record serial differs from the reserved one");
  PARLEY_TRY(insert_locked(record));
  if (int rc = txn.commit(); rc != SQLITE_OK) return fail(rc, "commit");
  return record;
}

Result<LedgerRecord> Ledger::revoke(std::string_view serial_hex, x509::CrlReason reason, int64_t when) {
  Transaction txn(db_);
  if (int rc = txn.begin(); rc != SQLITE_OK) return fail(rc, "begin");
  auto found = PARLEY_TRY(find(serial_hex));
  if (!found) {
    return err::api("no certificate with this serial in the CA ledger: check it with `parley ca list`",
                    std::string(serial_hex));
  }
  if (found->status == CertStatus::revoked) {
    return err::api("this certificate is already revoked: nothing to do", std::string(serial_hex));
  }
  Stmt s(db_, "UPDATE certificates SET status = 'revoked', revoked_at = ?, reason = ? WHERE serial = ?");
  if (s.prepare_rc() != SQLITE_OK) return fail(s.prepare_rc(), "revoke");
  s.integer(1, when);
  s.integer(2, static_cast<int64_t>(reason));
  s.text(3, serial_hex);
  if (int rc = sqlite3_step(s.get()); rc != SQLITE_DONE) return fail(rc, "revoke");
  if (int rc = txn.commit(); rc != SQLITE_OK) return fail(rc, "commit");
  found->status = CertStatus::revoked;
  found->revoked_at = when;
  found->reason = reason;
  return *found;
}

Result<uint64_t> Ledger::next_crl_number(std::string_view issuer) {
  Transaction txn(db_);
  if (int rc = txn.begin(); rc != SQLITE_OK) return fail(rc, "begin");
  Stmt up(db_,
          "INSERT INTO crl_numbers (issuer, last) VALUES (?, 1) "
          "ON CONFLICT (issuer) DO UPDATE SET last = last + 1 RETURNING last");
  if (up.prepare_rc() != SQLITE_OK) return fail(up.prepare_rc(), "crl number");
  up.text(1, issuer);
  if (int rc = sqlite3_step(up.get()); rc != SQLITE_ROW) return fail(rc, "crl number");
  const int64_t n = up.col_int(0);
  if (int rc = sqlite3_step(up.get()); rc != SQLITE_DONE) return fail(rc, "crl number");
  if (int rc = txn.commit(); rc != SQLITE_OK) return fail(rc, "commit");
  return static_cast<uint64_t>(n);
}

Result<std::vector<LedgerRecord>> Ledger::query(const char* where, std::string_view arg) const {
  std::string sql = std::string("SELECT ") + kColumns + " FROM certificates " + where;
  Stmt s(db_, sql.c_str());
  if (s.prepare_rc() != SQLITE_OK) return fail(s.prepare_rc(), "query");
  if (!arg.empty()) s.text(1, arg);
  std::vector<LedgerRecord> out;
  while (true) {
    int rc = sqlite3_step(s.get());
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return fail(rc, "query");
    out.push_back(read_record(s));
  }
  return out;
}

Result<std::optional<LedgerRecord>> Ledger::find(std::string_view serial_hex) const {
  if (serial_hex.empty()) return std::optional<LedgerRecord>();
  auto rows = PARLEY_TRY(query("WHERE serial = ?", serial_hex));
  if (rows.empty()) return std::optional<LedgerRecord>();
  return std::optional<LedgerRecord>(std::move(rows.front()));
}

Result<std::vector<LedgerRecord>> Ledger::list() const { return query("ORDER BY created_at, rowid", {}); }

Result<std::vector<LedgerRecord>> Ledger::revoked_by(std::string_view issuer) const {
  return query("WHERE status = 'revoked' AND issuer = ? ORDER BY revoked_at, rowid", issuer);
}

}  // namespace parley::ca
