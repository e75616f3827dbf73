// The bytes of one tunneled connection, both ways at once, between a TLS
// stream (parley::asio::stream) and a plain socket (TCP or unix).
//
// - Half-close: the TLS peer's close_notify (RFC 8446 §6.1 closes only the
//   sender's direction) becomes a shutdown(SHUT_WR) towards the plain side,
//   and the plain side's EOF becomes our close_notify; the other direction
//   keeps flowing until it ends too.
// - Backpressure: each direction reads again only once its last chunk is
//   written, so a slow side holds at most one chunk per direction here (plus
//   the TLS stream's bounded record buffers) and the fast side waits in its
//   socket buffers.
// - Memory: a direction waits for readability with no buffer; the chunk and
//   the TLS read buffers are allocated when bytes arrive and freed when the
//   direction is idle again, so an idle tunnel holds no record buffers.
// - Syscalls: a read that filled its chunk is followed by another read at
//   once (more is likely waiting), without the readability probe; the plain
//   side is read kPlainChunk at a time, sealed as full records.
#pragma once

#include <asio/experimental/awaitable_operators.hpp>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <system_error>

#include "parley/asio.h"

namespace parley::tunnel {

// Whether a read would not block: bytes, the peer's FIN or an error wait in
// the socket. Asio's epoll reactor is edge-triggered and a wait_read started
// after the edge never completes, so a relay asks this before it waits; on
// one thread per io_context no edge can slip in between the two.
template <class Socket>
bool ready_to_read(Socket& socket) {
  char byte;
  ssize_t n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
}

// How the TLS side of a connection ended, for the audit log and metrics.
inline std::string tls_end_text(const std::error_code& ec) {
  if (!ec || ec == ::asio::error::eof) return "close_notify";
  if (ec == parley::asio::stream_truncated) return "closed without close_notify";
  if (auto alert = parley::asio::alert_of(ec)) return "alert " + std::string(alert_name(*alert));
  if (ec == ::asio::error::connection_reset || ec == ::asio::error::broken_pipe) return "reset";
  if (ec == ::asio::error::operation_aborted || ec == ::asio::error::timed_out) return "timeout";
  return ec.message();
}

struct RelayStats {
  uint64_t from_tls = 0;  // plaintext received from the TLS peer, written to the plain side
  uint64_t to_tls = 0;    // read from the plain side, sent to the TLS peer
  std::string end;        // how the TLS side ended (tls_end_text), or why the relay broke off
};

// Called as bytes move (metrics); either may be empty.
struct RelayHooks {
  std::function<void(size_t)> from_tls;
  std::function<void(size_t)> to_tls;
};

template <class TlsStream, class Plain>
class Relay {
 public:
  static constexpr size_t kChunk = 16 * 1024;  // one TLS record's plaintext (RFC 8446 §5.1)
  // Four records' worth per read of the plain side: a quarter of the reads,
  // each record still a full 2^14 bytes.
  static constexpr size_t kPlainChunk = 4 * kChunk;

  Relay(TlsStream& tls, Plain& plain, RelayHooks hooks) : tls_(tls), plain_(plain), hooks_(std::move(hooks)) {}

  ::asio::awaitable<RelayStats> run() {
    using namespace ::asio::experimental::awaitable_operators;
    co_await (tls_to_plain() && plain_to_tls());
    co_return std::move(stats_);
  }

 private:
  using Chunk = std::unique_ptr<uint8_t[]>;

  ::asio::awaitable<void> tls_to_plain() {
    Chunk chunk;
    bool full = false;  // the last read filled the chunk
    for (;;) {
      std::error_code ec;
      if (!full && !tls_read_ready()) {
        chunk.reset();
        if (!writing_tls_) tls_.release_buffers();
        co_await tls_.lowest_layer().async_wait(::asio::socket_base::wait_read, redirect(ec));
        if (ec) co_return abort(tls_end_text(ec));
      }
      if (!chunk) chunk = std::make_unique_for_overwrite<uint8_t[]>(kChunk);
      size_t n = co_await tls_.async_read_some(::asio::buffer(chunk.get(), kChunk), redirect(ec));
      if (ec == ::asio::error::eof) {  // the peer's close_notify: its direction only
        if (stats_.end.empty()) stats_.end = "close_notify";
        std::error_code ignored;
        plain_.shutdown(Plain::shutdown_send, ignored);
        co_return;
      }
      if (ec) co_return abort(tls_end_text(ec));
      full = n == kChunk;
      co_await ::asio::async_write(plain_, ::asio::buffer(chunk.get(), n), redirect(ec));
      if (ec) co_return abort("the target failed: " + ec.message());
      stats_.from_tls += n;
      if (hooks_.from_tls) hooks_.from_tls(n);
    }
  }

  ::asio::awaitable<void> plain_to_tls() {
    Chunk chunk;
    bool full = false;  // the last read filled the chunk
    for (;;) {
      std::error_code ec;
      if (!full && !ready_to_read(plain_)) {
        chunk.reset();
        co_await plain_.async_wait(Plain::wait_read, redirect(ec));
        if (ec) co_return abort("the target failed: " + ec.message());
      }
      if (!chunk) chunk = std::make_unique_for_overwrite<uint8_t[]>(kPlainChunk);
      size_t n = co_await plain_.async_read_some(::asio::buffer(chunk.get(), kPlainChunk), redirect(ec));
      if (ec == ::asio::error::eof) {  // the target is done sending: our close_notify
        writing_tls_ = true;
        co_await tls_.async_shutdown(redirect(ec));
        writing_tls_ = false;
        if (ec) co_return abort(tls_end_text(ec));
        co_return;
      }
      if (ec) co_return abort("the target failed: " + ec.message());
      full = n == kPlainChunk;
      writing_tls_ = true;
      co_await ::asio::async_write(tls_, ::asio::buffer(chunk.get(), n), redirect(ec));
      writing_tls_ = false;
      if (ec) co_return abort(tls_end_text(ec));
      stats_.to_tls += n;
      if (hooks_.to_tls) hooks_.to_tls(n);
    }
  }

  // One side failed: both directions end now (closing the sockets fails
  // whatever the other direction waits for). The first reason is the one kept.
  void abort(std::string why) {
    if (aborted_) return;
    aborted_ = true;
    if (stats_.end.empty() || stats_.end == "close_notify") stats_.end = std::move(why);
    std::error_code ignored;
    plain_.close(ignored);
    tls_.lowest_layer().close(ignored);
  }

  // A TLS read completes without the socket: plaintext or records already
  // received, or a close_notify or failure the Connection already took in
  // (a client's first flight can carry Finished, data and close_notify).
  bool tls_read_ready() {
    const Connection& c = tls_.connection();
    return c.readable() > 0 || tls_.buffered_input() > 0 || c.peer_closed() || c.error() ||
           ready_to_read(tls_.lowest_layer());
  }

  static auto redirect(std::error_code& ec) { return ::asio::redirect_error(::asio::use_awaitable, ec); }

  TlsStream& tls_;
  Plain& plain_;
  RelayHooks hooks_;
  RelayStats stats_;
  bool writing_tls_ = false;  // the TLS stream's output is in use: keep its buffers
  bool aborted_ = false;
};

}  // namespace parley::tunnel
