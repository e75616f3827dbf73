// A TLS server core over standalone Asio: many thousands of connections on a
// few threads, no thread per connection. One io_context per thread, each with
// its own SO_REUSEPORT acceptor, so accepting scales with the cores and a
// connection stays on the thread that accepted it.
//
// Every connection has one deadline, watched by one timer: the handshake must
// finish within handshake_timeout; a handler waiting for the next request arms
// idle_timeout for the whole request (bytes that trickle in do not extend it);
// a write must progress at min_write_rate (a deadline for the whole write, not
// one reset by every partial send). At max_connections the acceptors pause
// (new clients wait in the listen backlog) and the fact is logged once.
// A byte budget (max_memory) pauses them the same way when the estimated
// bytes held by all connections would pass it. drain() (SIGTERM with handle_signals()) stops accepting, closes idle
// connections with close_notify, lets busy ones finish within drain_timeout,
// then closes the rest; SIGHUP calls the reload hook.
//
//   struct Hello : parley::asio::Service {
//     asio::awaitable<void> serve(parley::asio::Session& s) override {
//       co_await s.write(as_bytes("hello\n"));
//     }
//   };
//   auto server = parley::asio::Server::listen(config, {.host = "127.0.0.1", .port = 8443},
//                                              std::make_shared<Hello>()).value();
//   server->handle_signals();
//   server->run();  // until drained
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <parley/asio.h>
#include <parley/config.h>
#include <parley/connection.h>
#include <parley/error.h>

namespace parley::asio {

using tcp_stream = stream<::asio::ip::tcp::socket>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;     // 0: an ephemeral port (see Server::port())
  unsigned threads = 0;  // 0: std::thread::hardware_concurrency()
  std::chrono::milliseconds handshake_timeout{10'000};
  std::chrono::milliseconds idle_timeout{30'000};  // for the whole next request, from when the handler waits
  // A write of n bytes must be done within write_grace + n / min_write_rate.
  std::chrono::milliseconds write_grace{10'000};
  size_t min_write_rate = 1024;  // bytes per second
  size_t max_connections = 10'000;
  // A byte budget over what connections hold, estimated per connection (see
  // Session::memory_estimate()); 0: none. Past it the acceptors pause as at
  // max_connections, until connections end or go idle.
  size_t max_memory = 0;
  std::chrono::milliseconds drain_timeout{10'000};
  int backlog = 1024;
};

class Session;

// Where received plaintext came from (RFC 8446 §2.3, §8).
enum class DataOrigin : uint8_t {
  // Read after the client's Finished, which a replayed first flight cannot produce.
  confirmed,
  // 0-RTT data read before the client's Finished: an attacker may have
  // replayed it from another connection. Act on it only if doing it twice is
  // harmless (RFC 8470 §2: a GET, not a payment); else complete the handshake first.
  replayable_early_data,
};

struct Received {
  size_t size = 0;
  DataOrigin origin = DataOrigin::confirmed;
};

// What the application does with a connection. Called on the connection's
// thread; a Service is shared by all connections and threads.
class Service {
 public:
  virtual ~Service() = default;
  // Before the handshake: attach an observer (Session::connection()), keep state in Session::user.
  virtual void accepted(Session&) {}
  // After a successful handshake; the connection ends when it returns.
  virtual ::asio::awaitable<void> serve(Session& session) = 0;
  // True: when the client's 0-RTT data is accepted (ServerConfig::max_early_data),
  // serve() is called as soon as it is readable, before the client's Finished
  // (RFC 8446 §2.3): session.handshake_complete() is false, take() marks what
  // it reads as early data, write() sends "0.5-RTT" data, and
  // complete_handshake() waits for the rest. The core completes the handshake
  // after serve() if serve() did not.
  virtual bool serves_early_data() const { return false; }
  // Once at the end, with Session::outcome() saying how it ended.
  virtual void ended(Session&) {}
};

// Per-connection data a Service keeps (a trace observer, a request parser).
struct SessionData {
  virtual ~SessionData() = default;
};

// One connection, as its Service sees it. The core owns it through a
// shared_ptr: a deadline handler holds it weakly (see arm()).
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(::asio::ip::tcp::socket socket, Connection conn, class ServerCore& core);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session();

  tcp_stream& stream() { return stream_; }
  Connection& connection() { return stream_.connection(); }
  const PeerIdentity* peer() const { return stream_.connection().peer(); }
  const std::string& peer_address() const { return peer_address_; }
  uint64_t id() const { return id_; }

  // Waits until the client sends something, with the buffers released (an
  // idle connection holds no record buffers), under the idle deadline, which
  // then covers the whole request: call request_done() once it is answered.
  // Returns false when the connection should end (timeout, drain, peer gone).
  // request_held: the service already holds (part of) the next request: only
  // the deadline is armed.
  ::asio::awaitable<bool> wait_for_request(bool request_held = false);
  void request_done();
  // Reads plaintext under the current deadline. 0: the peer closed (close_notify or the socket).
  // Before the handshake is complete it completes it first, so what it returns is never replayable.
  ::asio::awaitable<size_t> read_some(std::span<uint8_t> out);

  // 0-RTT (Service::serves_early_data): false until the client's Finished has arrived.
  bool handshake_complete() const { return !stream_.connection().is_handshaking(); }
  // Copies plaintext that has arrived, without waiting (0: none yet); one
  // call never mixes early data with later data.
  Received take(std::span<uint8_t> out);
  // Waits for the client's Finished under what is left of the handshake
  // deadline. False: the handshake failed (outcome() says why); return.
  ::asio::awaitable<bool> complete_handshake();
  // Writes everything at the minimum rate (ServerOptions::min_write_rate). False: failed.
  ::asio::awaitable<bool> write(std::span<const uint8_t> bytes);
  // close_notify, then closes the socket (a short wait for the peer's own).
  ::asio::awaitable<void> close();

  // The server is draining: finish the current response, take no more requests.
  bool draining() const;
  // How the connection ended (for the log): set by the Service or the core.
  void set_outcome(std::string text) { outcome_ = std::move(text); }
  const std::string& outcome() const { return outcome_; }
  // The last failure reported by the stream (empty: none).
  std::error_code last_error() const { return last_error_; }

  // What this connection holds, estimated: an idle one (the Connection
  // after release_buffers(), the stream, the timer, the coroutine frame:
  // 7.2 KB measured, docs/PERFORMANCE.md) and, while it is not idle, the
  // record buffers (the stream's read buffer, the Connection's input and
  // output records) and the plaintext and output waiting in them.
  size_t memory_estimate() const;
  // A new connection's estimate, charged before its handshake.
  static constexpr size_t kIdleBytes = 8 * 1024;
  static constexpr size_t kHandshakeBytes = kIdleBytes + 3 * detail::kRecordRoom;

  std::unique_ptr<SessionData> user;

 private:
  friend class ServerCore;
  enum class Phase : uint8_t { handshake, idle, busy, closing };
  // One deadline at a time: arm() replaces it, disarm() drops it. Asio
  // cannot cancel an expiry already queued to run, so each arm() has a
  // generation and the handler acts only on the current one, and on a
  // Session still alive (it holds a weak_ptr, never `this`).
  void arm(std::chrono::steady_clock::duration d);
  void disarm();
  ::asio::awaitable<void> discard_until_close(std::chrono::steady_clock::duration budget);
  // Runs the stream's handshake under the deadline; false (outcome set, alert sent, socket closed) on failure.
  ::asio::awaitable<bool> handshake();
  void expire();  // the deadline passed: close the socket (any pending operation fails)
  // Brings the core's byte count up to date with memory_estimate().
  void recharge();

  tcp_stream stream_;
  ::asio::steady_timer deadline_;
  ServerCore& core_;
  std::string peer_address_;
  std::string outcome_;
  std::error_code last_error_;
  uint64_t id_ = 0;
  uint64_t deadline_generation_ = 0;  // bumped by arm() and disarm()
  std::chrono::steady_clock::time_point handshake_deadline_;
  size_t charged_ = 0;                // this connection's part of ServerCore::memory
  Phase phase_ = Phase::handshake;
  bool expired_ = false;
};

// The running server: listen() binds, run() serves until drained.
class Server {
 public:
  static Result<std::unique_ptr<Server>> listen(std::shared_ptr<const ServerConfig> config, ServerOptions options,
                                                std::shared_ptr<Service> service);
  ~Server();

  uint16_t port() const;
  // Serves on options.threads threads (the caller's is one of them) until drained.
  void run();
  // Thread-safe and signal-safe to request (through handle_signals); idempotent.
  void drain();
  // SIGTERM/SIGINT drain, SIGHUP calls the reload hook (on an io thread).
  void handle_signals();
  void on_reload(std::function<void()> hook);
  // Lines for the operator (the budget reached, accept errors); called on an io
  // thread, so it must not block (queue the line, write it elsewhere).
  void on_log(std::function<void(std::string)> sink);

  size_t connections() const;
  // Replaces the TLS config for new connections (a reload); open ones keep theirs.
  void set_config(std::shared_ptr<const ServerConfig> config);

 private:
  explicit Server(std::unique_ptr<class ServerCore> core);
  std::unique_ptr<ServerCore> core_;
};

}  // namespace parley::asio
