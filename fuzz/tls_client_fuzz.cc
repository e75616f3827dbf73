// A whole client Connection fed arbitrary bytes as if from a server. The
// fuzzing provider (null AEAD, zero Finished MACs, accepting signatures) and
// a verifier that accepts any chain let inputs reach past the ServerHello
// into EncryptedExtensions, Certificate(Request), CertificateVerify,
// Finished and the application phase. Provider and connection are made per
// input, so every run is reproducible.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "crypto/testing/fuzzing.h"
#include "parley/connection.h"
#include "tls/verify/verifier.h"

namespace {

class AcceptAnyChain final : public parley::tls::verify::ServerCertVerifier {
 public:
  explicit AcceptAnyChain(const parley::crypto::KeyFactory& keys) : keys_(&keys) {}
  parley::Result<parley::tls::verify::VerifiedChain> verify_server(
      const parley::tls::verify::VerifyInput& input) const override {
    parley::tls::verify::VerifiedChain v;
    v.path = PARLEY_TRY(parley::tls::verify::parse_chain(input.chain, *keys_));
    return v;
  }

 private:
  const parley::crypto::KeyFactory* keys_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  parley::crypto::testing::FuzzingProvider provider(1);
  auto config = std::make_shared<parley::ClientConfig>();
  config->provider = &provider.provider();
  config->verifier = std::make_shared<AcceptAnyChain>(*provider.provider().keys);
  config->alpn = {"h2"};
  config->middlebox_compat = false;  // no random session id: ServerHello seeds need no echo
  auto conn = parley::Connection::client(config, parley::ServerName::parse("server.test").value());
  if (!conn) return 0;
  (void)conn->pending_output();
  // Feed in two pieces so record reassembly across feeds is exercised.
  const size_t half = size / 2;
  if (conn->feed({data, half})) (void)conn->feed({data + half, size - half});
  if (!conn->is_handshaking() && !conn->error()) {
    uint8_t buf[256];
    while (conn->read(buf) != 0) {
    }
    (void)conn->write(std::span<const uint8_t>(data, size < 64 ? size : 64));
    (void)conn->key_update(true);
    conn->close();
  }
  (void)conn->pending_output();
  return 0;
}
