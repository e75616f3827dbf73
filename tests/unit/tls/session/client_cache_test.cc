// The client session cache (RFC 8446 §C.4: each ticket once; §4.6.1:
// lifetimes) and the session file of `parley connect --session`.
#include <gtest/gtest.h>

#include <string>

#include "parley/session.h"
#include "der/pem.h"
#include "tls/session/client_cache.h"

namespace parley::tls::session {
namespace {

constexpr int64_t kNow = 1'700'000'000'000;  // ms

StoredTicket ticket(std::string key, uint8_t id, int64_t received_at_ms = kNow, uint32_t lifetime = 3600) {
  StoredTicket t;
  t.key = std::move(key);
  t.ticket = {id, 0xaa, 0xbb};
  const uint8_t psk[32] = {id};
  t.psk = SecretBytes(psk);
  t.suite = crypto::Suite::aes_128_gcm_sha256;
  t.alpn = "h2";
  t.sni = "orders.internal";
  t.max_early_data_size = 1024;
  t.age_add = 0xfffffff0;
  t.received_at_ms = received_at_ms;
  t.lifetime = lifetime;
  auto peer = std::make_shared<PeerIdentity>();
  peer->subject = "CN=orders";
  peer->dns_names = {"orders.internal"};
  peer->uris = {"spiffe://example.org/orders"};
  peer->path = {{0x30, 0x01, 0x02}, {0x30, 0x03}};
  peer->valid_until = kNow / 1000 + 86400;
  peer->name_matched = "DNS:orders.internal";
  t.peer = std::move(peer);
  return t;
}

std::optional<uint8_t> take_id(ClientSessionCache& c, std::string_view key, int64_t now = kNow) {
  auto t = CacheAccess::take(c, key, now);
  if (!t) return std::nullopt;
  return t->ticket[0];
}

TEST(ClientCache, keys_differ_by_server_and_alpn_list) {
  const std::vector<std::string> h2 = {"h2"}, both = {"h2", "http/1.1"}, none;
  EXPECT_NE(cache_key("a.example", h2), cache_key("a.example", both));
  EXPECT_NE(cache_key("a.example", h2), cache_key("b.example", h2));
  EXPECT_NE(cache_key("a.example", none), cache_key("a.example", h2));
  // Entries cannot run into each other: {"ab"} is not {"a", "b"}.
  EXPECT_NE(cache_key("x", std::vector<std::string>{"ab"}), cache_key("x", std::vector<std::string>{"a", "b"}));
}

TEST(ClientCache, offers_each_ticket_once_newest_first) {
  ClientSessionCache c;
  CacheAccess::store(c, ticket("k", 1));
  CacheAccess::store(c, ticket("k", 2));
  EXPECT_EQ(c.size(), 2u);
  EXPECT_EQ(take_id(c, "k"), 2);
  EXPECT_EQ(take_id(c, "k"), 1);
  EXPECT_EQ(take_id(c, "k"), std::nullopt);
  EXPECT_EQ(c.size(), 0u);
}

TEST(ClientCache, drops_expired_tickets) {
  ClientSessionCache c;
  CacheAccess::store(c, ticket("k", 1, kNow, 10));
  CacheAccess::store(c, ticket("k", 2, kNow, 5));
  // 6 s later the newer one (5 s lifetime) has expired, the older one not.
  EXPECT_EQ(take_id(c, "k", kNow + 6000), 1);
  CacheAccess::store(c, ticket("k", 3, kNow, 10));
  EXPECT_EQ(take_id(c, "k", kNow + 10'000), std::nullopt);  // the lifetime's end is exclusive
  EXPECT_EQ(c.size(), 0u);
}

TEST(ClientCache, drops_tickets_whose_server_certificate_expired) {
  ClientSessionCache c;
  auto t = ticket("k", 1);
  auto peer = std::make_shared<PeerIdentity>(*t.peer);
  peer->valid_until = kNow / 1000 + 1;
  t.peer = peer;
  CacheAccess::store(c, std::move(t));
  EXPECT_EQ(take_id(c, "k", kNow + 2000), std::nullopt);
}

TEST(ClientCache, ignores_tickets_from_the_future) {
  ClientSessionCache c;
  CacheAccess::store(c, ticket("k", 1, kNow + 60'000));
  EXPECT_EQ(take_id(c, "k"), std::nullopt);
}

TEST(ClientCache, bounded_per_server_and_in_servers) {
  ClientSessionCache c(ClientSessionCache::Limits{2, 2});
  for (uint8_t i = 1; i <= 3; ++i) CacheAccess::store(c, ticket("a", i));
  EXPECT_EQ(c.size(), 2u);  // ticket 1, the oldest, went
  CacheAccess::store(c, ticket("b", 4));
  (void)CacheAccess::take(c, "a", kNow);  // "a" used: now the most recent key
  CacheAccess::store(c, ticket("c", 5));  // evicts "b", the least recently used
  EXPECT_EQ(take_id(c, "b"), std::nullopt);
  EXPECT_EQ(take_id(c, "a"), 2);
  EXPECT_EQ(take_id(c, "c"), 5);
}

TEST(ClientCache, obfuscated_age_adds_modulo_2_32) {
  const auto t = ticket("k", 1);
  // RFC 8446 §4.2.11.1: (age in ms + ticket_age_add) mod 2^32.
  EXPECT_EQ(t.obfuscated_age(kNow + 6), 0xfffffff6u);
  EXPECT_EQ(t.obfuscated_age(kNow + 0x20), 0x10u);
}

TEST(SessionFile, round_trips_every_field) {
  const auto t = ticket(cache_key("orders.internal", std::vector<std::string>{"h2"}), 7);
  const std::string file = encode_session_file(t);
  EXPECT_EQ(file.rfind("-----BEGIN PARLEY TLS SESSION-----\n", 0), 0u);
  auto back = decode_session_file(file);
  ASSERT_TRUE(back.has_value()) << back.error().message();
  EXPECT_EQ(back->key, t.key);
  EXPECT_EQ(back->ticket, t.ticket);
  EXPECT_TRUE(std::ranges::equal(back->psk.view(), t.psk.view()));
  EXPECT_EQ(back->suite, t.suite);
  EXPECT_EQ(back->alpn, t.alpn);
  EXPECT_EQ(back->sni, t.sni);
  EXPECT_EQ(back->max_early_data_size, t.max_early_data_size);
  EXPECT_EQ(back->age_add, t.age_add);
  EXPECT_EQ(back->received_at_ms, t.received_at_ms);
  EXPECT_EQ(back->lifetime, t.lifetime);
  ASSERT_TRUE(back->peer);
  EXPECT_EQ(back->peer->subject, t.peer->subject);
  EXPECT_EQ(back->peer->dns_names, t.peer->dns_names);
  EXPECT_EQ(back->peer->uris, t.peer->uris);
  EXPECT_EQ(back->peer->path, t.peer->path);
  EXPECT_EQ(back->peer->valid_until, t.peer->valid_until);
  EXPECT_EQ(back->peer->name_matched, t.peer->name_matched);
}

TEST(SessionFile, rejects_other_versions_truncation_and_long_lifetimes) {
  const auto t = ticket("k", 1);
  auto body = der::pem_decode_one(encode_session_file(t), "PARLEY TLS SESSION").value();
  auto with = [](std::vector<uint8_t> b) { return der::pem_encode("PARLEY TLS SESSION", b); };

  auto v2 = body;
  v2[0] = 2;
  auto r = decode_session_file(with(v2));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("version"), std::string::npos) << r.error().message();

  for (size_t cut : {size_t{1}, size_t{10}, body.size() - 1}) {
    auto shorter = body;
    shorter.resize(cut);
    EXPECT_FALSE(decode_session_file(with(shorter)).has_value()) << cut;
  }
  auto longer = body;
  longer.push_back(0);
  EXPECT_FALSE(decode_session_file(with(longer)).has_value());

  // expires_at (bytes 1..8) pushed past received_at + 7 days.
  auto far = body;
  far[4] = static_cast<uint8_t>(far[4] + 1);  // +2^32 s
  r = decode_session_file(with(far));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("7 days"), std::string::npos) << r.error().message();
}

TEST(SessionFile, import_and_export_through_the_public_cache) {
  ClientSessionCache c;
  const std::vector<std::string> alpn = {"h2"};
  auto t = ticket(cache_key("orders.internal", alpn), 9);
  const std::string file = encode_session_file(t);
  ASSERT_TRUE(c.import(file, kNow / 1000).has_value());
  auto out = c.export_newest("orders.internal", alpn, kNow / 1000);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(*out, file);
  EXPECT_FALSE(c.export_newest("orders.internal", {}, kNow / 1000).has_value());
  // An expired session is refused, and says so.
  auto r = c.import(file, kNow / 1000 + 3600);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("expired"), std::string::npos) << r.error().message();
}

}  // namespace
}  // namespace parley::tls::session
