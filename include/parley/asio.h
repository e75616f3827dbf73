// parley over standalone Asio: stream<Socket> runs a sans-I/O parley::Connection
// over any Asio stream (a tcp::socket, a local socket, a reference to one), the
// way asio::ssl::stream runs OpenSSL. Every operation takes any completion token
// (a callback, asio::use_awaitable, asio::use_future, deferred).
//
//   asio::ip::tcp::socket sock(io);  co_await sock.async_connect(ep, asio::use_awaitable);
//   parley::asio::stream<asio::ip::tcp::socket> tls(std::move(sock),
//       parley::Connection::client(cfg, parley::ServerName::parse("orders.internal").value()).value());
//   co_await tls.async_handshake(asio::use_awaitable);
//   co_await asio::async_write(tls, asio::buffer(request), asio::use_awaitable);
//   size_t n = co_await tls.async_read_some(asio::buffer(buf), asio::use_awaitable);
//
// Errors arrive as std::error_code: a parley failure in parley::asio::error_category()
// (its message names the kind and the alert; connection().error() has the full
// text), asio::error::eof once the peer sent close_notify, stream_truncated when
// the TCP connection ended without one (RFC 8446 §6.1), and the socket's own codes.
//
// Like asio::ssl::stream, one read-side operation (async_handshake or
// async_read_some) and one write-side operation (async_write_some or
// async_shutdown) may be outstanding at a time, all on one strand.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>

#include <asio.hpp>
#include <parley/config.h>
#include <parley/connection.h>
#include <parley/error.h>

namespace parley::asio {

// ---------------------------------------------------------------------------
// Error codes. A value packs the Error's kind and alert, so the message can
// name both without holding the Error (error codes are plain integers).

namespace detail {
constexpr int kHasAlert = 1 << 16;
constexpr int kTruncated = 1 << 17;

class category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "parley"; }
  std::string message(int value) const override {
    if (value & kTruncated) return "the peer closed the connection without close_notify (possible truncation)";
    auto kind = static_cast<Error::Kind>((value & 0xff) - 1);
    std::string text = "TLS: " + std::string(kind_name(kind));
    if (value & kHasAlert) {
      auto alert = static_cast<Alert>((value >> 8) & 0xff);
      text += kind == Error::Kind::AlertReceived ? ", the peer sent the alert " : ", alert ";
      text += alert_name(alert);
    }
    return text;
  }
};
}  // namespace detail

inline const std::error_category& error_category() {
  static const detail::category_impl category;
  return category;
}

// The TCP connection ended before the peer's close_notify.
inline const std::error_code stream_truncated{detail::kTruncated | (static_cast<int>(Error::Kind::Io) + 1),
                                              error_category()};

inline std::error_code make_error_code(const Error& e) {
  int value = static_cast<int>(e.kind) + 1;
  if (e.alert) value |= detail::kHasAlert | (static_cast<int>(*e.alert) << 8);
  return {value, error_category()};
}

// The Error a code from error_category() was made from, without its text:
// kind and alert (connection().error() keeps the whole Error).
inline std::optional<Alert> alert_of(const std::error_code& ec) {
  if (ec.category() != error_category() || !(ec.value() & detail::kHasAlert)) return std::nullopt;
  return static_cast<Alert>((ec.value() >> 8) & 0xff);
}

namespace detail {

// Room for one whole TLSCiphertext (RFC 8446 §5.2: 2^14 + 256 plus the 5-byte header).
constexpr std::size_t kRecordRoom = (std::size_t{1} << 14) + 256 + 5;
// The plaintext one async_write_some takes: one full record (§5.1), so the
// queued output stays bounded whatever the caller hands over.
constexpr std::size_t kMaxPlaintext = std::size_t{1} << 14;

// Nagle's algorithm holds a small record back until the previous one is
// acknowledged; a handshake flight or a request then waits for a delayed ACK
// (40 ms on Linux). Records are already whole writes, so it only adds latency.
template <class Socket>
void set_no_delay(Socket& socket) {
  if constexpr (requires { typename Socket::protocol_type; }) {
    if constexpr (std::is_same_v<typename Socket::protocol_type, ::asio::ip::tcp>) {
      std::error_code ignored;
      if (socket.is_open()) socket.set_option(::asio::ip::tcp::no_delay(true), ignored);
    }
  }
}

// What an operation wants next: to complete, to send the Connection's output,
// to receive more bytes from the peer, or to ask a deferred Signer again.
enum class Want : uint8_t { complete, flush, receive, await_signer };

// How often a handshake asks a deferred Signer (Connection::resume): soon at
// first, then less often, so a slow one costs few wake-ups.
constexpr std::chrono::milliseconds kFirstSignerPoll{1};
constexpr std::chrono::milliseconds kMaxSignerPoll{32};

}  // namespace detail

template <class NextLayer>
class stream {
 public:
  using next_layer_type = std::remove_reference_t<NextLayer>;
  using lowest_layer_type = typename next_layer_type::lowest_layer_type;
  using executor_type = typename next_layer_type::executor_type;

  // arg constructs the next layer (a socket, or an executor/io_context to make one).
  template <class Arg>
  stream(Arg&& arg, Connection conn)
      : next_(std::forward<Arg>(arg)), conn_(std::move(conn)), parked_(next_.get_executor()) {
    detail::set_no_delay(lowest_layer());
  }
  stream(const stream&) = delete;
  stream& operator=(const stream&) = delete;

  executor_type get_executor() noexcept { return next_.get_executor(); }
  next_layer_type& next_layer() noexcept { return next_; }
  const next_layer_type& next_layer() const noexcept { return next_; }
  lowest_layer_type& lowest_layer() noexcept { return next_.lowest_layer(); }
  Connection& connection() noexcept { return conn_; }
  const Connection& connection() const noexcept { return conn_; }

  // A client that writes at once after the handshake may let its Finished wait
  // and leave in one write with the first application data (any read, write
  // or shutdown sends it). Off by default: a client that handshakes and then
  // waits (a connection pool) would leave the server's handshake unfinished.
  void hold_last_flight(bool hold) noexcept { hold_last_flight_ = hold; }

  // A server that answers 0-RTT requests (RFC 8446 §2.3): async_handshake
  // also completes once our flight is sent and accepted early data waits for
  // read(), before the client's Finished (connection().is_handshaking() is
  // then still true; turn this off and call async_handshake again to finish).
  void complete_on_early_data(bool on) noexcept { complete_on_early_data_ = on; }

  // Frees the read buffer and the Connection's idle record buffers (for a
  // connection that goes idle; the next read allocates them again). Not while
  // an operation is outstanding.
  void release_buffers() {
    if (buffered_input() == 0) rbuf_.reset();
    conn_.release_buffers();
  }

  // Bytes received from the socket that the Connection has not taken yet:
  // it takes no more once Connection::kMaxUnreadPlaintext waits for a read
  // (backpressure), and the next read feeds them before it receives more.
  std::size_t buffered_input() const noexcept { return in_end_ - in_begin_; }
  // The read buffer's size while the stream holds one (0 after release_buffers()).
  std::size_t read_buffer_bytes() const noexcept { return rbuf_ ? detail::kRecordRoom : 0; }

  // Runs the handshake; completes once our last flight is sent (but see
  // hold_last_flight). Signature: void(std::error_code).
  template <class Token>
  auto async_handshake(Token&& token) {
    detail::set_no_delay(lowest_layer());
    return ::asio::async_compose<Token, void(std::error_code)>(op<handshake_action>{*this, {}}, token, next_);
  }

  // Reads application data; asio::error::eof after the peer's close_notify.
  // Signature: void(std::error_code, std::size_t).
  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    return ::asio::async_compose<Token, void(std::error_code, std::size_t)>(
        op<read_action<MutableBuffers>>{*this, {buffers}}, token, next_);
  }

  // Seals up to one record of the buffers' plaintext and sends it.
  // Signature: void(std::error_code, std::size_t).
  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    return ::asio::async_compose<Token, void(std::error_code, std::size_t)>(
        op<write_action<ConstBuffers>>{*this, {buffers}}, token, next_);
  }

  // Sends close_notify (RFC 8446 §6.1) and whatever is queued before it. The
  // peer's close_notify arrives as asio::error::eof on a read.
  // Signature: void(std::error_code).
  template <class Token>
  auto async_shutdown(Token&& token) {
    return ::asio::async_compose<Token, void(std::error_code)>(op<shutdown_action>{*this, {}}, token, next_);
  }

 private:
  using Want = detail::Want;
  using timer_type = ::asio::basic_waitable_timer<std::chrono::steady_clock,
                                                  ::asio::wait_traits<std::chrono::steady_clock>, executor_type>;

  // The failure to report, if the Connection has failed.
  std::error_code failure() const {
    const Error* e = conn_.error();
    return e ? make_error_code(*e) : std::error_code{};
  }
  bool output_pending() const { return !conn_.pending_output().empty(); }

  // Each action says what its operation wants next; op<> does the I/O.
  struct handshake_action {
    static constexpr bool sized = false;
    Want next(stream& s, std::error_code& ec, std::size_t& n) {
      if ((ec = s.failure())) return s.output_pending() ? Want::flush : Want::complete;
      if (!s.conn_.is_handshaking() && (s.hold_last_flight_ || !s.output_pending())) return Want::complete;
      if (s.output_pending()) return Want::flush;
      if (s.conn_.awaiting_signature()) {
        // Our Signer answers later (an HSM): it says nothing when, so ask
        // again after a pause. Its error fails the Connection (failure()).
        (void)s.conn_.resume();
        return s.conn_.awaiting_signature() && !s.conn_.error() ? Want::await_signer : next(s, ec, n);
      }
      if (s.complete_on_early_data_ && s.conn_.early_data_pending() > 0) return Want::complete;
      if (s.eof_) {
        ec = stream_truncated;
        return Want::complete;
      }
      return Want::receive;
    }
  };

  template <class MutableBuffers>
  struct read_action {
    static constexpr bool sized = true;
    MutableBuffers buffers;
    Want next(stream& s, std::error_code& ec, std::size_t& n) {
      n = 0;
      for (auto it = ::asio::buffer_sequence_begin(buffers); it != ::asio::buffer_sequence_end(buffers); ++it) {
        ::asio::mutable_buffer b = *it;
        n += s.conn_.read({static_cast<uint8_t*>(b.data()), b.size()});
        if (s.conn_.readable() == 0) break;
      }
      if (n > 0 || ::asio::buffer_size(buffers) == 0) return Want::complete;
      if ((ec = s.failure())) return s.output_pending() ? Want::flush : Want::complete;
      if (s.output_pending()) return Want::flush;  // our Finished, a KeyUpdate answer
      if (s.conn_.peer_closed()) {
        ec = ::asio::error::eof;
        return Want::complete;
      }
      if (s.eof_) {
        ec = stream_truncated;
        return Want::complete;
      }
      return Want::receive;
    }
  };

  template <class ConstBuffers>
  struct write_action {
    static constexpr bool sized = true;
    ConstBuffers buffers;
    std::size_t taken = 0;
    bool sealed = false;
    Want next(stream& s, std::error_code& ec, std::size_t& n) {
      if (!sealed) {
        sealed = true;
        for (auto it = ::asio::buffer_sequence_begin(buffers); it != ::asio::buffer_sequence_end(buffers); ++it) {
          ::asio::const_buffer b = *it;
          std::size_t take = std::min(b.size(), detail::kMaxPlaintext - taken);
          if (take == 0) continue;
          if (auto r = s.conn_.write({static_cast<const uint8_t*>(b.data()), take}); !r) {
            ec = make_error_code(r.error());
            return Want::complete;
          }
          taken += take;
          if (taken == detail::kMaxPlaintext) break;
        }
      }
      if (s.output_pending()) return Want::flush;
      n = taken;
      return Want::complete;
    }
  };

  struct shutdown_action {
    static constexpr bool sized = false;
    bool sent = false;
    Want next(stream& s, std::error_code& ec, std::size_t&) {
      if (!sent) {
        sent = true;
        if ((ec = s.failure())) return Want::complete;
        s.conn_.close();
      }
      return s.output_pending() ? Want::flush : Want::complete;
    }
  };

  // One composed operation: asks its action what it wants and does that. Any
  // step that appends to the Connection's output (feed, write, close) waits
  // while another operation's socket write holds pending_output(), which may
  // move when it grows: the writer wakes it through parked_.
  template <class Action>
  struct op {
    enum class Phase : uint8_t { start, parked, wrote, received };
    stream& s;
    Action action;
    Phase phase = Phase::start;
    std::chrono::milliseconds signer_poll = detail::kFirstSignerPoll;

    template <class Self>
    void operator()(Self& self, std::error_code ec = {}, std::size_t n = 0) {
      switch (phase) {
        case Phase::start:
        case Phase::parked:
          break;
        case Phase::wrote:
          s.writing_ = false;
          s.parked_.cancel();  // wake an operation waiting for the output buffer
          s.conn_.consume_output(n);
          if (ec) return finish(self, ec, 0);
          break;
        case Phase::received:
          if (ec == ::asio::error::eof) {
            s.eof_ = true;
          } else if (ec) {
            return finish(self, ec, 0);
          }
          s.in_begin_ = 0;
          s.in_end_ = n;
          break;
      }
      if (s.writing_) return park(self);  // another operation's socket write holds the output
      s.feed_buffered();
      std::size_t done = 0;
      switch (action.next(s, ec, done)) {
        case Want::complete:
          return finish(self, ec, done);
        case Want::flush: {
          if (s.writing_) return park(self);
          s.writing_ = true;
          phase = Phase::wrote;
          auto out = s.conn_.pending_output();
          return ::asio::async_write(s.next_, ::asio::buffer(out.data(), out.size()), std::move(self));
        }
        case Want::receive:
          // Every byte received so far was fed: an action receives only
          // while nothing waits for read(), so the Connection took them all.
          if (!s.rbuf_) s.rbuf_ = std::make_unique_for_overwrite<uint8_t[]>(detail::kRecordRoom);
          phase = Phase::received;
          return s.next_.async_read_some(::asio::buffer(s.rbuf_.get(), detail::kRecordRoom), std::move(self));
        case Want::await_signer:
          park(self, signer_poll);
          signer_poll = std::min(signer_poll * 2, detail::kMaxSignerPoll);
          return;
      }
    }

    // Waits until the socket write in flight ends (it cancels parked_), or `pause` has passed.
    template <class Self>
    void park(Self& self, std::chrono::milliseconds pause = std::chrono::milliseconds::max()) {
      phase = Phase::parked;
      if (pause == std::chrono::milliseconds::max()) {
        s.parked_.expires_at(timer_type::time_point::max());
      } else {
        s.parked_.expires_after(pause);
      }
      s.parked_.async_wait(std::move(self));
    }

    template <class Self>
    void finish(Self& self, std::error_code ec, std::size_t n) {
      if constexpr (Action::sized) {
        self.complete(ec, n);
      } else {
        self.complete(ec);
      }
    }
  };

  // Feeds what was received and not yet fed; keeps what the Connection did
  // not take (backpressure) for the next operation. An error queues its
  // alert; the action sees failure() and flushes it.
  void feed_buffered() {
    if (buffered_input() == 0) return;
    auto fed = conn_.feed({rbuf_.get() + in_begin_, buffered_input()});
    in_begin_ = fed ? in_begin_ + *fed : in_end_;
    if (in_begin_ == in_end_) in_begin_ = in_end_ = 0;
  }

  NextLayer next_;
  Connection conn_;
  timer_type parked_;                 // an operation waiting for the socket write to finish
  std::unique_ptr<uint8_t[]> rbuf_;   // one record's room, made on the first receive
  std::size_t in_begin_ = 0;          // rbuf_[in_begin_, in_end_): received, not yet fed
  std::size_t in_end_ = 0;
  bool writing_ = false;              // a socket write of pending_output() is in flight
  bool eof_ = false;                  // the peer closed its side of the TCP connection
  bool hold_last_flight_ = false;
  bool complete_on_early_data_ = false;
};

}  // namespace parley::asio
