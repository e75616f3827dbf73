// parley connect: a TLS 1.3 client for one connection, like `openssl s_client`
// but with plain-words errors and an explained handshake.
//
//   parley connect HOST:PORT [--ca CA.pem] [--servername NAME] [--cert CERT.pem --key KEY.pem]
//                  [--alpn LIST] [--groups x25519,secp256r1] [--ciphers ...] [--crl CRL.pem ...]
//                  [--revocation off|soft|hard [--fetch-timeout SECONDS]]
//                  [--trace[=json]] [--trace-html FILE [--trace-secrets]] [--keylog FILE] [--session FILE [--early-data]]
//
// --revocation hard needs fresh evidence for the leaf and every intermediate:
// what the staple and --crl do not cover is fetched from the URLs in the
// certificates (OCSP, else the CRL) by the verifier while the handshake waits,
// each fetch within --fetch-timeout (docs/REVOCATION.md). soft fetches nothing.
//
// --session FILE resumes the session saved in FILE (if it holds one that has
// not expired) and saves the newest ticket the server sends there, mode 0600
// (docs/RESUMPTION.md); --early-data sends stdin's first chunk as 0-RTT data
// when the session allows it, else right after the handshake.
//
// After the handshake, stdin is sent to the server and what comes back is
// written to stdout until the server closes; at the end of stdin we send
// close_notify once the server has been quiet for 1.5 s, and wait (10 s at
// most) for the server's. The trace and every error go to stderr. Exit 0: ok; 1: the connection or handshake failed (the
// reason on stderr: for a certificate, the verifier's report); 2: usage or
// unreadable input.
//
// The connection runs on parley::asio::stream over a one-thread io_context:
// one coroutine sends stdin to the server, another writes the server's data
// to stdout.
#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <poll.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <memory>
#include <ctime>
#include <optional>

#include <parley/asio.h>
#include <parley/session.h>

#include "cli_util.h"
#include "files.h"
#include "command.h"
#include "io/revocation_fetch.h"
#include "keylog.h"
#include "tls_common.h"
#include "trace/observer.h"
#include "trace/session.h"

namespace parley::tools {
namespace {

using trace::parse_trace_format;
using trace::Role;
using trace::TraceFormat;
using trace::TraceObserver;
using ::asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct ConnectOpts {
  std::string target, ca, servername, cert, key, alpn, groups, ciphers, keylog, trace, trace_html, session;
  bool early_data = false, trace_secrets = false;
  std::vector<std::string> crls;
  std::string revocation = "soft";
  double fetch_timeout = 5;
  int timeout_s = 15;
};

constexpr std::chrono::milliseconds kCloseWait{10'000};
constexpr std::chrono::milliseconds kQuiet{1'500};
// One read from stdin or from the connection; a record holds at most 16 KiB (RFC 8446 §5.1).
constexpr size_t kChunk = 16 * 1024;

int fail(std::string_view what) {
  fmt::print(stderr, "parley connect: {}\n", what);
  return kFailed;
}

// One client connection: the TCP connect and the handshake, then stdin to
// the server (send) and the server to stdout (receive), side by side. The
// first of them to end the connection sets the exit code and stops the loop.
class Client {
 public:
  Client(::asio::io_context& io, Connection conn, std::chrono::seconds timeout, const HandshakeRecorder& seen)
      : io_(io), tls_(io, std::move(conn)), timeout_(timeout), watchdog_(io), quiet_(io), in_(io), seen_(seen) {}

  int run(const HostPort& hp) {
    ::asio::co_spawn(io_, start(hp), rethrow);
    io_.run();
    return exit_.value_or(kFailed);
  }

 private:
  using Timer = ::asio::steady_timer;
  template <class T = void>
  using awaitable = ::asio::awaitable<T>;
  // An operation's error goes to ec instead of an exception.
  static auto into(std::error_code& ec) { return ::asio::redirect_error(::asio::use_awaitable, ec); }
  static Error io_error(const char* what, std::string detail) { return err::io(what, std::move(detail)).error(); }

  awaitable<void> start(HostPort hp) {
    std::string where = hp.host + ":" + hp.port;
    // Resolved in place (async_resolve would start a thread for it): nothing else runs yet.
    std::error_code rerr;
    auto addresses = tcp::resolver(io_).resolve(hp.host, hp.port, tcp::resolver::numeric_service, rerr);
    if (rerr) co_return finish(fail(io_error("cannot resolve the host name", hp.host + ": " + rerr.message()).message()));
    std::error_code ec;
    arm(io_error("cannot connect", where + ": timed out"));
    co_await ::asio::async_connect(tls_.next_layer(), addresses, into(ec));
    if (ec) co_return finish(fail(failure(ec, "cannot connect", where).message()));

    arm(io_error("handshake timed out", fmt::format("no complete handshake after {} s", timeout_.count())));
    // Our Finished waits, so that a request already on stdin leaves with it in one write.
    tls_.hold_last_flight(true);
    co_await tls_.async_handshake(into(ec));
    disarm();
    if (ec) co_return finish(fail(explain_failure(failure(ec, "handshake failed"), seen_, "the server")));
    // send() goes first: with stdin ready it seals the request behind the
    // Finished; otherwise receive()'s first read sends the Finished alone.
    ::asio::co_spawn(io_, send(), rethrow);
    ::asio::co_spawn(io_, receive(), rethrow);
  }

  // Stdin to the server. At its end, waits until the server is quiet for
  // kQuiet, then sends close_notify and waits at most kCloseWait for the server's.
  awaitable<void> send() {
    std::array<uint8_t, kChunk> buf;
    std::error_code ec;
    if (int fd = ::dup(STDIN_FILENO); fd >= 0) in_.assign(fd);
    while (in_.is_open()) {
      if (!stdin_ready()) {
        // A regular file cannot be waited for (epoll refuses it), but reading it never blocks.
        co_await in_.async_wait(::asio::posix::descriptor::wait_read, into(ec));
        if (ec && ec != ::asio::error::operation_not_supported) break;
      }
      ssize_t n = ::read(in_.native_handle(), buf.data(), buf.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      arm_send();
      writing_ = true;
      co_await ::asio::async_write(tls_, ::asio::buffer(buf.data(), static_cast<size_t>(n)), into(ec));
      writing_ = false;
      disarm();
      if (ec) co_return finish(fail(explain_failure(failure(ec, "cannot send to the server"), seen_, "the server")));
    }
    quiet_until_ = Clock::now() + kQuiet;
    while (Clock::now() < quiet_until_) {  // receive() moves quiet_until_ on while data arrives
      quiet_.expires_at(quiet_until_);
      co_await quiet_.async_wait(into(ec));
    }
    we_closed_ = true;
    arm_send();
    writing_ = true;
    co_await tls_.async_shutdown(into(ec));
    writing_ = false;
    disarm();
    if (ec) co_return finish(fail(failure(ec, "cannot send close_notify").message()));
    quiet_.expires_after(kCloseWait);
    co_await quiet_.async_wait(into(ec));
    finish(kOk);  // we said goodbye; no answer in time, but nothing was lost
  }

  // The server's data to stdout, until it closes.
  awaitable<void> receive() {
    std::array<uint8_t, kChunk> buf;
    std::error_code ec;
    for (;;) {
      size_t n = co_await tls_.async_read_some(::asio::buffer(buf), into(ec));
      if (n > 0) {
        std::fwrite(buf.data(), 1, n, stdout);
        std::fflush(stdout);
        quiet_until_ = Clock::now() + kQuiet;
      }
      if (!ec) continue;
      if (ec == ::asio::error::eof) {
        // Answer close_notify with close_notify (RFC 8446 §6.1), unless a write is in flight.
        if (!we_closed_ && !writing_) {
          we_closed_ = true;
          co_await tls_.async_shutdown(into(ec));
        }
        co_return finish(kOk);
      }
      if (we_closed_ && !tls_.connection().error()) co_return finish(kOk);  // the server closed after our goodbye
      if (ec == parley::asio::stream_truncated) {
        co_return finish(fail("the server closed the connection without close_notify (the data may be truncated)"));
      }
      co_return finish(fail(explain_failure(failure(ec, "cannot receive from the server"), seen_, "the server")));
    }
  }

  // Whether a read from stdin would return at once (data or its end).
  bool stdin_ready() {
    pollfd p{in_.native_handle(), POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
  }

  // Bounds the operation that follows by the timeout: when it passes, the
  // socket is closed, so the operation fails and reports `why`.
  void arm(Error why) {
    on_timeout_ = std::move(why);
    watchdog_.expires_after(timeout_);
    watchdog_.async_wait([this](std::error_code ec) {
      if (ec || watchdog_.expiry() > Clock::now()) return;  // disarmed, or armed again since
      timed_out_ = true;
      std::error_code ignored;
      tls_.lowest_layer().close(ignored);
    });
  }
  void arm_send() {
    arm(io_error("the server stopped reading (send timed out)", fmt::format("after {} s", timeout_.count())));
  }
  void disarm() { watchdog_.expires_at(Timer::time_point::max()); }

  // Why an operation failed: the timeout that closed the socket, the TLS
  // error, or the socket's own.
  Error failure(std::error_code ec, const char* what, const std::string& where = {}) const {
    if (timed_out_) return on_timeout_;
    if (const Error* e = tls_.connection().error()) return *e;
    return io_error(what, where.empty() ? ec.message() : where + ": " + ec.message());
  }

  void finish(int code) {
    if (exit_) return;
    exit_ = code;
    io_.stop();
  }

  static void rethrow(std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  }

  ::asio::io_context& io_;
  parley::asio::stream<tcp::socket> tls_;
  std::chrono::seconds timeout_;
  Timer watchdog_;
  Error on_timeout_;
  bool timed_out_ = false;
  Timer quiet_;  // after stdin's end: until the server is quiet, then until its close_notify
  Clock::time_point quiet_until_;
  ::asio::posix::stream_descriptor in_;
  bool writing_ = false;    // send() has a write in flight
  bool we_closed_ = false;  // we sent close_notify
  const HandshakeRecorder& seen_;
  std::optional<int> exit_;
};

Result<int> run_connect(const ConnectOpts& o) {
  // Configuration: a problem here is a usage error (exit 2).
  auto hp = PARLEY_TRY(parse_host_port(o.target));
  auto trace_format = parse_trace_format(o.trace);
  if (!trace_format) return err::api("--trace takes text or json", o.trace);
  if (o.cert.empty() != o.key.empty()) return err::api("--cert and --key go together");
  auto cfg = std::make_shared<ClientConfig>();
  cfg->trust_store = PARLEY_TRY(load_trust_store(o.ca));
  cfg->crls = PARLEY_TRY(load_crls(o.crls));
  cfg->revocation = PARLEY_TRY(parse_revocation(o.revocation));
  const io::FetchLimits limits = PARLEY_TRY(parse_fetch_timeout(o.fetch_timeout));
  std::shared_ptr<const io::HttpRevocationFetcher> fetcher;
  if (cfg->revocation == RevocationPolicy::hard) {
    // The verifier blocks the handshake while it fetches: each fetch is
    // bounded by the timeout, and a client that asked for hard waits for it.
    fetcher = std::make_shared<const io::HttpRevocationFetcher>(limits, *cfg->provider->rng);
    cfg->verifier = io::fetching_server_verifier(*cfg, fetcher);
  }
  if (!o.cert.empty()) cfg->identity = PARLEY_TRY(load_identity(o.cert, o.key));
  cfg->alpn = split_list(o.alpn);
  if (!o.groups.empty()) cfg->groups = PARLEY_TRY(parse_groups(o.groups));
  if (!o.ciphers.empty()) cfg->suites = PARLEY_TRY(parse_suites(o.ciphers));
  if (!o.keylog.empty()) cfg->keylog = PARLEY_TRY(FileKeyLog::open(o.keylog));
  auto name = ServerName::parse(o.servername.empty() ? hp.host : o.servername);
  if (!name) return err::api("not a valid server name", name.error().message());
  if (o.timeout_s <= 0) return err::api("--timeout must be at least 1 second");
  if (o.trace_secrets && o.trace_html.empty()) return err::api("--trace-secrets goes with --trace-html");
  std::optional<trace::Session> page;
  if (!o.trace_html.empty()) {
    page.emplace(trace::SessionInfo{Role::client, o.target, name->text, std::time(nullptr),
                                    o.trace_secrets});
    cfg->keylog = page->key_log(cfg->keylog);
  }

  const auto now = [] {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  };
  if (!o.session.empty()) {
    cfg->session_cache = std::make_shared<ClientSessionCache>();
    // No file yet, or an empty one: no session to resume (the first run).
    if (auto text = read_file(o.session); text && !text->empty()) {
      const std::string_view file(reinterpret_cast<const char*>(text->data()), text->size());
      if (auto r = cfg->session_cache->import(file, now()); !r) {
        fmt::print(stderr, "parley connect: not resuming the session in {}: {}\n", o.session, r.error().message());
      }
    }
  }
  // --early-data: stdin's first chunk goes out as 0-RTT when the session allows it.
  std::vector<uint8_t> first_chunk;
  if (o.early_data) {
    first_chunk.resize(16 * 1024);
    const ssize_t n = ::read(STDIN_FILENO, first_chunk.data(), first_chunk.size());
    first_chunk.resize(n > 0 ? static_cast<size_t>(n) : 0);
  }

  // The connection: a problem from here on is a failure (exit 1).
  auto conn = Connection::client(cfg, *name, first_chunk);
  if (!conn) return fail(conn.error().message());
  std::unique_ptr<TraceObserver> trace;
  if (!o.trace.empty()) {
    trace = std::make_unique<TraceObserver>(Role::client, *trace_format, stderr);
  }
  trace::ObserverList observers{trace.get(), page ? &*page : nullptr};
  HandshakeRecorder recorder(&observers);
  conn->set_observer(&recorder);
  ::asio::io_context io(1);
  Client client(io, std::move(*conn), std::chrono::seconds(o.timeout_s), recorder);
  const int rc = client.run(hp);
  // Why a certificate had no fresh evidence (a timeout, a refused connection);
  // the trace has the sources of the answers that came.
  if (fetcher && rc != kOk && *trace_format != TraceFormat::json) {
    for (const auto& line : fetcher->log()) fmt::print(stderr, "fetch: {}\n", line);
  }
  // --session: the newest ticket the server sent (mode 0600: it holds the PSK).
  if (cfg->session_cache) {
    if (auto session = cfg->session_cache->export_newest(name->text, cfg->alpn, now())) {
      if (auto w = write_file(o.session, *session, FileMode::secret); !w) {
        fmt::print(stderr, "parley connect: cannot save the session: {}\n", w.error().message());
      }
    }
  }
  if (page) {
    if (auto w = page->write_page(o.trace_html); !w) return fail(w.error().message());
  }
  return rc;
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
  cmd->add_option("--revocation", o->revocation,
                  "off|soft|hard: ask for the server's OCSP staple (unless off) and check it; hard needs fresh "
                  "evidence for every certificate and fetches what the staple and --crl do not give")
      ->capture_default_str();
  cmd->add_option("--fetch-timeout", o->fetch_timeout, "Seconds allowed for each OCSP or CRL fetch (hard)")
      ->capture_default_str();
  cmd->add_flag("--trace{text}", o->trace, "Explain the handshake step by step on stderr (--trace=json: JSON lines)");
  cmd->add_option("--trace-html", o->trace_html, "Write the illustrated page of this connection to FILE (HTML)");
  cmd->add_flag("--trace-secrets", o->trace_secrets, "Show the connection's secrets on the --trace-html page");
  cmd->add_option("--keylog", o->keylog, "Append the TLS secrets to this file (SSLKEYLOGFILE format, mode 0600)");
  cmd->add_option("--session", o->session,
                  "Resume the session saved in this file, if any; save the newest ticket to it (mode 0600)");
  cmd->add_flag("--early-data", o->early_data, "Send stdin's first chunk as 0-RTT data when the session allows it");
  cmd->add_option("--timeout", o->timeout_s, "Seconds for connecting, the handshake and each wait")
      ->capture_default_str();
  cmd->callback(run(exit_code, [o]() { return run_connect(*o); }));
}

}  // namespace parley::tools
