#include "service/tunnel/server.h"

#include <mutex>

#include "parley/server.h"
#include "service/tunnel/audit.h"
#include "service/tunnel/capture.h"
#include "service/tunnel/connect.h"
#include "service/tunnel/crl_fetch.h"
#include "service/tunnel/file_watch.h"
#include "service/tunnel/metrics_endpoint.h"
#include "service/tunnel/outcome.h"
#include "service/tunnel/proxy_protocol.h"
#include "service/tunnel/relay.h"
#include "service/tunnel/target.h"

namespace parley::tunnel {
namespace {

using parley::asio::Session;

// What a tunneled connection keeps beside its TLS stream.
struct ConnState : parley::asio::SessionData {
  HandshakeCapture capture;
  RelayStats relay;
};

// What the connections share with the reloads.
struct Shared {
  Settings settings;
  Target target;
  TunnelServer::LogSink log;
  std::unique_ptr<AuditLog> audit;
  Metrics metrics;
  std::mutex rules_m;
  std::string rule_set;  // the name of the rules in force (they change on reload)

  std::string rule_set_name() {
    std::lock_guard lock(rules_m);
    return rule_set;
  }
};

class ForwardService final : public parley::asio::Service {
 public:
  explicit ForwardService(Shared& shared) : shared_(shared) {}

  void accepted(Session& s) override {
    auto st = std::make_unique<ConnState>();
    s.connection().set_observer(&st->capture);
    s.user = std::move(st);
    shared_.metrics.connection_opened();
  }

  ::asio::awaitable<void> serve(Session& s) override {
    auto& st = state(s);
    s.connection().set_observer(nullptr);  // the handshake is over: no more events to watch
    if (const auto* tcp = std::get_if<::asio::ip::tcp::endpoint>(&shared_.target)) {
      co_await forward<::asio::ip::tcp::socket>(s, st, *tcp);
    } else {
      co_await forward<::asio::local::stream_protocol::socket>(s, st,
                                                               std::get<::asio::local::stream_protocol::endpoint>(shared_.target));
    }
  }

  void ended(Session& s) override {
    auto& st = state(s);
    ConnectionFacts facts{"server", s.id(), s.peer_address(), shared_.settings.target.text(), shared_.rule_set_name(),
                          s.outcome()};
    auto record = audit_record(facts, s.connection(), st.capture, st.relay);
    count(shared_.metrics, record, s.connection(), st.capture);
    shared_.metrics.connection_closed();
    if (shared_.audit) shared_.audit->write(record);
  }

 private:
  static ConnState& state(Session& s) { return static_cast<ConnState&>(*s.user); }

  template <class Socket, class Endpoint>
  ::asio::awaitable<void> forward(Session& s, ConnState& st, const Endpoint& target) {
    Socket backend(s.stream().get_executor());
    if (auto ec = co_await connect_within(backend, target, shared_.settings.connect_timeout)) {
      // The client gets a clean close (close_notify), the operator a line.
      st.relay.end = "target " + shared_.settings.target.text() + " unreachable: " + ec.message();
      shared_.log("connection " + std::to_string(s.id()) + " from " + s.peer_address() + ": " + st.relay.end);
      co_return;
    }
    if (shared_.settings.proxy_protocol) {
      std::error_code ec;
      auto& sock = s.stream().next_layer();
      auto header = proxy_v2_header(sock.remote_endpoint(ec), sock.local_endpoint(ec), *s.connection().negotiated(),
                                    s.connection().peer());
      co_await ::asio::async_write(backend, ::asio::buffer(header), ::asio::redirect_error(::asio::use_awaitable, ec));
      if (ec) {
        st.relay.end = "the target failed: " + ec.message();
        co_return;
      }
    }
    Relay relay(s.stream(), backend,
                RelayHooks{[this](size_t n) { shared_.metrics.bytes_from_peer().Increment(static_cast<double>(n)); },
                           [this](size_t n) { shared_.metrics.bytes_to_peer().Increment(static_cast<double>(n)); }});
    st.relay = co_await relay.run();
  }

  Shared& shared_;
};

}  // namespace

struct TunnelServer::Impl {
  Shared shared;
  std::unique_ptr<parley::asio::Server> server;
  std::mutex reload_m;
  std::unique_ptr<FileWatch> watch;
  std::unique_ptr<CrlFetcher> crl_fetcher;  // null without --crl URL
  std::unique_ptr<MetricsEndpoint> metrics_endpoint;  // after `shared`: stopped before the metrics go

  std::vector<x509::CrlPtr> fetched_crls() const { return crl_fetcher ? crl_fetcher->crls() : std::vector<x509::CrlPtr>{}; }

  // The state loaded, put in force (first start and every reload).
  void apply(ServerState state) {
    shared.metrics.set_certificate_not_after(state.certificate_not_after);
    if (crl_fetcher) crl_fetcher->set_issuers(std::move(state.crl_issuers));
    std::lock_guard lock(shared.rules_m);
    shared.rule_set = state.rules->name();
  }
};

TunnelServer::TunnelServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TunnelServer::~TunnelServer() = default;

Result<std::unique_ptr<TunnelServer>> TunnelServer::start(Settings settings, LogSink log) {
  auto impl = std::make_unique<Impl>();
  auto& sh = impl->shared;
  auto state = PARLEY_TRY(load_server(settings));
  if (auto urls = settings.files.crl_urls(); !urls.empty()) {
    impl->crl_fetcher = PARLEY_TRY(CrlFetcher::start(std::move(urls), settings.revocation, state.crl_issuers, log));
    state = PARLEY_TRY(load_server(settings, impl->fetched_crls()));
  }
  sh.target = PARLEY_TRY(resolve(settings.target));
  sh.audit = PARLEY_TRY(AuditLog::open(settings.audit));
  sh.log = std::move(log);
  parley::asio::ServerOptions options;
  options.host = settings.listen.host;
  options.port = settings.listen.port;
  options.threads = settings.threads;
  options.max_connections = settings.max_connections;
  options.handshake_timeout = settings.handshake_timeout;
  options.drain_timeout = settings.drain_timeout;
  auto config = state.config;
  impl->apply(std::move(state));
  sh.settings = std::move(settings);
  impl->server = PARLEY_TRY(parley::asio::Server::listen(config, options, std::make_shared<ForwardService>(sh)));
  impl->server->on_log(sh.log);
  if (!sh.settings.metrics.empty()) {
    auto where = PARLEY_TRY(Endpoint::parse(sh.settings.metrics, false));
    impl->metrics_endpoint = PARLEY_TRY(MetricsEndpoint::start(where, sh.metrics));
    sh.log("metrics on http://" + where.host + ":" + std::to_string(impl->metrics_endpoint->port()) + "/metrics");
  }
  std::unique_ptr<TunnelServer> server(new TunnelServer(std::move(impl)));
  auto* self = server.get();
  self->impl_->server->on_reload([self] {
    if (auto& audit = self->impl_->shared.audit) {
      if (auto r = audit->reopen(); !r) self->impl_->shared.log("audit log: " + r.error().message());
    }
    self->reload();
    if (auto& fetcher = self->impl_->crl_fetcher) fetcher->wake();
  });
  auto watched = sh.settings.files.paths();
  if (!sh.settings.rules.file.empty()) watched.push_back(sh.settings.rules.file);
  self->impl_->watch = std::make_unique<FileWatch>(std::move(watched), sh.settings.watch_interval, [self] {
    self->impl_->shared.log("a watched file changed: reloading");
    self->reload();
  });
  if (auto& fetcher = self->impl_->crl_fetcher) {
    fetcher->run([self] {
      self->impl_->shared.log("a CRL from a URL changed: reloading");
      self->reload();
    });
  }
  return server;
}

uint16_t TunnelServer::port() const { return impl_->server->port(); }
Metrics& TunnelServer::metrics() { return impl_->shared.metrics; }

void TunnelServer::run() {
  impl_->server->handle_signals();
  impl_->server->run();
  impl_->watch.reset();
  impl_->crl_fetcher.reset();
  impl_->metrics_endpoint.reset();
}

void TunnelServer::reload() {
  std::lock_guard lock(impl_->reload_m);
  auto state = load_server(impl_->shared.settings, impl_->fetched_crls());
  if (!state) {
    impl_->shared.log("reload refused, the current configuration stays: " + state.error().message());
    return;
  }
  impl_->server->set_config(state->config);
  const auto rules = state->rules->describe().size();
  impl_->apply(std::move(*state));
  impl_->shared.log("reloaded: certificate, key, client CA, CRLs and " + std::to_string(rules) +
                    " rule(s) apply to new handshakes");
}

}  // namespace parley::tunnel
