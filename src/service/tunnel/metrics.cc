#include "service/tunnel/metrics.h"

#include <prometheus/text_serializer.h>

#include <chrono>

namespace parley::tunnel {

Metrics::Metrics() : registry_(std::make_shared<prometheus::Registry>()) {
  open_ = &prometheus::BuildGauge().Name("parley_connections_open").Help("Tunneled connections open now").Register(*registry_).Add({});
  total_ = &prometheus::BuildCounter().Name("parley_connections_total").Help("Connections accepted").Register(*registry_).Add({});
  handshakes_ = &prometheus::BuildCounter()
                     .Name("parley_handshakes_total")
                     .Help("TLS handshakes by result and the alert that ended a failed one")
                     .Register(*registry_);
  denials_ = &prometheus::BuildCounter()
                  .Name("parley_denials_total")
                  .Help("Peers refused, by rule set and reason (the alert sent)")
                  .Register(*registry_);
  admissions_ = &prometheus::BuildCounter()
                     .Name("parley_admissions_total")
                     .Help("Peers admitted, by the identity rule that admitted them")
                     .Register(*registry_);
  auto& bytes = prometheus::BuildCounter()
                    .Name("parley_bytes_total")
                    .Help("Application bytes relayed, by direction as the TLS peer sees it")
                    .Register(*registry_);
  from_peer_ = &bytes.Add({{"direction", "from_peer"}});
  to_peer_ = &bytes.Add({{"direction", "to_peer"}});
  handshake_seconds_ = &prometheus::BuildHistogram()
                            .Name("parley_handshake_duration_seconds")
                            .Help("From accept (or connect) to the end of the TLS handshake")
                            .Register(*registry_)
                            .Add({}, prometheus::Histogram::BucketBoundaries{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                                             0.1, 0.25, 0.5, 1, 2.5, 5, 10});
  expiry_ = &prometheus::BuildGauge()
                 .Name("parley_certificate_expiry_seconds")
                 .Help("Seconds until this tunnel's own certificate expires")
                 .Register(*registry_)
                 .Add({});
}

void Metrics::connection_opened() {
  open_->Increment();
  total_->Increment();
}

void Metrics::connection_closed() { open_->Decrement(); }

void Metrics::handshake(bool ok, const std::string& alert, double seconds) {
  handshakes_->Add({{"result", ok ? "ok" : "failed"}, {"alert", alert.empty() ? "none" : alert}}).Increment();
  if (ok) handshake_seconds_->Observe(seconds);
}

void Metrics::denied(const std::string& rule_set, const std::string& reason) {
  denials_->Add({{"rule_set", rule_set}, {"reason", reason}}).Increment();
}

void Metrics::admitted(const std::string& rule) { admissions_->Add({{"rule", rule}}).Increment(); }

std::string Metrics::render() {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  expiry_->Set(static_cast<double>(not_after_.load() - now.count()));
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace parley::tunnel
