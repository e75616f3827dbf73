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

const Bytes kPsk(32, 0x42);

tls::session::SessionState ticket_state() {
  tls::session::SessionState s;
  s.suite = 0x1301;
  s.issued_at = kNow;
  s.lifetime = 3600;
  s.age_add = 1000;
  s.psk = SecretBytes(kPsk);
  s.sni = "server.test";
  return s;
}

Bytes seal(const tls::session::SessionState& s) {
  auto plain = tls::session::encode_session_state(s).value();
  return world().keys->seal(plain.view(), kNow).value();
}

struct Offer {
  Bytes ticket;
  Bytes psk = kPsk;
  std::vector<uint8_t> modes = {1};  // psk_dhe_ke
  bool corrupt_binder = false;
};

// A pair whose client's first ClientHello offers `offer` (pre_shared_key
// last, binder over the Truncated ClientHello under SHA-256).
ConnectionPair connect_offering(const Offer& offer, std::shared_ptr<const ServerConfig> s) {
  auto client = tls::ConnectionInternals::unstarted_client(client_config(), ServerName::parse("server.test").value()).value();
  auto held = std::make_shared<Offer>(offer);
  auto binder = std::make_shared<Bytes>(32, 0);
  tls::ConnectionInternals::set_client_hello_edit(client, [held, binder](wire::ClientHello& ch) {
    ch.extensions.psk_key_exchange_modes = held->modes;
    ch.extensions.pre_shared_key = wire::OfferedPsks{{{held->ticket, 1000 + 2000}}, {*binder}};
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
  st.psk = SecretBytes(Bytes(48, 0x42));
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

}  // namespace
}  // namespace parley::pairtest
