// libFuzzer target: OCSPResponse parsing (x509/ocsp/response.h), then the
// checker against the response's own certificates.
#include <cstddef>
#include <cstdint>

#include "x509/ocsp/check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace parley::x509::ocsp;
  auto parsed = Response::parse(parley::der::Input(data, size));
  if (!parsed) return 0;
  const Response& r = **parsed;
  for (const auto& single : r.responses) {
    // Every CertID re-encodes to one that reads back equal.
    parley::der::Builder b;
    single.cert_id.encode(b);
    auto der = std::move(b).finish();
    if (!der) __builtin_trap();
    parley::der::Parser p(*der);
    auto back = CertId::read(p);
    if (!back || !(*back == single.cert_id)) __builtin_trap();
    (void)single.cert_id.to_string();
  }
  if (!r.certs.empty()) {
    CheckOptions o;
    o.now = r.produced_at;
    auto answer = check(r, *r.certs.front(), *r.certs.back(), o);
    if (answer) (void)describe(*answer);
  }
  return 0;
}
