// libFuzzer target: CRL parsing and serial lookup.
#include <cstddef>
#include <cstdint>

#include "x509/crl.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto crl = parley::x509::Crl::parse(parley::der::Input(data, size));
  if (!crl) return 0;
  const auto& c = **crl;
  (void)parley::x509::to_string(c.issuer);
  for (const auto& r : c.revoked) {
    if (c.find(r.serial) == nullptr) __builtin_trap();  // every entry must be found
  }
  return 0;
}
