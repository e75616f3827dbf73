// RFC 8448 §6 (client authentication) replayed byte for byte through two real
// Connections: ClientHello, ServerHello, the server's protected flight (EE,
// CertificateRequest, Certificate, CertificateVerify, Finished), the client's
// protected flight (Certificate, CertificateVerify, Finished) and both
// close_notify records (§6 has no application data).
//
// Test setup beyond simple_1rtt_test.cc's:
//   - §6's server certificate is ECDSA P-256 (CN=ecdsa256) and its signature
//     (ecdsa_secp256r1_sha256) is randomized, so the server's key is a double
//     that checks the to-be-signed content and returns the RFC's signature;
//     the client verifies it with the certificate's real P-256 key;
//   - the client's RSA-PSS signature likewise comes from a double that checks
//     the "TLS 1.3, client CertificateVerify" content; the server verifies it
//     with the client certificate's real RSA key;
//   - the server's client-certificate verifier accepts exactly the RFC's
//     client certificate and sends no certificate_authorities (as the RFC);
//   - the CertificateRequest's signature_algorithms are the server's
//     configured schemes, so the server is configured with the RFC's list.
#include "crypto/testing/deterministic.h"
#include "replay_util.h"
#include "vectors/rfc8448_auth.h"

namespace parley::test::rfc8448 {
namespace {

// A key double for any algorithm: checks the content it is asked to sign and
// answers with the RFC's signature.
class FixedSigner final : public crypto::PrivateKey {
 public:
  FixedSigner(x509::CertificatePtr cert, crypto::KeyType type, size_t bits, crypto::SigAlg alg, Bytes content,
              Bytes signature)
      : cert_(std::move(cert)), type_(type), bits_(bits), alg_(alg), expected_(std::move(content)),
        signature_(std::move(signature)) {}
  crypto::KeyType type() const override { return type_; }
  size_t bits() const override { return bits_; }
  const crypto::PublicKey& public_key() const override { return *cert_->public_key; }
  Result<crypto::Bytes> sign(crypto::SigAlg alg, crypto::ByteView msg) const override {
    ++calls;
    EXPECT_EQ(alg, alg_);
    EXPECT_EQ(to_hex(msg), to_hex(expected_));
    return crypto::Bytes(signature_.begin(), signature_.end());
  }
  Result<SecretBuffer> to_pkcs8(std::optional<std::string_view>) const override {
    return err::api("FixedSigner has no private key");
  }
  mutable int calls = 0;

 private:
  x509::CertificatePtr cert_;
  crypto::KeyType type_;
  size_t bits_;
  crypto::SigAlg alg_;
  Bytes expected_, signature_;
};

// Accepts exactly the RFC's client certificate; no certificate_authorities hints.
class RfcClientCertificateVerifier final : public tls::verify::ClientCertVerifier {
 public:
  explicit RfcClientCertificateVerifier(Bytes der) : der_(std::move(der)) {}
  std::span<const std::vector<uint8_t>> root_hints() const override { return {}; }
  Result<tls::verify::VerifiedChain> verify_client(std::span<const x509::CertificatePtr> chain, int64_t) const override {
    ++calls;
    if (chain.size() != 1 || to_hex(chain[0]->der()) != to_hex(der_)) {
      return err::make(Error::Kind::Certificate, Alert::bad_certificate, "not the RFC 8448 client certificate");
    }
    tls::verify::VerifiedChain v;
    v.path = {chain[0]};
    return v;
  }
  mutable int calls = 0;

 private:
  Bytes der_;
};

// §4.4.3: the content a CertificateVerify signs.
Bytes signed_content(std::string_view context, crypto::ByteView transcript_hash) {
  Bytes content(64, 0x20);
  for (char ch : context) content.push_back(static_cast<uint8_t>(ch));
  content.push_back(0x00);
  for (uint8_t b : transcript_hash) content.push_back(b);
  return content;
}

// A Certificate message around one certificate (empty context, no entry extensions).
Bytes certificate_message(const Bytes& der) {
  const size_t list = 3 + der.size() + 2, body = 1 + 3 + list;
  Bytes m;
  auto u24 = [&m](size_t n) {
    for (int shift : {16, 8, 0}) m.push_back(static_cast<uint8_t>(n >> shift));
  };
  m.push_back(0x0b);
  u24(body);
  m.push_back(0x00);  // certificate_request_context: empty
  u24(list);
  u24(der.size());
  m.insert(m.end(), der.begin(), der.end());
  m.push_back(0x00);  // no entry extensions
  m.push_back(0x00);
  return m;
}

// The RFC's CertificateRequest signature_algorithms, in its order (0x0203 and
// 0x0202 are SHA-1 legacy codes, 0x0203 ecdsa_sha1, 0x0202 dsa_sha1).
constexpr uint16_t kRequestSchemes[] = {0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806, 0x0401,
                                        0x0501, 0x0601, 0x0201, 0x0402, 0x0502, 0x0602, 0x0202};

TEST(Rfc8448, client_authentication_replays_byte_for_byte) {
  const Bytes ch_record = hex(kAuthClientHelloRecord);
  const Bytes ch(ch_record.begin() + 5, ch_record.end());
  const Bytes sh = hex(kAuthServerHello), ee = hex(kAuthEncryptedExtensions), cr = hex(kAuthCertificateRequest),
              server_cert_msg = hex(kAuthServerCertificate), server_cv = hex(kAuthServerCertificateVerify),
              server_fin = hex(kAuthServerFinished), client_der = hex(kAuthClientCertificateDer);
  const auto ch_ext = extensions_at(ch, 4 + 2 + 32 + 1 + 8 + 2, wire::MessageKind::client_hello);
  const auto sh_ext = extensions_at(sh, 4 + 2 + 32 + 1 + 2 + 1, wire::MessageKind::server_hello);
  const auto ee_ext = extensions_at(ee, 4, wire::MessageKind::encrypted_extensions);
  // CertificateRequest: header 4, empty certificate_request_context 1.
  const Bytes cr_msg = hex(kAuthCertificateRequest);  // cr_ext views into it
  const auto cr_ext = extensions_at(cr_msg, 4 + 1, wire::MessageKind::certificate_request);

  // Certificate message: header 4, context 1, list length 3, entry length 3.
  const size_t server_der_len = size_t{server_cert_msg[8]} << 16 | size_t{server_cert_msg[9]} << 8 | server_cert_msg[10];
  const Bytes server_der(server_cert_msg.begin() + 11, server_cert_msg.begin() + 11 + static_cast<ptrdiff_t>(server_der_len));
  auto server_cert = x509::Certificate::parse(server_der);
  ASSERT_TRUE(server_cert.has_value()) << server_cert.error().message();
  ASSERT_TRUE((*server_cert)->public_key) << (*server_cert)->public_key_error;
  auto client_cert = x509::Certificate::parse(client_der);
  ASSERT_TRUE(client_cert.has_value()) << client_cert.error().message();
  ASSERT_TRUE((*client_cert)->public_key) << (*client_cert)->public_key_error;

  // What each side signs, from the transcript (and the hashes checked against the vectors).
  const auto& sha256 = *crypto::openssl_provider().sha256;
  const auto server_hash = sha256.digest(cat({ch, sh, ee, cr, server_cert_msg}));
  EXPECT_EQ(to_hex(server_hash.view()), kAuthHashToServerCertificate);
  const Bytes client_cert_msg = certificate_message(client_der);
  const auto client_hash = sha256.digest(cat({ch, sh, ee, cr, server_cert_msg, server_cv, server_fin, client_cert_msg}));
  EXPECT_EQ(to_hex(client_hash.view()), kAuthHashToClientCertificate);
  // CertificateVerify: header 4, scheme 2, length 2, signature.
  auto server_signer = std::make_shared<FixedSigner>(
      *server_cert, crypto::KeyType::ec_p256, 256, crypto::SigAlg::ecdsa_sha256,
      signed_content("TLS 1.3, server CertificateVerify", server_hash.view()), Bytes(server_cv.begin() + 8, server_cv.end()));
  auto client_signer = std::make_shared<FixedSigner>(
      *client_cert, crypto::KeyType::rsa, 1024, crypto::SigAlg::rsa_pss_sha256,
      signed_content("TLS 1.3, client CertificateVerify", client_hash.view()), hex(kAuthClientSignature));
  auto client_verifier = std::make_shared<RfcClientCertificateVerifier>(client_der);

  crypto::testing::DeterministicProvider client_p, server_p;
  client_p.rng().push(hex(kAuthClientRandom));
  client_p.rng().push(hex(kAuthClientX25519Private));
  server_p.rng().push(hex(kAuthServerRandom));
  server_p.rng().push(hex(kAuthServerX25519Private));

  auto ccfg = std::make_shared<ClientConfig>();
  ccfg->provider = &client_p.provider();
  ccfg->verifier = std::make_shared<RfcCertificateVerifier>(server_der);
  ccfg->identity = Identity{{*client_cert}, client_signer};
  ccfg->suites = {crypto::Suite::aes_128_gcm_sha256, crypto::Suite::chacha20_poly1305_sha256,
                  crypto::Suite::aes_256_gcm_sha384};
  ccfg->groups = {crypto::Group::x25519, crypto::Group::secp256r1, crypto::Group::secp384r1};
  ccfg->middlebox_compat = false;

  auto scfg = std::make_shared<ServerConfig>();
  scfg->provider = &server_p.provider();
  scfg->identities.push_back(Identity{{*server_cert}, server_signer});
  scfg->client_auth = ClientAuth::required;
  scfg->verifier = client_verifier;
  // The CertificateRequest's signature_algorithms (see kRequestSchemes).
  for (uint16_t code : kRequestSchemes) scfg->signature_schemes.push_back(static_cast<crypto::SignatureScheme>(code));
  scfg->middlebox_compat = false;

  auto client = Connection::client(ccfg, ServerName::parse("server").value());
  ASSERT_TRUE(client.has_value()) << client.error().message();
  auto server = Connection::server(scfg);
  ASSERT_TRUE(server.has_value()) << server.error().message();
  tls::ConnectionInternals::set_extensions_override(*client, [&](wire::HandshakeType t) -> std::optional<wire::Extensions> {
    if (t == wire::HandshakeType::client_hello) return ch_ext;
    return std::nullopt;
  });
  tls::ConnectionInternals::set_extensions_override(*server, [&](wire::HandshakeType t) -> std::optional<wire::Extensions> {
    if (t == wire::HandshakeType::server_hello) return sh_ext;
    if (t == wire::HandshakeType::encrypted_extensions) return ee_ext;
    // The RFC's CertificateRequest has no signature_algorithms_cert (parley adds one).
    if (t == wire::HandshakeType::certificate_request) return cr_ext;
    return std::nullopt;
  });

  const std::string client_hello_record = take(*client);
  EXPECT_EQ(client_hello_record, kAuthClientHelloRecord);
  EXPECT_EQ(client_p.rng().pending(), 0u);

  ASSERT_NO_FATAL_FAILURE(feed(*server, client_hello_record));
  const std::string server_flight = take(*server);
  EXPECT_EQ(server_flight, to_hex(plaintext_record(0x0303, sh)) + std::string(kAuthServerHandshakeRecord));
  EXPECT_EQ(server_p.rng().pending(), 0u);
  EXPECT_EQ(server_signer->calls, 1);

  // {client}: verifies the server's ECDSA signature, answers the CertificateRequest.
  ASSERT_NO_FATAL_FAILURE(feed(*client, server_flight));
  EXPECT_FALSE(client->is_handshaking());
  EXPECT_EQ(take(*client), kAuthClientFlightRecord);
  EXPECT_EQ(client_signer->calls, 1);
  ASSERT_NE(client->negotiated(), nullptr);
  EXPECT_EQ(client->negotiated()->peer_signature_scheme, crypto::SignatureScheme::ecdsa_secp256r1_sha256);

  // {server}: verifies the client's RSA-PSS signature with the client certificate's key.
  ASSERT_NO_FATAL_FAILURE(feed(*server, kAuthClientFlightRecord));
  EXPECT_FALSE(server->is_handshaking());
  EXPECT_EQ(client_verifier->calls, 1);
  ASSERT_NE(server->negotiated(), nullptr);
  EXPECT_EQ(server->negotiated()->peer_signature_scheme, crypto::SignatureScheme::rsa_pss_rsae_sha256);
  ASSERT_NE(server->peer(), nullptr);
  ASSERT_EQ(server->peer()->chain.size(), 1u);
  EXPECT_EQ(to_hex(server->peer()->chain[0]->der()), kAuthClientCertificateDer);

  client->close();
  EXPECT_EQ(take(*client), kAuthClientAlertRecord);
  ASSERT_NO_FATAL_FAILURE(feed(*server, kAuthClientAlertRecord));
  EXPECT_TRUE(server->peer_closed());
  server->close();
  EXPECT_EQ(take(*server), kAuthServerAlertRecord);
  ASSERT_NO_FATAL_FAILURE(feed(*client, kAuthServerAlertRecord));
  EXPECT_TRUE(client->peer_closed());
}

// The server really verifies the client's signature: the same replay with
// one bit of the client's RSA-PSS signature flipped ends with decrypt_error.
TEST(Rfc8448, client_authentication_rejects_a_bad_client_signature) {
  const Bytes ch_record = hex(kAuthClientHelloRecord);
  const Bytes ch(ch_record.begin() + 5, ch_record.end());
  const Bytes sh = hex(kAuthServerHello), ee = hex(kAuthEncryptedExtensions), server_cert_msg = hex(kAuthServerCertificate),
              server_cv = hex(kAuthServerCertificateVerify), client_der = hex(kAuthClientCertificateDer);
  const auto ch_ext = extensions_at(ch, 4 + 2 + 32 + 1 + 8 + 2, wire::MessageKind::client_hello);
  const auto sh_ext = extensions_at(sh, 4 + 2 + 32 + 1 + 2 + 1, wire::MessageKind::server_hello);
  const auto ee_ext = extensions_at(ee, 4, wire::MessageKind::encrypted_extensions);
  // CertificateRequest: header 4, empty certificate_request_context 1.
  const Bytes cr_msg = hex(kAuthCertificateRequest);  // cr_ext views into it
  const auto cr_ext = extensions_at(cr_msg, 4 + 1, wire::MessageKind::certificate_request);
  const size_t server_der_len = size_t{server_cert_msg[8]} << 16 | size_t{server_cert_msg[9]} << 8 | server_cert_msg[10];
  const Bytes server_der(server_cert_msg.begin() + 11, server_cert_msg.begin() + 11 + static_cast<ptrdiff_t>(server_der_len));
  auto server_cert = x509::Certificate::parse(server_der);
  auto client_cert = x509::Certificate::parse(client_der);
  ASSERT_TRUE(server_cert.has_value() && client_cert.has_value());

  const auto& sha256 = *crypto::openssl_provider().sha256;
  const auto server_hash = sha256.digest(cat({ch, sh, ee, hex(kAuthCertificateRequest), server_cert_msg}));
  Bytes bad_sig = hex(kAuthClientSignature);
  bad_sig[20] ^= 0x01;
  auto server_signer = std::make_shared<FixedSigner>(
      *server_cert, crypto::KeyType::ec_p256, 256, crypto::SigAlg::ecdsa_sha256,
      signed_content("TLS 1.3, server CertificateVerify", server_hash.view()), Bytes(server_cv.begin() + 8, server_cv.end()));
  const auto client_hash = sha256.digest(cat({ch, sh, ee, hex(kAuthCertificateRequest), server_cert_msg, server_cv,
                                              hex(kAuthServerFinished), certificate_message(client_der)}));
  auto client_signer = std::make_shared<FixedSigner>(*client_cert, crypto::KeyType::rsa, 1024, crypto::SigAlg::rsa_pss_sha256,
                                                     signed_content("TLS 1.3, client CertificateVerify", client_hash.view()),
                                                     bad_sig);

  crypto::testing::DeterministicProvider client_p, server_p;
  client_p.rng().push(hex(kAuthClientRandom));
  client_p.rng().push(hex(kAuthClientX25519Private));
  server_p.rng().push(hex(kAuthServerRandom));
  server_p.rng().push(hex(kAuthServerX25519Private));
  auto ccfg = std::make_shared<ClientConfig>();
  ccfg->provider = &client_p.provider();
  ccfg->verifier = std::make_shared<RfcCertificateVerifier>(server_der);
  ccfg->identity = Identity{{*client_cert}, client_signer};
  ccfg->suites = {crypto::Suite::aes_128_gcm_sha256, crypto::Suite::chacha20_poly1305_sha256,
                  crypto::Suite::aes_256_gcm_sha384};
  ccfg->groups = {crypto::Group::x25519, crypto::Group::secp256r1, crypto::Group::secp384r1};
  ccfg->middlebox_compat = false;
  auto scfg = std::make_shared<ServerConfig>();
  scfg->provider = &server_p.provider();
  scfg->identities.push_back(Identity{{*server_cert}, server_signer});
  scfg->client_auth = ClientAuth::required;
  scfg->verifier = std::make_shared<RfcClientCertificateVerifier>(client_der);
  for (uint16_t code : kRequestSchemes) scfg->signature_schemes.push_back(static_cast<crypto::SignatureScheme>(code));
  scfg->middlebox_compat = false;

  auto client = Connection::client(ccfg, ServerName::parse("server").value());
  auto server = Connection::server(scfg);
  ASSERT_TRUE(client.has_value() && server.has_value());
  tls::ConnectionInternals::set_extensions_override(*client, [&](wire::HandshakeType t) -> std::optional<wire::Extensions> {
    if (t == wire::HandshakeType::client_hello) return ch_ext;
    return std::nullopt;
  });
  tls::ConnectionInternals::set_extensions_override(*server, [&](wire::HandshakeType t) -> std::optional<wire::Extensions> {
    if (t == wire::HandshakeType::server_hello) return sh_ext;
    if (t == wire::HandshakeType::encrypted_extensions) return ee_ext;
    // The RFC's CertificateRequest has no signature_algorithms_cert (parley adds one).
    if (t == wire::HandshakeType::certificate_request) return cr_ext;
    return std::nullopt;
  });
  ASSERT_NO_FATAL_FAILURE(feed(*server, take(*client)));
  ASSERT_NO_FATAL_FAILURE(feed(*client, take(*server)));
  const std::string flight = take(*client);
  EXPECT_NE(flight, kAuthClientFlightRecord);
  auto r = server->feed(hex(flight));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().alert, Alert::decrypt_error) << r.error().message();
}

}  // namespace
}  // namespace parley::test::rfc8448
