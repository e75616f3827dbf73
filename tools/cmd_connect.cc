// parley connect: a TLS 1.3 client for one connection, like `openssl s_client`
// but with plain-words errors and an explained handshake.
//
//   parley connect HOST:PORT [--ca CA.pem] [--servername NAME] [--cert CERT.pem --key KEY.pem]
//                  [--alpn LIST] [--groups x25519,secp256r1] [--ciphers ...] [--crl CRL.pem ...]
//                  [--trace[=json]] [--keylog FILE]
//
// After the handshake, stdin is sent to the server and what comes back is
// written to stdout until the server closes; at the end of stdin we send
// close_notify once the server has been quiet for 1.5 s, and wait (10 s at
// most) for the server's. The trace and every error go to stderr. Exit 0: ok; 1: the connection or handshake failed (the
// reason on stderr: for a certificate, the verifier's report); 2: usage or
// unreadable input.
#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>

#include "cli_util.h"
#include "command.h"
#include "io/blocking_driver.h"
#include "keylog.h"
#include "tls_common.h"
#include "trace/observer.h"

namespace parley::tools {
namespace {

using trace::parse_trace_format;
using trace::Role;
using trace::TraceFormat;
using trace::TraceObserver;

struct ConnectOpts {
  std::string target, ca, servername, cert, key, alpn, groups, ciphers, keylog, trace;
  std::vector<std::string> crls;
  int timeout_s = 15;
};

constexpr std::chrono::milliseconds kCloseWait{10'000};
constexpr std::chrono::milliseconds kQuiet{1'500};

// A connected TCP socket, or why not (the connect itself waits timeout at most).
Result<int> dial(const HostPort& hp, std::chrono::milliseconds timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* res = nullptr;
  if (int rc = ::getaddrinfo(hp.host.c_str(), hp.port.c_str(), &hints, &res); rc != 0) {
    return err::io("cannot resolve the host name", hp.host + ": " + ::gai_strerror(rc));
  }
  std::string why = "no address";
  int fd = -1;
  for (addrinfo* a = res; a != nullptr && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) {
      why = std::strerror(errno);
      continue;
    }
    int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
      int so_error = 0;
      socklen_t len = sizeof so_error;
      if (rc == 0) {
        why = "timed out";
        rc = -1;
      } else if (rc > 0 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len) == 0 && so_error == 0) {
        rc = 0;
      } else {
        why = std::strerror(so_error != 0 ? so_error : errno);
        rc = -1;
      }
    } else if (rc != 0) {
      why = std::strerror(errno);
    }
    if (rc != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(res);
  if (fd < 0) return err::io("cannot connect", hp.host + ":" + hp.port + ": " + why);
  return fd;
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

void write_stdout(std::span<const uint8_t> data) {
  std::fwrite(data.data(), 1, data.size(), stdout);
  std::fflush(stdout);
}

int fail(std::string_view what) {
  fmt::print(stderr, "parley connect: {}\n", what);
  return kFailed;
}

// Everything after the handshake: stdin to the server, the server to stdout.
// At the end of stdin we first let the server answer (it is quiet for
// kQuiet), then send close_notify and wait at most kCloseWait for its own.
int exchange(io::BlockingDriver& d, Connection& conn, const HandshakeRecorder& seen) {
  using Clock = std::chrono::steady_clock;
  std::vector<uint8_t> buf(16 * 1024);
  bool stdin_open = true, we_closed = false;
  auto deadline = Clock::time_point::max();  // after stdin's end: when to close, then when to give up
  for (;;) {
    while (size_t n = conn.read(buf)) write_stdout({buf.data(), n});
    while (conn.next_event()) {
    }
    if (conn.peer_closed()) {
      if (!we_closed) (void)d.close();  // answer close_notify with close_notify (RFC 8446 §6.1)
      return kOk;
    }
    if (d.socket_eof()) {
      if (we_closed) return kOk;
      return fail("the server closed the connection without close_notify (the data may be truncated)");
    }
    if (!stdin_open && Clock::now() >= deadline) {
      if (we_closed) return kOk;  // we said goodbye; no answer in time, but nothing was lost
      we_closed = true;
      deadline = Clock::now() + kCloseWait;
      if (auto c = d.close(); !c) return fail(c.error().message());
      continue;
    }
    pollfd p[2] = {{d.fd(), POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
    int wait = -1;
    if (!stdin_open) {
      wait = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
      wait = std::max(wait, 0);
    }
    // Our Finished is still queued after the handshake: a request already
    // waiting on stdin goes with it in one write; otherwise it leaves alone below.
    if (!conn.pending_output().empty()) wait = 0;
    // Received bytes the Connection held back until we read what it had.
    if (d.buffered_input() > 0) wait = 0;
    if (::poll(p, stdin_open ? 2 : 1, wait) < 0 && errno != EINTR) return fail(std::strerror(errno));
    if (p[0].revents != 0 || d.buffered_input() > 0) {
      auto r = d.receive(std::chrono::milliseconds(0));
      if (!r) {
        if (conn.peer_closed() || (we_closed && r.error().kind == Error::Kind::Io)) return kOk;
        // In TLS 1.3 the client finishes first: a server that rejects our
        // certificate says so after our handshake is done.
        return fail(explain_failure(r.error(), seen, "the server"));
      }
      if (*r == io::BlockingDriver::Received::data && !stdin_open && !we_closed) deadline = Clock::now() + kQuiet;
    }
    if (stdin_open && p[1].revents != 0) {
      ssize_t n = ::read(STDIN_FILENO, buf.data(), buf.size());
      if (n < 0 && errno == EINTR) continue;
      if (n > 0) {
        if (auto w = d.write_all({buf.data(), static_cast<size_t>(n)}); !w) return fail(w.error().message());
      } else {
        stdin_open = false;
        deadline = Clock::now() + kQuiet;
      }
    }
    if (auto f = d.flush(); !f) return fail(f.error().message());
  }
}

Result<int> run_connect(const ConnectOpts& o) {
  // Configuration: a problem here is a usage error (exit 2).
  auto hp = PARLEY_TRY(parse_host_port(o.target));
  auto trace_format = parse_trace_format(o.trace);
  if (!trace_format) return err::api("--trace takes text or json", o.trace);
  if (o.cert.empty() != o.key.empty()) return err::api("--cert and --key go together");
  auto cfg = std::make_shared<ClientConfig>();
  cfg->trust_store = PARLEY_TRY(load_trust_store(o.ca));
  cfg->crls = PARLEY_TRY(load_crls(o.crls));
  if (!o.cert.empty()) cfg->identity = PARLEY_TRY(load_identity(o.cert, o.key));
  cfg->alpn = split_list(o.alpn);
  if (!o.groups.empty()) cfg->groups = PARLEY_TRY(parse_groups(o.groups));
  if (!o.ciphers.empty()) cfg->suites = PARLEY_TRY(parse_suites(o.ciphers));
  if (!o.keylog.empty()) cfg->keylog = PARLEY_TRY(FileKeyLog::open(o.keylog));
  auto name = ServerName::parse(o.servername.empty() ? hp.host : o.servername);
  if (!name) return err::api("not a valid server name", name.error().message());
  if (o.timeout_s <= 0) return err::api("--timeout must be at least 1 second");

  // The connection: a problem from here on is a failure (exit 1).
  std::chrono::milliseconds timeout(o.timeout_s * 1000);
  auto fd = dial(hp, timeout);
  if (!fd) return fail(fd.error().message());
  Fd sock{*fd};
  auto conn = Connection::client(cfg, *name);
  if (!conn) return fail(conn.error().message());
  std::unique_ptr<TraceObserver> trace;
  if (!o.trace.empty()) {
    trace = std::make_unique<TraceObserver>(Role::client, *trace_format, stderr);
  }
  HandshakeRecorder recorder(trace.get());
  conn->set_observer(&recorder);
  io::BlockingDriver driver(sock.fd, *conn, io::Timeouts{timeout, timeout, timeout});
  if (auto hs = driver.handshake(); !hs) return fail(explain_failure(hs.error(), recorder, "the server"));
  return exchange(driver, *conn, recorder);
}

}  // namespace

void add_connect_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ConnectOpts>();
  auto* cmd = app.add_subcommand("connect", "Connect to a TLS 1.3 server, send stdin, print the answer");
  cmd->add_option("target", o->target, "HOST:PORT ([IPv6]:PORT)")->required();
  cmd->add_option("--ca", o->ca, "Trust these CA certificates (PEM file or directory; default: the system store)");
  cmd->add_option("--servername", o->servername, "Name for SNI and for checking the certificate (default: HOST)");
  cmd->add_option("--cert", o->cert, "Our certificate chain for mTLS (PEM, leaf first)");
  cmd->add_option("--key", o->key, "The private key of --cert");
  cmd->add_option("--alpn", o->alpn, "ALPN protocols to offer, e.g. h2,http/1.1");
  cmd->add_option("--groups", o->groups, "Key exchange groups in order; a key share goes with the first");
  cmd->add_option("--ciphers", o->ciphers, "Cipher suites in order (TLS_AES_128_GCM_SHA256, ...)");
  cmd->add_option("--crl", o->crls, "Check revocation against these CRLs (repeatable)");
  cmd->add_flag("--trace{text}", o->trace, "Explain the handshake step by step on stderr (--trace=json: JSON lines)");
  cmd->add_option("--keylog", o->keylog, "Append the TLS secrets to this file (SSLKEYLOGFILE format, mode 0600)");
  cmd->add_option("--timeout", o->timeout_s, "Seconds for connecting, the handshake and each wait")
      ->capture_default_str();
  cmd->callback(run(exit_code, [o]() { return run_connect(*o); }));
}

}  // namespace parley::tools
