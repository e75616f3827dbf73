// Server-side rules that tlsfuzzer probes (RFC 8446): the ClientHello's
// legacy_version, psk_key_exchange_modes, the second ClientHello after a
// HelloRetryRequest, rejected 0-RTT skipped, change_cipher_spec counts, and
// plaintext alerts once keys are in place (the truncation attack), for both
// sides. Each test asserts the exact alert.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <optional>

#include "pair_util.h"
#include "tls/connection.h"
#include "tls/record/record.h"
#include "tls/wire/messages.h"

namespace parley::pairtest {
namespace {

namespace wire = tls::wire;
using Bytes = std::vector<uint8_t>;

struct World {
  Ca ca = make_ca("Server Rules CA");
  std::shared_ptr<ServerConfig> server() {
    auto cfg = std::make_shared<ServerConfig>();
    cfg->identities.push_back(make_leaf(ca, key_for(crypto::KeySpec::ec_p256)));
    return cfg;
  }
  std::shared_ptr<ClientConfig> client() {
    auto cfg = std::make_shared<ClientConfig>();
    cfg->trust_store = ca.store();
    return cfg;
  }
  // The client offers x25519 first, the server takes only P-256: a HelloRetryRequest.
  std::shared_ptr<ServerConfig> p256_server() {
    auto cfg = server();
    cfg->groups = {crypto::Group::secp256r1};
    return cfg;
  }
  std::shared_ptr<ClientConfig> x25519_then_p256_client() {
    auto cfg = client();
    cfg->groups = {crypto::Group::x25519, crypto::Group::secp256r1};
    return cfg;
  }
};

World& world() {
  static World w;
  return w;
}

using Pair = ConnectionPair;

// A pair whose client passes its `n`th ClientHello (0: the first, 1: the one
// after a HelloRetryRequest) through `edit`; the hook is set before the
// client builds its first ClientHello.
Pair connect_editing_hello(std::shared_ptr<const ClientConfig> c, std::shared_ptr<const ServerConfig> s, int n,
                           std::function<void(wire::ClientHello&)> edit) {
  auto client = tls::ConnectionInternals::unstarted_client(std::move(c), ServerName::parse("server.test").value()).value();
  auto count = std::make_shared<int>(0);
  tls::ConnectionInternals::set_client_hello_edit(client, [count, n, edit](wire::ClientHello& ch) {
    if ((*count)++ == n) edit(ch);
  });
  EXPECT_TRUE(tls::ConnectionInternals::start(client));
  return Pair{std::move(client), Connection::server(std::move(s)).value()};
}

Bytes record(uint8_t type, Bytes body, uint16_t version = 0x0303) {
  Bytes r = {type, static_cast<uint8_t>(version >> 8), static_cast<uint8_t>(version),
             static_cast<uint8_t>(body.size() >> 8), static_cast<uint8_t>(body.size())};
  for (uint8_t b : body) r.push_back(b);
  return r;
}
// A TLSCiphertext-looking record no key opens: 0-RTT the server cannot read.
Bytes garbage_record(size_t n) { return record(23, Bytes(n, 0x5a)); }
const Bytes kPlaintextCloseNotify = record(21, {1, 0});
const Bytes kPlaintextFatalAlert = record(21, {2, 48});  // unknown_ca

// The client's first flight (ClientHello, and CCS) into the server.
void send_client_hello(Pair& p) { ASSERT_TRUE(transfer(p.client, p.server)); }

// A pair whose server has read the first ClientHello, which announces early
// data when asked.
Pair hello_read(std::shared_ptr<const ClientConfig> c, std::shared_ptr<const ServerConfig> s, bool early_data) {
  auto p = connect_editing_hello(std::move(c), std::move(s), 0, [early_data](wire::ClientHello& ch) {
    if (early_data) ch.extensions.early_data = true;
  });
  send_client_hello(p);
  return p;
}

// `bytes` fed to `c` fail it with alert `a`.
void expect_refused(Connection& c, const Bytes& bytes, Alert a) {
  EXPECT_FALSE(c.feed(bytes));
  EXPECT_EQ(alert_of(c), a);
}

// ---------------------------------------------------------------- ClientHello

// §D.5: legacy_version 0x0300 or below, or a major other than 3, is
// protocol_version even when supported_versions offers TLS 1.3.
TEST(ServerRules, LegacyVersionSsl3OrNotTlsIsProtocolVersion) {
  for (uint16_t v : std::initializer_list<uint16_t>{0x0300, 0x0000, 0x0200, 0x0103, 0x0403}) {
    auto p = connect_editing_hello(world().client(), world().server(), 0, [v](wire::ClientHello& ch) { ch.legacy_version = v; });
    pump(p.client, p.server);
    EXPECT_EQ(alert_of(p.server), Alert::protocol_version) << std::hex << v;
  }
  // 0x0301 and 0x0302 are legal legacy values (§4.2.1 negotiates by supported_versions).
  auto p = connect_editing_hello(world().client(), world().server(), 0, [](wire::ClientHello& ch) { ch.legacy_version = 0x0301; });
  pump(p.client, p.server);
  EXPECT_EQ(p.server.error(), nullptr);
}

// A pair whose client offers an unknown PSK, with psk_key_exchange_modes
// (psk_dhe_ke) or without.
Pair offering_unknown_psk(bool with_modes) {
  static const Bytes identity(16, 7), binder(32, 9);
  auto p = connect_editing_hello(world().client(), world().server(), 0, [with_modes](wire::ClientHello& ch) {
    wire::OfferedPsks psk;
    psk.identities.push_back(wire::PskIdentity{identity, 1});
    psk.binders.push_back(binder);
    ch.extensions.pre_shared_key = std::move(psk);
    if (with_modes) {
      ch.extensions.psk_key_exchange_modes = Bytes{1};
    } else {
      ch.extensions.psk_key_exchange_modes.reset();
    }
  });
  return p;
}

// §4.2.9: pre_shared_key without psk_key_exchange_modes is missing_extension.
TEST(ServerRules, PreSharedKeyWithoutPskKeyExchangeModesIsMissingExtension) {
  auto p = offering_unknown_psk(false);
  pump(p.client, p.server);
  EXPECT_EQ(alert_of(p.server), Alert::missing_extension);
}

// With the modes the unknown PSK is ignored and a full handshake follows.
TEST(ServerRules, UnknownPreSharedKeyWithModesFallsBackToFullHandshake) {
  auto p = offering_unknown_psk(true);
  pump(p.client, p.server);
  EXPECT_EQ(p.server.error(), nullptr) << p.server.error()->message();
  EXPECT_FALSE(p.server.is_handshaking());
}

// ------------------------------------------------ second ClientHello (§4.1.2)

TEST(ServerRules, SecondClientHelloMayChangeOnlyWhatTheRfcAllows) {
  auto ok = connect(world().x25519_then_p256_client(), world().p256_server());
  pump(ok.client, ok.server);
  ASSERT_EQ(ok.server.error(), nullptr) << ok.server.error()->message();
  ASSERT_TRUE(ok.server.negotiated()->hello_retry);

  // Padding may change (RFC 7685 / §4.1.2).
  auto padded = connect_editing_hello(world().x25519_then_p256_client(), world().p256_server(), 1, [](wire::ClientHello& ch) { ch.extensions.padding = 40; });
  pump(padded.client, padded.server);
  EXPECT_EQ(padded.server.error(), nullptr) << padded.server.error()->message();
}

TEST(ServerRules, SecondClientHelloWithOtherChangesIsIllegalParameter) {
  static const uint8_t kBody[] = {1, 2};
  const std::vector<std::pair<const char*, std::function<void(wire::ClientHello&)>>> edits = {
      {"cipher suites reordered", [](wire::ClientHello& ch) { std::reverse(ch.cipher_suites.begin(), ch.cipher_suites.end()); }},
      {"signature_algorithms changed", [](wire::ClientHello& ch) { ch.extensions.signature_algorithms->pop_back(); }},
      {"extension added", [](wire::ClientHello& ch) { ch.extensions.uninterpreted.push_back({0x7a7a, kBody}); }},
      {"random changed", [](wire::ClientHello& ch) { ch.random[0] ^= 1; }},
      {"session id changed", [](wire::ClientHello& ch) { ch.legacy_session_id = {}; }},
      {"early_data added", [](wire::ClientHello& ch) { ch.extensions.early_data = true; }},
      {"cookie we did not send", [](wire::ClientHello& ch) { ch.extensions.cookie = kBody; }},
  };
  for (const auto& [what, edit] : edits) {
    auto p = connect_editing_hello(world().x25519_then_p256_client(), world().p256_server(), 1, edit);
    pump(p.client, p.server);
    EXPECT_EQ(alert_of(p.server), Alert::illegal_parameter) << what;
  }
}

// §4.2.2: a HelloRetryRequest with a cookie (put in through the extensions
// hook, parley sends none itself) must see it echoed in the second
// ClientHello, unchanged.
void hello_retry_with_cookie(Connection& server) {
  static const uint8_t kCookie[] = {0xc0, 0x0c, 0x1e};
  auto count = std::make_shared<int>(0);
  tls::ConnectionInternals::set_extensions_override(server, [count](wire::HandshakeType t) -> std::optional<wire::Extensions> {
    if (t != wire::HandshakeType::server_hello || (*count)++ > 0) return std::nullopt;
    wire::Extensions e;
    e.selected_version = wire::kTls13;
    e.hrr_group = static_cast<uint16_t>(crypto::Group::secp256r1);
    e.cookie = kCookie;
    return e;
  });
}

TEST(ServerRules, SecondClientHelloMustEchoTheCookie) {
  auto echoed = connect(world().x25519_then_p256_client(), world().p256_server());
  hello_retry_with_cookie(echoed.server);
  pump(echoed.client, echoed.server);
  ASSERT_EQ(echoed.server.error(), nullptr) << echoed.server.error()->message();

  static const uint8_t kOther[] = {0xc0, 0x0c, 0x1f};
  const std::vector<std::pair<const char*, std::function<void(wire::ClientHello&)>>> edits = {
      {"cookie dropped", [](wire::ClientHello& ch) { ch.extensions.cookie.reset(); }},
      {"cookie changed", [](wire::ClientHello& ch) { ch.extensions.cookie = kOther; }},
  };
  for (const auto& [what, edit] : edits) {
    auto p = connect_editing_hello(world().x25519_then_p256_client(), world().p256_server(), 1, edit);
    hello_retry_with_cookie(p.server);
    pump(p.client, p.server);
    EXPECT_EQ(alert_of(p.server), Alert::illegal_parameter) << what;
  }
}

// Extension order is part of the ClientHello (tlsfuzzer shuffled-extentions):
// the same two unknown extensions, swapped in the second ClientHello.
TEST(ServerRules, SecondClientHelloWithReorderedExtensionsIsIllegalParameter) {
  static const uint8_t kBody[] = {1};
  auto p = connect(world().x25519_then_p256_client(), world().p256_server());
  auto count = std::make_shared<int>(0);
  tls::ConnectionInternals::set_client_hello_edit(p.client, [count](wire::ClientHello& ch) {
    const bool second = (*count)++ == 1;
    ch.extensions.uninterpreted.push_back({second ? uint16_t{0x7b7b} : uint16_t{0x7a7a}, kBody});
    ch.extensions.uninterpreted.push_back({second ? uint16_t{0x7a7a} : uint16_t{0x7b7b}, kBody});
  });
  pump(p.client, p.server);
  EXPECT_EQ(alert_of(p.server), Alert::illegal_parameter);
}

// ------------------------------------------------------------ 0-RTT (§4.2.10)

// A ClientHello announcing early data: we accept no 0-RTT, so records that
// fail to deprotect under the handshake key are skipped, and the handshake
// goes on with the first that does.
TEST(ServerRules, RejectedEarlyDataIsSkipped) {
  auto p = hello_read(world().client(), world().server(), true);
  ASSERT_TRUE(p.server.feed(garbage_record(tls::record::kMaxPlaintext)));
  ASSERT_TRUE(p.server.feed(garbage_record(100)));
  pump(p.client, p.server);
  ASSERT_EQ(p.server.error(), nullptr) << p.server.error()->message();
  EXPECT_FALSE(p.server.is_handshaking());
}

TEST(ServerRules, SkippedEarlyDataIsBounded) {
  auto p = hello_read(world().client(), world().server(), true);
  const Bytes full = garbage_record(tls::record::kMaxCiphertext);
  for (size_t sent = 0; sent + tls::record::kMaxCiphertext <= tls::record::kMaxSkippedEarlyData;
       sent += tls::record::kMaxCiphertext) {
    ASSERT_TRUE(p.server.feed(full));
  }
  expect_refused(p.server, full, Alert::bad_record_mac);
}

TEST(ServerRules, WithoutEarlyDataAnUndecryptableRecordIsBadRecordMac) {
  auto p = hello_read(world().client(), world().server(), false);
  expect_refused(p.server, garbage_record(100), Alert::bad_record_mac);
}

// Once a record deprotects, skipping ends: garbage after it is bad_record_mac.
TEST(ServerRules, SkippingEndsWithTheFirstRecordThatDeprotects) {
  auto p = hello_read(world().client(), world().server(), true);
  ASSERT_TRUE(p.server.feed(garbage_record(64)));
  tls::ConnectionInternals::set_one_message_per_record(p.client, true);
  ASSERT_TRUE(transfer(p.server, p.client));
  // The client's second flight, then garbage after it.
  ASSERT_TRUE(transfer(p.client, p.server));
  expect_refused(p.server, garbage_record(64), Alert::bad_record_mac);
}

// After a HelloRetryRequest there are no keys yet: application_data records
// are skipped without trying them (§4.2.10), until the second ClientHello.
TEST(ServerRules, EarlyDataBeforeTheSecondClientHelloIsSkipped) {
  auto p = hello_read(world().x25519_then_p256_client(), world().p256_server(), true);
  ASSERT_TRUE(p.server.feed(garbage_record(tls::record::kMaxPlaintext)));
  pump(p.client, p.server);
  ASSERT_EQ(p.server.error(), nullptr) << p.server.error()->message();
  EXPECT_TRUE(p.server.negotiated()->hello_retry);
}

TEST(ServerRules, ApplicationDataBeforeKeysWithoutEarlyDataIsUnexpectedMessage) {
  auto p = hello_read(world().x25519_then_p256_client(), world().p256_server(), false);
  expect_refused(p.server, garbage_record(64), Alert::unexpected_message);
}

// ------------------------------------------------------ change_cipher_spec

// §D.4: one change_cipher_spec from the client, and only one.
TEST(ServerRules, SecondChangeCipherSpecIsUnexpectedMessage) {
  auto p = connect(world().client(), world().server());
  send_client_hello(p);
  ASSERT_TRUE(p.server.feed(record(20, {1})));
  EXPECT_FALSE(p.server.feed(record(20, {1})));
  EXPECT_EQ(alert_of(p.server), Alert::unexpected_message);
  // The client's own CCS (middlebox compatibility, before its second flight)
  // after one injected is the second too.
  auto q = connect(world().client(), world().server());
  send_client_hello(q);
  ASSERT_TRUE(q.server.feed(record(20, {1})));
  pump(q.client, q.server);
  EXPECT_EQ(alert_of(q.server), Alert::unexpected_message);
}

TEST(ServerRules, ChangeCipherSpecRecordVersionIsIgnored) {
  auto c = world().client();
  c->middlebox_compat = false;
  auto p = connect(c, world().server());
  send_client_hello(p);
  ASSERT_TRUE(p.server.feed(record(20, {1}, 0x0300)));
  pump(p.client, p.server);
  EXPECT_EQ(p.server.error(), nullptr) << p.server.error()->message();
  EXPECT_FALSE(p.server.is_handshaking());
}

// ------------------------------------------- plaintext alerts after the keys

// The truncation attack: a plaintext close_notify injected after the
// handshake must not end the stream cleanly, on either side.
TEST(ServerRules, PlaintextCloseNotifyAfterHandshakeIsUnexpectedMessageOnBothSides) {
  for (bool to_client : {true, false}) {
    auto p = connect(world().client(), world().server());
    pump(p.client, p.server);
    ASSERT_FALSE(p.client.is_handshaking());
    Connection& victim = to_client ? p.client : p.server;
    EXPECT_FALSE(victim.feed(kPlaintextCloseNotify));
    EXPECT_FALSE(victim.peer_closed());
    ASSERT_NE(victim.error(), nullptr) << (to_client ? "client" : "server");
    EXPECT_EQ(alert_of(victim), Alert::unexpected_message) << (to_client ? "client" : "server");
    EXPECT_EQ(victim.error()->kind, Error::Kind::PeerMisbehaved);
  }
}

TEST(ServerRules, PlaintextFatalAlertAfterHandshakeIsUnexpectedMessageOnBothSides) {
  for (bool to_client : {true, false}) {
    auto p = connect(world().client(), world().server());
    pump(p.client, p.server);
    Connection& victim = to_client ? p.client : p.server;
    EXPECT_FALSE(victim.feed(kPlaintextFatalAlert));
    EXPECT_EQ(alert_of(victim), Alert::unexpected_message) << (to_client ? "client" : "server");
  }
}

// The client reading the server's first flight has handshake keys already:
// a plaintext alert in that flight is forged.
TEST(ServerRules, PlaintextAlertToClientDuringHandshakeIsUnexpectedMessage) {
  auto p = connect(world().client(), world().server());
  send_client_hello(p);
  auto out = p.server.pending_output();
  Bytes flight(out.begin(), out.end());
  p.server.consume_output(flight.size());
  Bytes with_alert = flight;
  with_alert.insert(with_alert.end(), kPlaintextFatalAlert.begin(), kPlaintextFatalAlert.end());
  (void)p.client.feed(with_alert);
  EXPECT_EQ(alert_of(p.client), Alert::unexpected_message);
}

// The one exception: a server waiting for the client's second flight takes a
// plaintext fatal alert (the client may have failed before it had keys), but
// never a plaintext close_notify.
TEST(ServerRules, ServerTakesPlaintextFatalAlertBeforeTheClientsSecondFlight) {
  auto p = connect(world().client(), world().server());
  send_client_hello(p);
  EXPECT_FALSE(p.server.feed(kPlaintextFatalAlert));
  ASSERT_NE(p.server.error(), nullptr);
  EXPECT_EQ(p.server.error()->kind, Error::Kind::AlertReceived);
  EXPECT_EQ(alert_of(p.server), Alert::unknown_ca);

  auto q = connect(world().client(), world().server());
  send_client_hello(q);
  EXPECT_FALSE(q.server.feed(kPlaintextCloseNotify));
  ASSERT_NE(q.server.error(), nullptr);
  EXPECT_EQ(q.server.error()->kind, Error::Kind::PeerMisbehaved);
  EXPECT_EQ(alert_of(q.server), Alert::unexpected_message);
}

// ----------------------------------------------------- after a fatal alert

// §6.2: after a fatal alert nothing more is sent, whatever still arrives.
TEST(ServerRules, NothingIsSentAfterTheFatalAlert) {
  auto p = connect(world().client(), world().server());
  send_client_hello(p);
  auto out = p.server.pending_output();
  p.server.consume_output(out.size());
  EXPECT_FALSE(p.server.feed(garbage_record(64)));
  EXPECT_EQ(alert_of(p.server), Alert::bad_record_mac);
  const size_t alert_bytes = p.server.pending_output().size();
  EXPECT_GT(alert_bytes, 0u);
  EXPECT_FALSE(p.server.feed(garbage_record(64)));
  EXPECT_FALSE(p.server.feed(record(21, {})));
  EXPECT_EQ(p.server.pending_output().size(), alert_bytes);
  EXPECT_FALSE(p.server.wants_read());
}

}  // namespace
}  // namespace parley::pairtest
