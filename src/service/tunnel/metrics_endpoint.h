// --metrics HOST:PORT: /metrics (the Prometheus text format) and /healthz on
// parley's plain HTTP server (src/service/http), on a thread of its own.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "parley/error.h"
#include "service/http/server.h"
#include "service/tunnel/endpoint.h"
#include "service/tunnel/metrics.h"

namespace parley::tunnel {

class MetricsEndpoint {
 public:
  static Result<std::unique_ptr<MetricsEndpoint>> start(const Endpoint& where, Metrics& metrics);
  ~MetricsEndpoint();  // stops the server and joins its thread
  MetricsEndpoint(const MetricsEndpoint&) = delete;
  MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;
  uint16_t port() const { return server_->port(); }

 private:
  explicit MetricsEndpoint(std::unique_ptr<service::http::Server> server);
  std::unique_ptr<service::http::Server> server_;
  std::thread thread_;
};

}  // namespace parley::tunnel
