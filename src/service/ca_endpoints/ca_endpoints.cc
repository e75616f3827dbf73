#include "service/ca_endpoints/ca_endpoints.h"

#include "der/pem.h"

namespace parley::service {
namespace {

http::Response text(int status, std::string body) {
  return http::Response{.status = status, .body = std::to_string(status) + " " +
                                                   std::string(http::reason_phrase(status)) + ": " + body + "\n"};
}

der::Input bytes(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

std::string as_string(const std::vector<uint8_t>& v) { return {v.begin(), v.end()}; }

}  // namespace

Result<std::unique_ptr<CaEndpoints>> CaEndpoints::make(ca::Authority ca, CaEndpointsOptions options) {
  // A locked CA fails here, at start, rather than at the first request.
  if (!ca.unlocked()) return err::api("CaEndpoints: the CA is not unlocked (Authority::unlock)");
  if (options.crl_validity <= 0) return err::api("CaEndpoints: the CRL validity must be positive");
  return std::unique_ptr<CaEndpoints>(new CaEndpoints(std::move(ca), options));
}

CaEndpoints::CaEndpoints(ca::Authority ca, CaEndpointsOptions options)
    : ca_(std::move(ca)),
      signer_([this]() -> Result<ca::ocsp::Delegate> {
        auto issued = PARLEY_TRY(ca_.issue_ocsp_signer());
        log("issued the delegated OCSP signer " + issued.record.serial + " (until " +
            http::http_date(issued.record.not_after) + ")");
        return ca::ocsp::Delegate{issued.certificate, std::move(issued.key)};
      }),
      responder_(ca_.intermediate(), ca::ocsp::ledger_lookup(ca_.ledger()), signer_, *ca_.clock(), options.ocsp),
      crls_(ca_, options.crl_validity) {}

http::Response CaEndpoints::handle(const http::Request& request) {
  std::string_view path = request.target;
  const bool ocsp_path = path.starts_with("/ocsp") && (path.size() == 5 || path[5] == '/');
  if (ocsp_path || path == "/") {
    if (request.method == "POST") return ocsp(request.body);
    std::string_view encoded = path.size() > 6 ? path.substr(6) : std::string_view();
    if (request.method != "GET" || encoded.empty()) {
      auto r = text(405, "OCSP takes POST with the request as its body, or GET /ocsp/<base64 request>");
      r.headers.push_back({"Allow", "GET, POST"});
      return r;
    }
    // RFC 5019 §5: the base64 may arrive URL-encoded, or with its "/" and "+" as they are.
    auto decoded = http::percent_decode(encoded);
    auto der = decoded ? der::base64_decode(*decoded) : Result<std::vector<uint8_t>>(err::decode("bad %-escape"));
    if (!der) {
      log("ocsp: malformedRequest: the GET path is not base64: " + der.error().message());
      auto a = ca::ocsp::build_error_response(ca::ocsp::ResponseStatus::malformed_request);
      return http::Response{.status = 200, .content_type = "application/ocsp-response", .body = as_string(a)};
    }
    return ocsp(std::string_view(reinterpret_cast<const char*>(der->data()), der->size()));
  }
  if (path.starts_with("/crl/") && path.ends_with(".crl")) {
    if (request.method != "GET" && request.method != "HEAD") {
      auto r = text(405, "CRLs are fetched with GET");
      r.headers.push_back({"Allow", "GET, HEAD"});
      return r;
    }
    return crl(path.substr(5, path.size() - 9));
  }
  return text(404, "this CA serves /ocsp and /crl/intermediate.crl");
}

http::Response CaEndpoints::ocsp(std::string_view request_der) {
  auto a = responder_.respond(bytes(request_der));
  log("ocsp: " + a.summary + (a.from_cache ? " (pre-signed)" : ""));
  http::Response r{.status = 200, .content_type = "application/ocsp-response", .body = as_string(a.der)};
  if (a.this_update && a.next_update) {
    // RFC 5019 §6.2: caches may keep the answer until nextUpdate, never longer.
    const int64_t max_age = std::max<int64_t>(0, *a.next_update - ca_.now());
    r.headers = {{"Cache-Control", "max-age=" + std::to_string(max_age) + ", public, no-transform, must-revalidate"},
                 {"Last-Modified", http::http_date(*a.this_update)},
                 {"Expires", http::http_date(*a.next_update)}};
  }
  return r;
}

http::Response CaEndpoints::crl(std::string_view issuer) {
  if (issuer != "intermediate" && !(issuer == "root" && ca_.has_root_key())) {
    return text(404, issuer == "root" ? "the root's key is not here, so neither is its CRL"
                                      : "no such CA: this CA serves /crl/intermediate.crl");
  }
  const uint64_t before = crls_.signed_count();
  auto der = crls_.current(issuer);
  if (!der) {
    log("crl: " + std::string(issuer) + ": " + der.error().message());
    return text(503, "cannot make the CRL now; try again");
  }
  if (crls_.signed_count() != before) log("crl: signed the " + std::string(issuer) + " CRL again");
  return http::Response{.status = 200, .content_type = "application/pkix-crl", .body = as_string(*der)};
}

}  // namespace parley::service
