// As TLS conformance probes (tlsfuzzer) drive `parley serve`: a request
// split over many records, with zero-length application-data records and
// KeyUpdates in between, delivered to the server in small TCP-like chunks,
// reaches the server's plaintext whole and in order.
#include <gtest/gtest.h>

#include <string>

#include "pair_util.h"

namespace parley::pairtest {
namespace {

namespace wire = tls::wire;

std::span<const uint8_t> bytes_of(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

// Moves `from`'s pending output into `to` `chunk` bytes at a time.
void trickle(Connection& from, Connection& to, size_t chunk) {
  while (!from.pending_output().empty()) {
    auto out = from.pending_output();
    const size_t n = std::min(chunk, out.size());
    std::vector<uint8_t> piece(out.begin(), out.begin() + static_cast<ptrdiff_t>(n));
    from.consume_output(n);
    auto r = to.feed(piece);
    ASSERT_TRUE(r.has_value()) << r.error().message();
  }
}

std::string drain(Connection& c) {
  std::string got;
  uint8_t buf[512];
  while (size_t n = c.read(buf)) got.append(reinterpret_cast<const char*>(buf), n);
  return got;
}

TEST(SplitRequest, ServerReadsRequestSplitOverRecordsEmptyRecordsAndKeyUpdates) {
  auto [client, server] = established_pair("Split CA");
  ASSERT_EQ(client.error(), nullptr) << client.error()->message();
  ASSERT_EQ(server.error(), nullptr) << server.error()->message();
  while (server.next_event()) {}

  std::string request =
      "GET /index.html HTTP/1.1\r\n"
      "Host: server.test\r\n"
      "User-Agent: split-probe\r\n";
  request += "X-Filler: " + std::string(2000, 'x') + "\r\n";  // a header worth several small records
  request += "\r\n";

  // 1..7-byte records; after each, zero-length records (one to three in a
  // row) and, every 50 records, a KeyUpdate (alternately requesting the
  // server's update).
  size_t at = 0, records = 0, empties = 0, key_updates = 0;
  std::string got;
  while (at < request.size()) {
    const size_t n = std::min<size_t>(1 + records % 7, request.size() - at);
    ASSERT_TRUE(client.write(bytes_of(std::string_view(request).substr(at, n))));
    at += n;
    ++records;
    for (size_t i = 0; i < 1 + records % 3; ++i, ++empties) {
      ASSERT_TRUE(tls::ConnectionInternals::send_record(client, wire::ContentType::application_data, {}));
    }
    if (records % 50 == 0) {
      ASSERT_TRUE(client.key_update(/*request_peer=*/key_updates % 2 == 1));
      ++key_updates;
    }
    // The TCP stream arrives in 5-byte pieces; the server's answering
    // KeyUpdates go back to the client.
    ASSERT_NO_FATAL_FAILURE(trickle(client, server, 5));
    ASSERT_NO_FATAL_FAILURE(trickle(server, client, 64));
    got += drain(server);
  }
  ASSERT_EQ(client.error(), nullptr) << client.error()->message();
  ASSERT_EQ(server.error(), nullptr) << server.error()->message();
  EXPECT_GT(records, 300u);
  EXPECT_GT(empties, 300u);
  EXPECT_GE(key_updates, 6u);
  EXPECT_EQ(got, request);

  size_t server_key_updates = 0;
  while (auto e = server.next_event()) server_key_updates += e->kind == Event::Kind::keys_updated;
  EXPECT_EQ(server_key_updates, key_updates);

  // The connection still works both ways under the updated keys.
  const std::string response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  ASSERT_TRUE(server.write(bytes_of(response)));
  pump(client, server);
  EXPECT_EQ(drain(client), response);
}

}  // namespace
}  // namespace parley::pairtest
