// libFuzzer target: X.509 certificate parsing, plus the renderers a report or
// `parley inspect` would run on whatever parsed.
#include <cstddef>
#include <cstdint>

#include "x509/certificate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto cert = parley::x509::Certificate::parse(parley::der::Input(data, size));
  if (!cert) return 0;
  const auto& c = **cert;
  (void)c.label();
  (void)parley::x509::to_string(c.issuer);
  (void)parley::x509::common_name(c.subject);
  (void)c.self_issued();
  if (c.subject_alt_names) {
    for (const auto& n : *c.subject_alt_names) (void)parley::x509::to_string(n);
  }
  if (c.name_constraints) {
    for (const auto& n : c.name_constraints->permitted) (void)parley::x509::to_string(n);
    for (const auto& n : c.name_constraints->excluded) (void)parley::x509::to_string(n);
  }
  return 0;
}
