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

// Accepts exactly the RFC's client certificate; no certificate_authorities hints.
class RfcClientCertificateVerifier final : public tls::verify::ClientCertVerifier {
 public:
  explicit RfcClientCertificateVerifier(Bytes der) : der_(std::move(der)) {}
  std::span<const std::vector<uint8_t>> root_hints() const override { return {}; }
  Result<tls::verify::VerifiedChain> verify_client(const tls::verify::VerifyInput& input) const override {
    ++calls;
    EXPECT_EQ(input.purpose, x509::Purpose::client_auth);
    if (input.chain.size() != 1 || to_hex(input.chain[0]) != to_hex(der_)) {
      return err::make(Error::Kind::Certificate, Alert::bad_certificate, "not the RFC 8448 client certificate");
    }
    tls::verify::VerifiedChain v;
    v.path = {PARLEY_TRY(x509::Certificate::parse(input.chain[0]))};
    return v;
  }
  mutable int calls = 0;

 private:
  Bytes der_;
};

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

// Both sides of the §6 replay, the client signing with `client_signature`.
struct ClientAuthReplay {
  const Bytes ch = [] {
    const Bytes record = hex(kAuthClientHelloRecord);
    return Bytes(record.begin() + 5, record.end());
  }();
  const Bytes sh = hex(kAuthServerHello), ee = hex(kAuthEncryptedExtensions), cr = hex(kAuthCertificateRequest),
              server_cert_msg = hex(kAuthServerCertificate), server_cv = hex(kAuthServerCertificateVerify),
              server_fin = hex(kAuthServerFinished), client_der = hex(kAuthClientCertificateDer),
              server_der = first_certificate_der(server_cert_msg);
  x509::CertificatePtr server_cert, client_cert;
  std::shared_ptr<FixedSigner> server_signer, client_signer;
  std::shared_ptr<RfcClientCertificateVerifier> client_verifier = std::make_shared<RfcClientCertificateVerifier>(client_der);
  crypto::testing::DeterministicProvider client_p, server_p;
  ReplayPair pair;

  void start(const Bytes& client_signature) {
    auto sc = x509::Certificate::parse(server_der);
    ASSERT_TRUE(sc.has_value()) << sc.error().message();
    ASSERT_TRUE((*sc)->public_key) << (*sc)->public_key_error;
    auto cc = x509::Certificate::parse(client_der);
    ASSERT_TRUE(cc.has_value()) << cc.error().message();
    ASSERT_TRUE((*cc)->public_key) << (*cc)->public_key_error;
    server_cert = *sc;
    client_cert = *cc;

    // What each side signs, from the transcript (the hashes checked against the vectors).
    const auto& sha256 = *crypto::openssl_provider().sha256;
    const auto server_hash = sha256.digest(cat({ch, sh, ee, cr, server_cert_msg}));
    EXPECT_EQ(to_hex(server_hash.view()), kAuthHashToServerCertificate);
    const auto client_hash =
        sha256.digest(cat({ch, sh, ee, cr, server_cert_msg, server_cv, server_fin, certificate_message(client_der)}));
    EXPECT_EQ(to_hex(client_hash.view()), kAuthHashToClientCertificate);
    // CertificateVerify: header 4, scheme 2, length 2, signature.
    server_signer = std::make_shared<FixedSigner>(server_cert, crypto::SignatureScheme::ecdsa_secp256r1_sha256,
                                                  signed_content("TLS 1.3, server CertificateVerify", server_hash.view()),
                                                  Bytes(server_cv.begin() + 8, server_cv.end()));
    client_signer = std::make_shared<FixedSigner>(client_cert, crypto::SignatureScheme::rsa_pss_rsae_sha256,
                                                  signed_content("TLS 1.3, client CertificateVerify", client_hash.view()),
                                                  client_signature);

    client_p.rng().push(hex(kAuthClientRandom));
    client_p.rng().push(hex(kAuthClientX25519Private));
    server_p.rng().push(hex(kAuthServerRandom));
    server_p.rng().push(hex(kAuthServerX25519Private));

    auto ccfg = rfc_client_config(client_p.provider(), server_der);
    ccfg->identity = Identity{{client_cert}, client_signer};
    auto scfg = rfc_server_config(server_p.provider(), Identity{{server_cert}, server_signer});
    scfg->client_auth = ClientAuth::required;
    scfg->verifier = client_verifier;
    // The CertificateRequest's signature_algorithms (see kRequestSchemes).
    for (uint16_t code : kRequestSchemes) scfg->signature_schemes.push_back(static_cast<crypto::SignatureScheme>(code));

    // ClientHello: header 4, version 2, random 32, session id 1+0, suites 2+6,
    // compression 1+1. ServerHello: header 4, version 2, random 32, session
    // id 1+0, suite 2, compression 1. CertificateRequest: header 4, empty
    // context 1; the RFC's has no signature_algorithms_cert (parley adds one).
    ASSERT_NO_FATAL_FAILURE(connect_pair(
        pair, ccfg, scfg,
        {{wire::HandshakeType::client_hello, extensions_at(ch, 4 + 2 + 32 + 1 + 8 + 2, wire::MessageKind::client_hello)}},
        {{wire::HandshakeType::server_hello, extensions_at(sh, 4 + 2 + 32 + 1 + 2 + 1, wire::MessageKind::server_hello)},
         {wire::HandshakeType::encrypted_extensions, extensions_at(ee, 4, wire::MessageKind::encrypted_extensions)},
         {wire::HandshakeType::certificate_request,
          extensions_at(cr, 4 + 1, wire::MessageKind::certificate_request)}}));
  }
};

TEST(Rfc8448, client_authentication_replays_byte_for_byte) {
  ClientAuthReplay r;
  ASSERT_NO_FATAL_FAILURE(r.start(hex(kAuthClientSignature)));
  Connection& client = *r.pair.client;
  Connection& server = *r.pair.server;

  const std::string client_hello_record = take(client);
  EXPECT_EQ(client_hello_record, kAuthClientHelloRecord);
  EXPECT_EQ(r.client_p.rng().pending(), 0u);

  ASSERT_NO_FATAL_FAILURE(feed(server, client_hello_record));
  const std::string server_flight = take(server);
  EXPECT_EQ(server_flight, to_hex(plaintext_record(0x0303, r.sh)) + std::string(kAuthServerHandshakeRecord));
  EXPECT_EQ(r.server_p.rng().pending(), 0u);
  EXPECT_EQ(r.server_signer->calls, 1);

  // {client}: verifies the server's ECDSA signature, answers the CertificateRequest.
  ASSERT_NO_FATAL_FAILURE(feed(client, server_flight));
  EXPECT_FALSE(client.is_handshaking());
  EXPECT_EQ(take(client), kAuthClientFlightRecord);
  EXPECT_EQ(r.client_signer->calls, 1);
  ASSERT_NE(client.negotiated(), nullptr);
  EXPECT_EQ(client.negotiated()->peer_signature_scheme, crypto::SignatureScheme::ecdsa_secp256r1_sha256);

  // {server}: verifies the client's RSA-PSS signature with the client certificate's key.
  ASSERT_NO_FATAL_FAILURE(feed(server, kAuthClientFlightRecord));
  EXPECT_FALSE(server.is_handshaking());
  EXPECT_EQ(r.client_verifier->calls, 1);
  ASSERT_NE(server.negotiated(), nullptr);
  EXPECT_EQ(server.negotiated()->peer_signature_scheme, crypto::SignatureScheme::rsa_pss_rsae_sha256);
  ASSERT_NE(server.peer(), nullptr);
  ASSERT_EQ(server.peer()->path.size(), 1u);
  EXPECT_EQ(to_hex(server.peer()->path[0]), kAuthClientCertificateDer);

  ASSERT_NO_FATAL_FAILURE(expect_close_both_ways(r.pair, kAuthClientAlertRecord, kAuthServerAlertRecord));
}

// The server really verifies the client's signature: the same replay with
// one bit of the client's RSA-PSS signature flipped ends with decrypt_error.
TEST(Rfc8448, client_authentication_rejects_a_bad_client_signature) {
  Bytes bad_sig = hex(kAuthClientSignature);
  bad_sig[20] ^= 0x01;
  ClientAuthReplay r;
  ASSERT_NO_FATAL_FAILURE(r.start(bad_sig));
  Connection& client = *r.pair.client;
  Connection& server = *r.pair.server;
  ASSERT_NO_FATAL_FAILURE(feed(server, take(client)));
  ASSERT_NO_FATAL_FAILURE(feed(client, take(server)));
  const std::string flight = take(client);
  EXPECT_NE(flight, kAuthClientFlightRecord);
  auto result = server.feed(hex(flight));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().alert, Alert::decrypt_error) << result.error().message();
}

}  // namespace
}  // namespace parley::test::rfc8448
