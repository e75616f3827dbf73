// A server answering 0-RTT data before the client's Finished (RFC 8446
// §2.3, §4.4.4 "0.5-RTT"): the early request is readable, marked as early
// data, while the handshake is still running; the answer goes out under the
// server's application keys and the client reads it before it has sent its
// Finished. A request the server will not act on before the Finished waits
// for it, and the data is then the same.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "resumption_world.h"

namespace parley::pairtest {
namespace {

using Bytes = std::vector<uint8_t>;

std::shared_ptr<ServerConfig> server_config() {
  auto s = resuming_server();
  s->replay_register = memory_replay_register(16);
  return s;
}

Bytes bytes(std::string_view s) { return {s.begin(), s.end()}; }

Bytes read_all(Connection& c) {
  Bytes out(c.readable());
  out.resize(c.read(out));
  return out;
}

// A client holding a ticket that allows 0-RTT, with `request` as its early
// data, and the server, before any byte has moved.
ConnectionPair zero_rtt_pair(const Bytes& request, std::shared_ptr<const ServerConfig> scfg) {
  auto cache = std::make_shared<ClientSessionCache>();
  ConnectionPair first{Connection::client(resuming_client(cache), ServerName::parse("server.test").value()).value(),
                       Connection::server(scfg).value()};
  pump(first.client, first.server);
  EXPECT_EQ(cache->size(), 2u);
  return ConnectionPair{Connection::client(resuming_client(cache), ServerName::parse("server.test").value(), request).value(),
                        Connection::server(std::move(scfg)).value()};
}

TEST(EarlyResponse, AnEarlyGetIsAnsweredBeforeTheClientsFinished) {
  const Bytes request = bytes("GET / HTTP/1.1\r\nHost: server.test\r\n\r\n");
  const Bytes answer = bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  auto p = zero_rtt_pair(request, server_config());
  ASSERT_TRUE(transfer(p.client, p.server));  // ClientHello and the early data
  ASSERT_TRUE(p.server.is_handshaking());
  EXPECT_EQ(p.server.early_data_pending(), request.size());
  EXPECT_EQ(read_all(p.server), request);
  ASSERT_TRUE(p.server.write(answer).has_value());
  ASSERT_TRUE(transfer(p.server, p.client));  // our flight, then the answer
  // The client has the answer and has not sent its Finished yet.
  EXPECT_FALSE(p.client.is_handshaking());
  EXPECT_EQ(p.client.negotiated()->early_data, EarlyDataStatus::accepted);
  EXPECT_EQ(read_all(p.client), answer);
  EXPECT_FALSE(p.client.pending_output().empty());  // EndOfEarlyData, Finished
  EXPECT_TRUE(p.server.is_handshaking());
  pump(p.client, p.server);
  ASSERT_FALSE(p.server.is_handshaking()) << (p.server.error() ? p.server.error()->message() : "");
  EXPECT_EQ(p.server.negotiated()->early_data, EarlyDataStatus::accepted);
  EXPECT_EQ(p.server.readable(), 0u);  // the request came once
}

TEST(EarlyResponse, AnEarlyPostWaitsForTheFinishedAndIsThenConfirmed) {
  const Bytes request = bytes("POST /pay HTTP/1.1\r\nHost: server.test\r\nContent-Length: 2\r\n\r\n42");
  auto p = zero_rtt_pair(request, server_config());
  ASSERT_TRUE(transfer(p.client, p.server));
  EXPECT_EQ(p.server.early_data_pending(), request.size());  // early: the server does not act on it yet
  ASSERT_TRUE(transfer(p.server, p.client));
  ASSERT_TRUE(transfer(p.client, p.server));  // EndOfEarlyData, Finished
  ASSERT_FALSE(p.server.is_handshaking());
  // The Finished proved the connection live: the same bytes, now to act on.
  EXPECT_EQ(read_all(p.server), request);
  ASSERT_TRUE(p.server.write(bytes("HTTP/1.1 200 OK\r\n\r\n")).has_value());
  pump(p.client, p.server);
  EXPECT_EQ(read_all(p.client), bytes("HTTP/1.1 200 OK\r\n\r\n"));
}

TEST(EarlyResponse, AServerWritesOnlyOnceItsFinishedIsSent) {
  auto p = zero_rtt_pair(bytes("GET /"), server_config());
  auto before = p.server.write(bytes("too soon"));
  ASSERT_FALSE(before.has_value());
  EXPECT_EQ(before.error().kind, Error::Kind::ApiMisuse);
  EXPECT_EQ(p.server.error(), nullptr);  // the connection goes on
  auto client_too_soon = p.client.write(bytes("too soon"));
  ASSERT_FALSE(client_too_soon.has_value());
  EXPECT_EQ(client_too_soon.error().kind, Error::Kind::ApiMisuse);
  ASSERT_TRUE(transfer(p.client, p.server));
  EXPECT_TRUE(p.server.write(bytes("now")).has_value());
}

}  // namespace
}  // namespace parley::pairtest
