// A downstream program: uses the installed public and layer headers and links
// the installed libraries (error values, PEM, the crypto provider).
#include <parley/error.h>

#include <cstdio>
#include <string>

#include "crypto/provider.h"
#include "der/pem.h"

int main() {
  auto e = parley::err::decode("consumer", "linked").error();
  const auto& hash = parley::crypto::openssl_provider().hash(parley::crypto::HashAlg::sha256);
  auto digest = hash.digest({});
  std::string pem = parley::der::pem_encode("TEST", digest.view());
  std::printf("%s %s %zu\n", e.message().c_str(), std::string(parley::alert_name(*e.alert)).c_str(), pem.size());
  return e.message() == "consumer: linked" && digest.size() == 32 ? 0 : 1;
}
