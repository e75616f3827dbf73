#include "service/http/server.h"

#include <array>
#include <asio.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <atomic>
#include <csignal>
#include <exception>
#include <optional>
#include <sstream>
#include <thread>

namespace parley::service::http {
namespace {

using ::asio::ip::tcp;
using namespace ::asio::experimental::awaitable_operators;
using Clock = std::chrono::steady_clock;

// When the connection budget is reached or accept() fails for want of descriptors.
constexpr std::chrono::milliseconds kAcceptPause{20};
constexpr size_t kReadChunk = 4096;

// "127.0.0.1:5123", "[::1]:5123" (Asio's own endpoint format), or "?".
std::string endpoint_text(const tcp::socket& s) {
  std::error_code ec;
  auto ep = s.remote_endpoint(ec);
  if (ec) return "?";
  std::ostringstream out;
  out << ep;
  return out.str();
}

// How a read ended: bytes, the peer gone (EOF or error), or the deadline.
enum class ReadEnd : uint8_t { data, closed, timed_out };

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  ::asio::io_context io;
  tcp::acceptor acceptor{io};
  std::optional<::asio::signal_set> signals;
  std::function<void(std::string)> sink;
  std::atomic<size_t> active{0};
  uint16_t port = 0;

  void log(std::string line) const {
    if (sink) sink(std::move(line));
  }
  ::asio::awaitable<void> accept_loop();
  ::asio::awaitable<void> serve(tcp::socket socket);
  ::asio::awaitable<ReadEnd> read_more(tcp::socket& socket, std::string& buffer, Clock::time_point deadline);
  ::asio::awaitable<bool> write(tcp::socket& socket, const std::string& bytes);
  Response call_handler(const Request& request) const;
};

::asio::awaitable<ReadEnd> Server::Impl::read_more(tcp::socket& socket, std::string& buffer,
                                                   Clock::time_point deadline) {
  std::array<char, kReadChunk> chunk;
  ::asio::steady_timer timer(socket.get_executor());
  timer.expires_at(deadline);
  std::error_code ec;
  // Whichever finishes first cancels the other.
  auto done = co_await (socket.async_read_some(::asio::buffer(chunk), ::asio::redirect_error(::asio::use_awaitable, ec)) ||
                        timer.async_wait(::asio::use_awaitable));
  if (done.index() == 1) co_return ReadEnd::timed_out;
  const size_t n = std::get<0>(done);
  if (ec || n == 0) co_return ReadEnd::closed;
  buffer.append(chunk.data(), n);
  co_return ReadEnd::data;
}

::asio::awaitable<bool> Server::Impl::write(tcp::socket& socket, const std::string& bytes) {
  ::asio::steady_timer timer(socket.get_executor());
  timer.expires_after(options.write_timeout);
  std::error_code ec;
  auto done = co_await (::asio::async_write(socket, ::asio::buffer(bytes), ::asio::redirect_error(::asio::use_awaitable, ec)) ||
                        timer.async_wait(::asio::use_awaitable));
  co_return done.index() == 0 && !ec;
}

Response Server::Impl::call_handler(const Request& request) const {
  // A handler that throws (out of memory) costs one request, not the server.
  try {
    return handler(request);
  } catch (const std::exception& e) {
    log("handler failed: " + std::string(e.what()));
    return Response{.status = 500, .body = "500 Internal Server Error\n"};
  }
}

::asio::awaitable<void> Server::Impl::serve(tcp::socket socket) {
  const std::string peer = endpoint_text(socket);
  std::string buffer;
  auto answer = [&](const Response& r, const RequestHead* head, bool close) -> std::string {
    bool keep_alive_10 = head != nullptr && head->keep_alive_10;
    std::string out = response_head(r.status, r.content_type, r.body.size(), close, keep_alive_10 && !close, r.headers);
    if (head == nullptr || head->method != "HEAD") out += r.body;
    log(peer + " \"" + (head ? head->line : std::string()) + "\" " + std::to_string(r.status) + " " +
        std::to_string(r.body.size()));
    return out;
  };
  auto refuse = [&](int status, const std::string& line) -> std::string {
    RequestHead h;
    h.line = line;
    Response r{.status = status, .body = std::to_string(status) + " " + std::string(reason_phrase(status)) + "\n"};
    return answer(r, &h, true);
  };

  for (bool open = true; open;) {
    // Waiting for a request: the idle timeout; once its first byte is here,
    // the whole request must follow within request_timeout.
    auto deadline = Clock::now() + (buffer.empty() ? options.idle_timeout : options.request_timeout);
    bool started = !buffer.empty();
    std::optional<ParsedHead> parsed;
    std::string reply;
    while (!parsed && reply.empty()) {
      auto result = parse_request_head(buffer, options.max_head);
      if (auto* e = std::get_if<HeadError>(&result)) {
        reply = refuse(e->status, e->line);
        break;
      }
      if (auto* p = std::get_if<ParsedHead>(&result)) {
        parsed = std::move(*p);
        break;
      }
      if (!started && buffer.find_first_not_of("\r\n") != std::string::npos) {
        started = true;
        deadline = Clock::now() + options.request_timeout;
      }
      auto end = co_await read_more(socket, buffer, deadline);
      if (end == ReadEnd::closed) co_return;
      if (end == ReadEnd::timed_out) {
        if (!started) co_return;  // an idle keep-alive connection: close quietly
        reply = refuse(408, {});
      }
    }
    if (parsed && parsed->head.content_length > options.max_body) reply = refuse(413, parsed->head.line);
    if (!reply.empty()) {
      co_await write(socket, reply);
      break;
    }
    buffer.erase(0, parsed->consumed);
    const auto length = static_cast<size_t>(parsed->head.content_length);
    while (buffer.size() < length) {
      auto end = co_await read_more(socket, buffer, deadline);
      if (end == ReadEnd::closed) co_return;
      if (end == ReadEnd::timed_out) {
        co_await write(socket, refuse(408, parsed->head.line));
        co_return;
      }
    }
    Request request{parsed->head.method, parsed->head.target, buffer.substr(0, length), peer};
    buffer.erase(0, length);
    open = !parsed->head.close;
    if (!co_await write(socket, answer(call_handler(request), &parsed->head, !open))) co_return;
  }
  // Our last response is sent: say so, so the client reads it before the close.
  std::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_send, ignored);
}

::asio::awaitable<void> Server::Impl::accept_loop() {
  ::asio::steady_timer pause(io);
  bool reported = false;
  for (;;) {
    std::error_code ec;
    if (active.load() >= options.max_connections) {
      // New clients wait in the listen backlog; one line says so, not one per client.
      if (!reported) log("reached the connection budget (" + std::to_string(options.max_connections) + ")");
      reported = true;
      pause.expires_after(kAcceptPause);
      co_await pause.async_wait(::asio::redirect_error(::asio::use_awaitable, ec));
      continue;
    }
    reported = false;
    tcp::socket socket = co_await acceptor.async_accept(::asio::make_strand(io), ::asio::redirect_error(::asio::use_awaitable, ec));
    if (ec == ::asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      // Out of descriptors (EMFILE) or a client gone before accept: pause, retry.
      pause.expires_after(kAcceptPause);
      co_await pause.async_wait(::asio::redirect_error(::asio::use_awaitable, ec));
      continue;
    }
    ++active;
    auto executor = socket.get_executor();
    ::asio::co_spawn(executor, serve(std::move(socket)), [this](std::exception_ptr) { --active; });
  }
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::listen(ServerOptions options, Handler handler) {
  if (!handler) return err::api("http::Server::listen: no handler");
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->handler = std::move(handler);
  if (impl->options.threads == 0) impl->options.threads = 1;
  const auto& o = impl->options;
  std::error_code ec;
  tcp::resolver resolver(impl->io);
  auto found = resolver.resolve(o.host, std::to_string(o.port), tcp::resolver::passive, ec);
  if (ec || found.empty()) return err::io("cannot resolve the listen address", o.host + ": " + ec.message());
  tcp::endpoint ep = found.begin()->endpoint();
  auto& a = impl->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(o.backlog, ec);
  if (ec) return err::io("cannot listen", o.host + ":" + std::to_string(o.port) + ": " + ec.message());
  impl->port = a.local_endpoint().port();
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

uint16_t Server::port() const { return impl_->port; }
size_t Server::connections() const { return impl_->active.load(); }
void Server::on_log(std::function<void(std::string)> sink) { impl_->sink = std::move(sink); }

void Server::run() {
  ::asio::co_spawn(impl_->io, impl_->accept_loop(), ::asio::detached);
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < impl_->options.threads; ++i) threads.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& t : threads) t.join();
}

void Server::stop() {
  // Connections still open are closed when their coroutines are destroyed
  // with the io_context.
  impl_->io.stop();
}

void Server::handle_signals() {
  impl_->signals.emplace(impl_->io, SIGINT, SIGTERM);
  impl_->signals->async_wait([this](std::error_code ec, int signo) {
    if (ec) return;
    impl_->log(signo == SIGTERM ? "SIGTERM: stopping" : "SIGINT: stopping");
    stop();
  });
}

}  // namespace parley::service::http
