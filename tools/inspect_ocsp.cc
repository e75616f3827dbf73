#include "inspect_ocsp.h"

#include <fmt/core.h>

#include "der/time.h"
#include "x509/hex.h"
#include "x509/ocsp/check.h"

namespace parley::tools {

using json = nlohmann::json;
namespace ocsp = x509::ocsp;

json describe_ocsp_response(const ocsp::Response& r, int64_t now) {
  json j;
  j["type"] = "ocsp_response";
  j["response_status"] = std::string(ocsp::response_status_name(r.status));
  if (r.status != ocsp::ResponseStatus::successful) return j;
  if (r.responder_name) j["responder"] = "byName " + x509::to_string(*r.responder_name);
  if (r.responder_key_hash) j["responder"] = "byKey " + x509::detail::hex(*r.responder_key_hash);
  j["produced_at"] = der::format_rfc3339(r.produced_at);
  j["signature_algorithm"] = std::string(r.signature_algorithm.name);
  if (r.nonce) j["nonce"] = x509::detail::hex(*r.nonce);
  json answers = json::array();
  for (const auto& s : r.responses) {
    json a = {{"cert_id", s.cert_id.to_string()},
              {"status", std::string(ocsp::cert_status_name(s.status))},
              {"this_update", der::format_rfc3339(s.this_update)}};
    if (s.next_update) a["next_update"] = der::format_rfc3339(*s.next_update);
    if (s.status == ocsp::CertStatus::revoked) {
      a["revoked_at"] = der::format_rfc3339(s.revocation_time);
      a["reason"] = std::string(s.reason ? x509::crl_reason_name(*s.reason) : "unspecified");
    }
    const int64_t until = ocsp::current_until(s);
    a["current"] = s.this_update <= now + ocsp::kClockSkew && now - ocsp::kClockSkew <= until;
    a["current_until"] = der::format_rfc3339(until);
    answers.push_back(a);
  }
  j["responses"] = answers;
  json certs = json::array();
  for (const auto& c : r.certs) {
    certs.push_back({{"label", c->label()}, {"ocsp_nocheck", ocsp::has_ocsp_nocheck(*c)}});
  }
  j["certificates"] = certs;
  return j;
}

void print_ocsp_response(const json& j) {
  auto line = [](const char* label, const std::string& value) { fmt::print("  {:<22} {}\n", label, value); };
  line("response status:", j["response_status"].get<std::string>());
  if (!j.contains("responses")) return;
  line("responder:", j["responder"].get<std::string>());
  line("produced at:", j["produced_at"].get<std::string>());
  line("signature algorithm:", j["signature_algorithm"].get<std::string>());
  if (j.contains("nonce")) line("nonce:", j["nonce"].get<std::string>());
  for (const auto& a : j["responses"]) {
    std::string status = a["status"].get<std::string>();
    if (a.contains("revoked_at")) {
      status += " since " + a["revoked_at"].get<std::string>() + " (reason " + a["reason"].get<std::string>() + ")";
    }
    line("certificate:", a["cert_id"].get<std::string>());
    line("  status:", status);
    line("  this update:", a["this_update"].get<std::string>());
    if (a.contains("next_update")) line("  next update:", a["next_update"].get<std::string>());
    line("  freshness:", (a["current"].get<bool>() ? "current until " : "NOT current (until ") +
                             a["current_until"].get<std::string>() + (a["current"].get<bool>() ? "" : ")"));
  }
  for (const auto& c : j["certificates"]) {
    line("responder cert:", c["label"].get<std::string>() + (c["ocsp_nocheck"].get<bool>() ? " (ocsp-nocheck)" : ""));
  }
}

}  // namespace parley::tools
