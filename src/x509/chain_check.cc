// parley/x509.h: the public face of path validation, over verify.h and report.h.
#include "parley/x509.h"

#include "crypto/provider.h"
#include "x509/hostname.h"
#include "x509/verify.h"

namespace parley {

ChainReport report_of(const x509::VerifyReport& report) {
  ChainReport out;
  out.alert = report.alert();
  out.summary = report.summary();
  out.text = report.to_text();
  if (const auto* best = report.best()) {
    for (const auto& f : best->findings) {
      out.findings.push_back({f.position, f.label, std::string(x509::rule_id(f.rule)), f.message, f.expected, f.found,
                              f.hint});
    }
  }
  return out;
}

ChainReport verify_chain(std::span<const x509::CertificatePtr> chain, const x509::TrustStore& anchors,
                         const ChainOptions& options) {
  x509::VerifyOptions vo;
  vo.time = options.at ? *options.at : crypto::openssl_provider().clock->unix_seconds();
  vo.purpose = options.purpose == Purpose::server ? x509::Purpose::server_auth : x509::Purpose::client_auth;
  vo.max_depth = options.max_depth;
  vo.crls = options.crls;
  if (!options.name.empty()) {
    if (auto ip = IpAddress::parse(options.name)) {
      vo.ip = *ip;
    } else {
      vo.hostname = options.name;
    }
  }
  if (chain.empty()) {
    ChainReport out;
    out.summary = "no certificate to verify";
    out.text = out.summary + "\n";
    out.alert = Alert::certificate_required;
    return out;
  }
  auto verified = x509::verify(chain.front(), chain.subspan(1), anchors, vo);
  if (!verified) return report_of(verified.error());

  ChainReport out;
  out.verified = true;
  for (const auto& c : verified->certificates) out.path.push_back(c->label());
  out.summary = "verified: " + std::to_string(out.path.size()) + " certificates to a trusted root" +
                (options.name.empty() ? std::string() : ", name matches " + options.name);
  out.text = out.summary + "\n";
  for (size_t i = 0; i < out.path.size(); ++i) out.text += "  [" + std::to_string(i) + "] " + out.path[i] + "\n";
  return out;
}

}  // namespace parley
