// A plain HTTP/1.1 server on standalone Asio for small signed or public
// answers: the CA's OCSP responses and CRLs, a tunnel's /metrics and
// /healthz. Not a web server: whole requests in, whole responses out.
//
//   auto server = http::Server::listen({.host = "127.0.0.1", .port = 0},
//       [](const http::Request& r) { return http::Response{.body = "ok\n"}; });
//   (*server)->run();   // until stop(), SIGINT or SIGTERM (handle_signals)
//
// Bounds, each answered the RFC 9110 way before the connection closes: a
// request head over max_head gets 431, a Content-Length body over max_body
// 413 (nothing of it is read), a chunked body 501, a malformed head 400. A
// request must arrive whole within request_timeout of its first byte; an idle
// keep-alive connection closes after idle_timeout; a response must be taken
// within write_timeout. At most max_connections are open; more clients wait
// in the listen backlog. The handler runs on a server thread: keep it short.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "parley/error.h"
#include "service/http/message.h"

namespace parley::service::http {

struct Request {
  std::string method;  // "GET", "POST", ... as sent
  std::string target;  // "/ocsp/MEUw...", path and query as sent (percent-encoded)
  std::string body;    // Content-Length bytes
  std::string peer;    // "127.0.0.1:51234"
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body{};
  std::vector<Header> headers{};  // extra fields (Cache-Control, ETag, Allow, ...)
};

using Handler = std::function<Response(const Request&)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: an ephemeral port (see Server::port)
  size_t max_head = kMaxHeadBytes;
  size_t max_body = 64 * 1024;
  std::chrono::milliseconds idle_timeout{30'000};
  std::chrono::milliseconds request_timeout{10'000};
  std::chrono::milliseconds write_timeout{10'000};
  size_t max_connections = 256;
  unsigned threads = 1;
  int backlog = 128;
};

class Server {
 public:
  // Binds and listens; requests are served once run() is called.
  static Result<std::unique_ptr<Server>> listen(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  uint16_t port() const;
  // Serves on `threads` threads (this one included) until stop().
  void run();
  // From any thread: stop accepting, close every connection, make run() return.
  void stop();
  // SIGINT and SIGTERM call stop() (set up before run()).
  void handle_signals();
  // One line per request ("127.0.0.1:5123 \"POST /ocsp HTTP/1.1\" 200 471") and per refusal.
  void on_log(std::function<void(std::string)> sink);
  size_t connections() const;

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace parley::service::http
