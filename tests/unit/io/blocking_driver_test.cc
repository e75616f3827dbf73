// BlockingDriver over a socketpair: a real handshake and echo, close_notify,
// and every way a peer can stall or vanish ending in an error, not a hang.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "io/blocking_driver.h"
#include "unit/io/io_peers.h"

namespace parley {
namespace {

using namespace pairtest;
using iotest::Peers;
using std::chrono::milliseconds;

struct Sockets {
  int fd[2] = {-1, -1};
  // SOCK_SEQPACKET keeps each send() a message of its own, so a test can count writes.
  explicit Sockets(int type = SOCK_STREAM) {
    EXPECT_EQ(::socketpair(AF_UNIX, type, 0, fd), 0);
    timeval limit{5, 0};  // a missing message fails the test instead of hanging it
    for (int f : fd) ::setsockopt(f, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  }
  ~Sockets() {
    for (int f : fd) {
      if (f >= 0) ::close(f);
    }
  }
};

std::span<const uint8_t> bytes(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

TEST(BlockingDriver, HandshakesEchoesAndClosesWithCloseNotify) {
  Peers peers;
  Sockets s;
  std::thread server([&] {
    Connection conn = peers.make_server();
    io::BlockingDriver d(s.fd[1], conn);
    ASSERT_TRUE(d.handshake());
    std::array<uint8_t, 64> buf{};
    auto n = d.read(buf);
    ASSERT_TRUE(n);
    ASSERT_TRUE(d.write_all({buf.data(), *n}));
    auto end = d.read(buf);  // the client's close_notify
    ASSERT_TRUE(end);
    EXPECT_EQ(*end, 0u);
  });
  Connection conn = peers.make_client();
  io::BlockingDriver d(s.fd[0], conn);
  ASSERT_TRUE(d.handshake());
  ASSERT_TRUE(d.write_all(bytes("ping")));
  std::array<uint8_t, 64> buf{};
  auto n = d.read(buf);
  ASSERT_TRUE(n);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(buf.data()), *n), "ping");
  ASSERT_TRUE(d.close());
  server.join();
}

TEST(BlockingDriver, HandshakeTimesOutWhenThePeerIsSilent) {
  Peers peers;
  Sockets s;
  Connection conn = peers.make_client();
  io::BlockingDriver d(s.fd[0], conn, io::Timeouts{milliseconds(200), milliseconds(200), milliseconds(200)});
  auto start = std::chrono::steady_clock::now();
  auto r = d.handshake();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("handshake timed out"), std::string::npos) << r.error().message();
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(2000));
}

TEST(BlockingDriver, SendTimesOutWhenThePeerStopsReading) {
  Peers peers;
  Sockets s;
  std::thread server([&] {
    Connection conn = peers.make_server();
    io::BlockingDriver d(s.fd[1], conn);
    ASSERT_TRUE(d.handshake());
    std::this_thread::sleep_for(milliseconds(1500));  // reads nothing more
  });
  Connection conn = peers.make_client();
  io::BlockingDriver d(s.fd[0], conn, io::Timeouts{milliseconds(2000), milliseconds(200), milliseconds(200)});
  ASSERT_TRUE(d.handshake());
  std::vector<uint8_t> chunk(1 << 14, 'x');
  Result<void> w;
  for (int i = 0; i < 4096 && w; ++i) w = d.write_all(chunk);  // 64 MiB at most: far beyond socket buffers
  ASSERT_FALSE(w);
  EXPECT_NE(w.error().message().find("stopped reading"), std::string::npos) << w.error().message();
  server.join();
}

TEST(BlockingDriver, ReadReportsTruncationWithoutCloseNotify) {
  Peers peers;
  Sockets s;
  std::thread server([&] {
    Connection conn = peers.make_server();
    io::BlockingDriver d(s.fd[1], conn);
    ASSERT_TRUE(d.handshake());
    ::shutdown(s.fd[1], SHUT_RDWR);  // gone, without close_notify
  });
  Connection conn = peers.make_client();
  io::BlockingDriver d(s.fd[0], conn);
  ASSERT_TRUE(d.handshake());
  std::array<uint8_t, 16> buf{};
  auto r = d.read(buf);  // sends our Finished first, so the server's handshake ends
  server.join();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("without close_notify"), std::string::npos) << r.error().message();
}

TEST(BlockingDriver, DeliversTheServersFatalAlertToTheClient) {
  Peers peers;
  peers.server->client_auth = ClientAuth::required;
  peers.server->client_ca = peers.ca.store();
  Sockets s;
  std::thread server([&] {
    Connection conn = peers.make_server();
    io::BlockingDriver d(s.fd[1], conn);
    auto r = d.handshake();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().alert, Alert::certificate_required);
  });
  Connection conn = peers.make_client();
  io::BlockingDriver d(s.fd[0], conn);
  ASSERT_TRUE(d.handshake());  // TLS 1.3: the client is done before the server judges it
  std::array<uint8_t, 16> buf{};
  auto r = d.read(buf);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, Error::Kind::AlertReceived);
  EXPECT_EQ(r.error().alert, Alert::certificate_required);
  server.join();
}

// One message from a SOCK_SEQPACKET socket (one send() of the peer), fed to conn.
void feed_one_message(int fd, Connection& conn) {
  std::vector<uint8_t> msg(64 * 1024);
  ssize_t n = ::recv(fd, msg.data(), msg.size(), 0);
  ASSERT_GT(n, 0) << "no message from the driver";
  ASSERT_TRUE(conn.feed({msg.data(), static_cast<size_t>(n)}));
}

void send_pending(int fd, Connection& conn) {
  auto out = conn.pending_output();
  ASSERT_EQ(::send(fd, out.data(), out.size(), 0), static_cast<ssize_t>(out.size()));
  conn.consume_output(out.size());
}

TEST(BlockingDriver, TheClientsFinishedLeavesInOneWriteWithTheFirstApplicationData) {
  Peers peers;
  Sockets s(SOCK_SEQPACKET);
  std::thread client([&] {
    Connection conn = peers.make_client();
    io::BlockingDriver d(s.fd[0], conn);
    ASSERT_TRUE(d.handshake());
    ASSERT_TRUE(d.write_all(bytes("ping")));
  });
  Connection server = peers.make_server();
  feed_one_message(s.fd[1], server);  // the ClientHello
  send_pending(s.fd[1], server);
  feed_one_message(s.fd[1], server);  // one write: (change_cipher_spec,) Finished and "ping"
  EXPECT_FALSE(server.is_handshaking());
  EXPECT_EQ(server.readable(), 4u);
  client.join();
}

TEST(BlockingDriver, TheServersFlightLeavesInOneWrite) {
  Peers peers;
  Sockets s(SOCK_SEQPACKET);
  std::thread server([&] {
    Connection conn = peers.make_server();
    io::BlockingDriver d(s.fd[1], conn);
    ASSERT_TRUE(d.handshake());
  });
  Connection client = peers.make_client();
  send_pending(s.fd[0], client);
  feed_one_message(s.fd[0], client);  // ServerHello through Finished
  EXPECT_FALSE(client.is_handshaking());
  send_pending(s.fd[0], client);
  server.join();
}

TEST(BlockingDriver, SetsTcpNoDelayOnATcpSocket) {
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), len), 0);
  ASSERT_EQ(::listen(listener, 1), 0);
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), len), 0);
  int on = -1;
  socklen_t on_len = sizeof on;
  ASSERT_EQ(::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, &on_len), 0);
  EXPECT_EQ(on, 0);
  Peers peers;
  Connection conn = peers.make_client();
  io::BlockingDriver d(fd, conn);
  ASSERT_EQ(::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, &on_len), 0);
  EXPECT_EQ(on, 1);
  ::close(fd);
  ::close(listener);
}

TEST(BlockingDriver, AReaderThatFallsBehindGetsEveryByteOfABurstInOrder) {
  Peers peers;
  Sockets s;
  const auto sent = iotest::counting_bytes(512 * 1024);
  std::thread server([&] {
    Connection conn = peers.make_server();
    io::BlockingDriver d(s.fd[1], conn);
    ASSERT_TRUE(d.handshake());
    ASSERT_TRUE(d.write_all(sent));
    ASSERT_TRUE(d.close());
  });
  Connection conn = peers.make_client();
  io::BlockingDriver d(s.fd[0], conn);
  ASSERT_TRUE(d.handshake());
  // Receives without reading until the Connection holds as much as it takes.
  for (int i = 0; i < 200 && d.buffered_input() == 0; ++i) ASSERT_TRUE(d.receive(milliseconds(100)));
  EXPECT_GT(d.buffered_input(), 0u);
  EXPECT_FALSE(conn.wants_read());
  EXPECT_GE(conn.readable(), Connection::kMaxUnreadPlaintext);
  std::vector<uint8_t> got;
  std::array<uint8_t, 1000> buf{};
  for (int i = 0; i < 10'000; ++i) {
    auto n = d.read(buf);
    ASSERT_TRUE(n) << n.error().message();
    if (*n == 0) break;
    got.insert(got.end(), buf.begin(), buf.begin() + static_cast<ptrdiff_t>(*n));
  }
  server.join();
  EXPECT_EQ(got.size(), sent.size());
  EXPECT_TRUE(got == sent);
}

TEST(BlockingDriver, TheHandshakeAsksADeferredSignerAgainUntilItAnswers) {
  Peers peers;
  auto signer = std::make_shared<iotest::LateSigner>(peers.leaf.key, milliseconds(60));
  peers.server->identities.front().key = signer;
  Sockets s;
  std::thread server([&] {
    Connection conn = peers.make_server();
    io::BlockingDriver d(s.fd[1], conn);
    auto hs = d.handshake();
    ASSERT_TRUE(hs) << hs.error().message();
    ASSERT_TRUE(d.write_all(bytes("signed late")));
    ASSERT_TRUE(d.close());
  });
  Connection conn = peers.make_client();
  io::BlockingDriver d(s.fd[0], conn);
  auto hs = d.handshake();
  ASSERT_TRUE(hs) << hs.error().message();
  std::array<uint8_t, 64> buf{};
  auto n = d.read(buf);
  ASSERT_TRUE(n) << n.error().message();
  EXPECT_EQ(std::string(reinterpret_cast<char*>(buf.data()), *n), "signed late");
  server.join();
  EXPECT_GT(signer->polls(), 1);
  EXPECT_LT(signer->polls(), 60);  // a pause between questions, not a busy loop
}

}  // namespace
}  // namespace parley
