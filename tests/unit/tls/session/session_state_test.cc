// The session state a ticket carries: round trip and strict parsing.
#include "tls/session/session_state.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace parley::tls::session {
namespace {

SessionState sample(bool with_client) {
  SessionState s;
  s.suite = 0x1301;
  s.issued_at = 1'700'000'000;
  s.lifetime = 86400;
  s.age_add = 0xdeadbeef;
  s.resumption_secret = SecretBytes(std::vector<uint8_t>(32, 7));
  s.ticket_nonce = 5;
  s.alpn = "h2";
  s.sni = "orders.internal";
  s.max_early_data = 16384;
  if (with_client) s.client = TicketClient{1'699'999'000, {{0x30, 0x01}, {0x30, 0x02, 0x03}}};
  return s;
}

TEST(SessionState, RoundTrips) {
  for (bool client : {false, true}) {
    auto bytes = encode_session_state(sample(client));
    ASSERT_TRUE(bytes.has_value());
    auto back = parse_session_state(bytes->view());
    ASSERT_TRUE(back.has_value()) << back.error().message();
    EXPECT_EQ(back->suite, 0x1301);
    EXPECT_EQ(back->issued_at, 1'700'000'000);
    EXPECT_EQ(back->age_add, 0xdeadbeefu);
    EXPECT_TRUE(std::ranges::equal(back->resumption_secret.view(), std::vector<uint8_t>(32, 7)));
    EXPECT_EQ(back->ticket_nonce, 5);
    EXPECT_EQ(back->alpn, "h2");
    EXPECT_EQ(back->sni, "orders.internal");
    EXPECT_EQ(back->max_early_data, 16384u);
    EXPECT_EQ(back->client.has_value(), client);
    if (client) {
      EXPECT_EQ(back->client->verified_at, 1'699'999'000);
      EXPECT_EQ(back->client->chain.size(), 2u);
    }
  }
}

TEST(SessionState, EveryTruncationAndTrailingByteIsRefused) {
  auto bytes = encode_session_state(sample(true)).value();
  std::vector<uint8_t> b(bytes.view().begin(), bytes.view().end());
  for (size_t n = 0; n < b.size(); ++n) {
    EXPECT_FALSE(parse_session_state(std::span(b).first(n)).has_value()) << n;
  }
  b.push_back(0);
  auto trailing = parse_session_state(b);
  ASSERT_FALSE(trailing.has_value());
  EXPECT_STREQ(trailing.error().what, "session ticket: malformed session state");
  b.pop_back();
  for (uint8_t version : {uint8_t{1}, uint8_t{3}}) {  // 1 held the PSK itself; 3 is unknown
    b[0] = version;
    EXPECT_FALSE(parse_session_state(b).has_value()) << int{version};
  }
}

// The layout of session_state.cc's format comment, byte by byte (the fuzz
// corpus's seeds for parley_tls_ticket_fuzz are made the same way).
TEST(SessionState, ParsesTheDocumentedLayout) {
  std::vector<uint8_t> b = {
      2,    0x13, 0x01,                          // version, suite
      0, 0, 0, 0, 0x65, 0x53, 0xf1, 0x00,        // issued_at 1'700'000'000
      0, 1, 0x51, 0x80,                          // lifetime 86400
      0xde, 0xad, 0xbe, 0xef,                    // age_add
      32,                                        // resumption_secret<1>, 32 bytes below
  };
  for (uint8_t i = 0; i < 32; ++i) b.push_back(i);
  const std::vector<uint8_t> rest = {
      1,                                         // ticket_nonce
      2, 'h', '2', 0,                            // alpn "h2", sni ""
      0, 0, 0x40, 0,                             // max_early_data 16384
      0,                                         // no client
  };
  b.insert(b.end(), rest.begin(), rest.end());
  auto s = parse_session_state(b);
  ASSERT_TRUE(s.has_value()) << s.error().message();
  EXPECT_EQ(s->suite, 0x1301);
  EXPECT_EQ(s->issued_at, 1'700'000'000);
  EXPECT_EQ(s->lifetime, 86400u);
  EXPECT_EQ(s->age_add, 0xdeadbeefu);
  EXPECT_EQ(s->resumption_secret.view()[31], 31);
  EXPECT_EQ(s->ticket_nonce, 1);
  EXPECT_EQ(s->alpn, "h2");
  EXPECT_EQ(s->sni, "");
  EXPECT_EQ(s->max_early_data, 16384u);
  EXPECT_FALSE(s->client.has_value());
}

TEST(SessionState, ExpiryFollowsTheLifetime) {
  const SessionState s = sample(false);
  EXPECT_FALSE(s.expired(s.issued_at));
  EXPECT_FALSE(s.expired(s.issued_at + 86400));
  EXPECT_TRUE(s.expired(s.issued_at + 86401));
  EXPECT_TRUE(s.expired(s.issued_at - 1));  // issued in our future: a clock or key problem
}

}  // namespace
}  // namespace parley::tls::session
