// What an established connection keeps of its handshake: the
// peer's identity with the verified path as DER, and events as a bounded
// queue. (Its heap is measured by the allocation tests, tests/unit/tls/alloc.)
#include <gtest/gtest.h>

#include "ca_chain.h"
#include "tls/event_queue.h"

namespace parley::pairtest {
namespace {

EstablishedPair connected(bool mutual) {
  return EstablishedPair{
      Connection::client(ca_chain().client_config(mutual), ServerName::parse("server.test").value()).value(),
      Connection::server(ca_chain().server_config(mutual)).value()};
}

TEST(Footprint, PeerIdentityKeepsTheVerifiedPathAsDer) {
  auto p = connected(true);
  pump(p.client, p.server);
  ASSERT_FALSE(p.client.is_handshaking());
  const PeerIdentity* server_id = p.client.peer();
  ASSERT_NE(server_id, nullptr);
  const auto& ca = *ca_chain().ca;
  const x509::CertificatePtr path[] = {ca_chain().server.chain[0], ca.intermediate(), ca.root()};
  ASSERT_EQ(server_id->path.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_TRUE(std::ranges::equal(server_id->path[i], path[i]->der())) << i;
  EXPECT_EQ(server_id->dns_names, std::vector<std::string>{"server.test"});
  EXPECT_EQ(server_id->name_matched, "DNS:server.test");
  EXPECT_EQ(server_id->valid_until, std::min({path[0]->validity.not_after, path[1]->validity.not_after,
                                              path[2]->validity.not_after}));
  EXPECT_EQ(server_id->verification(), "verified: 3 certificates to a trusted root, name matches DNS:server.test");
  auto parsed = server_id->parse_path();
  ASSERT_TRUE(parsed) << parsed.error().message();
  ASSERT_EQ(parsed->size(), 3u);
  EXPECT_EQ(x509::to_string((*parsed)[0]->subject), server_id->subject);
  ASSERT_NE((*parsed)[0]->public_key, nullptr);

  const PeerIdentity* client_id = p.server.peer();
  ASSERT_NE(client_id, nullptr);
  EXPECT_EQ(client_id->uris, std::vector<std::string>{"spiffe://example.org/ns/default/sa/orders"});
  EXPECT_TRUE(client_id->name_matched.empty());
  EXPECT_EQ(client_id->verification(), "verified: 3 certificates to a trusted root");
  ASSERT_EQ(client_id->path.size(), 3u);
  EXPECT_TRUE(std::ranges::equal(client_id->path[0], ca_chain().client.chain[0]->der()));
}

// The observer still sees the parsed path when the handshake completes,
// though the connection keeps only its DER.
TEST(Footprint, HandshakeDoneEventCarriesTheParsedPath) {
  struct Last : HandshakeObserver {
    std::vector<x509::CertificatePtr> chain;
    void on_event(const HandshakeEvent& e) override {
      if (const auto* done = e.get<HandshakeDone>()) chain = done->chain;
    }
  } last;
  auto p = connected(false);
  p.client.set_observer(&last);
  pump(p.client, p.server);
  ASSERT_EQ(last.chain.size(), 3u);
  EXPECT_TRUE(std::ranges::equal(last.chain[0]->der(), p.client.peer()->path[0]));
  EXPECT_EQ(last.chain[2], ca_chain().ca->root());
}

// handshake_done, any number of keys_updated, then peer_closed: in that
// order, however many KeyUpdates arrive before the application looks.
TEST(Footprint, EventsComeOutInProtocolOrderWithoutBound) {
  auto p = connected(false);
  pump(p.client, p.server);
  ASSERT_FALSE(p.server.is_handshaking());
  constexpr int kUpdates = 100;  // more than DosCounters allow in a row: data goes between them
  const uint8_t byte[1] = {'x'};
  for (int i = 0; i < kUpdates; ++i) {
    ASSERT_TRUE(p.client.key_update(false));
    ASSERT_TRUE(p.client.write(byte));
    pump(p.client, p.server);
  }
  p.client.close();
  pump(p.client, p.server);
  ASSERT_EQ(p.server.error(), nullptr);
  ASSERT_TRUE(p.server.peer_closed());
  auto e = p.server.next_event();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, Event::Kind::handshake_done);
  for (int i = 0; i < kUpdates; ++i) {
    e = p.server.next_event();
    ASSERT_TRUE(e);
    ASSERT_EQ(e->kind, Event::Kind::keys_updated) << i;
  }
  e = p.server.next_event();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, Event::Kind::peer_closed);
  EXPECT_FALSE(p.server.next_event());
}

TEST(EventQueue, KeepsTheProtocolOrder) {
  tls::EventQueue q;
  EXPECT_FALSE(q.pop_front());
  q.push_back(Event{Event::Kind::handshake_done});
  q.push_back(Event{Event::Kind::keys_updated});
  q.push_back(Event{Event::Kind::keys_updated});
  EXPECT_EQ(q.pop_front()->kind, Event::Kind::handshake_done);
  EXPECT_EQ(q.pop_front()->kind, Event::Kind::keys_updated);
  q.push_back(Event{Event::Kind::keys_updated});
  q.push_back(Event{Event::Kind::peer_closed});
  EXPECT_EQ(q.pop_front()->kind, Event::Kind::keys_updated);
  EXPECT_EQ(q.pop_front()->kind, Event::Kind::keys_updated);
  EXPECT_EQ(q.pop_front()->kind, Event::Kind::peer_closed);
  EXPECT_FALSE(q.pop_front());
}

}  // namespace
}  // namespace parley::pairtest
