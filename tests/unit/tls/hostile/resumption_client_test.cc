// The resuming client against a hostile server (scripted_server.h): the
// rules of RFC 8446 §4.2.11 (pre_shared_key), §4.2.10 (early_data), §4.1.4
// (a PSK after a HelloRetryRequest) and §4.6.1 (NewSessionTicket) a server
// can break, each with the exact alert, and what the client does with 0-RTT
// data the server declines.
#include <gtest/gtest.h>

#include "parley/session.h"
#include "scripted_server.h"
#include "tls/handshake/psk.h"
#include "tls/session/client_cache.h"

namespace parley::hostile {
namespace {

using crypto::Suite;
namespace session = tls::session;

constexpr uint16_t code(auto v) { return static_cast<uint16_t>(v); }

const Bytes kPsk(32, 0x5a);
const Bytes kTicket = {'t', 'i', 'c', 'k', 'e', 't'};
const Bytes kEarly = {'G', 'E', 'T', ' ', '/'};

// A client config whose cache holds one ticket for server.test (PSK kPsk,
// TLS_AES_128_GCM_SHA256, 0-RTT up to 1024 bytes, ALPN `alpn` negotiated).
std::shared_ptr<ClientConfig> resuming_config(std::vector<std::string> offered_alpn = {}, std::string ticket_alpn = {}) {
  auto cfg = client_config();
  cfg->alpn = offered_alpn;
  cfg->session_cache = std::make_shared<ClientSessionCache>();
  session::StoredTicket t;
  t.key = session::cache_key("server.test", offered_alpn);
  t.ticket = kTicket;
  t.psk = SecretBytes(kPsk);
  t.suite = Suite::aes_128_gcm_sha256;
  t.alpn = std::move(ticket_alpn);
  t.sni = "server.test";
  t.max_early_data_size = 1024;
  t.age_add = 77;
  t.received_at_ms = P().clock->unix_ms() - 1000;
  t.lifetime = 3600;
  auto peer = std::make_shared<PeerIdentity>();
  peer->subject = "CN=from the ticket";
  peer->valid_until = P().clock->unix_seconds() + 86400;
  t.peer = std::move(peer);
  session::CacheAccess::store(*cfg->session_cache, std::move(t));
  return cfg;
}

ScriptedServer resuming(std::shared_ptr<ClientConfig> cfg = resuming_config(), Bytes early = {}) {
  return ScriptedServer(std::move(cfg), world().ecdsa, Resume{kPsk, std::move(early)});
}

// The resumed flight after the ServerHello: EncryptedExtensions, Finished.
void resumed_flight(ScriptedServer& s, const std::function<void(wire::EncryptedExtensions&)>& edit = {}) {
  s.encrypted_extensions(edit);
  s.finished();
}

// ------------------------------------------------------------------ the offer (§4.2.11, §4.2.9)

TEST(ResumingClient, OffersTheTicketLastWithABinderAndPskDheKe) {
  auto s = resuming();
  const auto& e = s.client_hello().extensions;
  ASSERT_TRUE(e.pre_shared_key.has_value());
  ASSERT_EQ(e.pre_shared_key->identities.size(), 1u);
  EXPECT_TRUE(std::ranges::equal(e.pre_shared_key->identities[0].identity, kTicket));
  // §4.2.11.1: about a second after the ticket arrived, plus ticket_age_add.
  const uint32_t age = e.pre_shared_key->identities[0].obfuscated_ticket_age - 77;
  EXPECT_GE(age, 1000u);
  EXPECT_LT(age, 60'000u);
  EXPECT_EQ(e.psk_key_exchange_modes, std::vector<uint8_t>{1});  // psk_dhe_ke only
  EXPECT_TRUE(e.key_shares.has_value());
  EXPECT_FALSE(e.early_data);  // no early data given
  EXPECT_EQ(s.client_hello().extensions.order.back(), code(wire::ExtensionType::pre_shared_key));
}

TEST(ResumingClient, HonestResumptionTakesTheIdentityFromTheTicket) {
  auto s = resuming();
  s.select_psk = 0;
  s.server_hello();
  resumed_flight(s);
  s.expect_handshake_done();
  ASSERT_NE(s.client.peer(), nullptr);
  EXPECT_TRUE(s.client.peer()->resumed);
  EXPECT_EQ(s.client.peer()->subject, "CN=from the ticket");
  EXPECT_TRUE(s.client.negotiated()->resumed);
}

TEST(ResumingClient, FullHandshakeWhenTheServerIgnoresThePsk) {
  auto s = resuming();
  s.handshake();
  EXPECT_FALSE(s.client.peer()->resumed);
  EXPECT_FALSE(s.client.negotiated()->resumed);
}

// ------------------------------------------------------------------ ServerHello pre_shared_key (§4.2.11)

TEST(ResumingClient, SelectedIdentityOutOfRangeIsIllegalParameter) {
  auto s = resuming();
  s.select_psk = 1;  // we offered one identity
  s.server_hello();
  s.expect_rejected(Alert::illegal_parameter);
}

TEST(ResumingClient, SuiteOfAnotherHashThanThePsksIsIllegalParameter) {
  auto s = resuming();
  s.select_psk = 0;
  s.server_hello([](wire::ServerHello& sh) { sh.cipher_suite = code(Suite::aes_256_gcm_sha384); });
  s.expect_rejected(Alert::illegal_parameter);
}

TEST(ResumingClient, PskSelectedWithoutAnOfferIsUnsupportedExtension) {
  ScriptedServer s;  // no cache, no pre_shared_key offered
  s.server_hello([](wire::ServerHello& sh) { sh.extensions.selected_psk = 0; });
  s.expect_rejected(Alert::unsupported_extension);
}

TEST(ResumingClient, CertificateInAResumedHandshakeIsUnexpectedMessage) {
  auto s = resuming();
  s.select_psk = 0;
  s.server_hello();
  s.encrypted_extensions();
  s.certificate();
  s.expect_rejected(Alert::unexpected_message);
}

TEST(ResumingClient, CertificateRequestInAResumedHandshakeIsUnexpectedMessage) {  // §4.3.2
  auto s = resuming();
  s.select_psk = 0;
  s.server_hello();
  s.encrypted_extensions();
  s.certificate_request();
  s.expect_rejected(Alert::unexpected_message);
}

// ------------------------------------------------------------------ after a HelloRetryRequest (§4.1.4)

TEST(ResumingClient, RetryWithTheSameHashKeepsThePskWithAFreshBinder) {
  auto s = resuming(resuming_config(), kEarly);
  ASSERT_TRUE(s.client_hello().extensions.early_data);
  const Bytes first_binder(s.client_hello().extensions.pre_shared_key->binders[0].begin(),
                           s.client_hello().extensions.pre_shared_key->binders[0].end());
  s.hello_retry_request();
  ASSERT_TRUE(s.deliver().has_value()) << s.client.error()->message();
  const auto& e = s.client_hello().extensions;
  ASSERT_TRUE(e.pre_shared_key.has_value());
  EXPECT_FALSE(e.early_data);  // §4.2.10: never in the second ClientHello
  EXPECT_NE(Bytes(e.pre_shared_key->binders[0].begin(), e.pre_shared_key->binders[0].end()), first_binder);
  s.select_psk = 0;
  s.server_hello();
  resumed_flight(s);
  s.expect_handshake_done();
  EXPECT_TRUE(s.client.negotiated()->resumed);
  EXPECT_EQ(s.client.negotiated()->early_data, EarlyDataStatus::hello_retry);
  EXPECT_EQ(s.application_data_received(), kEarly);  // resent after the handshake
}

TEST(ResumingClient, RetryWithAnotherHashDropsThePsk) {
  auto cfg = resuming_config();
  cfg->suites = {Suite::aes_128_gcm_sha256, Suite::aes_256_gcm_sha384};
  auto s = resuming(cfg);
  s.hello_retry_request([](wire::HelloRetryRequest& hrr) { hrr.cipher_suite = code(Suite::aes_256_gcm_sha384); });
  ASSERT_TRUE(s.deliver().has_value()) << s.client.error()->message();
  EXPECT_FALSE(s.client_hello().extensions.pre_shared_key.has_value());
  // A server that selects the PSK anyway selects what is no longer offered.
  s.select_psk = 0;
  s.server_hello();
  s.expect_rejected(Alert::unsupported_extension);
}

// ------------------------------------------------------------------ 0-RTT (§4.2.10)

TEST(ResumingClient, EarlyDataGoesOutUnderTheEarlyKeysAndEndsWithEndOfEarlyData) {
  auto s = resuming(resuming_config(), kEarly);
  ASSERT_TRUE(s.client_hello().extensions.early_data);
  EXPECT_EQ(s.early_data_received(), kEarly);
  s.select_psk = 0;
  s.server_hello();
  resumed_flight(s, [](wire::EncryptedExtensions& ee) { ee.extensions.early_data = true; });
  s.expect_handshake_done();
  EXPECT_EQ(s.client.negotiated()->early_data, EarlyDataStatus::accepted);
  ASSERT_EQ(s.client_messages().size(), 2u);  // EndOfEarlyData, then Finished
  EXPECT_EQ(s.client_messages()[0], (Bytes{code(wire::HandshakeType::end_of_early_data), 0, 0, 0}));
  EXPECT_TRUE(s.application_data_received().empty());  // not sent twice
}

TEST(ResumingClient, DeclinedEarlyDataIsResentAfterTheHandshake) {
  auto s = resuming(resuming_config(), kEarly);
  s.select_psk = 0;
  s.server_hello();
  resumed_flight(s);  // no early_data in EncryptedExtensions
  s.expect_handshake_done();
  EXPECT_EQ(s.client.negotiated()->early_data, EarlyDataStatus::rejected);
  ASSERT_EQ(s.client_messages().size(), 1u);  // Finished only, under the handshake keys
  EXPECT_EQ(s.application_data_received(), kEarly);
}

TEST(ResumingClient, DeclinedEarlyDataIsNotResentWhenTheAlpnChanged) {
  static const Bytes http11 = {'h', 't', 't', 'p', '/', '1', '.', '1'};
  auto s = resuming(resuming_config({"h2", "http/1.1"}, "h2"), kEarly);
  s.server_hello();  // a full handshake: the PSK is not selected
  s.encrypted_extensions([](wire::EncryptedExtensions& ee) { ee.extensions.alpn = std::vector<wire::ByteView>{http11}; });
  s.certificate();
  s.certificate_verify();
  s.finished();
  s.expect_handshake_done();
  EXPECT_EQ(s.client.negotiated()->early_data, EarlyDataStatus::mismatch);
  EXPECT_TRUE(s.application_data_received().empty());
}

TEST(ResumingClient, EarlyDataAcceptedWithoutBeingOfferedIsUnsupportedExtension) {
  auto s = resuming();  // a PSK, but no early data
  s.select_psk = 0;
  s.server_hello();
  resumed_flight(s, [](wire::EncryptedExtensions& ee) { ee.extensions.early_data = true; });
  s.expect_rejected(Alert::unsupported_extension);
}

TEST(ResumingClient, EarlyDataAcceptedInAFullHandshakeIsIllegalParameter) {
  auto s = resuming(resuming_config(), kEarly);
  s.server_hello();  // no PSK selected
  s.encrypted_extensions([](wire::EncryptedExtensions& ee) { ee.extensions.early_data = true; });
  s.expect_rejected(Alert::illegal_parameter);
}

TEST(ResumingClient, EarlyDataAcceptedWithAnotherAlpnThanTheTicketsIsIllegalParameter) {
  static const Bytes http11 = {'h', 't', 't', 'p', '/', '1', '.', '1'};
  auto s = resuming(resuming_config({"h2", "http/1.1"}, "h2"), kEarly);
  s.select_psk = 0;
  s.server_hello();
  s.encrypted_extensions([](wire::EncryptedExtensions& ee) {
    ee.extensions.early_data = true;
    ee.extensions.alpn = std::vector<wire::ByteView>{http11};
  });
  s.expect_rejected(Alert::illegal_parameter);
}

TEST(ResumingClient, TooMuchEarlyDataForTheTicketIsNotOffered) {
  auto s = resuming(resuming_config(), Bytes(1025, 'x'));  // the ticket allows 1024
  EXPECT_FALSE(s.client_hello().extensions.early_data);
  EXPECT_TRUE(s.early_data_received().empty());
  s.select_psk = 0;
  s.server_hello();
  resumed_flight(s);
  s.expect_handshake_done();
  EXPECT_EQ(s.client.negotiated()->early_data, EarlyDataStatus::ticket_disallows);
  EXPECT_EQ(s.application_data_received().size(), 1025u);
}

// ------------------------------------------------------------------ NewSessionTicket (§4.6.1)

Bytes new_session_ticket(uint32_t lifetime) {
  wire::NewSessionTicket nst;
  nst.ticket_lifetime = lifetime;
  nst.ticket_age_add = 5;
  static const Bytes nonce = {0, 1};
  nst.ticket_nonce = nonce;
  nst.ticket = kTicket;
  return encode(nst);
}

TEST(TicketReceivingClient, StoresEachTicketInTheCache) {
  auto cfg = client_config();
  cfg->session_cache = std::make_shared<ClientSessionCache>();
  ScriptedServer s(cfg);
  s.handshake();
  s.send(ContentType::handshake, new_session_ticket(7200), Keys::application);
  s.send(ContentType::handshake, new_session_ticket(7200), Keys::application);
  ASSERT_TRUE(s.deliver().has_value()) << s.client.error()->message();
  EXPECT_EQ(cfg->session_cache->size(), 2u);
}

TEST(TicketReceivingClient, ZeroLifetimeTicketIsDiscarded) {
  auto cfg = client_config();
  cfg->session_cache = std::make_shared<ClientSessionCache>();
  ScriptedServer s(cfg);
  s.handshake();
  s.send(ContentType::handshake, new_session_ticket(0), Keys::application);
  ASSERT_TRUE(s.deliver().has_value());
  EXPECT_EQ(cfg->session_cache->size(), 0u);
}

TEST(TicketReceivingClient, LifetimeOverSevenDaysIsIllegalParameter) {
  auto cfg = client_config();
  cfg->session_cache = std::make_shared<ClientSessionCache>();
  ScriptedServer s(cfg);
  s.handshake();
  s.send(ContentType::handshake, new_session_ticket(604801), Keys::application);
  s.expect_rejected(Alert::illegal_parameter);
}

}  // namespace
}  // namespace parley::hostile
