// The tunnel's Prometheus metrics (prometheus-cpp's core types, `parley_`
// prefix), rendered in the text exposition format for /metrics. The families:
//   parley_connections_open (gauge), parley_connections_total (counter)
//   parley_handshakes_total{result="ok"|"failed",alert}
//   parley_denials_total{rule_set,reason}  (reason: the alert: access_denied, certificate_expired, ...)
//   parley_admissions_total{rule}          (the rule that admitted)
//   parley_bytes_total{direction="from_peer"|"to_peer"}
//   parley_handshake_duration_seconds (histogram)
//   parley_certificate_expiry_seconds (gauge: until our certificate's notAfter)
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace parley::tunnel {

class Metrics {
 public:
  Metrics();

  void connection_opened();
  void connection_closed();
  void handshake(bool ok, const std::string& alert, double seconds);
  void denied(const std::string& rule_set, const std::string& reason);
  void admitted(const std::string& rule);
  prometheus::Counter& bytes_from_peer() { return *from_peer_; }
  prometheus::Counter& bytes_to_peer() { return *to_peer_; }
  // Our certificate's notAfter (Unix seconds), after every (re)load.
  void set_certificate_not_after(int64_t not_after) { not_after_ = not_after; }

  // The text exposition format (version 0.0.4).
  std::string render();

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Gauge* open_;
  prometheus::Counter* total_;
  prometheus::Family<prometheus::Counter>* handshakes_;
  prometheus::Family<prometheus::Counter>* denials_;
  prometheus::Family<prometheus::Counter>* admissions_;
  prometheus::Counter* from_peer_;
  prometheus::Counter* to_peer_;
  prometheus::Histogram* handshake_seconds_;
  prometheus::Gauge* expiry_;
  std::atomic<int64_t> not_after_{0};
};

}  // namespace parley::tunnel
