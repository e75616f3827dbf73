// The plain HTTP/1.1 server on 127.0.0.1: framing, keep-alive, limits and
// timeouts, against a blocking socket client.
#include "service/http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <thread>

namespace parley::service::http {
namespace {

using namespace std::chrono_literals;

// A server on an ephemeral port that echoes what it got, run on its own thread.
class Running {
 public:
  explicit Running(ServerOptions o = {}) {
    auto s = Server::listen(std::move(o), [](const Request& r) {
      return Response{.body = r.method + " " + r.target + " " + std::to_string(r.body.size()) + ":" + r.body};
    });
    EXPECT_TRUE(s) << s.error().message();
    server_ = std::move(*s);
    thread_ = std::thread([this] { server_->run(); });
  }
  ~Running() {
    server_->stop();
    thread_.join();
  }
  uint16_t port() const { return server_->port(); }

 private:
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

class Client {
 public:
  explicit Client(uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    timeval tv{5, 0};  // every test read is bounded
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  }
  ~Client() { ::close(fd_); }
  void send(std::string_view s) { EXPECT_EQ(::send(fd_, s.data(), s.size(), MSG_NOSIGNAL), static_cast<ssize_t>(s.size())); }
  // One whole response (head and Content-Length body), or what came before EOF.
  std::string response() {
    for (;;) {
      size_t end = buffer_.find("\r\n\r\n");
      if (end != std::string::npos) {
        size_t cl = buffer_.find("Content-Length: ");
        size_t len = cl < end ? std::stoul(buffer_.substr(cl + 16)) : 0;
        if (buffer_.size() >= end + 4 + len) {
          std::string r = buffer_.substr(0, end + 4 + len);
          buffer_.erase(0, r.size());
          return r;
        }
      }
      if (!read_some()) return std::exchange(buffer_, {});
    }
  }
  // True when nothing arrives for `d`.
  bool quiet_for(std::chrono::milliseconds d) {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(d.count())) == 0;
  }
  // True when the server closed the connection (EOF) within the receive timeout.
  bool closed() {
    while (read_some()) {
    }
    return eof_;
  }

 private:
  bool read_some() {
    char buf[4096];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n == 0) eof_ = true;
    if (n <= 0) return false;
    buffer_.append(buf, static_cast<size_t>(n));
    return true;
  }
  int fd_;
  std::string buffer_;
  bool eof_ = false;
};

TEST(HttpServer, AnswersGetAndPostOnOneKeptAliveConnection) {
  Running server;
  Client c(server.port());
  c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  auto a = c.response();
  EXPECT_TRUE(a.starts_with("HTTP/1.1 200 OK\r\n")) << a;
  EXPECT_TRUE(a.ends_with("GET /healthz 0:")) << a;
  EXPECT_EQ(a.find("Connection: close"), std::string::npos);
  c.send("POST /ocsp HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhe");
  c.send("llo");
  auto b = c.response();
  EXPECT_TRUE(b.ends_with("POST /ocsp 5:hello")) << b;
  c.send("GET /x HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_NE(c.response().find("Connection: close\r\n"), std::string::npos);
  EXPECT_TRUE(c.closed());
}

TEST(HttpServer, AnswersPipelinedRequestsInOrder) {
  Running server;
  Client c(server.port());
  c.send("GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 1\r\n\r\nzGET /c HTTP/1.0\r\n\r\n");
  EXPECT_TRUE(c.response().ends_with("GET /a 0:"));
  EXPECT_TRUE(c.response().ends_with("POST /b 1:z"));
  EXPECT_TRUE(c.response().ends_with("GET /c 0:"));
  EXPECT_TRUE(c.closed()) << "HTTP/1.0 without keep-alive closes";
}

TEST(HttpServer, RefusesAnOversizedBodyWith413BeforeReadingIt) {
  Running server({.max_body = 100});
  Client c(server.port());
  c.send("POST /ocsp HTTP/1.1\r\nContent-Length: 101\r\n\r\n");
  auto r = c.response();
  EXPECT_TRUE(r.starts_with("HTTP/1.1 413 Content Too Large\r\n")) << r;
  EXPECT_TRUE(c.closed());
}

TEST(HttpServer, RefusesAnOversizedHeadWith431) {
  Running server({.max_head = 256});
  Client c(server.port());
  c.send("GET / HTTP/1.1\r\nX: " + std::string(300, 'a'));
  EXPECT_TRUE(c.response().starts_with("HTTP/1.1 431 ")) << "without waiting for the end of the head";
  EXPECT_TRUE(c.closed());
}

TEST(HttpServer, RefusesMalformedHeadsWith400) {
  Running server;
  Client c(server.port());
  c.send("HELLO\r\n\r\n");
  EXPECT_TRUE(c.response().starts_with("HTTP/1.1 400 Bad Request\r\n"));
  EXPECT_TRUE(c.closed());
}

TEST(HttpServer, TimesOutASlowRequestWith408AndClosesAnIdleConnection) {
  Running server({.idle_timeout = 200ms, .request_timeout = 300ms});
  Client slow(server.port());
  slow.send("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
  auto r = slow.response();
  EXPECT_TRUE(r.starts_with("HTTP/1.1 408 Request Timeout\r\n")) << r;
  EXPECT_TRUE(slow.closed());
  Client idle(server.port());
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(idle.closed());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST(HttpServer, ServesOnlyMaxConnectionsAtOnce) {
  Running server({.idle_timeout = 5s, .max_connections = 1});
  Client first(server.port());
  first.send("GET /1 HTTP/1.1\r\n\r\n");
  EXPECT_TRUE(first.response().ends_with("GET /1 0:"));
  Client second(server.port());  // in the backlog until the first leaves
  second.send("GET /2 HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(second.quiet_for(200ms)) << "served beyond max_connections";
  first.send("GET /1 HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(first.response().ends_with("GET /1 0:"));
  EXPECT_TRUE(second.response().ends_with("GET /2 0:"));
}

TEST(HttpServer, ListenFailsClearlyOnABadAddress) {
  auto s = Server::listen({.host = "no such host.invalid"}, [](const Request&) { return Response{}; });
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message().find("listen address"), std::string::npos);
}

}  // namespace
}  // namespace parley::service::http
