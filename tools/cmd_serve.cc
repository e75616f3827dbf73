// parley serve: a TLS 1.3 (and mTLS) server with a small HTTP/1.x responder.
//
//   parley serve --listen 127.0.0.1:8443 --cert CERT.pem --key KEY.pem [--cert ... --key ...]
//                [--client-ca CA.pem] [--client-auth none|optional|required] [--crl CRL.pem ...]
//                [--ocsp-staple RESPONSE.der|auto ...] [--revocation off|soft|hard]
//
// --ocsp-staple auto fetches the leaf's OCSP response from its AIA URL at
// start, and again half-way through its validity (a thread that swaps the
// config with Server::set_config; a failed refresh keeps the old staple,
// which is never stapled past its nextUpdate, and is retried a minute later).
//                [--alpn h2,http/1.1] [--root DIR] [--trace[=json]] [--groups LIST] [--ciphers LIST]
//                [--handshake-timeout S] [--idle-timeout S] [--max-connections N] [--threads N]
//                [--drain-timeout S] [--max-body BYTES] [--max-memory BYTES]
//                [--tickets N] [--ticket-keys FILE] [--early-data MAX_BYTES]
//
// On the event-driven runtime (parley/server.h): a few threads hold thousands
// of connections, each with its own handshake, request and write deadlines, so
// one stalled client holds up nobody else. SIGTERM drains, then exits 0. One
// log line per connection on stderr, written in batches by a thread of its
// own (log_writer.h) so that serving never waits for the terminal.
#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>

#include "cli_util.h"
#include "command.h"
#include "http_responder.h"
#include "log_writer.h"
#include "staple_source.h"
#include "parley/server.h"
#include "tls_common.h"
#include "trace/observer.h"
#include "trace/page_directory.h"

namespace parley::tools {
namespace {

using trace::parse_trace_format;
using trace::Role;
using trace::TraceFormat;
using trace::TraceObserver;

using std::chrono::milliseconds;
using parley::asio::Session;

struct ServeOpts {
  std::string listen, client_ca, client_auth, alpn, root, trace, groups, ciphers, ticket_keys, trace_html,
      revocation = "soft";
  uint64_t trace_html_max = 100;
  std::vector<std::string> certs, keys, crls, staples;
  double handshake_timeout_s = 10, idle_timeout_s = 30, drain_timeout_s = 10;
  size_t max_connections = 10'000;
  size_t max_memory = 0;
  uint64_t max_body = HttpResponder::kDefaultMaxBody;
  unsigned threads = 0;
  size_t tickets = 2;
  uint32_t early_data = 0;
};

// A whole TLS record holds 2^14 bytes of plaintext (RFC 8446 §5.1).
constexpr size_t kRecordPlaintext = 1u << 14;

ConnectionSummary summarize(const Connection& conn, const std::string& peer_address) {
  ConnectionSummary s;
  s.peer_address = peer_address;
  s.handshake_complete = !conn.is_handshaking();
  if (const Negotiated* n = conn.negotiated()) {
    s.suite = std::string(suite_name(n->suite));
    s.group = std::string(group_name(n->group));
    s.alpn = n->alpn;
    s.sni = n->sni;
    s.hello_retry = n->hello_retry;
  }
  if (const PeerIdentity* p = conn.peer()) {
    s.client_certificate = true;
    s.client_subject = p->subject;
    s.client_sans = identity_sans(*p);
    s.client_verification = p->verification();
  }
  return s;
}

// What each connection keeps beside the TLS stream.
struct ConnState : asio::SessionData {
  std::unique_ptr<TraceObserver> trace;
  std::unique_ptr<trace::Session> page;  // --trace-html
  trace::ObserverList observers;
  HandshakeRecorder recorder;
  std::string who = "-";
  std::string params;
  int requests = 0;
  int early_requests = 0;  // answered from 0-RTT data, before the client's Finished
  ConnState(std::unique_ptr<TraceObserver> t, std::unique_ptr<trace::Session> p)
      : trace(std::move(t)), page(std::move(p)), observers{trace.get(), page.get()}, recorder(&observers) {}
};

class HttpService final : public asio::Service {
 public:
  HttpService(std::optional<std::filesystem::path> root, uint64_t max_body, std::optional<TraceFormat> trace,
              std::shared_ptr<trace::PageDirectory> pages, LogWriter& log, std::mutex& out_lock)
      : root_(std::move(root)), max_body_(max_body), trace_(trace), pages_(std::move(pages)), log_(log),
        out_lock_(out_lock) {}

  void accepted(Session& s) override {
    std::unique_ptr<TraceObserver> t;
    if (trace_) t = std::make_unique<TraceObserver>(Role::server, *trace_, stderr, s.id(), &out_lock_);
    auto st = std::make_unique<ConnState>(std::move(t), pages_ ? pages_->start(s.peer_address()) : nullptr);
    // Handshake events cost every connection (its certificates described,
    // each message summarised): only --trace and --trace-html need them.
    // Without them a failure is explained from the Error alone, which
    // carries the alert and the verifier's report.
    if (trace_ || st->page) s.connection().set_observer(&st->recorder);
    s.user = std::move(st);
  }

  // 0-RTT: serve() starts as soon as accepted early data is readable.
  bool serves_early_data() const override { return true; }

  ::asio::awaitable<void> serve(Session& s) override {
    Connection& conn = s.connection();
    HttpResponder http(summarize(conn, s.peer_address()), root_, max_body_);
    // 0-RTT (RFC 8446 §8, RFC 8470): early data may be a replay, which the
    // client's Finished rules out. Safe requests that came whole as early
    // data are answered at once; the rest wait for the Finished.
    if (!s.handshake_complete()) {
      if (!co_await answer_early_data(s, http) || !co_await s.complete_handshake()) co_return;
      http.set_summary(summarize(conn, s.peer_address()));
    }
    bool held = http.has_partial_request();  // a request early data began, answered now
    for (;;) {
      if (!co_await s.wait_for_request(std::exchange(held, false))) {
        if (s.outcome().empty()) s.set_outcome(s.draining() ? "server draining; sent close_notify" : ended_how(s, http));
        co_return;
      }
      // Read until the responder has a whole request (the idle deadline,
      // armed by wait_for_request, covers all of it). The buffer lives only
      // while a request is in flight: an idle connection holds none.
      std::vector<uint8_t> buf(kRecordPlaintext);
      for (;;) {
        while (size_t got = conn.read(buf)) http.add({buf.data(), got});
        auto resp = http.next();
        if (!resp) {
          if (size_t n = co_await s.read_some(buf); n > 0) {
            http.add({buf.data(), n});
            continue;
          }
          s.set_outcome(ended_how(s, http));
          co_return;
        }
        if (!co_await answer(s, *resp)) co_return;
        if (s.draining()) {
          s.set_outcome("server draining; sent close_notify");
          co_return;
        }
        if (conn.readable() == 0 && !http.has_partial_request()) break;  // else: pipelined
      }
      s.request_done();
    }
  }

  void ended(Session& s) override {
    auto& st = state(s);
    std::string outcome = s.outcome();
    if (conn_failed_in_handshake(s)) {
      outcome = "handshake failed: " + explain_failure(*s.connection().error(), st.recorder, "the client");
    }
    describe_handshake(st, s.connection());
    if (!st.params.empty()) {
      const std::string early = st.early_requests == 0 ? std::string()
                                                       : fmt::format(", {} answered from 0-RTT early data", st.early_requests);
      outcome = fmt::format("{}: {} request(s){}; {}", st.params, st.requests, early, outcome);
    }
    log_.add(fmt::format("[conn {}] {} {} {}", s.id(), s.peer_address(), st.who, outcome));
    if (st.page) {
      st.page->set_error(outcome);
      if (auto w = pages_->write(*st.page, s.id()); !w) log_.add(fmt::format("[conn {}] {}", s.id(), w.error().message()));
    }
  }

 private:
  static ConnState& state(Session& s) { return static_cast<ConnState&>(*s.user); }

  // Who the client is and what the handshake settled, for the log line.
  static void describe_handshake(ConnState& st, const Connection& conn) {
    st.who = identity_summary(conn.peer());
    const Negotiated* n = conn.negotiated();
    if (!n) return;
    st.params = fmt::format("{} {}{} alpn={}", suite_name(n->suite), n->psk_mode == PskMode::psk_ke ? "psk_ke" : group_name(n->group),
                            n->hello_retry ? " (HRR)" : "", n->alpn.empty() ? "none" : n->alpn);
    if (n->resumed) st.params += " resumed";
    if (n->early_data != EarlyDataStatus::not_offered) {
      st.params += fmt::format(" 0-RTT {}", early_data_status_name(n->early_data));
    }
  }

  // Before the client's Finished: takes the early data that has arrived and
  // answers the GET and HEAD requests at its front (0.5-RTT data, RFC 8446
  // §2.3); what follows them waits. False: the connection ends (a response
  // closed it, or sending failed).
  static ::asio::awaitable<bool> answer_early_data(Session& s, HttpResponder& http) {
    std::vector<uint8_t> buf(kRecordPlaintext);
    for (auto got = s.take(buf); got.size > 0; got = s.take(buf)) {
      http.add({buf.data(), got.size});
    }
    while (auto resp = http.next_from_early_data()) {
      if (!co_await answer(s, *resp)) co_return false;
    }
    co_return true;
  }

  // Sends one response and counts it. False: the connection ends (the
  // response closes it, or sending failed); the outcome says which.
  static ::asio::awaitable<bool> answer(Session& s, HttpResponse& resp) {
    auto& st = state(s);
    ++st.requests;
    if (resp.early_data) ++st.early_requests;
    if (!co_await send_response(s, resp)) {
      if (s.outcome().empty()) s.set_outcome("sending failed: " + s.last_error().message());
      co_return false;
    }
    if (resp.close) {
      s.set_outcome(fmt::format("closed after \"{}\" ({}) with close_notify", resp.request_line, resp.status));
      co_return false;
    }
    co_return true;
  }
  static bool conn_failed_in_handshake(Session& s) {
    return s.connection().negotiated() == nullptr && s.connection().error() != nullptr;
  }

  // Why the peer's side ended, from the stream's last error.
  std::string ended_how(Session& s, const HttpResponder& http) {
    Connection& conn = s.connection();
    if (conn.peer_closed()) {
      return http.has_partial_request() ? "client sent close_notify mid-request; answered with close_notify"
                                        : "client sent close_notify; answered with close_notify";
    }
    if (!s.outcome().empty()) {
      return s.outcome() == "idle timeout" && http.has_partial_request()
                 ? "request not complete within the idle timeout; sent close_notify"
                 : s.outcome() + "; sent close_notify";
    }
    std::error_code ec = s.last_error();
    if (ec == asio::stream_truncated || ec == ::asio::error::eof) return "client closed the connection without close_notify";
    if (ec == ::asio::error::operation_aborted || ec == ::asio::error::bad_descriptor) {
      return http.has_partial_request() ? "request not complete within the idle timeout; closed"
                                        : "idle timeout; closed";
    }
    if (const Error* e = conn.error()) return "failed: " + explain_failure(*e, state(s).recorder, "the client");
    return "failed: " + ec.message();
  }

  // One response: the head and a body that fits go out in one record; a file
  // is streamed in whole records.
  static ::asio::awaitable<bool> send_response(Session& s, HttpResponse& r) {
    std::string first = r.head + r.body;
    auto bytes = std::span(reinterpret_cast<const uint8_t*>(first.data()), first.size());
    if (!r.send_file) {
      for (size_t off = 0; off < bytes.size(); off += kRecordPlaintext) {
        if (!co_await s.write(bytes.subspan(off, std::min(kRecordPlaintext, bytes.size() - off)))) co_return false;
      }
      co_return true;
    }
    std::vector<uint8_t> buf(kRecordPlaintext);
    size_t fill = std::min(first.size(), buf.size());
    std::memcpy(buf.data(), first.data(), fill);
    uint64_t left = r.file.size();
    for (;;) {
      while (fill < buf.size() && left > 0) {
        ssize_t n = ::read(r.file.fd(), buf.data() + fill, std::min<uint64_t>(buf.size() - fill, left));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          s.set_outcome(std::string("cannot read the file being served: ") + std::strerror(n < 0 ? errno : EIO));
          co_return false;
        }
        fill += static_cast<size_t>(n);
        left -= static_cast<uint64_t>(n);
      }
      if (fill > 0 && !co_await s.write({buf.data(), fill})) co_return false;
      if (left == 0) co_return true;
      fill = 0;
    }
  }

  std::optional<std::filesystem::path> root_;
  uint64_t max_body_;
  std::optional<TraceFormat> trace_;
  std::shared_ptr<trace::PageDirectory> pages_;
  LogWriter& log_;
  std::mutex& out_lock_;
};

milliseconds millis(double seconds) { return milliseconds(static_cast<int64_t>(seconds * 1000)); }

// The TLS configuration from the files named on the command line (again on SIGHUP).
Result<std::shared_ptr<const ServerConfig>> load_config(const ServeOpts& o, const std::string& auth) {
  auto cfg = std::make_shared<ServerConfig>();
  for (size_t i = 0; i < o.certs.size(); ++i) cfg->identities.push_back(PARLEY_TRY(load_identity(o.certs[i], o.keys[i])));
  if (auth == "none") {
    cfg->client_auth = ClientAuth::none;
  } else if (auth == "optional") {
    cfg->client_auth = ClientAuth::optional;
  } else if (auth == "required") {
    cfg->client_auth = ClientAuth::required;
  } else {
    return err::api("--client-auth takes none, optional or required", auth);
  }
  if (auth != "none" && o.client_ca.empty()) return err::api("client authentication needs --client-ca", "--client-auth " + auth);
  if (!o.client_ca.empty()) cfg->client_ca = PARLEY_TRY(load_trust_store(o.client_ca));
  cfg->crls = PARLEY_TRY(load_crls(o.crls));
  cfg->revocation = PARLEY_TRY(parse_revocation(o.revocation));
  // RFC 8446 §4.4.2.1: each --ocsp-staple goes with the --cert in the same
  // place; it is checked now (it answers for that leaf and is current) and
  // again before every handshake (never stapled once expired).
  const int64_t now = crypto::openssl_provider().clock->unix_seconds();
  for (size_t i = 0; i < o.staples.size(); ++i) {
    cfg->ocsp_staples.push_back(PARLEY_TRY(load_staple(o.staples[i], cfg->identities[i], now, millis(o.handshake_timeout_s))));
  }
  cfg->alpn = split_list(o.alpn);
  if (!o.groups.empty()) cfg->groups = PARLEY_TRY(parse_groups(o.groups));
  if (!o.ciphers.empty()) cfg->suites = PARLEY_TRY(parse_suites(o.ciphers));
  // Resumption (docs/RESUMPTION.md): the key file is read again with the rest on SIGHUP.
  cfg->tickets = o.tickets;
  if (!o.ticket_keys.empty()) cfg->ticket_keys = PARLEY_TRY(TicketKeys::from_file(o.ticket_keys, *cfg->provider));
  cfg->max_early_data = o.early_data;
  return cfg;
}

Result<uint16_t> parse_port(const std::string& text) {
  unsigned long v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v > 65535) return err::api("not a port number", text);
  return static_cast<uint16_t>(v);
}

Result<int> run_serve(const ServeOpts& o) {
  auto hp = PARLEY_TRY(parse_host_port(o.listen));
  if (o.certs.empty()) return err::api("give at least one --cert and --key");
  if (o.certs.size() != o.keys.size()) return err::api("every --cert needs its --key, in the same order");
  if (o.staples.size() > o.certs.size()) return err::api("more --ocsp-staple than --cert: each goes with one --cert");
  std::optional<TraceFormat> trace;
  if (!o.trace.empty()) {
    trace = parse_trace_format(o.trace);
    if (!trace) return err::api("--trace takes text or json", o.trace);
  }
  if (o.handshake_timeout_s <= 0 || o.idle_timeout_s <= 0 || o.drain_timeout_s < 0 || o.max_connections == 0) {
    return err::api("timeouts and --max-connections must be positive");
  }
  std::string auth = o.client_auth.empty() ? (o.client_ca.empty() ? "none" : "optional") : o.client_auth;
  auto cfg = PARLEY_TRY(load_config(o, auth));
  std::optional<std::filesystem::path> root;
  if (!o.root.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(o.root, ec)) return err::api("--root is not a directory", o.root);
    root = std::filesystem::canonical(o.root, ec);
  }
  auto port = PARLEY_TRY(parse_port(hp.port));
  std::shared_ptr<trace::PageDirectory> pages;
  if (!o.trace_html.empty()) pages = PARLEY_TRY(trace::PageDirectory::open(o.trace_html, o.trace_html_max));

  asio::ServerOptions opts;
  opts.host = hp.host;
  opts.port = port;
  opts.threads = o.threads;
  opts.handshake_timeout = millis(o.handshake_timeout_s);
  opts.idle_timeout = millis(o.idle_timeout_s);
  opts.max_connections = o.max_connections;
  opts.max_memory = o.max_memory;
  opts.drain_timeout = millis(o.drain_timeout_s);
  std::mutex out_lock;  // stderr, shared by the log writer and --trace
  LogWriter log(out_lock);
  auto service = std::make_shared<HttpService>(root, o.max_body, trace, pages, log, out_lock);
  auto server = PARLEY_TRY(asio::Server::listen(cfg, opts, service));
  server->on_log([&log](std::string line) { log.add(std::move(line)); });
  server->on_reload([&] {
    auto fresh = load_config(o, auth);
    if (!fresh) {
      log.add("reload failed, keeping the old certificates: " + fresh.error().message());
      return;
    }
    server->set_config(std::move(*fresh));
    log.add("reloaded the certificates, trust store and ticket keys for new connections");
  });
  ::signal(SIGPIPE, SIG_IGN);
  server->handle_signals();
  {
    std::lock_guard lock(out_lock);
    fmt::print(stderr, "parley serve: listening on {}:{} (client auth: {}{})\n", hp.host, server->port(), auth,
               root ? ", files from " + root->string() : std::string());
    std::fflush(stderr);
  }
  server->run();
  log.add("drained; exiting");
  return kOk;
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ServeOpts>();
  auto* cmd = app.add_subcommand("serve", "Serve HTTPS (TLS 1.3, optionally mTLS) with a page about the connection");
  cmd->add_option("--listen", o->listen, "HOST:PORT to listen on, e.g. 127.0.0.1:8443")->required();
  cmd->add_option("--cert", o->certs, "Certificate chain (PEM, leaf first); repeat for more identities")->required();
  cmd->add_option("--key", o->keys, "The private key of each --cert, in the same order")->required();
  cmd->add_option("--client-ca", o->client_ca, "Accept client certificates issued by these CAs");
  cmd->add_option("--client-auth", o->client_auth,
                  "none|optional|required (default: optional with --client-ca, else none)");
  cmd->add_option("--crl", o->crls, "Check client certificates against these CRLs (repeatable)");
  cmd->add_option("--revocation", o->revocation, "off|soft|hard for client certificates (evidence: --crl)")
      ->capture_default_str();
  cmd->add_option("--ocsp-staple", o->staples,
                  "An OCSP response (DER) to staple for the --cert in the same place (re-read on SIGHUP), or 'auto': "
                  "fetched from the certificate's OCSP URL and refreshed at half its validity");
  cmd->add_option("--alpn", o->alpn, "Protocols we speak, in preference order (e.g. h2,http/1.1)");
  cmd->add_option("--groups", o->groups, "Key exchange groups in preference order (HelloRetryRequest for others)");
  cmd->add_option("--ciphers", o->ciphers, "Cipher suites in preference order");
  cmd->add_option("--root", o->root, "Serve the files under this directory instead of the page");
  cmd->add_flag("--trace{text}", o->trace, "Explain every handshake on stderr (--trace=json: JSON lines)");
  cmd->add_option("--trace-html", o->trace_html, "Write the illustrated page of each connection to DIR/conn-N.html");
  cmd->add_option("--trace-html-max", o->trace_html_max, "Pages --trace-html writes at most")->capture_default_str();
  cmd->add_option("--handshake-timeout", o->handshake_timeout_s, "Seconds a client has to finish the handshake")
      ->capture_default_str();
  cmd->add_option("--idle-timeout", o->idle_timeout_s,
                  "Seconds a kept-alive connection may wait for its next request, which must be complete by then")
      ->capture_default_str();
  cmd->add_option("--max-connections", o->max_connections,
                  "Connections held at once; beyond, new clients wait in the listen backlog")
      ->capture_default_str();
  cmd->add_option("--max-memory", o->max_memory,
                  "Bytes the connections may hold, estimated (0: no limit); beyond, new clients wait in the listen backlog")
      ->capture_default_str();
  cmd->add_option("--threads", o->threads, "Threads serving connections (default: one per core)");
  cmd->add_option("--drain-timeout", o->drain_timeout_s,
                  "On SIGTERM: seconds open requests have to finish before their connections are closed")
      ->capture_default_str();
  cmd->add_option("--max-body", o->max_body, "Largest request body in bytes (413 beyond)")->capture_default_str();
  cmd->add_option("--tickets", o->tickets, "Session tickets sent per handshake (0: no resumption)")
      ->capture_default_str();
  cmd->add_option("--ticket-keys", o->ticket_keys,
                  "File of ticket keys shared with other servers, reloaded on SIGHUP (docs/RESUMPTION.md)");
  cmd->add_option("--early-data", o->early_data,
                  "Accept up to this many bytes of 0-RTT data per connection (0: off; docs/RESUMPTION.md)")
      ->capture_default_str();
  cmd->callback(run(exit_code, [o]() { return run_serve(*o); }));
}

}  // namespace parley::tools
