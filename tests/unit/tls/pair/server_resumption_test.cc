// The server's side of resumption (RFC 8446 §2.2, §4.2.11, §4.6.1), shown
// with a parley client whose ClientHello a test hook extends with a
// pre_shared_key for a ticket the test sealed under the server's keys (the
// binder computed over the Truncated ClientHello as a client would).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "pair_util.h"
#include "tls/connection.h"
#include "tls/handshake/psk.h"
#include "tls/session/session_state.h"
#include "tls/wire/messages.h"

namespace parley::pairtest {
namespace {

using Bytes = std::vector<uint8_t>;
namespace wire = tls::wire;

// The messages each side sent, by name.
struct Sent final : HandshakeObserver {
  std::vector<std::string> names;
  void on_event(const HandshakeEvent& e) override {
    if (e.kind == HandshakeEvent::Kind::message_sent) names.emplace_back(message::name(*e.message()));
  }
  size_t count(std::string_view n) const { return static_cast<size_t>(std::count(names.begin(), names.end(), n)); }
};

struct World {
  Ca ca = make_ca("Resumption CA");
  Identity id = make_leaf(ca, key_for(crypto::KeySpec::ec_p256));
  std::shared_ptr<TicketKeys> keys = TicketKeys::generate(P());
};
World& world() {
  static World w;
  return w;
}

std::shared_ptr<ServerConfig> server_config() {
  auto s = std::make_shared<ServerConfig>();
  s->identities.push_back(world().id);
  s->ticket_keys = world().keys;
  return s;
}

std::shared_ptr<ClientConfig> client_config() {
  auto c = std::make_shared<ClientConfig>();
  c->trust_store = world().ca.store();
  c->suites = {crypto::Suite::aes_128_gcm_sha256};
  return c;
}

const Bytes kResumptionSecret(32, 0x42);
constexpr uint8_t kTicketNonce = 3;

// §4.6.1: the PSK a ticket of `state` stands for, as its client derives it.
Bytes psk_of(const tls::session::SessionState& state) {
  const auto& hash = *P().suite(static_cast<crypto::Suite>(state.suite))->hash;
  const uint8_t nonce[1] = {state.ticket_nonce};
  const SecretBytes psk = tls::handshake::resumption_psk(hash, state.resumption_secret.view(), nonce).value();
  return Bytes(psk.view().begin(), psk.view().end());
}

tls::session::SessionState ticket_state() {
  tls::session::SessionState s;
  s.suite = 0x1301;
  s.issued_at = P().clock->unix_seconds();
  s.lifetime = 3600;
  s.age_add = 1000;
  s.resumption_secret = SecretBytes(kResumptionSecret);
  s.ticket_nonce = kTicketNonce;
  s.sni = "server.test";
  return s;
}

Bytes seal(const tls::session::SessionState& s) {
  auto plain = tls::session::encode_session_state(s).value();
  return world().keys->seal(plain.view(), s.issued_at).value();
}

struct Offer {
  Bytes ticket;
  Bytes psk = psk_of(ticket_state());
  std::vector<uint8_t> modes = {1};  // psk_dhe_ke
  bool corrupt_binder = false;
  bool early_data = false;
  uint32_t obfuscated_age = 1000 + 2000;  // 2 s old, with the ticket's age_add of 1000
};

// A pair whose client's first ClientHello offers `offer` (pre_shared_key
// last, binder over the Truncated ClientHello under SHA-256).
ConnectionPair connect_offering(const Offer& offer, std::shared_ptr<const ServerConfig> s) {
  auto client = tls::ConnectionInternals::unstarted_client(client_config(), ServerName::parse("server.test").value()).value();
  auto held = std::make_shared<Offer>(offer);
  auto binder = std::make_shared<Bytes>(32, 0);
  tls::ConnectionInternals::set_client_hello_edit(client, [held, binder](wire::ClientHello& ch) {
    ch.extensions.psk_key_exchange_modes = held->modes;
    ch.extensions.early_data = held->early_data;
    ch.extensions.pre_shared_key = wire::OfferedPsks{{{held->ticket, held->obfuscated_age}}, {*binder}};
    Writer w;
    wire::encode_handshake(ch, w);
    const Bytes framed = std::move(w).finish().value();
    const size_t truncated = framed.size() - ch.extensions.pre_shared_key->binders_size();
    const auto& suite = *P().suite(crypto::Suite::aes_128_gcm_sha256);
    auto early = tls::handshake::EarlySecret::with_psk(suite, held->psk).value();
    const SecretBytes hash = tls::handshake::binder_hash(*suite.hash, std::span(framed).first(truncated));
    const SecretBytes b = tls::handshake::psk_binder(early, tls::handshake::PskKind::resumption, hash.view()).value();
    std::copy(b.view().begin(), b.view().end(), binder->begin());
    if (held->corrupt_binder) (*binder)[0] ^= 1;
  });
  EXPECT_TRUE(tls::ConnectionInternals::start(client));
  return ConnectionPair{std::move(client), Connection::server(std::move(s)).value()};
}

TEST(ServerResumption, AcceptsItsTicketAndSkipsCertificateAndCertificateVerify) {
  auto p = connect_offering(Offer{seal(ticket_state())}, server_config());
  Sent sent;
  p.server.set_observer(&sent);
  pump(p.client, p.server);
  // This client cannot resume, so it stops at our Finished; our flight is
  // what a resumed handshake sends (§2.2).
  EXPECT_EQ(sent.names, (std::vector<std::string>{"ServerHello", "ChangeCipherSpec", "EncryptedExtensions", "Finished"}));
}

TEST(ServerResumption, AWrongBinderIsDecryptError) {
  Offer o{seal(ticket_state())};
  o.corrupt_binder = true;
  auto p = connect_offering(o, server_config());
  pump(p.client, p.server);
  EXPECT_EQ(alert_of(p.server), Alert::decrypt_error);
}

TEST(ServerResumption, ABinderFromAnotherPskIsDecryptError) {
  Offer o{seal(ticket_state())};
  o.psk = Bytes(32, 0x43);
  auto p = connect_offering(o, server_config());
  pump(p.client, p.server);
  EXPECT_EQ(alert_of(p.server), Alert::decrypt_error);
}

// The ticket carries the resumption secret and its nonce; the server derives
// the PSK from both (§4.6.1), so a binder made with a sibling ticket's PSK
// (same secret, another nonce) fails.
TEST(ServerResumption, TheTicketsNonceEntersItsPsk) {
  auto st = ticket_state();
  Offer o{seal(st)};
  st.ticket_nonce = kTicketNonce + 1;
  o.psk = psk_of(st);
  auto p = connect_offering(o, server_config());
  pump(p.client, p.server);
  EXPECT_EQ(alert_of(p.server), Alert::decrypt_error);
}

// The tickets the server cannot or will not resume from: a full handshake.
void expect_full_handshake(const Offer& o, std::shared_ptr<const ServerConfig> s = server_config()) {
  auto p = connect_offering(o, std::move(s));
  pump(p.client, p.server);
  ASSERT_FALSE(p.server.is_handshaking()) << (p.server.error() ? p.server.error()->message() : "");
  ASSERT_NE(p.server.negotiated(), nullptr);
  EXPECT_FALSE(p.server.negotiated()->resumed);
  EXPECT_FALSE(p.client.is_handshaking());
}

TEST(ServerResumption, UnknownTicketFallsBackToAFullHandshake) { expect_full_handshake(Offer{Bytes(60, 0x17)}); }

TEST(ServerResumption, TicketUnderAnotherServersKeysFallsBack) {
  auto plain = tls::session::encode_session_state(ticket_state()).value();
  expect_full_handshake(Offer{TicketKeys::generate(P())->seal(plain.view(), kNow).value()});
}

TEST(ServerResumption, ExpiredTicketFallsBack) {
  auto st = ticket_state();
  st.issued_at = kNow - 7200;
  expect_full_handshake(Offer{seal(st)});
}

TEST(ServerResumption, TicketForAnotherServerNameFallsBack) {
  auto st = ticket_state();
  st.sni = "other.test";
  expect_full_handshake(Offer{seal(st)});
}

TEST(ServerResumption, TicketWhoseSuiteHashDiffersFallsBack) {
  auto st = ticket_state();
  st.suite = 0x1302;  // SHA-384; the handshake's suite hashes with SHA-256 (§4.2.11)
  st.resumption_secret = SecretBytes(Bytes(48, 0x42));
  expect_full_handshake(Offer{seal(st)});
}

TEST(ServerResumption, PskKeIsRefusedUnlessConfigured) {
  Offer o{seal(ticket_state())};
  o.modes = {0};  // psk_ke only
  expect_full_handshake(o);
  auto s = server_config();
  s->allow_psk_ke = true;
  auto p = connect_offering(o, s);
  Sent sent;
  p.server.set_observer(&sent);
  pump(p.client, p.server);
  EXPECT_EQ(sent.count("Certificate"), 0u);
  EXPECT_EQ(sent.count("Finished"), 1u);
}

TEST(ServerResumption, NoTicketsWhenTurnedOff) {
  auto s = server_config();
  s->tickets = 0;
  expect_full_handshake(Offer{seal(ticket_state())}, s);
}

// The stages of the read keys the server installed: "early" is accepted 0-RTT.
struct ReadKeys final : HandshakeObserver {
  std::vector<KeysInstalled::Stage> stages;
  void on_event(const HandshakeEvent& e) override {
    if (const auto* k = e.get<KeysInstalled>(); k && k->direction == KeysInstalled::Direction::read) {
      stages.push_back(k->stage);
    }
  }
  bool early() const { return !stages.empty() && stages.front() == KeysInstalled::Stage::early; }
};

std::shared_ptr<ServerConfig> early_data_server() {
  auto s = server_config();
  s->max_early_data = 1024;
  s->replay_register = memory_replay_register(16);
  return s;
}

Offer early_offer() {
  auto st = ticket_state();
  st.max_early_data = 1024;
  Offer o{seal(st)};
  o.early_data = true;
  return o;
}

bool server_takes_early_data(const Offer& o, std::shared_ptr<const ServerConfig> s) {
  auto p = connect_offering(o, std::move(s));
  ReadKeys keys;
  p.server.set_observer(&keys);
  pump(p.client, p.server);
  return keys.early();
}

TEST(ServerEarlyData, AcceptedOncePerTicketThenTheReplayIsRefused) {
  const auto s = early_data_server();
  const Offer o = early_offer();
  EXPECT_TRUE(server_takes_early_data(o, s));
  EXPECT_FALSE(server_takes_early_data(o, s));  // §8.1: the same ticket again
  EXPECT_TRUE(server_takes_early_data(early_offer(), s));
}

TEST(ServerEarlyData, RefusedForAStaleTicketAge) {
  Offer o = early_offer();
  o.obfuscated_age = 1000 + 60'000;  // the client thinks the ticket is a minute old; it is not (§8.3)
  EXPECT_FALSE(server_takes_early_data(o, early_data_server()));
}

TEST(ServerEarlyData, RefusedWhenOffOrTheTicketDisallowsIt) {
  EXPECT_FALSE(server_takes_early_data(early_offer(), server_config()));
  Offer o{seal(ticket_state())};  // max_early_data 0 in the ticket
  o.early_data = true;
  EXPECT_FALSE(server_takes_early_data(o, early_data_server()));
}

TEST(ServerTickets, ConfiguredNumberAfterTheClientsFinished) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{3}}) {
    auto s = server_config();
    s->tickets = n;
    auto p = connect(client_config(), s, "server.test");
    Sent sent;
    p.server.set_observer(&sent);
    pump(p.client, p.server);
    ASSERT_FALSE(p.server.is_handshaking());
    EXPECT_EQ(sent.count("NewSessionTicket"), n);
    if (n > 0) {
      EXPECT_EQ(sent.names.back(), "NewSessionTicket");
    }
  }
}

TEST(ServerTickets, CarryLifetimeAndMaxEarlyData) {
  auto s = server_config();
  s->ticket_lifetime = 30 * 24 * 3600;  // capped at 7 days (§4.6.1)
  s->max_early_data = 4096;
  auto p = connect(client_config(), s, "server.test");
  std::vector<message::NewSessionTicket> tickets;
  struct Tickets final : HandshakeObserver {
    std::vector<message::NewSessionTicket>* out;
    void on_event(const HandshakeEvent& e) override {
      if (e.kind != HandshakeEvent::Kind::message_sent) return;
      if (const auto* t = std::get_if<message::NewSessionTicket>(e.message())) out->push_back(*t);
    }
  } obs;
  obs.out = &tickets;
  p.server.set_observer(&obs);
  pump(p.client, p.server);
  ASSERT_EQ(tickets.size(), 2u);
  EXPECT_EQ(tickets[0].lifetime_seconds, 604800u);
  EXPECT_EQ(tickets[0].max_early_data_size, 4096u);
}

// One RNG draw serves every ticket of a handshake (server_resumption.cc):
// each ticket must still get its own ticket_age_add (§4.6.1: "unique for
// each ticket"), its index as nonce, and its own sealing nonce.
TEST(ServerTickets, EachTicketHasItsOwnAgeAddNonceAndSealingNonce) {
  auto s = server_config();
  s->tickets = 3;
  auto p = connect(client_config(), s, "server.test");
  struct Raw final : HandshakeObserver {
    std::vector<Bytes> bodies;
    void on_event(const HandshakeEvent& e) override {
      const auto* m = e.get<MessageEvent>();
      if (e.kind == HandshakeEvent::Kind::message_sent && m && !m->bytes.empty() &&
          m->bytes[0] == static_cast<uint8_t>(wire::HandshakeType::new_session_ticket)) {
        bodies.emplace_back(m->bytes.begin() + 4, m->bytes.end());
      }
    }
  } raw;
  p.server.set_observer(&raw);
  pump(p.client, p.server);
  ASSERT_EQ(raw.bodies.size(), 3u);
  std::vector<wire::NewSessionTicket> nst;
  for (const auto& b : raw.bodies) nst.push_back(wire::NewSessionTicket::parse(b).value());
  for (size_t i = 0; i < nst.size(); ++i) {
    EXPECT_EQ(Bytes(nst[i].ticket_nonce.begin(), nst[i].ticket_nonce.end()), Bytes{static_cast<uint8_t>(i)});
    ASSERT_GT(nst[i].ticket.size(), 20u);
    for (size_t j = 0; j < i; ++j) {
      EXPECT_NE(nst[i].ticket_age_add, nst[j].ticket_age_add) << i << " " << j;
      // key_id(8) || nonce(12) || ...: the same key, other nonces.
      EXPECT_TRUE(std::ranges::equal(nst[i].ticket.first(8), nst[j].ticket.first(8)));
      EXPECT_FALSE(std::ranges::equal(nst[i].ticket.subspan(8, 12), nst[j].ticket.subspan(8, 12))) << i << " " << j;
    }
  }
}

}  // namespace
}  // namespace parley::pairtest
