#include "service/tunnel/client.h"

#include <atomic>
#include <unistd.h>

#include <csignal>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "parley/asio.h"
#include "service/tunnel/audit.h"
#include "service/tunnel/capture.h"
#include "service/tunnel/connect.h"
#include "service/tunnel/crl_fetch.h"
#include "service/tunnel/file_watch.h"
#include "service/tunnel/metrics_endpoint.h"
#include "service/tunnel/outcome.h"
#include "service/tunnel/relay.h"
#include "service/tunnel/target.h"

namespace parley::tunnel {

using ::asio::ip::tcp;
using unix_socket = ::asio::local::stream_protocol;

// One thread: a client-side sidecar carries its own application's
// connections, and one io_context on one thread needs no strands.
struct TunnelClient::Impl {
  Settings settings;
  tcp::endpoint target;
  ServerName server_name;
  LogSink log;
  std::unique_ptr<AuditLog> audit;
  Metrics metrics;
  std::unique_ptr<MetricsEndpoint> metrics_endpoint;  // after `metrics`: stopped before they go
  std::atomic<std::shared_ptr<const ClientConfig>> config;
  std::mutex rules_m;
  std::string rule_set;
  std::mutex reload_m;
  std::unique_ptr<FileWatch> watch;
  std::unique_ptr<CrlFetcher> crl_fetcher;  // null without --crl URL

  ::asio::io_context io{1};
  std::optional<tcp::acceptor> tcp_acceptor;
  std::optional<unix_socket::acceptor> unix_acceptor;
  ::asio::signal_set signals{io, SIGTERM, SIGINT, SIGHUP};
  ::asio::steady_timer drain_end{io};
  bool draining = false;
  uint64_t next_id = 1;
  std::unordered_map<uint64_t, std::function<void()>> open;  // closers of the open connections

  std::vector<x509::CrlPtr> fetched_crls() const { return crl_fetcher ? crl_fetcher->crls() : std::vector<x509::CrlPtr>{}; }

  void apply(ClientState state) {
    metrics.set_certificate_not_after(state.certificate_not_after);
    if (crl_fetcher) crl_fetcher->set_issuers(std::move(state.crl_issuers));
    config.store(std::move(state.config));
    std::lock_guard lock(rules_m);
    rule_set = state.rules ? state.rules->name() : std::string{};
  }

  template <class Acceptor>
  ::asio::awaitable<void> accept_loop(Acceptor& acceptor) {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(::asio::experimental::as_tuple(::asio::use_awaitable));
      if (ec == ::asio::error::operation_aborted || draining) co_return;
      if (ec) {
        log("accept: " + ec.message());
        continue;
      }
      ::asio::co_spawn(io, handle(std::move(socket)), ::asio::detached);
    }
  }

  template <class Plain>
  ::asio::awaitable<void> handle(Plain local) {
    const uint64_t id = next_id++;
    metrics.connection_opened();
    std::error_code ignored;
    ConnectionFacts facts{"client", id, address_of(local), settings.target.text(), current_rule_set(), {}};
    HandshakeCapture capture;
    RelayStats relay;
    auto conn = Connection::client(config.load(), server_name);
    if (!conn) {
      log("connection " + std::to_string(id) + ": " + conn.error().message());
      metrics.connection_closed();
      co_return;
    }
    tcp::socket upstream(io);
    open[id] = [&] {
      local.close(ignored);
      upstream.close(ignored);
    };
    if (auto ec = co_await connect_within(upstream, target, settings.connect_timeout)) {
      facts.outcome = "target " + settings.target.text() + " unreachable: " + ec.message();
      log("connection " + std::to_string(id) + " from " + facts.peer_address + ": " + facts.outcome);
      finish(facts, *conn, capture, relay);
      co_return;
    }
    parley::asio::stream<tcp::socket&> tls(upstream, std::move(*conn));
    tls.connection().set_observer(&capture);
    auto ec = co_await handshake_within(tls, settings.handshake_timeout);
    tls.connection().set_observer(nullptr);
    if (ec) {
      facts.outcome = "handshake failed: " + ec.message();
      log("connection " + std::to_string(id) + " to " + facts.target + ": " + facts.outcome +
          (tls.connection().error() ? " (" + tls.connection().error()->message() + ")" : ""));
    } else {
      Relay r(tls, local,
              RelayHooks{[this](size_t n) { metrics.bytes_from_peer().Increment(static_cast<double>(n)); },
                         [this](size_t n) { metrics.bytes_to_peer().Increment(static_cast<double>(n)); }});
      relay = co_await r.run();
    }
    finish(facts, tls.connection(), capture, relay);
  }

  void finish(const ConnectionFacts& facts, const Connection& conn, const HandshakeCapture& capture,
              const RelayStats& relay) {
    auto record = audit_record(facts, conn, capture, relay);
    count(metrics, record, conn, capture);
    metrics.connection_closed();
    if (audit) audit->write(record);
    open.erase(facts.id);
    if (draining && open.empty()) drain_end.cancel();
  }

  template <class Socket>
  static std::string address_of(Socket& s) {
    std::error_code ec;
    auto ep = s.remote_endpoint(ec);
    if (ec) return "-";
    if constexpr (std::is_same_v<Socket, tcp::socket>) {
      return ep.address().to_string() + ":" + std::to_string(ep.port());
    } else {
      return "unix";  // a unix-socket client has no address of its own
    }
  }

  std::string current_rule_set() {
    std::lock_guard lock(rules_m);
    return rule_set;
  }

  void wait_for_signal(TunnelClient& self) {
    signals.async_wait([this, &self](std::error_code ec, int signo) {
      if (ec) return;
      if (signo == SIGHUP) {
        log("SIGHUP: reloading");
        if (audit) {
          if (auto r = audit->reopen(); !r) log("audit log: " + r.error().message());
        }
        self.reload();
        if (crl_fetcher) crl_fetcher->wake();
        wait_for_signal(self);
        return;
      }
      log(signo == SIGTERM ? "SIGTERM: draining" : "SIGINT: draining");
      drain();
    });
  }

  // Stop accepting; open connections get the drain timeout, then are closed.
  void drain() {
    draining = true;
    std::error_code ignored;
    if (tcp_acceptor) tcp_acceptor->close(ignored);
    if (unix_acceptor) unix_acceptor->close(ignored);
    signals.cancel();
    if (open.empty()) return;
    drain_end.expires_after(settings.drain_timeout);
    drain_end.async_wait([this](std::error_code ec) {
      if (ec) return;
      for (auto& [id, close] : open) close();
    });
  }
};

TunnelClient::TunnelClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TunnelClient::~TunnelClient() = default;

Result<std::unique_ptr<TunnelClient>> TunnelClient::start(Settings settings, LogSink log) {
  auto impl = std::make_unique<Impl>();
  impl->log = std::move(log);
  auto state = PARLEY_TRY(load_client(settings));
  if (auto urls = settings.files.crl_urls(); !urls.empty()) {
    impl->crl_fetcher = PARLEY_TRY(CrlFetcher::start(std::move(urls), settings.revocation, state.crl_issuers, impl->log));
    state = PARLEY_TRY(load_client(settings, impl->fetched_crls()));
  }
  impl->apply(std::move(state));
  impl->target = PARLEY_TRY(resolve_tcp(settings.target));
  impl->server_name = PARLEY_TRY(ServerName::parse(settings.servername.empty() ? settings.target.host : settings.servername));
  impl->audit = PARLEY_TRY(AuditLog::open(settings.audit));
  std::error_code ec;
  if (settings.listen.kind == Endpoint::Kind::unix_socket) {
    ::unlink(settings.listen.path.c_str());  // a stale socket file from an earlier run
    impl->unix_acceptor.emplace(impl->io);
    impl->unix_acceptor->open(unix_socket(), ec);
    if (!ec) impl->unix_acceptor->bind(unix_socket::endpoint(settings.listen.path), ec);
    if (!ec) impl->unix_acceptor->listen(::asio::socket_base::max_listen_connections, ec);
  } else {
    auto ep = PARLEY_TRY(resolve_tcp(settings.listen));
    impl->tcp_acceptor.emplace(impl->io);
    impl->tcp_acceptor->open(ep.protocol(), ec);
    if (!ec) impl->tcp_acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) impl->tcp_acceptor->bind(ep, ec);
    if (!ec) impl->tcp_acceptor->listen(::asio::socket_base::max_listen_connections, ec);
  }
  if (ec) return err::io("tunnel client: cannot listen", settings.listen.text() + ": " + ec.message());
  if (!settings.metrics.empty()) {
    auto where = PARLEY_TRY(Endpoint::parse(settings.metrics, false));
    impl->metrics_endpoint = PARLEY_TRY(MetricsEndpoint::start(where, impl->metrics));
    impl->log("metrics on http://" + where.host + ":" + std::to_string(impl->metrics_endpoint->port()) + "/metrics");
  }
  impl->settings = std::move(settings);
  std::unique_ptr<TunnelClient> client(new TunnelClient(std::move(impl)));
  auto* self = client.get();
  auto watched = self->impl_->settings.files.paths();
  if (!self->impl_->settings.rules.file.empty()) watched.push_back(self->impl_->settings.rules.file);
  self->impl_->watch = std::make_unique<FileWatch>(std::move(watched), self->impl_->settings.watch_interval, [self] {
    self->impl_->log("a watched file changed: reloading");
    self->reload();
  });
  if (auto& fetcher = self->impl_->crl_fetcher) {
    fetcher->run([self] {
      self->impl_->log("a CRL from a URL changed: reloading");
      self->reload();
    });
  }
  return client;
}

uint16_t TunnelClient::port() const { return impl_->tcp_acceptor ? impl_->tcp_acceptor->local_endpoint().port() : 0; }
Metrics& TunnelClient::metrics() { return impl_->metrics; }

void TunnelClient::run() {
  auto& m = *impl_;
  m.wait_for_signal(*this);
  if (m.tcp_acceptor) ::asio::co_spawn(m.io, m.accept_loop(*m.tcp_acceptor), ::asio::detached);
  if (m.unix_acceptor) ::asio::co_spawn(m.io, m.accept_loop(*m.unix_acceptor), ::asio::detached);
  m.io.run();
  m.watch.reset();
  m.crl_fetcher.reset();
  m.metrics_endpoint.reset();
}

void TunnelClient::reload() {
  std::lock_guard lock(impl_->reload_m);
  auto state = load_client(impl_->settings, impl_->fetched_crls());
  if (!state) {
    impl_->log("reload refused, the current configuration stays: " + state.error().message());
    return;
  }
  impl_->apply(std::move(*state));
  impl_->log("reloaded: certificate, key, CA, CRLs and rules apply to new handshakes");
}

}  // namespace parley::tunnel
