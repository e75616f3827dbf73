// Parses arbitrary bytes as a PKCS#10 CSR; what parses must check its
// signature without crashing, and its SANs must go through the CA's name rules.
#include <cstdint>
#include <cstdlib>

#include "ca/csr.h"
#include "ca/names.h"
#include "crypto/provider.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace parley;
  const auto& keys = *crypto::openssl_provider().keys;
  auto csr = ca::CertificationRequest::parse(der::Input(data, size), keys);
  if (!csr) return 0;
  if ((*csr)->public_key == nullptr || (*csr)->info.empty()) std::abort();
  (void)(*csr)->verify_signature();
  for (const auto& gn : (*csr)->requested_sans) {
    if (auto san = ca::san_from_general_name(gn)) (void)san->to_string();
  }
  return 0;
}
