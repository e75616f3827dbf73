#include <gtest/gtest.h>

#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "ca/ledger.h"
#include "ca/serial.h"
#include "test_util.h"

namespace parley::ca {
namespace {

using testing::provider;

LedgerRecord record(const std::string& serial) {
  LedgerRecord r;
  r.serial = serial;
  r.subject = "CN=a";
  r.sans = "DNS:a";
  r.not_before = 1;
  r.not_after = 2;
  r.profile = "server";
  r.der = {0x30, 0x00};
  r.created_at = 3;
  return r;
}

class TempFile {
 public:
  TempFile() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "parley-ledger-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) ADD_FAILURE();
    dir_ = tmpl;
  }
  ~TempFile() { std::filesystem::remove_all(dir_); }
  std::string path(const char* name) const { return (dir_ / name).string(); }

 private:
  std::filesystem::path dir_;
};

TEST(Ledger, SerialIsUniqueBySchema) {
  auto ledger = Ledger::in_memory();
  ASSERT_TRUE(ledger);
  ASSERT_TRUE(ledger->insert(record("0a")));
  auto dup = ledger->insert(record("0a"));
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error().message().find("nothing was changed"), std::string::npos);
  EXPECT_EQ(ledger->list()->size(), 1u);
}

TEST(Ledger, SchemaRejectsMalformedRows) {
  auto ledger = Ledger::in_memory();
  ASSERT_TRUE(ledger);
  EXPECT_FALSE(ledger->insert(record("XYZ")));  // not lowercase hex
  auto r = record("0b");
  r.status = CertStatus::revoked;  // revoked without revoked_at
  EXPECT_FALSE(ledger->insert(r));
  EXPECT_TRUE(ledger->list()->empty());
}

TEST(Ledger, IssueRecordsInTheSameTransactionAndRollsBackOnFailure) {
  auto ledger = Ledger::in_memory();
  ASSERT_TRUE(ledger);
  auto& rng = *provider().rng;
  std::string seen;
  auto ok = ledger->issue(rng, [&](std::span<const uint8_t> serial) -> Result<LedgerRecord> {
    EXPECT_EQ(serial.size(), kSerialLen);
    seen = serial_to_hex(serial);
    return record(seen);
  });
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_EQ(ok->serial, seen);
  ASSERT_TRUE(ledger->find(seen)->has_value());

  // The builder fails: nothing is recorded.
  auto failed = ledger->issue(rng, [&](std::span<const uint8_t>) -> Result<LedgerRecord> {
    return err::crypto("signing failed");
  });
  EXPECT_FALSE(failed);
  EXPECT_EQ(ledger->list()->size(), 1u);

  // The insert fails (a record whose serial is not the reserved one): rolled back.
  auto mismatch = ledger->issue(rng, [&](std::span<const uint8_t>) -> Result<LedgerRecord> { return record("01"); });
  EXPECT_FALSE(mismatch);
  auto bad_row = ledger->issue(rng, [&](std::span<const uint8_t> serial) -> Result<LedgerRecord> {
    auto r = record(serial_to_hex(serial));
    r.status = CertStatus::revoked;  // violates the CHECK constraint
    return r;
  });
  EXPECT_FALSE(bad_row);
  EXPECT_EQ(ledger->list()->size(), 1u);
  // The connection is usable afterwards (no transaction left open).
  EXPECT_TRUE(ledger->insert(record("0c")));
}

TEST(Ledger, RevokeAndCrlNumbers) {
  auto ledger = Ledger::in_memory();
  ASSERT_TRUE(ledger);
  ASSERT_TRUE(ledger->insert(record("0a")));
  auto unknown = ledger->revoke("0b", x509::CrlReason::key_compromise, 10);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message().find("parley ca list"), std::string::npos);
  auto r = ledger->revoke("0a", x509::CrlReason::key_compromise, 10);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, CertStatus::revoked);
  EXPECT_FALSE(ledger->revoke("0a", x509::CrlReason::superseded, 11));
  auto revoked = ledger->revoked_by("intermediate");
  ASSERT_TRUE(revoked);
  ASSERT_EQ(revoked->size(), 1u);
  EXPECT_EQ((*revoked)[0].reason, x509::CrlReason::key_compromise);
  EXPECT_EQ((*revoked)[0].revoked_at, 10);
  EXPECT_EQ(*ledger->next_crl_number("intermediate"), 1u);
  EXPECT_EQ(*ledger->next_crl_number("intermediate"), 2u);
  EXPECT_EQ(*ledger->next_crl_number("root"), 1u);
}

TEST(Ledger, FileLedgerPersistsAndRefusesToBeRecreated) {
  TempFile dir;
  const auto path = dir.path("ledger.db");
  {
    auto ledger = Ledger::create(path);
    ASSERT_TRUE(ledger) << ledger.error().message();
    ASSERT_TRUE(ledger->insert(record("0a")));
  }
  EXPECT_FALSE(Ledger::create(path));
  auto reopened = Ledger::open(path);
  ASSERT_TRUE(reopened) << reopened.error().message();
  EXPECT_EQ(reopened->list()->size(), 1u);
  EXPECT_FALSE(Ledger::open(dir.path("missing.db")));
}

TEST(Ledger, CorruptedFileIsOneLineAndUntouched) {
  TempFile dir;
  const auto path = dir.path("ledger.db");
  const std::string junk = "definitely not an SQLite database, but long enough to look like a header...";
  std::ofstream(path) << junk;
  auto ledger = Ledger::open(path);
  ASSERT_FALSE(ledger);
  EXPECT_NE(ledger.error().message().find("corrupted"), std::string::npos);
  EXPECT_EQ(ledger.error().message().find('\n'), std::string::npos);
  std::ifstream in(path);
  std::string after((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(after, junk);
}

TEST(Ledger, NewerSchemaIsRefused) {
  TempFile dir;
  const auto path = dir.path("ledger.db");
  ASSERT_TRUE(Ledger::create(path));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE schema_version SET version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto ledger = Ledger::open(path);
  ASSERT_FALSE(ledger);
  EXPECT_NE(ledger.error().message().find("newer parley"), std::string::npos);
}

TEST(Ledger, LockedDatabaseFailsWithinTheBusyTimeout) {
  TempFile dir;
  const auto path = dir.path("ledger.db");
  ASSERT_TRUE(Ledger::create(path));
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &holder), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto ledger = Ledger::open(path, 100);
  if (ledger) {
    auto r = ledger->insert(record("0a"));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message().find("locked"), std::string::npos);
  } else {
    EXPECT_NE(ledger.error().message().find("locked"), std::string::npos);
  }
  sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
}

}  // namespace
}  // namespace parley::ca
