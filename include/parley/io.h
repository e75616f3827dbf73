// A socket file descriptor <-> Connection loop (ARCHITECTURE §7): bytes from
// the socket go to Connection::feed, Connection::pending_output goes to the
// socket. Every wait is a poll() with a deadline, so a peer that stops
// reading or writing fails the call with a reason instead of blocking it
// forever. Async programs write their own driver over the same Connection.
//
// The socket is the caller's: connect() or accept() it, hand it over, close it after.
//
//   parley::io::BlockingDriver d(fd, conn);
//   if (auto r = d.handshake(); !r) report(r.error());
//   d.write_all(request); auto n = d.read(buf);   // n == 0: the peer sent close_notify
//   d.close();                                   // close_notify
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <parley/connection.h>
#include <parley/error.h>

namespace parley::io {

struct Timeouts {
  std::chrono::milliseconds handshake{10'000};  // the whole handshake
  std::chrono::milliseconds idle{30'000};       // read(): no byte from the peer for this long
  std::chrono::milliseconds write{10'000};      // flush(): the peer takes no byte for this long
};

class BlockingDriver {
 public:
  enum class Received : uint8_t { data, timeout, eof };

  // fd: a connected stream socket, switched to non-blocking mode (and
  // TCP_NODELAY for TCP) here. Neither
  // fd nor conn is owned; both must outlive the driver.
  BlockingDriver(int fd, Connection& conn, Timeouts timeouts = {});

  // Runs the handshake to completion within timeouts.handshake (a deferred
  // Signer included: it is asked again until it answers). A client's
  // last flight (Finished) may still be queued: it leaves with the first
  // write_all, or before receive()/read() wait, or with close(). On failure
  // the alert we queued is sent first.
  Result<void> handshake();

  // Sends everything the Connection has queued.
  Result<void> flush();

  // Sends what is queued, waits up to `wait` for bytes from the peer and feeds them (then flushes
  // whatever the Connection answered, such as a KeyUpdate). eof: the socket
  // was closed. A fatal error is returned after its alert was sent.
  Result<Received> receive(std::chrono::milliseconds wait);

  // Blocks until plaintext arrives (copied into out) or the peer sent
  // close_notify (0). Fails on idle timeout and on a close without
  // close_notify (truncation, RFC 8446 §6.1).
  Result<size_t> read(std::span<uint8_t> out);

  // Queues plaintext and sends it.
  Result<void> write_all(std::span<const uint8_t> plaintext);

  // Sends close_notify (once) and flushes it.
  Result<void> close();

  int fd() const { return fd_; }
  bool socket_eof() const { return eof_; }
  // Bytes received from the socket that the Connection has not taken yet:
  // it takes no more once Connection::kMaxUnreadPlaintext waits for read()
  // (backpressure). receive() and read() feed them before they wait on the
  // socket again; a caller polling the socket itself checks this first.
  size_t buffered_input() const { return in_end_ - in_begin_; }
  Connection& connection() { return conn_; }

 private:
  Unexpected fail_after_alert(Error e);
  // The bytes held back by backpressure, or else one recv(), fed to the
  // Connection; sends nothing.
  Result<Received> receive_and_feed(std::chrono::milliseconds wait);
  // Feeds buf_[in_begin_, in_end_) and keeps what the Connection did not take.
  Result<void> feed_buffered();
  // While our Signer has not answered (Connection::awaiting_signature):
  // asks it again after a pause no longer than `limit`.
  Result<void> wait_for_signer(std::chrono::milliseconds limit);

  int fd_;
  Connection& conn_;
  Timeouts timeouts_;
  bool eof_ = false;
  bool closed_ = false;
  std::vector<uint8_t> buf_;
  size_t in_begin_ = 0;  // buf_[in_begin_, in_end_): received, not yet fed
  size_t in_end_ = 0;
  std::chrono::milliseconds signer_poll_{1};
};

}  // namespace parley::io
