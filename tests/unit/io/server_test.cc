// parley::asio::Server on 127.0.0.1: a Service sees the established stream
// and the peer, idle connections end with close_notify at the idle timeout,
// the connection budget pauses accepting and is logged once, drain() ends run().
#include "parley/server.h"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "unit/io/io_peers.h"

namespace parley {
namespace {

using namespace pairtest;
using ::asio::ip::tcp;
using std::chrono::milliseconds;

// Mutual TLS: the client presents a certificate from the same CA.
struct Peers : iotest::Peers {
  Peers() {
    client->identity = make_leaf(ca, key_for(crypto::KeySpec::ec_p256),
                                 {.cn = "orders", .sans = {"uri:spiffe://example.org/orders"}, .profile = ca::Profile::client});
    server->client_auth = ClientAuth::required;
    server->client_ca = ca.store();
  }
};

// Greets the peer by its certificate's subject, then serves requests until
// the connection should end (one line in, "ok" out).
class Greeter final : public asio::Service {
 public:
  ::asio::awaitable<void> serve(asio::Session& s) override {
    std::string hello = "hello " + s.peer()->subject + "\n";
    co_await s.write({reinterpret_cast<const uint8_t*>(hello.data()), hello.size()});
    std::array<uint8_t, 256> buf{};
    while (co_await s.wait_for_request()) {
      if (co_await s.read_some(buf) == 0) co_return;
      co_await s.write({reinterpret_cast<const uint8_t*>("ok\n"), 3});
      s.request_done();
    }
  }
  void ended(asio::Session& s) override {
    std::lock_guard lock(m);
    outcomes.push_back(s.outcome());
  }
  std::mutex m;
  std::vector<std::string> outcomes;
};

struct Running {
  std::unique_ptr<asio::Server> server;
  std::thread thread;
  std::mutex m;
  std::vector<std::string> log;
  Running(const Peers& peers, asio::ServerOptions opts, std::shared_ptr<asio::Service> svc) {
    server = asio::Server::listen(peers.server, opts, std::move(svc)).value();
    server->on_log([this](std::string line) {
      std::lock_guard lock(m);
      log.push_back(std::move(line));
    });
    thread = std::thread([this] { server->run(); });
  }
  ~Running() {
    server->drain();
    thread.join();
  }
  tcp::endpoint endpoint() const { return {::asio::ip::make_address("127.0.0.1"), server->port()}; }
};

// n TCP connections that never send a ClientHello (the kernel completes
// them from the listen backlog whether or not the server accepts them).
std::vector<tcp::socket> silent_clients(::asio::io_context& io, const Running& r, int n) {
  std::vector<tcp::socket> socks;
  for (int i = 0; i < n; ++i) {
    socks.emplace_back(io);
    socks.back().connect(r.endpoint());
  }
  return socks;
}

// A port another process listens on with SO_REUSEPORT (as a second parley
// serve would) is refused at listen(), not silently shared.
TEST(Server, RefusesAPortAnotherServerListensOn) {
  ::asio::io_context io;
  tcp::acceptor other(io);
  other.open(tcp::v4());
  other.set_option(::asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>(true));
  other.bind({::asio::ip::make_address("127.0.0.1"), 0});
  other.listen();
  const uint16_t port = other.local_endpoint().port();
  Peers peers;
  auto taken = asio::Server::listen(peers.server, {.host = "127.0.0.1", .port = port}, std::make_shared<Greeter>());
  ASSERT_FALSE(taken);
  EXPECT_NE(taken.error().message().find("already in use"), std::string::npos) << taken.error().message();
  other.close();
  auto free_again = asio::Server::listen(peers.server, {.host = "127.0.0.1", .port = port}, std::make_shared<Greeter>());
  EXPECT_TRUE(free_again) << free_again.error().message();
}

TEST(Server, ServesTheEstablishedStreamWithThePeerIdentityAndClosesIdleOnesWithCloseNotify) {
  Peers peers;
  auto greeter = std::make_shared<Greeter>();
  Running r(peers, {.threads = 2, .idle_timeout = milliseconds(300)}, greeter);
  ::asio::io_context io;
  std::string got;
  std::error_code end;
  auto started = std::chrono::steady_clock::now();
  ::asio::co_spawn(io, [&]() -> ::asio::awaitable<void> {
    asio::tcp_stream s(io, Connection::client(peers.client, ServerName::parse("server.test").value()).value());
    co_await s.next_layer().async_connect(r.endpoint(), ::asio::use_awaitable);
    co_await s.async_handshake(::asio::use_awaitable);
    co_await ::asio::async_write(s, ::asio::buffer(std::string("one\n")), ::asio::use_awaitable);
    std::array<char, 256> buf{};
    for (int i = 0; i < 100; ++i) {
      size_t n = co_await s.async_read_some(::asio::buffer(buf), ::asio::redirect_error(::asio::use_awaitable, end));
      got.append(buf.data(), n);
      if (end) break;
    }
  }, ::asio::detached);
  io.run_for(std::chrono::seconds(10));
  EXPECT_EQ(got, "hello CN=orders\nok\n");
  EXPECT_EQ(end, ::asio::error::eof) << end.message();  // close_notify at the idle timeout
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  for (int i = 0; i < 100 && r.server->connections() > 0; ++i) std::this_thread::sleep_for(milliseconds(20));
  std::lock_guard lock(greeter->m);
  ASSERT_EQ(greeter->outcomes.size(), 1u);
  EXPECT_EQ(greeter->outcomes[0], "idle timeout");
}

// Sends 16 KiB writes until one fails (256 MiB at most).
class Firehose final : public asio::Service {
 public:
  ::asio::awaitable<void> serve(asio::Session& s) override {
    std::vector<uint8_t> chunk(16384, 'x');
    for (int i = 0; i < 16384; ++i) {
      if (!co_await s.write(chunk)) break;
    }
  }
  void ended(asio::Session& s) override {
    std::lock_guard lock(m);
    outcome = s.outcome();
    done = std::chrono::steady_clock::now();
  }
  std::mutex m;
  std::string outcome;
  std::chrono::steady_clock::time_point done;
};

TEST(Server, AClientThatStopsReadingIsDroppedAtTheWriteDeadline) {
  Peers peers;
  auto firehose = std::make_shared<Firehose>();
  Running r(peers, {.threads = 1, .write_grace = milliseconds(300), .min_write_rate = 1 << 20}, firehose);
  ::asio::io_context io;
  auto start = std::chrono::steady_clock::now();
  ::asio::co_spawn(io, [&]() -> ::asio::awaitable<void> {
    asio::tcp_stream s(io, Connection::client(peers.client, ServerName::parse("server.test").value()).value());
    co_await s.next_layer().async_connect(r.endpoint(), ::asio::use_awaitable);
    co_await s.async_handshake(::asio::use_awaitable);
    ::asio::steady_timer stall(io, std::chrono::seconds(3));  // reads nothing
    co_await stall.async_wait(::asio::use_awaitable);
  }, ::asio::detached);
  io.run_for(std::chrono::seconds(10));
  std::lock_guard lock(firehose->m);
  EXPECT_EQ(firehose->outcome, "the client stopped reading (write below the minimum rate)");
  EXPECT_LT(firehose->done - start, std::chrono::seconds(2));  // not the 3 s the client waits
}

TEST(Server, AtTheBudgetAcceptingPausesAndIsLoggedOnce) {
  Peers peers;
  Running r(peers, {.threads = 1, .handshake_timeout = milliseconds(5000), .max_connections = 2,
                    .drain_timeout = milliseconds(200)},
            std::make_shared<Greeter>());
  ::asio::io_context io;
  auto socks = silent_clients(io, r, 6);
  std::this_thread::sleep_for(milliseconds(300));
  EXPECT_EQ(r.server->connections(), 2u);
  std::lock_guard lock(r.m);
  ASSERT_EQ(r.log.size(), 1u);
  EXPECT_NE(r.log[0].find("reached the connection budget (2)"), std::string::npos) << r.log[0];
}

// Answers "ok" to each request; the first one it answers only after blocking
// its thread past the idle deadline, having started a shorter timer of its
// own: both expire in one pass of the reactor, its own first, so when it
// calls request_done() the deadline's expiry is already queued (Asio cannot
// cancel it) and runs after it, while the next deadline is armed.
class LateFirstAnswer final : public asio::Service {
 public:
  explicit LateFirstAnswer(milliseconds block) : block_(block) {}
  ::asio::awaitable<void> serve(asio::Session& s) override {
    std::array<uint8_t, 256> buf{};
    for (bool first = true; co_await s.wait_for_request(); first = false) {
      if (co_await s.read_some(buf) == 0) co_return;
      if (first) {
        auto ex = co_await ::asio::this_coro::executor;
        ::asio::steady_timer own(ex, milliseconds(1));
        ::asio::post(ex, [this] { std::this_thread::sleep_for(block_); });
        co_await own.async_wait(::asio::use_awaitable);
      }
      s.request_done();
      co_await s.write({reinterpret_cast<const uint8_t*>("ok\n"), 3});
    }
  }

 private:
  milliseconds block_;
};

TEST(Server, ADeadlineExpiryQueuedBeforeItWasDisarmedDoesNotEndTheConnection) {
  Peers peers;
  const milliseconds idle(200);
  Running r(peers, {.threads = 1, .idle_timeout = idle}, std::make_shared<LateFirstAnswer>(idle * 2));
  ::asio::io_context io;
  std::string got;
  std::error_code end;
  ::asio::co_spawn(io, [&]() -> ::asio::awaitable<void> {
    asio::tcp_stream s(io, Connection::client(peers.client, ServerName::parse("server.test").value()).value());
    co_await s.next_layer().async_connect(r.endpoint(), ::asio::use_awaitable);
    co_await s.async_handshake(::asio::use_awaitable);
    std::array<char, 256> buf{};
    for (std::string request : {"one\n", "two\n"}) {
      co_await ::asio::async_write(s, ::asio::buffer(request), ::asio::use_awaitable);
      size_t n = co_await s.async_read_some(::asio::buffer(buf), ::asio::redirect_error(::asio::use_awaitable, end));
      got.append(buf.data(), n);
      if (end) co_return;
    }
    // Then the idle timeout, with close_notify.
    size_t n = co_await s.async_read_some(::asio::buffer(buf), ::asio::redirect_error(::asio::use_awaitable, end));
    got.append(buf.data(), n);
  }, ::asio::detached);
  io.run_for(std::chrono::seconds(10));
  EXPECT_EQ(got, "ok\nok\n");
  EXPECT_EQ(end, ::asio::error::eof) << end.message();
}

TEST(Server, AtTheMemoryBudgetAcceptingPausesUntilConnectionsGoIdle) {
  Peers peers;
  // Room for two handshakes, not three.
  Running r(peers, {.threads = 1, .handshake_timeout = milliseconds(5000),
                    .max_memory = 2 * asio::Session::kHandshakeBytes + asio::Session::kHandshakeBytes / 2,
                    .drain_timeout = milliseconds(200)},
            std::make_shared<Greeter>());
  ::asio::io_context io;
  auto socks = silent_clients(io, r, 4);  // each holds a handshake's estimate
  std::this_thread::sleep_for(milliseconds(300));
  EXPECT_EQ(r.server->connections(), 2u);
  {
    std::lock_guard lock(r.m);
    ASSERT_EQ(r.log.size(), 1u);
    EXPECT_NE(r.log[0].find("reached the memory budget"), std::string::npos) << r.log[0];
  }
  // Two stalled handshakes end: the waiting clients are accepted.
  socks[0].close();
  socks[1].close();
  auto logged = [&] {
    std::lock_guard lock(r.m);
    return r.log;
  };
  for (int i = 0; i < 100 && logged().size() < 3; ++i) std::this_thread::sleep_for(milliseconds(20));
  auto log = logged();
  ASSERT_EQ(log.size(), 3u);  // the two waiting clients fill it again
  EXPECT_EQ(log[1], "below the budget again: accepting");
  EXPECT_NE(log[2].find("reached the memory budget"), std::string::npos) << log[2];
  EXPECT_EQ(r.server->connections(), 2u);
}

TEST(Server, DrainEndsRunOnceConnectionsAreClosed) {
  Peers peers;
  auto server = asio::Server::listen(peers.server, {.threads = 2, .drain_timeout = milliseconds(200)},
                                     std::make_shared<Greeter>())
                    .value();
  std::thread t([&] { server->run(); });
  ::asio::io_context io;
  tcp::socket stuck(io);
  stuck.connect({::asio::ip::make_address("127.0.0.1"), server->port()});  // never finishes its handshake
  std::this_thread::sleep_for(milliseconds(100));
  auto start = std::chrono::steady_clock::now();
  server->drain();
  t.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(server->connections(), 0u);
}

}  // namespace
}  // namespace parley
