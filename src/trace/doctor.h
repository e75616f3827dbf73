// `parley doctor`: probes a TLS server with several handshakes and says, in
// order of importance, what would stop a client configured like this one
// from connecting, and how to fix it (docs/TRACE.md lists the findings).
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parley/config.h"
#include "trace/doctor_probe.h"
#include "trace/findings.h"
#include "x509/crl.h"
#include "x509/trust_store.h"

namespace parley::trace {

struct DoctorOptions {
  Target target;
  std::shared_ptr<const x509::TrustStore> trust_store;  // what the client trusts
  std::vector<x509::CrlPtr> crls;
  std::optional<Identity> identity;  // the client certificate to try
  std::vector<std::string> alpn;     // offered as a client would
  int64_t now = 0;                   // Unix seconds
};

struct DoctorReport {
  bool would_connect = false;      // exit 0
  std::vector<Finding> findings;   // errors, then warnings, then facts
  nlohmann::json server = nlohmann::json::object();  // what the probes learnt (docs/TRACE.md)
};

DoctorReport run_doctor(const DoctorOptions& options);

// {"target", "server_name", "would_connect", "findings": [...], "server": {...}}
nlohmann::json to_json(const DoctorReport& report, const DoctorOptions& options);
// Short and scannable: one line per finding, its detail and fix indented.
std::string to_text(const DoctorReport& report, const DoctorOptions& options);

}  // namespace parley::trace
