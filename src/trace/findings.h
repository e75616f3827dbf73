// What went wrong in a handshake, in order of importance, with the fix: the
// findings `parley doctor` prints and the page marks at a failure.
#pragma once

#include <nlohmann/json.hpp>

#include <span>
#include <string>
#include <vector>

#include "parley/error.h"
#include "trace/words.h"
#include "x509/certificate.h"
#include "x509/report.h"

namespace parley::trace {

enum class Severity : uint8_t { error, warning, info };

struct Finding {
  Severity severity = Severity::error;
  std::string id;      // stable: "certificate.expired", "protocol.plain_http", ... (docs/TRACE.md)
  std::string title;   // one line
  std::string detail;  // the values behind it
  std::string fix;     // what to do, may be empty
};

std::string_view severity_name(Severity s);  // "error", "warning", "info"
nlohmann::json to_json(const Finding& f);

// A rejected chain: the verifier's primary finding as one finding with its
// fix. sent: the chain as the peer sent it (leaf first); peer: whose certificate.
Finding certificate_finding(const x509::VerifyReport& report, std::span<const x509::CertificatePtr> sent, Party peer);

// An alert that ended the handshake, seen from `we`: received from the peer, or sent by us.
Finding alert_finding(Alert alert, bool received, Role we);

}  // namespace parley::trace
