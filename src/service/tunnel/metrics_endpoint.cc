#include "service/tunnel/metrics_endpoint.h"

namespace parley::tunnel {

Result<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::start(const Endpoint& where, Metrics& metrics) {
  if (where.kind != Endpoint::Kind::tcp) return err::api("--metrics: expected HOST:PORT", where.text());
  service::http::ServerOptions options;
  options.host = where.host;
  options.port = where.port;
  auto server = PARLEY_TRY(service::http::Server::listen(options, [&metrics](const service::http::Request& r) {
    service::http::Response response;
    if (r.method != "GET") {
      response.status = 405;
      response.headers.push_back({"Allow", "GET"});
    } else if (r.target == "/metrics") {
      response.content_type = "text/plain; version=0.0.4; charset=utf-8";
      response.body = metrics.render();
    } else if (r.target == "/healthz") {
      response.body = "ok\n";
    } else {
      response.status = 404;
      response.body = "not found: try /metrics or /healthz\n";
    }
    return response;
  }));
  return std::unique_ptr<MetricsEndpoint>(new MetricsEndpoint(std::move(server)));
}

MetricsEndpoint::MetricsEndpoint(std::unique_ptr<service::http::Server> server)
    : server_(std::move(server)), thread_([s = server_.get()] { s->run(); }) {}

MetricsEndpoint::~MetricsEndpoint() {
  server_->stop();
  thread_.join();
}

}  // namespace parley::tunnel
