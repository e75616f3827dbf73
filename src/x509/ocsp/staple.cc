// make_ocsp_staple (credentials.h): what a server checks before it staples.
#include <algorithm>

#include "parley/credentials.h"
#include "x509/ocsp/check.h"

namespace parley {

namespace {
Unexpected refused(std::string detail) {
  return err::make(Error::Kind::Certificate, std::nullopt, "OCSP staple refused", std::move(detail));
}
}  // namespace

Result<std::shared_ptr<const OcspStaple>> make_ocsp_staple(const Identity& identity, std::span<const uint8_t> der,
                                                           int64_t now, x509::CertificatePtr issuer) {
  if (identity.chain.empty()) return err::api("make_ocsp_staple: the identity has no certificate");
  const x509::Certificate& leaf = *identity.chain.front();
  if (!issuer && identity.chain.size() > 1) issuer = identity.chain[1];
  auto response = x509::ocsp::Response::parse(der);
  if (!response) return refused("not an OCSP response: " + response.error().message());
  const auto& r = **response;
  x509::ocsp::CheckOptions options;
  options.now = now;
  auto staple = std::make_shared<OcspStaple>();
  staple->leaf = identity.chain.front();
  staple->der.assign(der.begin(), der.end());
  if (issuer) {
    auto answer = x509::ocsp::check(r, leaf, *issuer, options);
    if (!answer) return refused(answer.error().message + " (expected " + answer.error().expected + ", found " +
                                answer.error().found + ")");
    staple->this_update = answer->this_update;
    staple->expires = answer->expires;
    return std::shared_ptr<const OcspStaple>(std::move(staple));
  }
  if (r.status != x509::ocsp::ResponseStatus::successful) {
    return refused("the responder answered " + std::string(x509::ocsp::response_status_name(r.status)));
  }
  auto single = std::ranges::find_if(
      r.responses, [&](const auto& s) { return s.cert_id.matches_serial_and_issuer_name(leaf); });
  if (single == r.responses.end()) {
    return refused("it answers for another certificate than " + leaf.label() + " (" +
                   r.responses.front().cert_id.to_string() + ")");
  }
  if (auto current = x509::ocsp::check_current(*single, leaf, options); !current) {
    return refused(current.error().message);
  }
  staple->this_update = single->this_update;
  staple->expires = x509::ocsp::current_until(*single);
  return std::shared_ptr<const OcspStaple>(std::move(staple));
}

}  // namespace parley
