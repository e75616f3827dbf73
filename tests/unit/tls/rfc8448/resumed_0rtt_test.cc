// RFC 8448 §4 (resumed 0-RTT handshake) replayed byte for byte through a
// real client Connection: the §3 handshake puts the RFC's NewSessionTicket in
// the client's session cache (the PSK derived from resumption_master_secret
// and the ticket nonce), and a second Connection resumes it 6 ms later (the
// RFC's ticket age) with 0-RTT data, answering the RFC's server records.
// Every record the client writes must equal the RFC's: the ClientHello with
// its obfuscated_ticket_age and binder, the early data, EndOfEarlyData, the
// Finished, application data and close_notify.
//
// Test setup, not production behaviour: as in simple_1rtt_test.cc, the RFC's
// ClientHello extensions are supplied by ConnectionInternals (our code still
// fills in pre_shared_key: identity, age and binder), and the verifier
// accepts exactly the RFC's §3 certificate.
#include "crypto/testing/deterministic.h"
#include "parley/session.h"
#include "replay_util.h"
#include "vectors/rfc8448_resumed.h"
#include "vectors/rfc8448_secrets.h"

namespace parley::test::rfc8448 {
namespace {

constexpr std::string_view kSimpleClientRandom = "cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7";
constexpr std::string_view kSimpleClientX25519Private =
    "49af42ba7f7994852d713ef2784bcbcaa7911de26adc5642cb634540e7ea5005";

// ClientHello: header 4, version 2, random 32, session id 1+0, suites 2+6, compression 1+1.
constexpr size_t kClientHelloExtensionsAt = 4 + 2 + 32 + 1 + 8 + 2;

// §3 from the client's side: the RFC's server flight in, our Finished out,
// then the RFC's NewSessionTicket, which lands in `cache`.
void simple_handshake_into(std::shared_ptr<ClientSessionCache> cache, crypto::testing::DeterministicProvider& p) {
  const Bytes ch = hex(kSimpleClientHello);
  p.rng().push(hex(kSimpleClientRandom));
  p.rng().push(hex(kSimpleClientX25519Private));
  auto cfg = rfc_client_config(p.provider(), rfc_certificate_der());
  cfg->session_cache = std::move(cache);
  auto client = tls::ConnectionInternals::unstarted_client(cfg, ServerName::parse("server").value());
  ASSERT_TRUE(client.has_value()) << client.error().message();
  override_extensions(*client, {{wire::HandshakeType::client_hello,
                                 extensions_at(ch, kClientHelloExtensionsAt, wire::MessageKind::client_hello)}});
  ASSERT_TRUE(tls::ConnectionInternals::start(*client));
  EXPECT_EQ(take(*client), to_hex(plaintext_record(0x0301, ch)));
  ASSERT_NO_FATAL_FAILURE(
      feed(*client, to_hex(plaintext_record(0x0303, hex(kSimpleServerHello))) + std::string(kSimpleServerHandshakeRecord)));
  EXPECT_EQ(take(*client), kSimpleClientFinishedRecord);
  ASSERT_NO_FATAL_FAILURE(feed(*client, kSimpleNewSessionTicketRecord));
  EXPECT_FALSE(client->peer()->resumed);
}

TEST(Rfc8448, resumed_0rtt_replays_byte_for_byte) {
  auto cache = std::make_shared<ClientSessionCache>();
  crypto::testing::DeterministicProvider p;
  ASSERT_NO_FATAL_FAILURE(simple_handshake_into(cache, p));
  ASSERT_EQ(cache->size(), 1u);

  // §4.2.11.1: the RFC's obfuscated_ticket_age is ticket_age_add + 6 ms.
  p.clock().advance_ms(6);
  const Bytes ch = hex(kResumedClientHello);
  p.rng().push(hex(kResumedClientRandom));
  p.rng().push(hex(kResumedClientX25519Private));
  auto log = std::make_shared<RecordingKeyLog>(std::string(kResumedClientRandom));
  auto cfg = rfc_client_config(p.provider(), rfc_certificate_der(), log);
  cfg->session_cache = cache;
  const Bytes early = hex(kResumedEarlyPayload);
  auto made = tls::ConnectionInternals::unstarted_client(cfg, ServerName::parse("server").value(), early);
  ASSERT_TRUE(made.has_value()) << made.error().message();
  Connection& client = *made;
  override_extensions(client, {{wire::HandshakeType::client_hello,
                                extensions_at(ch, kClientHelloExtensionsAt, wire::MessageKind::client_hello)}});
  ASSERT_TRUE(tls::ConnectionInternals::start(client));
  EXPECT_EQ(cache->size(), 0u);  // §C.4: the ticket is used once

  // {client} the ClientHello (pre_shared_key with our age and binder), then the early data.
  EXPECT_EQ(take(client), to_hex(plaintext_record(0x0301, ch)) + std::string(kResumedEarlyDataRecord));
  EXPECT_EQ(p.rng().pending(), 0u);

  // {server} ServerHello, EncryptedExtensions (early_data accepted) and
  // Finished; {client} EndOfEarlyData under the early keys, then Finished.
  ASSERT_NO_FATAL_FAILURE(feed(client, std::string(kResumedServerHelloRecord) + std::string(kResumedServerHandshakeRecord)));
  EXPECT_FALSE(client.is_handshaking());
  EXPECT_EQ(take(client), std::string(kResumedEndOfEarlyDataRecord) + std::string(kResumedClientFinishedRecord));

  const Negotiated* n = client.negotiated();
  ASSERT_NE(n, nullptr);
  EXPECT_TRUE(n->resumed);
  EXPECT_EQ(n->psk_mode, PskMode::psk_dhe_ke);
  EXPECT_EQ(n->early_data, EarlyDataStatus::accepted);
  EXPECT_FALSE(n->peer_signature_scheme.has_value());  // no CertificateVerify in a resumed handshake
  ASSERT_NE(client.peer(), nullptr);
  EXPECT_TRUE(client.peer()->resumed);
  EXPECT_EQ(client.peer()->name_matched, "DNS:server");  // the §3 handshake's verification
  EXPECT_EQ(client.peer()->path.size(), 1u);

  // Application data both ways, then close_notify each way.
  ASSERT_TRUE(client.write(hex(kSimpleApplicationPayload)).has_value());
  EXPECT_EQ(take(client), kResumedClientApplicationRecord);
  ASSERT_NO_FATAL_FAILURE(feed(client, kResumedServerApplicationRecord));
  Bytes got(64);
  EXPECT_EQ(to_hex(std::span(got).first(client.read(got))), kSimpleApplicationPayload);
  client.close();
  EXPECT_EQ(take(client), kResumedClientAlertRecord);
  ASSERT_NO_FATAL_FAILURE(feed(client, kResumedServerAlertRecord));
  EXPECT_TRUE(client.peer_closed());

  auto s = log->secrets;
  EXPECT_EQ(s["CLIENT_EARLY_TRAFFIC_SECRET"], kResumedClientEarlyTraffic);
  EXPECT_EQ(s["CLIENT_HANDSHAKE_TRAFFIC_SECRET"], kResumedClientHsTraffic);
  EXPECT_EQ(s["SERVER_HANDSHAKE_TRAFFIC_SECRET"], kResumedServerHsTraffic);
  EXPECT_EQ(s["CLIENT_TRAFFIC_SECRET_0"], kResumedClientApTraffic);
  EXPECT_EQ(s["SERVER_TRAFFIC_SECRET_0"], kResumedServerApTraffic);
  EXPECT_EQ(s["EXPORTER_SECRET"], kResumedExporterMaster);
}

}  // namespace
}  // namespace parley::test::rfc8448
