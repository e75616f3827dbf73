#include "parley/server.h"

#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <thread>

#include "io/server_core.h"

namespace parley::asio {
namespace {

using ::asio::ip::tcp;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// After our close_notify: how long the peer may take to send its own, so
// closing the socket does not reset the connection before the peer has read
// our last bytes.
constexpr milliseconds kLinger{2000};
// After a fatal alert: how long a client may stay quiet, and how much it may
// still send, before the socket is closed (a 2^24-byte handshake message in
// records, with room to spare).
constexpr milliseconds kDiscardQuiet{5000};
constexpr size_t kMaxDiscarded = (size_t{1} << 24) + (size_t{1} << 20);
// When the budget is reached or accept() fails for want of descriptors.
constexpr milliseconds kAcceptPause{20};

std::string seconds_text(Clock::duration d) {
  auto ms = std::chrono::duration_cast<milliseconds>(d).count();
  return std::to_string(ms / 1000) + "." + std::to_string(ms % 1000 / 100) + " s";
}

std::string endpoint_text(const tcp::socket& s) {
  std::error_code ec;
  auto ep = s.remote_endpoint(ec);
  if (ec) return "?";
  return ep.address().is_v6() ? "[" + ep.address().to_string() + "]:" + std::to_string(ep.port())
                              : ep.address().to_string() + ":" + std::to_string(ep.port());
}

// Many acceptors on one port, one per thread: the kernel spreads new
// connections over them (SO_REUSEPORT, Linux 3.9).
using reuse_port = ::asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

}  // namespace

// --- Session ------------------------------------------------------------------

Session::Session(tcp::socket socket, Connection conn, ServerCore& core)
    : stream_(std::move(socket), std::move(conn)),
      deadline_(stream_.get_executor()),
      core_(core),
      peer_address_(endpoint_text(stream_.next_layer())),
      id_(core.next_id++) {}

Session::~Session() { core_.memory -= charged_; }

size_t Session::memory_estimate() const {
  if (phase_ == Phase::idle) return kIdleBytes;
  const Connection& c = stream_.connection();
  if (c.is_handshaking()) return kHandshakeBytes + c.pending_output().size();
  // The Connection's record buffers: one for input, one for output.
  return kIdleBytes + stream_.read_buffer_bytes() + 2 * detail::kRecordRoom + c.readable() +
         c.pending_output().size();
}

void Session::recharge() {
  size_t now = memory_estimate();
  core_.memory += now;
  core_.memory -= charged_;
  charged_ = now;
}

bool Session::draining() const { return core_.draining.load(); }

void Session::arm(Clock::duration d) {
  deadline_.expires_after(d);
  deadline_.async_wait([self = weak_from_this(), generation = ++deadline_generation_](std::error_code ec) {
    // Aborted: re-armed or disarmed before it expired. Expired but queued
    // behind the handler that disarmed it: a stale generation, or a Session
    // already gone.
    if (ec) return;
    auto s = self.lock();
    if (s && s->deadline_generation_ == generation) s->expire();
  });
}

void Session::disarm() {
  ++deadline_generation_;
  deadline_.cancel();
}

void Session::expire() {
  expired_ = true;
  std::error_code ignored;
  // An idle connection is only waiting: cancel the wait, so it can still say
  // goodbye with close_notify. Anything else is stuck in the middle of an
  // exchange: close the socket, failing whatever is pending.
  if (phase_ == Phase::idle) {
    stream_.lowest_layer().cancel(ignored);
  } else {
    stream_.lowest_layer().close(ignored);
  }
}

::asio::awaitable<bool> Session::wait_for_request(bool request_held) {
  if (draining()) co_return false;
  arm(core_.options.idle_timeout);
  // Held by the service, pipelined, sent with the Finished, or held back by backpressure.
  if (request_held || connection().readable() > 0 || stream_.buffered_input() > 0) co_return true;
  phase_ = Phase::idle;
  stream_.release_buffers();
  recharge();
  std::error_code ec;
  // Asio's epoll reactor is edge-triggered and a wait is never speculative:
  // bytes (or an EOF) that arrived before the wait was queued, and whose
  // edge the reactor already saw, would not end it until the next edge or the
  // idle timeout. Ask the socket first.
  pollfd ready{stream_.lowest_layer().native_handle(), POLLIN, 0};
  if (::poll(&ready, 1, 0) <= 0) {
    co_await stream_.lowest_layer().async_wait(tcp::socket::wait_read, ::asio::redirect_error(::asio::use_awaitable, ec));
  }
  phase_ = Phase::busy;
  recharge();
  if (ec) {
    last_error_ = ec;
    if (expired_) set_outcome("idle timeout");
    co_return false;
  }
  co_return true;
}

void Session::request_done() { disarm(); }

::asio::awaitable<size_t> Session::read_some(std::span<uint8_t> out) {
  if (!handshake_complete() && !co_await complete_handshake()) co_return 0;
  std::error_code ec;
  size_t n = co_await stream_.async_read_some(::asio::buffer(out.data(), out.size()),
                                              ::asio::redirect_error(::asio::use_awaitable, ec));
  if (ec) last_error_ = ec;
  recharge();
  co_return n;
}

Received Session::take(std::span<uint8_t> out) {
  Connection& c = connection();
  // §2.3: data read before the client's Finished may be a replay; read()
  // never returns early data together with what followed it.
  const bool early = c.is_handshaking() && c.early_data_pending() > 0;
  return Received{c.read(out), early ? DataOrigin::replayable_early_data : DataOrigin::confirmed};
}

::asio::awaitable<bool> Session::complete_handshake() {
  if (handshake_complete()) co_return connection().error() == nullptr;
  stream_.complete_on_early_data(false);
  co_return co_await handshake();
}

::asio::awaitable<bool> Session::handshake() {
  arm(std::max(handshake_deadline_ - Clock::now(), Clock::duration::zero()));
  std::error_code ec;
  co_await stream_.async_handshake(::asio::redirect_error(::asio::use_awaitable, ec));
  disarm();
  if (!ec) co_return true;
  last_error_ = ec;
  if (expired_) {
    set_outcome("handshake failed: handshake timed out (no complete handshake after " +
                seconds_text(core_.options.handshake_timeout) + ")");
  } else if (ec == stream_truncated) {
    set_outcome("handshake failed: the peer closed the connection during the handshake");
  } else {
    set_outcome("handshake failed: " + ec.message());
  }
  // The stream already sent our alert, if any; nothing more to say.
  if (connection().error() && !expired_) co_await discard_until_close(core_.options.idle_timeout);
  std::error_code ignored;
  stream_.next_layer().close(ignored);
  co_return false;
}

::asio::awaitable<bool> Session::write(std::span<const uint8_t> bytes) {
  // The whole write gets grace + size / rate: a reader taking a byte at a time
  // cannot hold the connection by making each partial send look like progress.
  auto rate = std::max<size_t>(core_.options.min_write_rate, 1);
  arm(core_.options.write_grace + milliseconds(bytes.size() * 1000 / rate));
  std::error_code ec;
  co_await ::asio::async_write(stream_, ::asio::buffer(bytes.data(), bytes.size()),
                               ::asio::redirect_error(::asio::use_awaitable, ec));
  disarm();
  recharge();
  if (ec) {
    last_error_ = ec;
    if (expired_) set_outcome("the client stopped reading (write below the minimum rate)");
    co_return false;
  }
  co_return true;
}

::asio::awaitable<void> Session::close() {
  auto& sock = stream_.next_layer();
  if (!sock.is_open()) co_return;
  phase_ = Phase::closing;
  arm(kLinger);
  std::error_code ec;
  co_await stream_.async_shutdown(::asio::redirect_error(::asio::use_awaitable, ec));
  if (!ec && !connection().peer_closed()) {
    sock.shutdown(tcp::socket::shutdown_send, ec);
    std::array<uint8_t, 512> sink;
    for (int i = 0; i < 64 && !ec && sock.is_open(); ++i) {
      co_await stream_.async_read_some(::asio::buffer(sink), ::asio::redirect_error(::asio::use_awaitable, ec));
    }
  }
  disarm();
  sock.close(ec);
}

// RFC 8446 §6.2: after a fatal alert nothing more is read into the TLS state
// and the connection closes. The client may still be sending (a large
// flight): closing with its bytes unread would reset the connection and could
// destroy our alert before the client has read it. So what arrives is
// discarded until the client closes (it sees our shutdown), stays quiet for
// kDiscardQuiet, has sent kMaxDiscarded bytes, or `budget` has passed.
::asio::awaitable<void> Session::discard_until_close(Clock::duration budget) {
  auto& sock = stream_.next_layer();
  std::error_code ec;
  sock.shutdown(tcp::socket::shutdown_send, ec);
  const auto until = Clock::now() + budget;
  std::array<uint8_t, 4096> sink;
  for (size_t discarded = 0; !ec && discarded < kMaxDiscarded && Clock::now() < until;) {
    arm(std::min<Clock::duration>(kDiscardQuiet, until - Clock::now()));  // expiry closes the socket
    discarded += co_await sock.async_read_some(::asio::buffer(sink), ::asio::redirect_error(::asio::use_awaitable, ec));
  }
  disarm();
}

// --- ServerCore ---------------------------------------------------------------

ServerCore::ServerCore(std::shared_ptr<const ServerConfig> cfg, ServerOptions opts, std::shared_ptr<Service> svc)
    : options(std::move(opts)), service(std::move(svc)), config(std::move(cfg)) {
  if (options.threads == 0) options.threads = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < options.threads; ++i) workers.push_back(std::make_unique<Worker>());
}

void ServerCore::log(std::string line) const {
  if (sink) sink(std::move(line));
}

Result<void> ServerCore::listen() {
  std::error_code ec;
  tcp::resolver resolver(workers[0]->io);
  auto found = resolver.resolve(options.host, std::to_string(options.port), tcp::resolver::passive, ec);
  if (ec || found.empty()) return err::io("cannot resolve the listen address", options.host + ": " + ec.message());
  tcp::endpoint ep = found.begin()->endpoint();
  // SO_REUSEPORT lets any process of the same user join a listening port, so
  // a second server started on a busy port would silently take half of its
  // clients. A socket without it is refused there: bind one first.
  if (ep.port() != 0) {
    tcp::acceptor probe(workers[0]->io);
    probe.open(ep.protocol(), ec);
    if (!ec) probe.set_option(tcp::acceptor::reuse_address(true), ec);  // a port in TIME_WAIT is free
    if (!ec) probe.bind(ep, ec);
    if (ec == ::asio::error::address_in_use) {
      return err::io("cannot listen", options.host + ":" + std::to_string(ep.port()) +
                                          ": the address is already in use (is another server running there?)");
    }
    if (ec) return err::io("cannot listen", options.host + ":" + std::to_string(ep.port()) + ": " + ec.message());
  }
  for (auto& w : workers) {
    auto& a = w->acceptor;
    a.open(ep.protocol(), ec);
    if (!ec) a.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) a.set_option(reuse_port(true), ec);
    if (!ec) a.bind(ep, ec);
    if (!ec) a.listen(options.backlog, ec);
    if (ec) return err::io("cannot listen", options.host + ":" + std::to_string(ep.port()) + ": " + ec.message());
    ep.port(a.local_endpoint().port());  // an ephemeral port: the next acceptors join the first
  }
  port = ep.port();
  return {};
}

std::string ServerCore::over_budget() const {
  if (active.load() >= options.max_connections) {
    return "reached the connection budget (" + std::to_string(options.max_connections) +
           "): new clients wait until connections end";
  }
  if (options.max_memory > 0 && memory.load() + Session::kHandshakeBytes > options.max_memory) {
    return "reached the memory budget (" + std::to_string(options.max_memory) + " bytes, estimated " +
           std::to_string(memory.load()) + " held by " + std::to_string(active.load()) +
           " connections): new clients wait until connections end or go idle";
  }
  return {};
}

::asio::awaitable<void> ServerCore::accept_loop(Worker& w) {
  std::error_code ec;
  while (!draining) {
    if (auto why = over_budget(); !why.empty()) {
      // New clients wait in the listen backlog rather than being accepted and
      // dropped; one line says so, not one per client.
      if (!budget_reported.exchange(true)) log(std::move(why));
      w.pause.expires_after(kAcceptPause);
      co_await w.pause.async_wait(::asio::redirect_error(::asio::use_awaitable, ec));
      continue;
    }
    if (budget_reported.exchange(false)) log("below the budget again: accepting");
    tcp::socket socket = co_await w.acceptor.async_accept(::asio::redirect_error(::asio::use_awaitable, ec));
    if (ec) {
      if (draining || ec == ::asio::error::operation_aborted) break;
      // Out of descriptors (EMFILE/ENFILE) or a client gone before accept: pause, retry.
      w.pause.expires_after(kAcceptPause);
      co_await w.pause.async_wait(::asio::redirect_error(::asio::use_awaitable, ec));
      continue;
    }
    ++active;
    ::asio::co_spawn(w.io, run_session(w, std::move(socket)), ::asio::detached);
  }
}

::asio::awaitable<void> ServerCore::run_session(Worker& w, tcp::socket socket) {
  auto conn = Connection::server(config.load());
  if (!conn) {
    --active;
    log("cannot start a connection: " + conn.error().message());
    co_return;
  }
  auto s = std::make_shared<Session>(std::move(socket), std::move(*conn), *this);
  s->recharge();
  w.sessions.insert(s.get());
  service->accepted(*s);
  s->handshake_deadline_ = Clock::now() + options.handshake_timeout;
  // 0-RTT: a service that answers early data starts before the client's Finished.
  s->stream().complete_on_early_data(service->serves_early_data());
  if (co_await s->handshake()) {
    s->phase_ = Session::Phase::busy;
    s->recharge();
    co_await service->serve(*s);
    co_await s->complete_handshake();  // if serve() answered early data and returned before it
    co_await s->close();
  }
  service->ended(*s);
  w.sessions.erase(s.get());
  s.reset();
  --active;
  if (draining && w.sessions.empty()) w.drain_end.cancel();
}

void ServerCore::drain_worker(Worker& w) {
  std::error_code ignored;
  w.acceptor.close(ignored);
  w.pause.cancel();
  for (Session* s : w.sessions) {
    if (s->phase_ == Session::Phase::idle) s->stream().lowest_layer().cancel(ignored);
  }
  if (w.sessions.empty()) return;
  // Busy connections finish their response within the drain deadline.
  w.drain_end.expires_after(options.drain_timeout);
  w.drain_end.async_wait([&w](std::error_code ec) {
    if (ec) return;
    std::error_code ig;
    for (Session* s : w.sessions) s->stream().lowest_layer().close(ig);
  });
}

void ServerCore::drain() {
  if (draining.exchange(true)) return;
  for (auto& w : workers) ::asio::post(w->io, [this, &w = *w] { drain_worker(w); });
  if (signals_) ::asio::post(workers[0]->io, [this] { signals_->cancel(); });
}

void ServerCore::handle_signals() {
  signals_.emplace(workers[0]->io, SIGTERM, SIGINT, SIGHUP);
  wait_for_signal();
}

void ServerCore::wait_for_signal() {
  signals_->async_wait([this](std::error_code ec, int signo) {
    if (ec) return;
    if (signo == SIGHUP) {
      log("SIGHUP: reloading");
      if (reload) reload();
      wait_for_signal();
      return;
    }
    log(signo == SIGTERM ? "SIGTERM: draining" : "SIGINT: draining");
    drain();
  });
}

void ServerCore::run() {
  for (auto& w : workers) ::asio::co_spawn(w->io, accept_loop(*w), ::asio::detached);
  std::vector<std::thread> threads;
  for (size_t i = 1; i < workers.size(); ++i) threads.emplace_back([&w = *workers[i]] { w.io.run(); });
  workers[0]->io.run();
  for (auto& t : threads) t.join();
}

// --- Server -------------------------------------------------------------------

Server::Server(std::unique_ptr<ServerCore> core) : core_(std::move(core)) {}
Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::listen(std::shared_ptr<const ServerConfig> config, ServerOptions options,
                                               std::shared_ptr<Service> service) {
  if (!config || !service) return err::api("Server::listen: no config or no service");
  auto core = std::make_unique<ServerCore>(std::move(config), std::move(options), std::move(service));
  PARLEY_TRY(core->listen());
  return std::unique_ptr<Server>(new Server(std::move(core)));
}

uint16_t Server::port() const { return core_->port; }
void Server::run() { core_->run(); }
void Server::drain() { core_->drain(); }
void Server::handle_signals() { core_->handle_signals(); }
void Server::on_reload(std::function<void()> hook) { core_->reload = std::move(hook); }
void Server::on_log(std::function<void(std::string)> sink) { core_->sink = std::move(sink); }
size_t Server::connections() const { return core_->active.load(); }
void Server::set_config(std::shared_ptr<const ServerConfig> config) { core_->config.store(std::move(config)); }

}  // namespace parley::asio
