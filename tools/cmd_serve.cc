// parley serve: a TLS 1.3 (and mTLS) server with a small HTTP/1.x responder.
//
//   parley serve --listen 127.0.0.1:8443 --cert CERT.pem --key KEY.pem [--cert ... --key ...]
//                [--client-ca CA.pem] [--client-auth none|optional|required] [--crl CRL.pem ...]
//                [--alpn h2,http/1.1] [--root DIR] [--trace[=json]] [--groups LIST] [--ciphers LIST]
//                [--handshake-timeout S] [--idle-timeout S] [--max-connections N]
//
// A thread per connection (at most --max-connections; more are refused at
// once), each with its own handshake and idle deadlines, so one stalled
// client holds up nobody else. One log line per connection on stderr.
#include <CLI/CLI.hpp>
#include <arpa/inet.h>
#include <fmt/core.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>

#include "cli_util.h"
#include "command.h"
#include "http_responder.h"
#include "io/blocking_driver.h"
#include "tls_common.h"
#include "trace.h"

namespace parley::tools {
namespace {

using std::chrono::milliseconds;

struct ServeOpts {
  std::string listen, client_ca, client_auth, alpn, root, trace, groups, ciphers;
  std::vector<std::string> certs, keys, crls;
  int handshake_timeout_s = 10, idle_timeout_s = 30, max_connections = 256;
};

// What every connection thread shares (read-only, apart from the counters and the log lock).
struct Server {
  std::shared_ptr<const ServerConfig> config;
  std::optional<std::filesystem::path> root;
  std::optional<TraceFormat> trace;
  io::Timeouts timeouts;
  std::mutex log_lock;
  std::atomic<int> active{0};
  std::atomic<uint64_t> next_id{1};
};

// A whole TLS record holds 2^14 bytes of plaintext (RFC 8446 §5.1).
constexpr size_t kRecordPlaintext = 1u << 14;

void log_line(Server& s, const std::string& line) {
  std::lock_guard lock(s.log_lock);
  fmt::print(stderr, "parley serve: {}\n", line);
  std::fflush(stderr);
}

std::string address_text(const sockaddr_storage& ss) {
  char host[INET6_ADDRSTRLEN] = "?";
  uint16_t port = 0;
  if (ss.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&ss);
    ::inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
    port = ntohs(a->sin_port);
    return fmt::format("{}:{}", host, port);
  }
  const auto* a = reinterpret_cast<const sockaddr_in6*>(&ss);
  ::inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
  port = ntohs(a->sin6_port);
  return fmt::format("[{}]:{}", host, port);
}

ConnectionSummary summarize(const Connection& conn, const std::string& peer_address) {
  ConnectionSummary s;
  s.peer_address = peer_address;
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

// Sends one response: the head and a body that fits go out in one record;
// a file is streamed in whole records.
Result<void> send_response(io::BlockingDriver& d, HttpResponse& r) {
  std::string first = r.head + r.body;
  if (!r.send_file) {
    auto bytes = std::span(reinterpret_cast<const uint8_t*>(first.data()), first.size());
    for (size_t off = 0; off < bytes.size(); off += kRecordPlaintext) {
      PARLEY_TRY(d.write_all(bytes.subspan(off, std::min(kRecordPlaintext, bytes.size() - off))));
    }
    return {};
  }
  std::vector<uint8_t> buf(kRecordPlaintext);
  size_t fill = std::min(first.size(), buf.size());
  std::memcpy(buf.data(), first.data(), fill);
  uint64_t left = r.file.size();
  for (;;) {
    while (fill < buf.size() && left > 0) {
      ssize_t n = ::read(r.file.fd(), buf.data() + fill, std::min<uint64_t>(buf.size() - fill, left));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return err::io("cannot read the file being served", std::strerror(n < 0 ? errno : EIO));
      fill += static_cast<size_t>(n);
      left -= static_cast<uint64_t>(n);
    }
    if (fill > 0) PARLEY_TRY(d.write_all({buf.data(), fill}));
    if (left == 0) return {};
    fill = 0;
  }
}

// After our close_notify: read what the client still sends (its close_notify)
// for a moment, so closing the socket does not reset the connection before
// the client has read our last bytes.
void linger(io::BlockingDriver& d, Connection& conn) {
  auto until = std::chrono::steady_clock::now() + milliseconds(2000);
  ::shutdown(d.fd(), SHUT_WR);
  while (!conn.peer_closed() && !d.socket_eof() && std::chrono::steady_clock::now() < until) {
    auto r = d.receive(milliseconds(200));
    if (!r) break;
    std::array<uint8_t, 4096> sink;
    while (conn.read(sink) > 0) {
    }
  }
}

// RFC 8446 §6.2: after a fatal alert the connection is closed and nothing
// more is read into the TLS state. The client may still be sending (a large
// flight): closing with its bytes unread would reset the connection and could
// destroy our alert before it is read, so what arrives is discarded until the
// client closes (it sees our shutdown), goes quiet for five seconds, has sent
// the most one flight can hold (a 2^24-byte handshake message in records,
// with room to spare), or the idle timeout has passed.
void discard_until_close(int fd, milliseconds budget) {
  constexpr size_t kMaxDiscarded = (size_t{1} << 24) + (size_t{1} << 20);
  ::shutdown(fd, SHUT_WR);
  const auto until = std::chrono::steady_clock::now() + budget;
  std::array<uint8_t, 16384> sink;
  for (size_t discarded = 0; discarded < kMaxDiscarded;) {
    auto left = std::chrono::duration_cast<milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 5000))) <= 0) return;
    const ssize_t n = ::recv(fd, sink.data(), sink.size(), 0);
    if (n <= 0) return;
    discarded += static_cast<size_t>(n);
  }
}

// One connection, start to end; returns the log line's outcome.
std::string serve_connection(Server& s, int fd, uint64_t id, const std::string& peer_address, std::string& who) {
  auto conn = Connection::server(s.config);
  if (!conn) return "cannot start: " + conn.error().message();
  std::unique_ptr<TraceObserver> trace;
  if (s.trace) trace = std::make_unique<TraceObserver>(Role::server, *s.trace, stderr, id, &s.log_lock);
  HandshakeRecorder recorder(trace.get());
  conn->set_observer(&recorder);
  io::BlockingDriver d(fd, *conn, s.timeouts);
  if (auto hs = d.handshake(); !hs) {
    if (conn->error()) discard_until_close(fd, s.timeouts.idle);  // an alert went out, not a timeout
    return "handshake failed: " + explain_failure(hs.error(), recorder, "the client");
  }

  who = identity_summary(conn->peer());
  const Negotiated* n = conn->negotiated();
  std::string params = n == nullptr ? std::string()
                                    : fmt::format("{} {}{} alpn={}", suite_name(n->suite), group_name(n->group),
                                                  n->hello_retry ? " (HRR)" : "", n->alpn.empty() ? "none" : n->alpn);
  HttpResponder http(summarize(*conn, peer_address), s.root);
  std::vector<uint8_t> buf(kRecordPlaintext);
  int requests = 0;
  auto idle_deadline = std::chrono::steady_clock::now() + s.timeouts.idle;
  auto outcome = [&](std::string_view what) { return fmt::format("{}: {} request(s); {}", params, requests, what); };
  for (;;) {
    // Plaintext may already wait: it can arrive with the client's Finished.
    while (size_t got = conn->read(buf)) http.add({buf.data(), got});
    while (auto resp = http.next()) {
      ++requests;
      if (auto sent = send_response(d, *resp); !sent) {
        return outcome("sending failed: " + sent.error().message());
      }
      idle_deadline = std::chrono::steady_clock::now() + s.timeouts.idle;
      if (resp->close) {
        (void)d.close();
        linger(d, *conn);
        return outcome(fmt::format("closed after \"{}\" ({}) with close_notify", resp->request_line, resp->status));
      }
    }
    while (conn->next_event()) {
    }
    if (conn->peer_closed()) {
      (void)d.close();  // RFC 8446 §6.1: answer close_notify with close_notify, after the responses
      return outcome(http.has_partial_request() ? "client sent close_notify mid-request; answered with close_notify"
                                                : "client sent close_notify; answered with close_notify");
    }
    if (d.socket_eof()) return outcome("client closed the connection without close_notify");
    auto left = std::chrono::duration_cast<milliseconds>(idle_deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      (void)d.close();
      return outcome(http.has_partial_request() ? "request not complete within the idle timeout; sent close_notify"
                                                : "idle timeout; sent close_notify");
    }
    auto r = d.receive(left);
    if (!r) {
      if (conn->error()) discard_until_close(fd, s.timeouts.idle);
      return outcome("failed: " + explain_failure(r.error(), recorder, "the client"));
    }
    // A request must be complete within the idle timeout of its first byte:
    // trickling bytes (or empty records, or KeyUpdates) does not keep a
    // connection alive for ever.
    bool partial = http.has_partial_request();
    while (size_t got = conn->read(buf)) http.add({buf.data(), got});
    if (*r == io::BlockingDriver::Received::data && !partial) {
      idle_deadline = std::chrono::steady_clock::now() + s.timeouts.idle;
    }
  }
}

void connection_thread(std::shared_ptr<Server> s, int fd, std::string peer_address) {
  uint64_t id = s->next_id++;
  std::string who = "-";
  std::string outcome = serve_connection(*s, fd, id, peer_address, who);
  ::close(fd);
  --s->active;
  log_line(*s, fmt::format("[conn {}] {} {} {}", id, peer_address, who, outcome));
}

Result<int> listen_socket(const HostPort& hp) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  if (int rc = ::getaddrinfo(hp.host.c_str(), hp.port.c_str(), &hints, &res); rc != 0) {
    return err::api("cannot resolve the --listen address", hp.host + ": " + ::gai_strerror(rc));
  }
  std::string why = "no address";
  int fd = -1;
  for (addrinfo* a = res; a != nullptr && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, 128) != 0) {
      why = std::strerror(errno);
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(res);
  if (fd < 0) return err::io("cannot listen", hp.host + ":" + hp.port + ": " + why);
  return fd;
}

Result<int> run_serve(const ServeOpts& o) {
  auto hp = PARLEY_TRY(parse_host_port(o.listen));
  if (o.certs.empty()) return err::api("give at least one --cert and --key");
  if (o.certs.size() != o.keys.size()) return err::api("every --cert needs its --key, in the same order");
  auto s = std::make_shared<Server>();
  if (!o.trace.empty()) {
    s->trace = parse_trace_format(o.trace);
    if (!s->trace) return err::api("--trace takes text or json", o.trace);
  }
  if (o.handshake_timeout_s <= 0 || o.idle_timeout_s <= 0 || o.max_connections <= 0) {
    return err::api("timeouts and --max-connections must be positive");
  }
  s->timeouts = io::Timeouts{milliseconds(o.handshake_timeout_s * 1000), milliseconds(o.idle_timeout_s * 1000),
                             milliseconds(o.idle_timeout_s * 1000)};
  auto cfg = std::make_shared<ServerConfig>();
  for (size_t i = 0; i < o.certs.size(); ++i) cfg->identities.push_back(PARLEY_TRY(load_identity(o.certs[i], o.keys[i])));
  std::string auth = o.client_auth.empty() ? (o.client_ca.empty() ? "none" : "optional") : o.client_auth;
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
  cfg->alpn = split_list(o.alpn);
  if (!o.groups.empty()) cfg->groups = PARLEY_TRY(parse_groups(o.groups));
  if (!o.ciphers.empty()) cfg->suites = PARLEY_TRY(parse_suites(o.ciphers));
  if (!o.root.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(o.root, ec)) return err::api("--root is not a directory", o.root);
    s->root = std::filesystem::canonical(o.root, ec);
  }
  s->config = cfg;

  int lfd = PARLEY_TRY(listen_socket(hp));
  ::signal(SIGPIPE, SIG_IGN);
  fmt::print(stderr, "parley serve: listening on {}:{} (client auth: {}{})\n", hp.host, hp.port, auth,
             s->root ? ", files from " + s->root->string() : std::string());
  std::fflush(stderr);
  for (;;) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    int fd = ::accept4(lfd, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE) {
        std::this_thread::sleep_for(milliseconds(100));
        continue;
      }
      ::close(lfd);
      return err::io("accept failed", std::strerror(errno));
    }
    std::string peer = address_text(ss);
    if (s->active.load() >= o.max_connections) {
      ::close(fd);
      log_line(*s, peer + " refused: already serving --max-connections clients");
      continue;
    }
    // Each flight and response goes out in one send(); Nagle's algorithm
    // would hold a second small write (close_notify after a response) for
    // the client's delayed ACK.
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ++s->active;
    try {
      std::thread(connection_thread, s, fd, peer).detach();
    } catch (const std::system_error& e) {  // out of threads: refuse this one, keep serving
      --s->active;
      ::close(fd);
      log_line(*s, peer + " refused: cannot start a thread (" + e.what() + ")");
    }
  }
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
  cmd->add_option("--alpn", o->alpn, "Protocols we speak, in preference order (e.g. h2,http/1.1)");
  cmd->add_option("--groups", o->groups, "Key exchange groups in preference order (HelloRetryRequest for others)");
  cmd->add_option("--ciphers", o->ciphers, "Cipher suites in preference order");
  cmd->add_option("--root", o->root, "Serve the files under this directory instead of the page");
  cmd->add_flag("--trace{text}", o->trace, "Explain every handshake on stderr (--trace=json: JSON lines)");
  cmd->add_option("--handshake-timeout", o->handshake_timeout_s, "Seconds a client has to finish the handshake")
      ->capture_default_str();
  cmd->add_option("--idle-timeout", o->idle_timeout_s, "Seconds a connection may stay silent")->capture_default_str();
  cmd->add_option("--max-connections", o->max_connections, "Connections served at once")->capture_default_str();
  cmd->callback(run(exit_code, [o]() { return run_serve(*o); }));
}

}  // namespace parley::tools
