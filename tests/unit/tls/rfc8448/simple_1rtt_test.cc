// RFC 8448 §3 (simple 1-RTT) replayed byte for byte through two real
// Connections: the randoms and X25519 keys come from ScriptedRngs, the
// server's certificate is the RFC's, and every record either side writes must
// equal the RFC's (after Botan's test_tls_rfc8448.cpp).
//
// Test setup, not production behaviour:
//   - the RFC's ClientHello, ServerHello and EncryptedExtensions carry
//     extensions parley does not send (record_size_limit, renegotiation_info,
//     session_ticket, ffdhe groups, psk_key_exchange_modes) or orders them
//     differently; ConnectionInternals::set_extensions_override supplies the
//     RFC's blocks;
//   - the RFC's RSA-PSS signature has a random salt, so the server's key is a
//     double that checks the exact to-be-signed content and returns the RFC's
//     signature; the client verifies it with the certificate's real RSA key;
//   - the RFC's certificate (CN=rsa, no SAN, 1024-bit RSA) would not pass
//     path validation for "server", so the client has a verifier that accepts
//     exactly that certificate;
//   - parley sends no NewSessionTicket; the RFC's is injected post-handshake
//     (ConnectionInternals::send_post_handshake_message) so the server's
//     application records use the RFC's sequence numbers.
#include "crypto/testing/deterministic.h"
#include "replay_util.h"
#include "vectors/rfc8448_secrets.h"

namespace parley::test::rfc8448 {
namespace {

// RFC 8448 §3 {client}/{server} create an ephemeral x25519 key pair: the private keys.
constexpr std::string_view kClientX25519Private = "49af42ba7f7994852d713ef2784bcbcaa7911de26adc5642cb634540e7ea5005";
constexpr std::string_view kServerX25519Private = "b1580eeadf6dd589b8ef4f2d5652578cc810e9980191ec8d058308cea216a21e";

TEST(Rfc8448, simple_1rtt_replays_byte_for_byte) {
  const Bytes ch = hex(kSimpleClientHello), sh = hex(kSimpleServerHello), ee = hex(kSimpleEncryptedExtensions);
  const Bytes cert_msg = hex(kSimpleCertificate), cv = hex(kSimpleCertificateVerify);

  // ClientHello: header 4, version 2, random 32, session id 1+0, suites 2+6, compression 1+1.
  const wire::Extensions ch_ext = extensions_at(ch, 4 + 2 + 32 + 1 + 8 + 2, wire::MessageKind::client_hello);
  // ServerHello: header 4, version 2, random 32, session id echo 1+0, suite 2, compression 1.
  const wire::Extensions sh_ext = extensions_at(sh, 4 + 2 + 32 + 1 + 2 + 1, wire::MessageKind::server_hello);
  const wire::Extensions ee_ext = extensions_at(ee, 4, wire::MessageKind::encrypted_extensions);

  auto cert = x509::Certificate::parse(rfc_certificate_der());
  ASSERT_TRUE(cert.has_value()) << cert.error().message();
  ASSERT_TRUE((*cert)->public_key) << (*cert)->public_key_error;

  // §4.4.3: what the server signs, over Transcript-Hash(ClientHello .. Certificate).
  const auto& sha256 = *crypto::openssl_provider().sha256;
  const auto transcript_hash = sha256.digest(cat({ch, sh, ee, cert_msg}));
  // CertificateVerify: header 4, scheme 2, length 2, signature.
  auto signer = std::make_shared<FixedSigner>(*cert, crypto::SignatureScheme::rsa_pss_rsae_sha256,
                                              signed_content("TLS 1.3, server CertificateVerify", transcript_hash.view()),
                                              Bytes(cv.begin() + 8, cv.end()));

  const std::string client_random = "cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7";
  crypto::testing::DeterministicProvider client_p, server_p;
  client_p.rng().push(hex(client_random));
  client_p.rng().push(hex(kClientX25519Private));
  server_p.rng().push(hex("a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e26928"));
  server_p.rng().push(hex(kServerX25519Private));

  auto client_log = std::make_shared<RecordingKeyLog>(client_random);
  auto server_log = std::make_shared<RecordingKeyLog>(client_random);
  ReplayPair p;
  ASSERT_NO_FATAL_FAILURE(connect_pair(p, rfc_client_config(client_p.provider(), rfc_certificate_der(), client_log),
                                       rfc_server_config(server_p.provider(), Identity{{*cert}, signer}, server_log),
                                       {{wire::HandshakeType::client_hello, ch_ext}},
                                       {{wire::HandshakeType::server_hello, sh_ext},
                                        {wire::HandshakeType::encrypted_extensions, ee_ext}}));
  Connection* client = &*p.client;
  Connection* server = &*p.server;

  // {client} send handshake record: the ClientHello, record version 0x0301.
  const std::string client_hello_record = take(*client);
  EXPECT_EQ(client_hello_record, to_hex(plaintext_record(0x0301, ch)));
  EXPECT_EQ(client_hello_record.substr(0, 10), kSimpleClientHelloRecordHeader);
  EXPECT_EQ(client_p.rng().pending(), 0u);

  // {server}: ServerHello in the clear, then EE, Certificate, CertificateVerify and Finished in one record.
  ASSERT_NO_FATAL_FAILURE(feed(*server, client_hello_record));
  const std::string server_flight = take(*server);
  EXPECT_EQ(server_flight, to_hex(plaintext_record(0x0303, sh)) + std::string(kSimpleServerHandshakeRecord));
  EXPECT_EQ(server_p.rng().pending(), 0u);
  EXPECT_EQ(signer->calls, 1);

  // {client}: verifies the RFC's RSA-PSS signature with the certificate's key, sends its Finished.
  ASSERT_NO_FATAL_FAILURE(feed(*client, server_flight));
  EXPECT_FALSE(client->is_handshaking());
  EXPECT_EQ(take(*client), kSimpleClientFinishedRecord);
  ASSERT_NE(client->negotiated(), nullptr);
  EXPECT_EQ(client->negotiated()->suite, crypto::Suite::aes_128_gcm_sha256);
  EXPECT_EQ(client->negotiated()->peer_signature_scheme, crypto::SignatureScheme::rsa_pss_rsae_sha256);

  ASSERT_NO_FATAL_FAILURE(feed(*server, kSimpleClientFinishedRecord));
  EXPECT_FALSE(server->is_handshaking());

  // {server} NewSessionTicket (injected: parley sends none) under the application keys, seq 0.
  ASSERT_TRUE(tls::ConnectionInternals::send_post_handshake_message(*server, hex(kSimpleNewSessionTicket)).has_value());
  EXPECT_EQ(take(*server), kSimpleNewSessionTicketRecord);
  ASSERT_NO_FATAL_FAILURE(feed(*client, kSimpleNewSessionTicketRecord));

  // Application data both ways.
  const Bytes payload = hex(kSimpleApplicationPayload);
  ASSERT_TRUE(client->write(payload).has_value());
  EXPECT_EQ(take(*client), kSimpleClientApplicationRecord);
  ASSERT_TRUE(server->write(payload).has_value());
  EXPECT_EQ(take(*server), kSimpleServerApplicationRecord);
  ASSERT_NO_FATAL_FAILURE(feed(*server, kSimpleClientApplicationRecord));
  ASSERT_NO_FATAL_FAILURE(feed(*client, kSimpleServerApplicationRecord));
  Bytes got(payload.size() + 8);
  EXPECT_EQ(to_hex(std::span(got).first(server->read(got))), kSimpleApplicationPayload);
  EXPECT_EQ(to_hex(std::span(got).first(client->read(got))), kSimpleApplicationPayload);

  // close_notify: the client first (seq 1), then the server closes its own
  // direction (seq 2; §6.1: the application decides when).
  ASSERT_NO_FATAL_FAILURE(expect_close_both_ways(p, kSimpleClientAlertRecord, kSimpleServerAlertRecord));

  // The traffic secrets both sides derived, through the key log.
  for (const auto* log : {client_log.get(), server_log.get()}) {
    auto s = log->secrets;
    EXPECT_EQ(s["CLIENT_HANDSHAKE_TRAFFIC_SECRET"], kSimpleClientHsTraffic);
    EXPECT_EQ(s["SERVER_HANDSHAKE_TRAFFIC_SECRET"], kSimpleServerHsTraffic);
    EXPECT_EQ(s["CLIENT_TRAFFIC_SECRET_0"], kSimpleClientApTraffic);
    EXPECT_EQ(s["SERVER_TRAFFIC_SECRET_0"], kSimpleServerApTraffic);
    EXPECT_EQ(s["EXPORTER_SECRET"], kSimpleExporterMaster);
  }
}

}  // namespace
}  // namespace parley::test::rfc8448
