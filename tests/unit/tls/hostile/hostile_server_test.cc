// The client against a hostile server (scripted_server.h): every rule of RFC
// 8446 a server can break, each with the exact alert the client must send,
// and the client failing closed.
#include <gtest/gtest.h>

#include "scripted_server.h"
#include "tls/record/dos_counters.h"

namespace parley::hostile {
namespace {

using crypto::SignatureScheme;
using crypto::Suite;

constexpr uint16_t code(auto v) { return static_cast<uint16_t>(v); }
constexpr uint16_t kUnknownExtension = 0x7a7a;

// A raw extension of `type`; `body` must outlive the message.
wire::RawExtension raw(uint16_t type, const Bytes& body) { return {type, body}; }

// ------------------------------------------------------------------ the harness itself

TEST(ScriptedServer, HonestFlightCompletesTheHandshake) {
  ScriptedServer s;
  s.handshake();
  ASSERT_EQ(s.client.error(), nullptr);
  const uint8_t ping[] = {'p'};
  s.send(ContentType::application_data, {'h', 'i'}, Keys::application);
  ASSERT_TRUE(s.deliver().has_value());
  EXPECT_EQ(s.client.readable(), 2u);
  EXPECT_TRUE(s.client.write(ping).has_value());
}

// ------------------------------------------------------------------ ServerHello (§4.1.3, §4.2.1, §4.2.8)

TEST(ServerHello, SelectingAVersionNotOfferedIsIllegalParameter) {
  for (uint16_t version : {uint16_t{0x0305}, uint16_t{0x0303}}) {  // §4.2.1: not offered, or before TLS 1.3
    ScriptedServer s;
    s.server_hello([&](wire::ServerHello& sh) { sh.extensions.selected_version = version; });
    s.expect_rejected(Alert::illegal_parameter);
  }
}

TEST(ServerHello, CipherSuiteNotOfferedIsIllegalParameter) {
  auto cfg = client_config();
  cfg->suites = {Suite::aes_128_gcm_sha256};
  ScriptedServer s(cfg);
  s.server_hello([](wire::ServerHello& sh) { sh.cipher_suite = code(Suite::aes_256_gcm_sha384); });
  s.expect_rejected(Alert::illegal_parameter);
}

TEST(ServerHello, KeyShareForAGroupWeSentNoShareForIsIllegalParameter) {
  ScriptedServer s;
  const uint16_t other = s.client_hello().extensions.supported_groups->at(1);
  s.server_hello([&](wire::ServerHello& sh) { sh.extensions.server_share->group = other; });
  s.expect_rejected(Alert::illegal_parameter);
}

TEST(ServerHello, LegacySessionIdEchoMismatchIsIllegalParameter) {
  ScriptedServer s;
  ASSERT_FALSE(s.client_hello().legacy_session_id.empty());  // §D.4 compatibility mode
  const Bytes other(32, 0xab);
  s.server_hello([&](wire::ServerHello& sh) { sh.legacy_session_id_echo = other; });
  s.expect_rejected(Alert::illegal_parameter);
}

// §4.2: "Implementations MUST NOT send extension responses if the remote
// endpoint did not send the corresponding extension requests".
TEST(ServerHello, ExtensionWeDidNotSendIsUnsupportedExtension) {
  static const Bytes empty;
  ScriptedServer s;
  s.server_hello([](wire::ServerHello& sh) { sh.extensions.uninterpreted = {raw(kUnknownExtension, empty)}; });
  s.expect_rejected(Alert::unsupported_extension);
}

TEST(ServerHello, WithoutKeyShareIsMissingExtension) {  // §4.2.8: no PSK, so (EC)DHE it must be
  ScriptedServer s;
  s.server_hello([](wire::ServerHello& sh) { sh.extensions.server_share.reset(); });
  s.expect_rejected(Alert::missing_extension);
}

// §4.1.3: a ServerHello for TLS 1.2 (legacy_version 0x0303) or TLS 1.1
// (0x0302) with the matching sentinel, to a client offering only TLS 1.3.
TEST(ServerHello, DowngradeSentinelIsIllegalParameter) {
  for (auto [legacy, last] : {std::pair<uint16_t, uint8_t>{0x0303, 1}, {0x0302, 0}}) {
    ScriptedServer s;
    s.server_hello([&](wire::ServerHello& sh) {
      const uint8_t sentinel[] = {'D', 'O', 'W', 'N', 'G', 'R', 'D', last};
      std::copy(std::begin(sentinel), std::end(sentinel), sh.random.end() - 8);
      sh.legacy_version = legacy;
      sh.extensions.selected_version.reset();
      sh.extensions.server_share.reset();
    });
    s.expect_rejected(Alert::illegal_parameter);
  }
}

TEST(ServerHello, Tls12WithoutSentinelIsProtocolVersion) {
  ScriptedServer s;
  s.server_hello([](wire::ServerHello& sh) {
    sh.extensions.selected_version.reset();
    sh.extensions.server_share.reset();
  });
  s.expect_rejected(Alert::protocol_version);
}

TEST(ServerHello, LegacyVersionOtherThanTls12IsProtocolVersion) {
  for (uint16_t legacy : {uint16_t{0x0304}, uint16_t{0x0301}}) {
    ScriptedServer s;
    s.server_hello([&](wire::ServerHello& sh) { sh.legacy_version = legacy; });
    s.expect_rejected(Alert::protocol_version);
  }
}

// ------------------------------------------------------------------ HelloRetryRequest (§4.1.4)

TEST(HelloRetryRequest, LegacyVersionOtherThanTls12IsProtocolVersion) {
  ScriptedServer s;
  s.hello_retry_request([](wire::HelloRetryRequest& hrr) { hrr.legacy_version = 0x0304; });
  s.expect_rejected(Alert::protocol_version);
}

TEST(HelloRetryRequest, HonestRetryCompletesTheHandshake) {
  ScriptedServer s;
  s.hello_retry_request();
  s.change_cipher_spec();
  ASSERT_TRUE(s.deliver().has_value());
  s.server_hello();
  s.rest_of_flight();
  s.expect_handshake_done();
}

TEST(HelloRetryRequest, ServerHelloKeyShareForAnotherGroupThanAskedIsIllegalParameter) {
  ScriptedServer s;
  const uint16_t first = s.client_hello().extensions.key_shares->front().group;
  s.hello_retry_request();
  ASSERT_TRUE(s.deliver().has_value());
  s.server_hello([&](wire::ServerHello& sh) { sh.extensions.server_share->group = first; });
  s.expect_rejected(Alert::illegal_parameter);
}

TEST(HelloRetryRequest, SecondRequestIsUnexpectedMessage) {
  ScriptedServer s;
  s.hello_retry_request();
  ASSERT_TRUE(s.deliver().has_value());
  const uint16_t first = s.client_hello().extensions.supported_groups->front();
  s.hello_retry_request([&](wire::HelloRetryRequest& hrr) { hrr.extensions.hrr_group = first; });
  s.expect_rejected(Alert::unexpected_message);
}

TEST(HelloRetryRequest, RequestThatWouldNotChangeTheClientHelloIsIllegalParameter) {
  {  // asks for the group the client already sent a share for
    ScriptedServer s;
    const uint16_t shared = s.client_hello().extensions.key_shares->front().group;
    s.hello_retry_request([&](wire::HelloRetryRequest& hrr) { hrr.extensions.hrr_group = shared; });
    s.expect_rejected(Alert::illegal_parameter);
  }
  {  // neither a group nor a cookie
    ScriptedServer s;
    s.hello_retry_request([](wire::HelloRetryRequest& hrr) { hrr.extensions.hrr_group.reset(); });
    s.expect_rejected(Alert::illegal_parameter);
  }
}

TEST(HelloRetryRequest, GroupNotOfferedIsIllegalParameter) {
  auto cfg = client_config();
  cfg->groups = {crypto::Group::x25519, crypto::Group::secp256r1};
  ScriptedServer s(cfg);
  s.hello_retry_request([](wire::HelloRetryRequest& hrr) { hrr.extensions.hrr_group = code(crypto::Group::secp384r1); });
  s.expect_rejected(Alert::illegal_parameter);
}

TEST(HelloRetryRequest, CipherSuiteNotOfferedIsIllegalParameter) {
  auto cfg = client_config();
  cfg->suites = {Suite::aes_128_gcm_sha256};
  ScriptedServer s(cfg);
  s.hello_retry_request([](wire::HelloRetryRequest& hrr) { hrr.cipher_suite = code(Suite::aes_256_gcm_sha384); });
  s.expect_rejected(Alert::illegal_parameter);
}

TEST(HelloRetryRequest, ServerHelloSuiteDifferentFromTheRequestsIsIllegalParameter) {
  ScriptedServer s;
  const auto& suites = s.client_hello().cipher_suites;
  ASSERT_GE(suites.size(), 2u);
  const uint16_t other = suites[1];
  s.hello_retry_request();
  ASSERT_TRUE(s.deliver().has_value());
  s.server_hello([&](wire::ServerHello& sh) { sh.cipher_suite = other; });
  s.expect_rejected(Alert::illegal_parameter);
}

// ------------------------------------------------------------------ EncryptedExtensions (§4.2, §4.3.1)

void expect_encrypted_extensions_fail(const std::function<void(wire::EncryptedExtensions&)>& edit, Alert want,
                                      std::shared_ptr<const ClientConfig> cfg = client_config()) {
  ScriptedServer s(std::move(cfg));
  s.server_hello();
  s.encrypted_extensions(edit);
  s.expect_rejected(want);
}

TEST(EncryptedExtensions, ExtensionWeDidNotOfferIsUnsupportedExtension) {
  static const Bytes empty;
  expect_encrypted_extensions_fail([](auto& ee) { ee.extensions.uninterpreted = {raw(kUnknownExtension, empty)}; },
                                   Alert::unsupported_extension);
  // early_data is allowed in EncryptedExtensions (§4.2) but was not offered.
  expect_encrypted_extensions_fail([](auto& ee) { ee.extensions.early_data = true; }, Alert::unsupported_extension);
}

// §4.2: a known extension the table does not list for EncryptedExtensions.
TEST(EncryptedExtensions, ExtensionNotAllowedThereIsIllegalParameter) {
  static const Bytes share = {0x00, 0x1d, 0x00, 0x01, 0x42};
  static const Bytes version = {0x03, 0x04};
  static const Bytes psk = {0x00, 0x00};
  for (auto [type, body] : {std::pair{wire::ExtensionType::key_share, &share},
                            {wire::ExtensionType::supported_versions, &version},
                            {wire::ExtensionType::pre_shared_key, &psk}}) {
    SCOPED_TRACE(code(type));
    expect_encrypted_extensions_fail([&](auto& ee) { ee.extensions.uninterpreted = {raw(code(type), *body)}; },
                                     Alert::illegal_parameter);
  }
}

TEST(EncryptedExtensions, AlpnProtocolWeDidNotOfferIsIllegalParameter) {
  auto cfg = client_config();
  cfg->alpn = {"h2"};
  static const std::string other = "http/1.1";
  static const Bytes name(other.begin(), other.end());
  expect_encrypted_extensions_fail([](auto& ee) { ee.extensions.alpn = std::vector<wire::ByteView>{name}; },
                                   Alert::illegal_parameter, cfg);
}

TEST(EncryptedExtensions, AlpnWhenWeOfferedNoneIsUnsupportedExtension) {
  static const Bytes name = {'h', '2'};
  expect_encrypted_extensions_fail([](auto& ee) { ee.extensions.alpn = std::vector<wire::ByteView>{name}; },
                                   Alert::unsupported_extension);
}

TEST(EncryptedExtensions, DuplicateExtensionIsIllegalParameter) {
  static const Bytes empty;
  for (uint16_t type : {code(wire::ExtensionType::server_name), kUnknownExtension}) {
    SCOPED_TRACE(type);
    expect_encrypted_extensions_fail([&](auto& ee) { ee.extensions.uninterpreted = {raw(type, empty), raw(type, empty)}; },
                                     Alert::illegal_parameter);
  }
}

// ------------------------------------------------------------------ CertificateRequest (§4.3.2)

void expect_certificate_request_fail(const std::function<void(wire::CertificateRequest&)>& edit, Alert want) {
  ScriptedServer s;
  s.server_hello();
  s.encrypted_extensions();
  s.certificate_request(edit);
  s.expect_rejected(want);
}

TEST(CertificateRequest, NonEmptyContextIsIllegalParameter) {
  static const Bytes context = {0x01, 0x02};
  expect_certificate_request_fail([](auto& cr) { cr.certificate_request_context = context; }, Alert::illegal_parameter);
}

TEST(CertificateRequest, WithoutSignatureAlgorithmsIsMissingExtension) {
  expect_certificate_request_fail([](auto& cr) { cr.extensions.signature_algorithms.reset(); },
                                  Alert::missing_extension);
}

// ------------------------------------------------------------------ Certificate (§4.4.2)

void expect_certificate_fail(const std::function<void(wire::Certificate&)>& edit, Alert want) {
  ScriptedServer s;
  s.server_hello();
  s.encrypted_extensions();
  s.certificate(edit);
  s.expect_rejected(want);
}

TEST(Certificate, NoEntriesIsDecodeError) {  // §4.4.2.4
  expect_certificate_fail([](auto& c) { c.certificate_list.clear(); }, Alert::decode_error);
}

// §4.4.2: "certificate_request_context ... zero length" in the main handshake.
TEST(Certificate, NonEmptyContextIsIllegalParameter) {
  static const Bytes context = {0x07};
  expect_certificate_fail([](auto& c) { c.certificate_request_context = context; }, Alert::illegal_parameter);
}

void expect_certificate_fail(std::shared_ptr<const ClientConfig> cfg,
                             const std::function<void(wire::Certificate&)>& edit, Alert want) {
  ScriptedServer s(std::move(cfg));
  s.server_hello();
  s.encrypted_extensions();
  s.certificate(edit);
  s.expect_rejected(want);
}

// §4.4.2: with revocation off our ClientHello asks for neither OCSP status
// nor SCTs; otherwise it asks for OCSP status only.
TEST(Certificate, EntryExtensionWeDidNotRequestIsUnsupportedExtension) {
  static const Bytes ocsp = {0x01, 0x00, 0x00, 0x01, 0x00};  // CertificateStatus, ocsp, a 1-byte response
  static const Bytes sct = {0x00, 0x00};
  static const Bytes empty;
  auto off = client_config();
  off->revocation = RevocationPolicy::off;
  struct Case {
    std::shared_ptr<const ClientConfig> cfg;
    uint16_t type;
    const Bytes* body;
  };
  for (const auto& [cfg, type, body] : {Case{off, code(wire::ExtensionType::status_request), &ocsp},
                                        Case{client_config(), code(wire::ExtensionType::signed_certificate_timestamp), &sct},
                                        Case{client_config(), kUnknownExtension, &empty}}) {
    SCOPED_TRACE(type);
    for (size_t entry : {size_t{0}, size_t{1}}) {
      expect_certificate_fail(cfg, [&](wire::Certificate& c) {
        if (entry == 1) c.certificate_list.push_back(c.certificate_list.front());  // an extra (CA-like) entry
        c.certificate_list[entry].extensions.uninterpreted = {raw(type, *body)};
      }, Alert::unsupported_extension);
    }
  }
}

// RFC 6066 §8: a staple we asked for that is not an OCSP response.
TEST(Certificate, MalformedStapleIsBadCertificateStatusResponse) {
  static const Bytes junk = {0x01, 0x00, 0x00, 0x01, 0x00};  // a 1-byte "OCSPResponse"
  expect_certificate_fail(client_config(), [&](wire::Certificate& c) {
    c.certificate_list[0].extensions.uninterpreted = {raw(code(wire::ExtensionType::status_request), junk)};
  }, Alert::bad_certificate_status_response);
}

TEST(Certificate, CertificateStatusOfAnotherTypeIsIllegalParameter) {
  static const Bytes other = {0x02, 0x00, 0x00, 0x01, 0x00};  // status_type ocsp_multi
  expect_certificate_fail(client_config(), [&](wire::Certificate& c) {
    c.certificate_list[0].extensions.uninterpreted = {raw(code(wire::ExtensionType::status_request), other)};
  }, Alert::illegal_parameter);
}

// ------------------------------------------------------------------ CertificateVerify (§4.4.3)

void expect_certificate_verify_fail(std::shared_ptr<const ClientConfig> cfg, Identity id, uint16_t scheme,
                                    const std::function<void(wire::CertificateVerify&)>& edit, Alert want) {
  ScriptedServer s(std::move(cfg), std::move(id));
  s.server_hello();
  s.encrypted_extensions();
  s.certificate();
  s.certificate_verify(scheme, edit);
  s.expect_rejected(want);
}

TEST(CertificateVerify, SchemeWeDidNotOfferIsIllegalParameter) {
  auto cfg = client_config();
  cfg->signature_schemes = {SignatureScheme::ecdsa_secp256r1_sha256, SignatureScheme::rsa_pss_rsae_sha256};
  expect_certificate_verify_fail(cfg, world().ecdsa, code(SignatureScheme::ecdsa_secp384r1_sha384), {},
                                 Alert::illegal_parameter);
}

TEST(CertificateVerify, SchemeThatDoesNotFitTheKeyIsIllegalParameter) {
  // A valid ECDSA signature labelled as RSA-PSS, which the client offered.
  expect_certificate_verify_fail(client_config(), world().ecdsa, code(SignatureScheme::ecdsa_secp256r1_sha256),
                                 [](auto& cv) { cv.algorithm = code(SignatureScheme::rsa_pss_rsae_sha256); },
                                 Alert::illegal_parameter);
}

// §4.2.3: in TLS 1.3 an ECDSA scheme names its curve; a valid P-256 signature
// labelled secp384r1 (which the client offered) is refused.
TEST(CertificateVerify, EcdsaSchemeForAnotherCurveIsIllegalParameter) {
  expect_certificate_verify_fail(client_config(), world().ecdsa, code(SignatureScheme::ecdsa_secp384r1_sha384), {},
                                 Alert::illegal_parameter);
}

// §4.4.3: "RSA signatures MUST use an RSASSA-PSS algorithm", even when the
// client lists rsa_pkcs1_* (which it may, for certificates).
TEST(CertificateVerify, RsaPkcs1IsIllegalParameterEvenWhenOffered) {
  auto cfg = client_config();
  cfg->signature_schemes = {SignatureScheme::rsa_pkcs1_sha256, SignatureScheme::rsa_pss_rsae_sha256,
                            SignatureScheme::ecdsa_secp256r1_sha256};
  expect_certificate_verify_fail(cfg, world().rsa, code(SignatureScheme::rsa_pkcs1_sha256), {},
                                 Alert::illegal_parameter);
}

TEST(CertificateVerify, BadSignatureIsDecryptError) {
  static Bytes flipped;
  expect_certificate_verify_fail(client_config(), world().ecdsa, code(SignatureScheme::ecdsa_secp256r1_sha256),
                                 [](auto& cv) {
                                   flipped.assign(cv.signature.begin(), cv.signature.end());
                                   flipped[flipped.size() / 2] ^= 0x01;
                                   cv.signature = flipped;
                                 },
                                 Alert::decrypt_error);
}

// ------------------------------------------------------------------ Finished (§4.4.4)

TEST(Finished, BeforeCertificateVerifyIsUnexpectedMessage) {
  ScriptedServer s;
  s.server_hello();
  s.encrypted_extensions();
  s.certificate();
  s.finished();
  s.expect_rejected(Alert::unexpected_message);
}

TEST(Finished, WrongVerifyDataIsDecryptError) {
  ScriptedServer s;
  s.server_hello();
  s.encrypted_extensions();
  s.certificate();
  s.certificate_verify();
  s.finished([](Bytes& data) { data.back() ^= 0x01; });
  s.expect_rejected(Alert::decrypt_error);
}

// ------------------------------------------------------------------ change_cipher_spec (§5, §D.4)

// §5: a CCS may arrive "at any time after the first ClientHello message has
// been sent ... and before the peer's Finished message has been received"
// and MUST be dropped: the client sent its ClientHello, so one ahead of the
// ServerHello is dropped.
TEST(ChangeCipherSpec, BeforeServerHelloIsDropped) {
  ScriptedServer s;
  s.change_cipher_spec();
  s.server_hello();
  s.rest_of_flight();
  s.expect_handshake_done();
}

TEST(ChangeCipherSpec, AfterServerFinishedIsUnexpectedMessage) {
  ScriptedServer s;
  s.handshake();
  s.change_cipher_spec();
  s.expect_rejected(Alert::unexpected_message);
}

TEST(ChangeCipherSpec, ProtectedIsUnexpectedMessage) {
  ScriptedServer s;
  s.server_hello();
  s.send(ContentType::change_cipher_spec, {0x01}, Keys::handshake);
  s.expect_rejected(Alert::unexpected_message);
}

// ------------------------------------------------------------------ alerts (§6)

TEST(WarningAlerts, UserCanceledIsToleratedUpToTheCap) {
  ScriptedServer s;
  s.server_hello();
  for (size_t i = 0; i < tls::record::DosCounters::kMaxWarningAlerts; ++i) s.alert(1, Alert::user_canceled, Keys::handshake);
  s.rest_of_flight();
  s.expect_handshake_done();
}

TEST(WarningAlerts, UserCanceledFloodIsUnexpectedMessage) {
  ScriptedServer s;
  s.server_hello();
  for (size_t i = 0; i <= tls::record::DosCounters::kMaxWarningAlerts; ++i) s.alert(1, Alert::user_canceled, Keys::handshake);
  s.expect_rejected(Alert::unexpected_message);
}

// ------------------------------------------------------------------ records (§5)

// §5.1: "Handshake messages MUST NOT span key changes": the record that
// carries the last message under the old keys also carries the first bytes
// of the next one.
void expect_span_rejected(ScriptedServer& s, Bytes last, const Bytes& next, Keys keys) {
  last.insert(last.end(), next.begin(), next.begin() + 2);
  s.send(ContentType::handshake, last, keys);
  s.expect_rejected(Alert::unexpected_message);
}

TEST(Records, MessageSpanningTheHandshakeKeyChangeIsUnexpectedMessage) {
  ScriptedServer s;
  Bytes server_hello = s.build_server_hello();
  expect_span_rejected(s, std::move(server_hello), s.build_encrypted_extensions(), Keys::none);
}

TEST(Records, MessageSpanningTheApplicationKeyChangeIsUnexpectedMessage) {
  ScriptedServer s;
  s.server_hello();
  s.encrypted_extensions();
  s.certificate();
  s.certificate_verify();
  expect_span_rejected(s, s.build_finished(), kKeyUpdate, Keys::handshake);
}

// After the ServerHello the server has keys (§5): a plaintext alert is not its.
TEST(Records, PlaintextAlertAfterServerHelloIsUnexpectedMessage) {
  ScriptedServer s;
  s.server_hello();
  s.encrypted_extensions();
  s.alert(2, Alert::handshake_failure, Keys::none);
  s.expect_rejected(Alert::unexpected_message);
}

TEST(Records, ApplicationDataBeforeFinishedIsUnexpectedMessage) {
  ScriptedServer s;
  s.server_hello();
  s.encrypted_extensions();
  s.send(ContentType::application_data, {'h', 'i'}, Keys::handshake);
  s.expect_rejected(Alert::unexpected_message);
}

// §6.1: "Any data received after a closure alert has been received MUST be
// ignored" -- not an error.
TEST(Records, DataAfterCloseNotifyIsIgnored) {
  ScriptedServer s;
  s.handshake();
  s.alert(1, Alert::close_notify, Keys::application);
  s.send(ContentType::application_data, {'l', 'a', 't', 'e'}, Keys::application);
  s.send(ContentType::handshake, kKeyUpdate, Keys::application);
  ASSERT_TRUE(s.deliver().has_value());
  EXPECT_TRUE(s.client.peer_closed());
  EXPECT_EQ(s.client.readable(), 0u);
  EXPECT_EQ(s.client.error(), nullptr);
}

// §5.4: no non-zero byte in TLSInnerPlaintext.
TEST(Records, InnerPlaintextOfAllZerosIsUnexpectedMessage) {
  ScriptedServer s;
  s.server_hello();
  s.send(ContentType{0}, {0x00, 0x00, 0x00}, Keys::handshake);
  s.expect_rejected(Alert::unexpected_message);
}

TEST(Records, OversizedRecordIsRecordOverflow) {
  {  // §5.2: TLSCiphertext above 2^14 + 256 bytes
    ScriptedServer s;
    s.server_hello();
    s.send(ContentType::application_data, Bytes(tls::record::kMaxCiphertext + 1), Keys::none);
    s.expect_rejected(Alert::record_overflow);
  }
  {  // §5.1: TLSPlaintext above 2^14 bytes
    ScriptedServer s;
    s.send(ContentType::handshake, Bytes(tls::record::kMaxPlaintext + 1), Keys::none);
    s.expect_rejected(Alert::record_overflow);
  }
}

// §4.6.2: a client that did not send post_handshake_auth gets no
// post-handshake CertificateRequest.
TEST(Records, PostHandshakeCertificateRequestIsUnexpectedMessage) {
  ScriptedServer s;
  s.handshake();
  static const Bytes context = {0x01};
  wire::CertificateRequest cr;
  cr.certificate_request_context = context;
  cr.extensions.signature_algorithms = std::vector<uint16_t>{code(SignatureScheme::ecdsa_secp256r1_sha256)};
  s.send(ContentType::handshake, encode(cr), Keys::application);
  s.expect_rejected(Alert::unexpected_message);
}

// §4.6.3 KeyUpdates with nothing in between, past the DosCounters cap.
TEST(Records, KeyUpdateFloodIsUnexpectedMessage) {
  ScriptedServer s;
  s.handshake();
  for (size_t i = 0; i <= tls::record::DosCounters::kMaxKeyUpdates; ++i) s.key_update();
  s.expect_rejected(Alert::unexpected_message);
}

}  // namespace
}  // namespace parley::hostile
