// parley::asio::stream over real 127.0.0.1 sockets: a parley client and server
// in one io_context (callbacks and coroutines), failures as error codes with
// the alert, and interop with `openssl s_server` / `openssl s_client`.
#include "parley/asio.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "der/pem.h"
#include "unit/io/io_peers.h"

namespace parley {
namespace {

using namespace pairtest;
using iotest::Peers;
using ::asio::ip::tcp;
namespace fs = std::filesystem;

using Stream = parley::asio::stream<tcp::socket>;

// An acceptor on 127.0.0.1, an ephemeral port.
tcp::acceptor local_acceptor(::asio::io_context& io) {
  return tcp::acceptor(io, tcp::endpoint(::asio::ip::make_address("127.0.0.1"), 0));
}

// Runs io for at most `limit`: a stuck operation fails the test instead of hanging it.
void run_bounded(::asio::io_context& io, std::chrono::seconds limit = std::chrono::seconds(20)) {
  io.run_for(limit);
  EXPECT_TRUE(io.stopped()) << "operations still pending after " << limit.count() << " s";
}

// The client's side of most tests: connect to the acceptor, handshake.
::asio::awaitable<void> connect_and_handshake(Stream& s, const tcp::acceptor& acceptor) {
  co_await s.next_layer().async_connect(acceptor.local_endpoint(), ::asio::use_awaitable);
  co_await s.async_handshake(::asio::use_awaitable);
}

::asio::awaitable<void> echo_once(Stream& s, std::string& seen) {
  co_await s.async_handshake(::asio::use_awaitable);
  std::array<char, 256> buf{};
  size_t n = co_await s.async_read_some(::asio::buffer(buf), ::asio::use_awaitable);
  seen.assign(buf.data(), n);
  co_await ::asio::async_write(s, ::asio::buffer("echo: " + seen), ::asio::use_awaitable);
  co_await s.async_shutdown(::asio::use_awaitable);
}

// Accepts one client and echoes its first read (echo_once).
void spawn_echo_server(::asio::io_context& io, tcp::acceptor& acceptor, const Peers& peers, std::string& seen) {
  ::asio::co_spawn(io, [&a = acceptor, &p = peers, &seen = seen]() -> ::asio::awaitable<void> {
    Stream s(co_await a.async_accept(::asio::use_awaitable), p.make_server());
    co_await echo_once(s, seen);
  }, ::asio::detached);
}

TEST(AsioStream, ClientAndServerWithCoroutines) {
  Peers peers;
  ::asio::io_context io;
  auto acceptor = local_acceptor(io);
  std::string server_saw, client_got;
  std::error_code client_end;

  spawn_echo_server(io, acceptor, peers, server_saw);
  ::asio::co_spawn(io, [&]() -> ::asio::awaitable<void> {
    Stream s(io, peers.make_client());
    s.hold_last_flight(true);
    co_await connect_and_handshake(s, acceptor);
    // Held: our Finished waits to leave in one write with the first record.
    EXPECT_FALSE(s.connection().pending_output().empty());
    co_await ::asio::async_write(s, ::asio::buffer(std::string("hello")), ::asio::use_awaitable);
    for (;;) {
      std::array<char, 256> buf{};
      std::error_code ec;
      size_t n = co_await s.async_read_some(::asio::buffer(buf), ::asio::redirect_error(::asio::use_awaitable, ec));
      client_got.append(buf.data(), n);
      if (ec) {
        client_end = ec;
        break;
      }
    }
    EXPECT_EQ(s.connection().negotiated()->version, 0x0304);
  }, ::asio::detached);
  run_bounded(io);

  EXPECT_EQ(server_saw, "hello");
  EXPECT_EQ(client_got, "echo: hello");
  EXPECT_EQ(client_end, ::asio::error::eof) << client_end.message();  // the server's close_notify
}

TEST(AsioStream, ClientAndServerWithCallbacks) {
  Peers peers;
  ::asio::io_context io;
  auto acceptor = local_acceptor(io);
  Stream server(io, peers.make_server());
  Stream client(io, peers.make_client());
  std::array<char, 64> sbuf{}, cbuf{};
  std::string server_saw, client_got;
  bool client_done = false;

  acceptor.async_accept(server.next_layer(), [&](std::error_code ec1) {
    ASSERT_FALSE(ec1);
    server.async_handshake([&](std::error_code ec2) {
      ASSERT_FALSE(ec2) << ec2.message();
      server.async_read_some(::asio::buffer(sbuf), [&](std::error_code ec3, size_t n3) {
        ASSERT_FALSE(ec3) << ec3.message();
        server_saw.assign(sbuf.data(), n3);
        server.async_write_some(::asio::buffer(sbuf.data(), n3), [&](std::error_code ec4, size_t) {
          ASSERT_FALSE(ec4) << ec4.message();
        });
      });
    });
  });
  client.next_layer().async_connect(acceptor.local_endpoint(), [&](std::error_code ec1) {
    ASSERT_FALSE(ec1);
    client.async_handshake([&](std::error_code ec2) {
      ASSERT_FALSE(ec2) << ec2.message();
      client.async_write_some(::asio::buffer("ping", 4), [&](std::error_code ec3, size_t n3) {
        ASSERT_FALSE(ec3) << ec3.message();
        EXPECT_EQ(n3, 4u);
        client.async_read_some(::asio::buffer(cbuf), [&](std::error_code ec4, size_t n4) {
          ASSERT_FALSE(ec4) << ec4.message();
          client_got.assign(cbuf.data(), n4);
          client.async_shutdown([&](std::error_code ec5) {
            EXPECT_FALSE(ec5) << ec5.message();
            client_done = true;
          });
        });
      });
    });
  });
  run_bounded(io);

  EXPECT_EQ(server_saw, "ping");
  EXPECT_EQ(client_got, "ping");
  EXPECT_TRUE(client_done);
}

TEST(AsioStream, TheHandshakeSendsTheLastFlightUnlessHeld) {
  Peers peers;
  ::asio::io_context io;
  auto acceptor = local_acceptor(io);
  bool server_done = false;
  ::asio::co_spawn(io, [&]() -> ::asio::awaitable<void> {
    Stream s(co_await acceptor.async_accept(::asio::use_awaitable), peers.make_server());
    co_await s.async_handshake(::asio::use_awaitable);
    server_done = true;
  }, ::asio::detached);
  ::asio::co_spawn(io, [&]() -> ::asio::awaitable<void> {
    Stream s(io, peers.make_client());
    co_await connect_and_handshake(s, acceptor);
    EXPECT_TRUE(s.connection().pending_output().empty());
    ::asio::steady_timer idle(io, std::chrono::milliseconds(300));  // a pooled connection, waiting
    co_await idle.async_wait(::asio::use_awaitable);
    EXPECT_TRUE(server_done);
  }, ::asio::detached);
  run_bounded(io);
  EXPECT_TRUE(server_done);
}

TEST(AsioStream, SetsTcpNoDelayOnTheSocketItIsGiven) {
  Peers peers;
  ::asio::io_context io;
  auto acceptor = local_acceptor(io);
  tcp::socket sock(io);
  sock.connect(acceptor.local_endpoint());
  tcp::no_delay before;
  sock.get_option(before);
  ASSERT_FALSE(before.value());
  Stream s(std::move(sock), peers.make_client());
  tcp::no_delay after;
  s.lowest_layer().get_option(after);
  EXPECT_TRUE(after.value());
}

TEST(AsioStream, AnUntrustedServerFailsTheHandshakeWithTheAlertInTheErrorCode) {
  Peers peers;
  Peers strangers;  // the client trusts another CA
  ::asio::io_context io;
  auto acceptor = local_acceptor(io);
  Stream server(io, peers.make_server());
  Stream client(io, strangers.make_client());
  std::error_code server_ec, client_ec;
  acceptor.async_accept(server.next_layer(), [&](std::error_code ec1) {
    ASSERT_FALSE(ec1);
    server.async_handshake([&](std::error_code ec2) { server_ec = ec2; });
  });
  client.next_layer().async_connect(acceptor.local_endpoint(), [&](std::error_code ec1) {
    ASSERT_FALSE(ec1);
    client.async_handshake([&](std::error_code ec2) { client_ec = ec2; });
  });
  run_bounded(io);

  // The code carries the alert the client's Connection chose and sent (the
  // TLS layer decides which; this checks that the stream reports it intact).
  ASSERT_NE(client.connection().error(), nullptr);
  const Error& failure = *client.connection().error();
  EXPECT_EQ(failure.kind, Error::Kind::Certificate);
  ASSERT_TRUE(failure.alert.has_value());
  std::string sent(alert_name(*failure.alert));
  ASSERT_EQ(client_ec.category(), parley::asio::error_category());
  EXPECT_EQ(client_ec, parley::asio::make_error_code(failure));
  EXPECT_EQ(parley::asio::alert_of(client_ec), failure.alert);
  EXPECT_EQ(client_ec.message(), "TLS: certificate, alert " + sent);
  // The server got the client's alert.
  ASSERT_EQ(server_ec.category(), parley::asio::error_category()) << server_ec.message();
  EXPECT_EQ(parley::asio::alert_of(server_ec), failure.alert);
  EXPECT_EQ(server_ec.message(), "TLS: alert received, the peer sent the alert " + sent);
}

TEST(AsioStream, ATcpCloseWithoutCloseNotifyIsReportedAsTruncation) {
  Peers peers;
  ::asio::io_context io;
  auto acceptor = local_acceptor(io);
  std::error_code read_ec;
  ::asio::co_spawn(io, [&]() -> ::asio::awaitable<void> {
    Stream s(co_await acceptor.async_accept(::asio::use_awaitable), peers.make_server());
    co_await s.async_handshake(::asio::use_awaitable);
    s.next_layer().close();  // no close_notify
  }, ::asio::detached);
  ::asio::co_spawn(io, [&]() -> ::asio::awaitable<void> {
    Stream s(io, peers.make_client());
    co_await connect_and_handshake(s, acceptor);
    std::array<char, 16> buf{};
    co_await s.async_read_some(::asio::buffer(buf), ::asio::redirect_error(::asio::use_awaitable, read_ec));
  }, ::asio::detached);
  run_bounded(io);
  EXPECT_EQ(read_ec, parley::asio::stream_truncated) << read_ec.message();
}

TEST(AsioStream, AWriteLargerThanOneRecordIsTakenOneRecordAtATime) {
  Peers peers;
  ::asio::io_context io;
  auto acceptor = local_acceptor(io);
  std::string big(100'000, 'x'), received;
  ::asio::co_spawn(io, [&]() -> ::asio::awaitable<void> {
    Stream s(co_await acceptor.async_accept(::asio::use_awaitable), peers.make_server());
    co_await s.async_handshake(::asio::use_awaitable);
    size_t first = co_await s.async_write_some(::asio::buffer(big), ::asio::use_awaitable);
    EXPECT_EQ(first, 16384u);
    co_await ::asio::async_write(s, ::asio::buffer(big.data() + first, big.size() - first), ::asio::use_awaitable);
    co_await s.async_shutdown(::asio::use_awaitable);
  }, ::asio::detached);
  ::asio::co_spawn(io, [&]() -> ::asio::awaitable<void> {
    Stream s(io, peers.make_client());
    co_await connect_and_handshake(s, acceptor);
    std::array<char, 4096> buf{};
    for (;;) {
      std::error_code ec;
      size_t n = co_await s.async_read_some(::asio::buffer(buf), ::asio::redirect_error(::asio::use_awaitable, ec));
      received.append(buf.data(), n);
      if (ec) break;
    }
  }, ::asio::detached);
  run_bounded(io);
  EXPECT_EQ(received, big);
}

TEST(AsioStream, AReaderThatFallsBehindGetsEveryByteOfABurstInOrder) {
  Peers peers;
  ::asio::io_context io;
  auto acceptor = local_acceptor(io);
  const auto sent = iotest::counting_bytes(512 * 1024);
  std::vector<uint8_t> got;
  ::asio::co_spawn(io, [&]() -> ::asio::awaitable<void> {
    Stream s(co_await acceptor.async_accept(::asio::use_awaitable), peers.make_server());
    co_await s.async_handshake(::asio::use_awaitable);
    co_await ::asio::async_write(s, ::asio::buffer(sent), ::asio::use_awaitable);
    co_await s.async_shutdown(::asio::use_awaitable);
  }, ::asio::detached);
  ::asio::co_spawn(io, [&]() -> ::asio::awaitable<void> {
    Stream s(io, peers.make_client());
    co_await connect_and_handshake(s, acceptor);
    ::asio::steady_timer busy(io, std::chrono::milliseconds(300));  // the socket fills meanwhile
    co_await busy.async_wait(::asio::use_awaitable);
    std::array<uint8_t, 1000> buf{};
    for (int i = 0; i < 10'000; ++i) {
      std::error_code ec;
      size_t n = co_await s.async_read_some(::asio::buffer(buf), ::asio::redirect_error(::asio::use_awaitable, ec));
      got.insert(got.end(), buf.begin(), buf.begin() + static_cast<ptrdiff_t>(n));
      // Never more waits unfed than one receive brought in.
      EXPECT_LE(s.buffered_input(), (size_t{1} << 14) + 256 + 5);
      if (ec) break;
    }
  }, ::asio::detached);
  run_bounded(io);
  EXPECT_EQ(got.size(), sent.size());
  EXPECT_TRUE(got == sent);
}

TEST(AsioStream, TheHandshakeAsksADeferredSignerAgainUntilItAnswers) {
  Peers peers;
  auto signer = std::make_shared<iotest::LateSigner>(peers.leaf.key, std::chrono::milliseconds(60));
  peers.server->identities.front().key = signer;
  ::asio::io_context io;
  auto acceptor = local_acceptor(io);
  std::string server_saw, client_got;
  spawn_echo_server(io, acceptor, peers, server_saw);
  ::asio::co_spawn(io, [&]() -> ::asio::awaitable<void> {
    Stream s(io, peers.make_client());
    co_await connect_and_handshake(s, acceptor);
    co_await ::asio::async_write(s, ::asio::buffer(std::string("late")), ::asio::use_awaitable);
    std::array<char, 64> buf{};
    size_t n = co_await s.async_read_some(::asio::buffer(buf), ::asio::use_awaitable);
    client_got.assign(buf.data(), n);
  }, ::asio::detached);
  run_bounded(io);
  EXPECT_EQ(server_saw, "late");
  EXPECT_EQ(client_got, "echo: late");
  EXPECT_GT(signer->polls(), 1);
  EXPECT_LT(signer->polls(), 60);  // a pause between questions, not a busy loop
}

// --- against the openssl command ----------------------------------------------

// A temporary directory with the CA and the server's certificate and key as PEM files.
struct PemFiles {
  fs::path dir;
  explicit PemFiles(const Peers& peers) {
    char tmpl[] = "/tmp/parley-asio-XXXXXX";
    dir = ::mkdtemp(tmpl);
    write("ca.pem", der::pem_encode("CERTIFICATE", peers.ca.cert->der()));
    write("leaf.pem", der::pem_encode("CERTIFICATE", peers.leaf.chain[0]->der()));
    auto pkcs8 = dynamic_cast<const crypto::PrivateKey&>(*peers.leaf.key).to_pkcs8(std::nullopt).value();
    write("leaf.key", der::pem_encode("PRIVATE KEY", pkcs8.view()));
  }
  ~PemFiles() { fs::remove_all(dir); }
  void write(const char* name, const std::string& text) const { std::ofstream(dir / name) << text; }
  std::string path(const char* name) const { return (dir / name).string(); }
};

// A child process (the openssl command), stdin and stdout from/to files,
// stopped by its pid when the test ends.
class Child {
 public:
  Child(std::vector<std::string> argv, const std::string& in, const std::string& out) {
    pid_ = ::fork();
    if (pid_ == 0) {
      std::freopen(in.c_str(), "r", stdin);
      std::freopen(out.c_str(), "w", stdout);
      std::freopen(out.c_str(), "a", stderr);
      std::vector<char*> args;
      for (auto& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      ::execvp(args[0], args.data());
      ::_exit(127);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() { stop(); }
  // Waits up to `limit` for the child to exit by itself; kills it if not.
  void wait_or_kill(std::chrono::seconds limit) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (pid_ > 0 && std::chrono::steady_clock::now() < end) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    stop();
  }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  return {std::istreambuf_iterator<char>(f), {}};
}

uint16_t free_port() {
  ::asio::io_context io;
  return local_acceptor(io).local_endpoint().port();
}

// Connects to 127.0.0.1:port within 10 s (the server may still be starting).
::asio::awaitable<void> connect_retrying(tcp::socket& sock, uint16_t port) {
  tcp::endpoint ep(::asio::ip::make_address("127.0.0.1"), port);
  ::asio::steady_timer pause(sock.get_executor());
  for (int attempt = 0;; ++attempt) {
    std::error_code ec;
    co_await sock.async_connect(ep, ::asio::redirect_error(::asio::use_awaitable, ec));
    if (!ec || attempt == 100) co_return;
    sock.close();
    pause.expires_after(std::chrono::milliseconds(100));
    co_await pause.async_wait(::asio::use_awaitable);
  }
}

TEST(AsioStreamInterop, ClientAgainstOpensslServer) {
  Peers peers;
  PemFiles pem(peers);
  uint16_t port = free_port();
  Child server({"openssl", "s_server", "-tls1_3", "-accept", "127.0.0.1:" + std::to_string(port), "-cert",
                pem.path("leaf.pem"), "-key", pem.path("leaf.key"), "-www", "-naccept", "1"},
               "/dev/null", pem.path("s_server.log"));
  ::asio::io_context io;
  std::string page;
  std::error_code end;
  ::asio::co_spawn(io, [&]() -> ::asio::awaitable<void> {
    Stream s(io, peers.make_client());
    co_await connect_retrying(s.next_layer(), port);
    co_await s.async_handshake(::asio::use_awaitable);
    co_await ::asio::async_write(s, ::asio::buffer(std::string("GET / HTTP/1.0\r\n\r\n")), ::asio::use_awaitable);
    std::array<char, 4096> buf{};
    for (int i = 0; i < 1000; ++i) {
      std::error_code ec;
      size_t n = co_await s.async_read_some(::asio::buffer(buf), ::asio::redirect_error(::asio::use_awaitable, ec));
      page.append(buf.data(), n);
      if (ec) {
        end = ec;
        break;
      }
    }
  }, ::asio::detached);
  run_bounded(io);
  EXPECT_NE(page.find("HTTP/1.0 200 ok"), std::string::npos) << page << slurp(pem.path("s_server.log"));
  EXPECT_NE(page.find("TLSv1.3"), std::string::npos) << page;
  EXPECT_EQ(end, ::asio::error::eof) << end.message();
}

// `openssl s_client` sending request.txt to 127.0.0.1:port, its output in s_client.log.
Child s_client(const PemFiles& pem, uint16_t port) {
  return Child({"openssl", "s_client", "-tls1_3", "-connect", "127.0.0.1:" + std::to_string(port), "-CAfile",
                pem.path("ca.pem"), "-servername", "server.test", "-verify_return_error", "-ign_eof"},
               pem.path("request.txt"), pem.path("s_client.log"));
}

TEST(AsioStreamInterop, ServerAgainstOpensslClientWithCallbacks) {
  Peers peers;
  PemFiles pem(peers);
  pem.write("request.txt", "ping\n");
  ::asio::io_context io;
  auto acceptor = local_acceptor(io);
  Child client = s_client(pem, acceptor.local_endpoint().port());
  Stream server(io, peers.make_server());
  std::array<char, 64> buf{};
  std::string reply;
  std::error_code last;
  acceptor.async_accept(server.next_layer(), [&](std::error_code ec1) {
    ASSERT_FALSE(ec1);
    server.async_handshake([&](std::error_code ec2) {
      ASSERT_FALSE(ec2) << ec2.message();
      server.async_read_some(::asio::buffer(buf), [&](std::error_code ec3, size_t n3) {
        ASSERT_FALSE(ec3) << ec3.message();
        reply = "pong: " + std::string(buf.data(), n3);
        ::asio::async_write(server, ::asio::buffer(reply), [&](std::error_code ec4, size_t) {
          ASSERT_FALSE(ec4) << ec4.message();
          server.async_shutdown([&](std::error_code ec5) { last = ec5; });
        });
      });
    });
  });
  run_bounded(io);
  client.wait_or_kill(std::chrono::seconds(10));
  EXPECT_FALSE(last) << last.message();
  std::string log = slurp(pem.path("s_client.log"));
  EXPECT_NE(log.find("Verify return code: 0 (ok)"), std::string::npos) << log;
  EXPECT_NE(log.find("pong: ping"), std::string::npos) << log;
}

TEST(AsioStreamInterop, ServerAgainstOpensslClientWithCoroutines) {
  Peers peers;
  PemFiles pem(peers);
  pem.write("request.txt", "hello\n");
  ::asio::io_context io;
  auto acceptor = local_acceptor(io);
  Child client = s_client(pem, acceptor.local_endpoint().port());
  std::string seen;
  ::asio::co_spawn(io, [&]() -> ::asio::awaitable<void> {
    Stream s(co_await acceptor.async_accept(::asio::use_awaitable), peers.make_server());
    co_await echo_once(s, seen);
  }, ::asio::detached);
  run_bounded(io);
  client.wait_or_kill(std::chrono::seconds(10));
  EXPECT_EQ(seen, "hello\n");
  std::string log = slurp(pem.path("s_client.log"));
  EXPECT_NE(log.find("echo: hello"), std::string::npos) << log;
}

}  // namespace
}  // namespace parley
