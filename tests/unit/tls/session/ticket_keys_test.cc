// Ticket keys (parley/session.h): sealing and opening, rotation, and the
// ticket-keys file with its format and mode checks (docs/RESUMPTION.md).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "parley/session.h"
#include "crypto/provider.h"
#include "tls/session/process_defaults.h"
#include "tls/session/ticket_keys_file.h"

namespace parley::tls::session {
namespace {

const crypto::Provider& provider() { return crypto::openssl_provider(); }
const std::vector<uint8_t> kState = {1, 2, 3, 4, 5, 6, 7, 8, 9};

constexpr const char* kKeyA = "0011223344556677 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f 1000";
constexpr const char* kKeyB = "8899aabbccddeeff 1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100 2000";

// A ticket-keys file in the test's temporary directory with `mode`.
struct KeyFile {
  std::string path;
  KeyFile(const std::string& text, mode_t mode) {
    path = std::string(::testing::TempDir()) + "/ticket-keys-" + std::to_string(::getpid()) + "-" +
           std::to_string(counter++);
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
  }
  ~KeyFile() { std::remove(path.c_str()); }
  void rewrite(const std::string& text) const { std::ofstream(path, std::ios::trunc) << text; }
  static inline int counter = 0;
};

// A config that names no keys shares the process's keys, but only with the
// process-wide provider: keys made for a provider that dies first would seal
// with its freed RNG and AEAD.
TEST(ProcessTicketKeys, OnlyTheProcessWideProviderGetsDefaultKeys) {
  const auto keys = process_ticket_keys(provider());
  ASSERT_NE(keys, nullptr);
  EXPECT_EQ(process_ticket_keys(provider()), keys);
  const crypto::Provider own = provider();  // an embedder's provider: same pieces, another lifetime
  EXPECT_EQ(process_ticket_keys(own), nullptr);
}

TEST(TicketKeys, SealedStateOpensAndAnyChangeIsRefused) {
  auto keys = TicketKeys::generate(provider());
  auto ticket = keys->seal(kState, 1000);
  ASSERT_TRUE(ticket.has_value());
  EXPECT_EQ(ticket->size(), 8 + 12 + kState.size() + 16);
  EXPECT_EQ(keys->open(*ticket, 1001), kState);
  for (size_t i : {size_t{0}, size_t{8}, size_t{20}, ticket->size() - 1}) {  // id, nonce, body, tag
    auto bad = *ticket;
    bad[i] ^= 0x80;
    EXPECT_FALSE(keys->open(bad, 1001).has_value()) << "byte " << i;
  }
  EXPECT_FALSE(keys->open(std::vector<uint8_t>(ticket->begin(), ticket->begin() + 35), 1001).has_value());
  EXPECT_FALSE(keys->open({}, 1001).has_value());
  // Another server's keys do not open it.
  EXPECT_FALSE(TicketKeys::generate(provider())->open(*ticket, 1001).has_value());
}

TEST(TicketKeys, RotationKeepsRetiredKeysForOneLifetime) {
  auto keys = TicketKeys::generate(provider(), /*rotation=*/100, /*ticket_lifetime=*/500);
  auto old_ticket = keys->seal(kState, 1000).value();
  EXPECT_EQ(keys->key_count(1000), 1u);
  auto new_ticket = keys->seal(kState, 1100).value();  // a new key starts
  EXPECT_EQ(keys->key_count(1100), 2u);
  EXPECT_FALSE(std::equal(old_ticket.begin(), old_ticket.begin() + 8, new_ticket.begin()));
  EXPECT_TRUE(keys->open(old_ticket, 1500).has_value());  // retired at 1100, still within 500 s
  EXPECT_TRUE(keys->open(new_ticket, 1500).has_value());
  EXPECT_FALSE(keys->open(old_ticket, 1700).has_value());  // more than a lifetime after its retirement
}

TEST(TicketKeysFile, NewestStartedKeySealsAndAllOpen) {
  KeyFile f(std::string("# parley ticket keys v1\n") + kKeyA + "\n\n" + kKeyB + "\n", 0600);
  auto keys = TicketKeys::from_file(f.path, provider());
  ASSERT_TRUE(keys.has_value()) << keys.error().message();
  auto early = (*keys)->seal(kState, 1500).value();
  auto late = (*keys)->seal(kState, 2500).value();
  EXPECT_EQ(early[0], 0x00);  // key A: B has not started
  EXPECT_EQ(late[0], 0x88);   // key B
  // A second server reading the same file opens both.
  auto other = TicketKeys::from_file(f.path, provider()).value();
  EXPECT_EQ(other->open(early, 2500), kState);
  EXPECT_EQ(other->open(late, 2500), kState);
  // After a reload without key A its tickets no longer open.
  f.rewrite(std::string(kKeyB) + "\n");
  ASSERT_TRUE(other->reload().has_value());
  EXPECT_FALSE(other->open(early, 2500).has_value());
  EXPECT_TRUE(other->open(late, 2500).has_value());
}

TEST(TicketKeysFile, ReloadFailureKeepsTheKeysInUse) {
  KeyFile f(std::string(kKeyA) + "\n", 0600);
  auto keys = TicketKeys::from_file(f.path, provider()).value();
  auto ticket = keys->seal(kState, 1500).value();
  f.rewrite("not a key\n");
  EXPECT_FALSE(keys->reload().has_value());
  EXPECT_TRUE(keys->open(ticket, 1500).has_value());
  EXPECT_FALSE(TicketKeys::generate(provider())->reload().has_value());
}

TEST(TicketKeysFile, RefusesAFileOthersCanRead) {
  for (mode_t mode : {0640, 0604, 0660}) {
    KeyFile f(std::string(kKeyA) + "\n", mode);
    auto keys = TicketKeys::from_file(f.path, provider());
    ASSERT_FALSE(keys.has_value());
    EXPECT_STREQ(keys.error().what, "ticket keys file: group or others have access");
  }
  EXPECT_FALSE(TicketKeys::from_file("/nonexistent/ticket-keys", provider()).has_value());
}

TEST(TicketKeysFile, MalformedLinesNameTheLineAndTheRule) {
  struct Case {
    std::string text;
    std::string detail;
  };
  const std::string key(64, 'a');
  const std::vector<Case> cases = {
      {"0011 " + key + " 1\n", "line 1: the id is not 16 hex digits"},
      {"# c\n001122334455667g " + key + " 1\n", "line 2: the id is not 16 hex digits"},
      {"0011223344556677 abcd 1\n", "line 1: the key is not 64 hex digits"},
      {"0011223344556677 " + key + "\n", "line 1: the start is not a Unix time in seconds"},
      {"0011223344556677 " + key + " -5\n", "line 1: the start is not a Unix time in seconds"},
      {"0011223344556677 " + key + " 12x\n", "line 1: the start is not a Unix time in seconds"},
      {"0011223344556677 " + key + " 1 extra\n", "line 1: more than three fields"},
      {"0011223344556677 " + key + " 1\n0011223344556677 " + key + " 2\n", "line 2: an id used by an earlier line"},
  };
  for (const auto& c : cases) {
    auto keys = parse_ticket_keys(c.text);
    ASSERT_FALSE(keys.has_value()) << c.text;
    EXPECT_EQ(keys.error().detail.substr(0, c.detail.size()), c.detail) << c.text;
  }
  auto empty = parse_ticket_keys("# nothing\n\n");
  ASSERT_FALSE(empty.has_value());
  EXPECT_STREQ(empty.error().what, "ticket keys file: no keys");
  auto crlf = parse_ticket_keys("0011223344556677 " + key + " 7\r\n");
  ASSERT_TRUE(crlf.has_value());
  EXPECT_EQ(crlf->front().start, 7);
}

}  // namespace
}  // namespace parley::tls::session
