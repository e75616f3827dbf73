#include "io/blocking_driver.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace parley::io {
namespace {

using Clock = std::chrono::steady_clock;

// Room for one whole TLSCiphertext (RFC 8446 §5.2: 2^14 + 256 plus the 5-byte header).
constexpr size_t kReadBuffer = (1u << 14) + 256 + 5;
// The longest pause between two questions to a deferred Signer.
constexpr std::chrono::milliseconds kMaxSignerPoll{32};

int poll_ms(std::chrono::milliseconds ms) {
  return static_cast<int>(std::clamp<int64_t>(ms.count(), 0, 24 * 3600 * 1000));
}

std::chrono::milliseconds left(Clock::time_point deadline) {
  auto d = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return d.count() > 0 ? d : std::chrono::milliseconds(0);
}

std::string seconds_text(std::chrono::milliseconds ms) {
  return std::to_string(ms.count() / 1000) + "." + std::to_string(ms.count() % 1000 / 100) + " s";
}

}  // namespace

BlockingDriver::BlockingDriver(int fd, Connection& conn, Timeouts timeouts)
    : fd_(fd), conn_(conn), timeouts_(timeouts), buf_(kReadBuffer) {
  int flags = ::fcntl(fd_, F_GETFL);
  if (flags >= 0) ::fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
  // Every send is already a whole flight or record; Nagle's algorithm would
  // hold a small one back until the peer's delayed ACK (40 ms on Linux).
  // Fails harmlessly on a socket that is not TCP.
  int on = 1;
  (void)::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

Result<void> BlockingDriver::flush() {
  auto deadline = Clock::now() + timeouts_.write;
  for (;;) {
    auto out = conn_.pending_output();
    if (out.empty()) return {};
    ssize_t n = ::send(fd_, out.data(), out.size(), MSG_NOSIGNAL);
    if (n > 0) {
      conn_.consume_output(static_cast<size_t>(n));
      deadline = Clock::now() + timeouts_.write;  // progress: the peer is reading
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (left(deadline).count() == 0) {
        return err::io("the peer stopped reading (send timed out)", "after " + seconds_text(timeouts_.write));
      }
      pollfd p{fd_, POLLOUT, 0};
      if (::poll(&p, 1, poll_ms(left(deadline))) < 0 && errno != EINTR) return err::io("poll failed", std::strerror(errno));
      continue;
    }
    return err::io("cannot send to the peer", std::strerror(errno));
  }
}

Unexpected BlockingDriver::fail_after_alert(Error e) {
  // The Connection queued one fatal alert (connection.h): send it if the
  // socket takes it at once, but never wait long for a failed peer.
  auto saved = timeouts_.write;
  timeouts_.write = std::chrono::milliseconds(1000);
  (void)flush();
  timeouts_.write = saved;
  return Unexpected(std::move(e));
}

Result<BlockingDriver::Received> BlockingDriver::receive(std::chrono::milliseconds wait) {
  PARLEY_TRY(flush());  // what we owe the peer (a client's Finished) before we wait for it
  auto r = PARLEY_TRY(receive_and_feed(wait));
  if (r == Received::data) PARLEY_TRY(flush());  // an answer such as a KeyUpdate
  return r;
}

Result<void> BlockingDriver::feed_buffered() {
  auto fed = conn_.feed(std::span<const uint8_t>(buf_).subspan(in_begin_, buffered_input()));
  if (!fed) {
    in_begin_ = in_end_ = 0;
    return fail_after_alert(std::move(fed).error());
  }
  in_begin_ += *fed;
  if (in_begin_ == in_end_) in_begin_ = in_end_ = 0;
  return {};
}

Result<BlockingDriver::Received> BlockingDriver::receive_and_feed(std::chrono::milliseconds wait) {
  // What the Connection refused while its unread plaintext was full goes
  // first (in order); the socket is read again once it has all been taken.
  if (buffered_input() > 0) {
    PARLEY_TRY(feed_buffered());
    return Received::data;
  }
  if (eof_) return Received::eof;
  pollfd p{fd_, POLLIN, 0};
  int ready = ::poll(&p, 1, poll_ms(wait));
  if (ready < 0) {
    if (errno == EINTR) return Received::timeout;
    return err::io("poll failed", std::strerror(errno));
  }
  if (ready == 0) return Received::timeout;
  ssize_t n = ::recv(fd_, buf_.data(), buf_.size(), 0);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return Received::timeout;
    if (errno == ECONNRESET) {
      eof_ = true;
      return Received::eof;
    }
    return err::io("cannot receive from the peer", std::strerror(errno));
  }
  if (n == 0) {
    eof_ = true;
    return Received::eof;
  }
  in_begin_ = 0;
  in_end_ = static_cast<size_t>(n);
  PARLEY_TRY(feed_buffered());
  return Received::data;
}

Result<void> BlockingDriver::wait_for_signer(std::chrono::milliseconds limit) {
  PARLEY_TRY(conn_.resume());
  if (!conn_.awaiting_signature()) return {};
  // The Signer says nothing when it is ready: ask soon, then less often.
  ::poll(nullptr, 0, poll_ms(std::min(signer_poll_, limit)));
  signer_poll_ = std::min(signer_poll_ * 2, kMaxSignerPoll);
  return {};
}

Result<void> BlockingDriver::handshake() {
  auto deadline = Clock::now() + timeouts_.handshake;
  for (;;) {
    // Done: a client's Finished stays queued, to leave in one segment with the
    // first application data (write_all); receive() and close() send it too.
    if (!conn_.is_handshaking()) return {};
    PARLEY_TRY(flush());
    if (left(deadline).count() == 0) {
      return err::io("handshake timed out", "no complete handshake after " + seconds_text(timeouts_.handshake));
    }
    if (conn_.awaiting_signature()) {
      if (auto w = wait_for_signer(left(deadline)); !w) return fail_after_alert(std::move(w).error());
      continue;
    }
    auto r = PARLEY_TRY(receive_and_feed(left(deadline)));
    if (r == Received::eof) return err::io("the peer closed the connection during the handshake");
  }
}

Result<size_t> BlockingDriver::read(std::span<uint8_t> out) {
  auto deadline = Clock::now() + timeouts_.idle;
  for (;;) {
    if (size_t n = conn_.read(out); n > 0) return n;
    if (conn_.peer_closed()) return size_t{0};
    if (const Error* e = conn_.error()) return Unexpected(*e);
    if (left(deadline).count() == 0) {
      return err::io("the peer sent nothing (idle timeout)", "for " + seconds_text(timeouts_.idle));
    }
    auto r = PARLEY_TRY(receive(left(deadline)));
    if (r == Received::eof && conn_.readable() == 0 && !conn_.peer_closed()) {
      return err::io("the peer closed the connection without close_notify (possible truncation)");
    }
    if (r == Received::data) deadline = Clock::now() + timeouts_.idle;
  }
}

Result<void> BlockingDriver::write_all(std::span<const uint8_t> plaintext) {
  PARLEY_TRY(conn_.write(plaintext));
  return flush();
}

Result<void> BlockingDriver::close() {
  if (!closed_) {
    closed_ = true;
    conn_.close();
  }
  return flush();
}

}  // namespace parley::io
