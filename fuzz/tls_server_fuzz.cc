// A whole server Connection fed arbitrary bytes as if from a client: the
// ClientHello parser and negotiation, HRR, and what follows.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "ca/issuer.h"
#include "ca/names.h"
#include "ca/serial.h"
#include "ca/signing.h"
#include "crypto/testing/deterministic.h"
#include "parley/connection.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static parley::crypto::testing::DeterministicProvider* provider = new parley::crypto::testing::DeterministicProvider(2);
  static std::shared_ptr<const parley::ServerConfig> config = [] {
    auto c = std::make_shared<parley::ServerConfig>();
    c->provider = &provider->provider();
    // A self-signed identity minted once with src/ca.
    const auto& p = provider->provider();
    std::shared_ptr<const parley::crypto::PrivateKey> key = p.keys->generate(parley::crypto::KeySpec::ec_p256).value();
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
    c->identities.push_back(parley::Identity{{parley::x509::Certificate::parse(der).value()}, key});
    c->groups = {parley::crypto::Group::secp256r1, parley::crypto::Group::x25519};  // HRR for x25519-only clients
    c->alpn = {"h2"};
    return std::shared_ptr<const parley::ServerConfig>(c);
  }();
  auto conn = parley::Connection::server(config);
  if (!conn) return 0;
  const size_t half = size / 2;
  if (conn->feed({data, half})) (void)conn->feed({data + half, size - half});
  (void)conn->pending_output();
  return 0;
}
