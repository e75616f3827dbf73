// A whole client Connection fed arbitrary bytes as if from a server. The
// deterministic provider makes runs reproducible; signatures and Finished are
// real, so the fuzzer mostly explores ServerHello/HRR parsing and negotiation.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "crypto/testing/deterministic.h"
#include "parley/connection.h"
#include "x509/trust_store.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static parley::crypto::testing::DeterministicProvider* provider = new parley::crypto::testing::DeterministicProvider(1);
  static std::shared_ptr<const parley::ClientConfig> config = [] {
    auto c = std::make_shared<parley::ClientConfig>();
    c->provider = &provider->provider();
    c->trust_store = parley::x509::TrustStore::from_certificates({});
    c->alpn = {"h2"};
    return std::shared_ptr<const parley::ClientConfig>(c);
  }();
  auto conn = parley::Connection::client(config, parley::ServerName::parse("server.test").value());
  if (!conn) return 0;
  // Feed in two pieces so record reassembly across feeds is exercised.
  const size_t half = size / 2;
  if (conn->feed({data, half})) (void)conn->feed({data + half, size - half});
  (void)conn->pending_output();
  return 0;
}
