// A whole server Connection fed arbitrary bytes as if from a client: the
// ClientHello parser and negotiation, HRR, and (with the fuzzing provider's
// null AEAD, zero Finished MACs and accepting signatures) the client's
// Certificate, CertificateVerify and Finished under optional client auth.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "ca/issuer.h"
#include "ca/names.h"
#include "ca/serial.h"
#include "ca/signing.h"
#include "crypto/testing/fuzzing.h"
#include "parley/connection.h"
#include "parley/session.h"
#include "tls/verify/verifier.h"

namespace {

class AcceptAnyClient final : public parley::tls::verify::ClientCertVerifier {
 public:
  std::span<const std::vector<uint8_t>> root_hints() const override { return {}; }
  explicit AcceptAnyClient(const parley::crypto::KeyFactory& keys) : keys_(&keys) {}
  parley::Result<parley::tls::verify::VerifiedChain> verify_client(
      const parley::tls::verify::VerifyInput& input) const override {
    parley::tls::verify::VerifiedChain v;
    v.path = PARLEY_TRY(parley::tls::verify::parse_chain(input.chain, *keys_));
    return v;
  }

 private:
  const parley::crypto::KeyFactory* keys_;
};

// A self-signed identity minted once with src/ca. The server holds an ECDSA
// and an RSA one, so that ClientHellos offering only RSA schemes (most of the
// tlsfuzzer-recorded seeds) get past certificate selection too.
parley::Identity mint_identity(parley::crypto::KeySpec spec) {
  const auto& p = parley::crypto::openssl_provider();
  std::shared_ptr<const parley::crypto::PrivateKey> key = p.keys->generate(spec).value();
  parley::ca::CertificateTemplate t;
  t.profile = parley::ca::Profile::server;
  t.serial = parley::ca::random_serial(*p.rng);
  t.subject = parley::ca::build_cn_name("fuzz").value();
  auto spki = key->public_key().spki_der();
  t.spki.assign(spki.begin(), spki.end());
  t.sans.push_back(parley::ca::parse_san("dns:server.test").value());
  t.not_before = 0;
  t.not_after = 4102444800;
  auto kid = parley::ca::key_identifier(*p.sha256, spki).value();
  auto der = parley::ca::build_certificate(t, {t.subject, kid, key.get()}, *p.sha256).value();
  return parley::Identity{{parley::x509::Certificate::parse(der).value()}, key};
}

const std::vector<parley::Identity>& identities() {
  static const auto* ids = new std::vector<parley::Identity>{mint_identity(parley::crypto::KeySpec::ec_p256),
                                                             mint_identity(parley::crypto::KeySpec::rsa_2048)};
  return *ids;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  parley::crypto::testing::FuzzingProvider provider(2);
  auto config = std::make_shared<parley::ServerConfig>();
  config->provider = &provider.provider();
  config->identities = identities();
  config->groups = {parley::crypto::Group::secp256r1, parley::crypto::Group::x25519};  // HRR for x25519-only clients
  config->alpn = {"h2"};
  config->client_auth = parley::ClientAuth::optional;
  config->verifier = std::make_shared<AcceptAnyClient>(*provider.provider().keys);
  // Ticket keys of this iteration's provider: the process-wide default keys
  // stay bound to the provider that first made them, which is gone by now.
  config->ticket_keys = parley::TicketKeys::generate(provider.provider());
  auto conn = parley::Connection::server(config);
  if (!conn) return 0;
  const size_t half = size / 2;
  if (conn->feed({data, half})) (void)conn->feed({data + half, size - half});
  if (!conn->is_handshaking() && !conn->error()) {
    uint8_t buf[256];
    while (conn->read(buf) != 0) {
    }
    (void)conn->write(std::span<const uint8_t>(data, size < 64 ? size : 64));
    conn->close();
  }
  (void)conn->pending_output();
  return 0;
}
