// parley::asio::Server with a Service that answers 0-RTT data (RFC 8446
// §2.3, §8): serve() starts before the client's Finished, take() marks the
// early data as replayable, write() sends the answer then, and
// complete_handshake() waits for the rest; a request the service does not
// answer early is answered once the handshake is complete.
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "parley/server.h"
#include "parley/session.h"
#include "unit/io/io_peers.h"

namespace parley {
namespace {

using ::asio::ip::tcp;

std::span<const uint8_t> bytes(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

// Answers "GET" from early data at once, anything else after the handshake.
class EarlyAnswerer final : public asio::Service {
 public:
  bool serves_early_data() const override { return true; }
  ::asio::awaitable<void> serve(asio::Session& s) override {
    if (s.handshake_complete()) co_return;  // the first, full handshake: tickets only
    std::array<uint8_t, 256> buf{};
    std::string request;
    Seen now;
    for (auto got = s.take(buf); got.size > 0; got = s.take(buf)) {
      request.append(reinterpret_cast<const char*>(buf.data()), got.size);
      now.origins.push_back(got.origin);
    }
    const bool safe = request.starts_with("GET");
    if (safe) {
      now.answered_before_finished = !s.handshake_complete();
      co_await s.write(bytes("early answer\n"));
    }
    if (!co_await s.complete_handshake()) co_return;
    if (!safe) {
      now.answered_before_finished = !s.handshake_complete();
      co_await s.write(bytes("confirmed answer\n"));
    }
    std::lock_guard lock(m);
    seen.push_back(std::move(now));
  }
  struct Seen {
    std::vector<asio::DataOrigin> origins;
    bool answered_before_finished = false;
  };
  std::mutex m;
  std::vector<Seen> seen;
};

struct Peers : iotest::Peers {
  std::shared_ptr<ClientSessionCache> cache = std::make_shared<ClientSessionCache>();
  Peers() {
    server->ticket_keys = TicketKeys::generate(pairtest::P());
    server->max_early_data = 1024;
    client->session_cache = cache;
  }
};

// One connection with `early` as 0-RTT data (when the cache holds a
// ticket); what the server sent until its close_notify, and the client's status.
struct Outcome {
  std::string got;
  EarlyDataStatus early_data = EarlyDataStatus::not_offered;
};
Outcome exchange(const Peers& peers, uint16_t port, std::string_view early) {
  ::asio::io_context io;
  Outcome out;
  ::asio::co_spawn(io, [&]() -> ::asio::awaitable<void> {
    asio::tcp_stream s(io, Connection::client(peers.client, ServerName::parse("server.test").value(), bytes(early)).value());
    co_await s.next_layer().async_connect({::asio::ip::make_address("127.0.0.1"), port}, ::asio::use_awaitable);
    co_await s.async_handshake(::asio::use_awaitable);
    out.early_data = s.connection().negotiated()->early_data;
    std::array<char, 256> buf{};
    std::error_code end;
    for (int i = 0; i < 100 && !end; ++i) {
      size_t n = co_await s.async_read_some(::asio::buffer(buf), ::asio::redirect_error(::asio::use_awaitable, end));
      out.got.append(buf.data(), n);
    }
  }, ::asio::detached);
  io.run_for(std::chrono::seconds(10));
  return out;
}

TEST(ServerCoreEarlyData, AnEarlyRequestIsAnsweredBeforeTheFinishedOrAfterItAsTheServiceDecides) {
  Peers peers;
  auto svc = std::make_shared<EarlyAnswerer>();
  auto server = asio::Server::listen(peers.server, {.threads = 1}, svc).value();
  std::thread t([&] { server->run(); });
  const uint16_t port = server->port();

  (void)exchange(peers, port, {});  // a full handshake: two tickets
  ASSERT_EQ(peers.cache->size(), 2u);
  const Outcome get = exchange(peers, port, "GET /");
  const Outcome post = exchange(peers, port, "POST /");
  server->drain();
  t.join();

  EXPECT_EQ(get.early_data, EarlyDataStatus::accepted);
  EXPECT_EQ(get.got, "early answer\n");
  EXPECT_EQ(post.early_data, EarlyDataStatus::accepted);
  EXPECT_EQ(post.got, "confirmed answer\n");
  std::lock_guard lock(svc->m);
  ASSERT_EQ(svc->seen.size(), 2u);
  EXPECT_EQ(svc->seen[0].origins, std::vector{asio::DataOrigin::replayable_early_data});
  EXPECT_TRUE(svc->seen[0].answered_before_finished);
  EXPECT_EQ(svc->seen[1].origins, std::vector{asio::DataOrigin::replayable_early_data});
  EXPECT_FALSE(svc->seen[1].answered_before_finished);
}

}  // namespace
}  // namespace parley
