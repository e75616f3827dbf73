// RFC 8448 traces: every message parses into the fields the RFC describes and
// re-encodes byte for byte.
#include <gtest/gtest.h>

#include "crypto/provider.h"
#include "crypto/scheme.h"
#include "vectors/rfc8448_messages.h"
#include "wire_test_util.h"

namespace parley::tls::wire::test {
namespace {

namespace v = parley::test::rfc8448;

constexpr uint16_t kX25519 = static_cast<uint16_t>(crypto::Group::x25519);
constexpr uint16_t kP256 = static_cast<uint16_t>(crypto::Group::secp256r1);
constexpr uint16_t kAes128 = static_cast<uint16_t>(crypto::Suite::aes_128_gcm_sha256);

template <class T>
T parse_as(const Framed& f, size_t finished_len = 32) {
  auto m = parse_handshake(f.type(), f.body(), finished_len);
  EXPECT_TRUE(m.has_value()) << (m ? "" : m.error().what);
  EXPECT_TRUE(std::holds_alternative<T>(*m));
  return std::get<T>(std::move(*m));
}

// The client's signature_algorithms in every RFC 8448 ClientHello.
const std::vector<uint16_t> kTraceSchemes = {0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806, 0x0401,
                                             0x0501, 0x0601, 0x0201, 0x0402, 0x0502, 0x0602, 0x0202};

TEST(Rfc8448, SimpleClientHelloFieldsAndReencoding) {
  const Framed f = framed(v::kSimpleClientHello);
  const auto ch = parse_as<ClientHello>(f);
  EXPECT_EQ(ch.legacy_version, kLegacyVersion);
  EXPECT_EQ(to_hex(ch.random), "cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7");
  EXPECT_TRUE(ch.legacy_session_id.empty());
  EXPECT_EQ(ch.cipher_suites, (std::vector<uint16_t>{kAes128, 0x1303, 0x1302}));
  EXPECT_EQ(to_hex(ch.legacy_compression_methods), "00");
  const Extensions& e = ch.extensions;
  EXPECT_EQ(e.server_name, "server");
  ASSERT_TRUE(e.supported_groups);
  EXPECT_EQ(e.supported_groups->size(), 9u);
  EXPECT_EQ(e.supported_groups->front(), kX25519);
  ASSERT_TRUE(e.key_shares);
  ASSERT_EQ(e.key_shares->size(), 1u);
  EXPECT_EQ((*e.key_shares)[0].group, kX25519);
  EXPECT_EQ(to_hex((*e.key_shares)[0].key_exchange),
            "99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c");
  EXPECT_EQ(e.supported_versions, std::vector<uint16_t>{kTls13});
  EXPECT_EQ(e.signature_algorithms, kTraceSchemes);
  EXPECT_EQ(e.psk_key_exchange_modes,
            std::vector<uint8_t>{static_cast<uint8_t>(PskKeyExchangeMode::psk_dhe_ke)});
  EXPECT_FALSE(e.pre_shared_key);
  EXPECT_FALSE(ch.binders_offset);
  // renegotiation_info, session_ticket and record_size_limit are not parley's: kept, ignored.
  ASSERT_EQ(e.uninterpreted.size(), 3u);
  EXPECT_EQ(e.uninterpreted[0].type, 0xff01);
  EXPECT_EQ(e.uninterpreted[1].type, 35);
  EXPECT_EQ(e.uninterpreted[2].type, 28);
  EXPECT_EQ(e.order, (std::vector<uint16_t>{0, 0xff01, 10, 35, 51, 43, 13, 45, 28}));
  EXPECT_EQ(to_hex(encode_framed(ch)), v::kSimpleClientHello);
}

TEST(Rfc8448, SimpleServerHelloFieldsAndReencoding) {
  const Framed f = framed(v::kSimpleServerHello);
  const auto sh = parse_as<ServerHello>(f);
  EXPECT_EQ(sh.legacy_version, kLegacyVersion);
  EXPECT_EQ(sh.cipher_suite, kAes128);
  EXPECT_EQ(downgrade_sentinel(sh.random), DowngradeSentinel::none);
  ASSERT_TRUE(sh.extensions.server_share);
  EXPECT_EQ(sh.extensions.server_share->group, kX25519);
  EXPECT_EQ(to_hex(sh.extensions.server_share->key_exchange),
            "c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f");
  EXPECT_EQ(sh.extensions.selected_version, kTls13);
  EXPECT_EQ(to_hex(encode_framed(sh)), v::kSimpleServerHello);
}

TEST(Rfc8448, SimpleEncryptedExtensionsFieldsAndReencoding) {
  const Framed f = framed(v::kSimpleEncryptedExtensions);
  const auto ee = parse_as<EncryptedExtensions>(f);
  EXPECT_EQ(ee.extensions.server_name, "");  // the empty acknowledgement
  EXPECT_EQ(ee.extensions.supported_groups->size(), 9u);
  ASSERT_EQ(ee.extensions.uninterpreted.size(), 1u);
  EXPECT_EQ(ee.extensions.uninterpreted[0].type, 28);  // record_size_limit
  // The client offered all three, so nothing is unsolicited.
  const auto ch = parse_as<ClientHello>(framed(v::kSimpleClientHello));
  EXPECT_EQ(ee.extensions.first_unsolicited(ch.extensions.order), std::nullopt);
  EXPECT_EQ(ee.extensions.first_unsolicited(std::vector<uint16_t>{0, 28}), uint16_t{10});
  EXPECT_EQ(to_hex(encode_framed(ee)), v::kSimpleEncryptedExtensions);
}

TEST(Rfc8448, SimpleCertificateFieldsAndReencoding) {
  const Framed f = framed(v::kSimpleCertificate);
  const auto c = parse_as<Certificate>(f);
  EXPECT_TRUE(c.certificate_request_context.empty());
  ASSERT_EQ(c.certificate_list.size(), 1u);
  EXPECT_EQ(c.certificate_list[0].cert_data.size(), 0x1b0u);
  EXPECT_EQ(to_hex(c.certificate_list[0].cert_data.first(4)), "308201ac");
  EXPECT_TRUE(c.certificate_list[0].extensions.order.empty());
  EXPECT_EQ(to_hex(encode_framed(c)), v::kSimpleCertificate);
}

TEST(Rfc8448, SimpleCertificateVerifyFieldsAndReencoding) {
  const Framed f = framed(v::kSimpleCertificateVerify);
  const auto cv = parse_as<CertificateVerify>(f);
  EXPECT_EQ(cv.algorithm, static_cast<uint16_t>(crypto::SignatureScheme::rsa_pss_rsae_sha256));
  EXPECT_EQ(cv.signature.size(), 128u);
  EXPECT_EQ(to_hex(encode_framed(cv)), v::kSimpleCertificateVerify);
}

TEST(Rfc8448, SimpleFinishedBothDirections) {
  for (std::string_view text : {v::kSimpleServerFinished, v::kSimpleClientFinished}) {
    const Framed f = framed(text);
    const auto fin = parse_as<Finished>(f, 32);
    EXPECT_EQ(to_hex(fin.verify_data), text.substr(8));
    EXPECT_EQ(to_hex(encode_framed(fin)), text);
  }
}

TEST(Rfc8448, SimpleNewSessionTicketFieldsAndReencoding) {
  const Framed f = framed(v::kSimpleNewSessionTicket);
  const auto t = parse_as<NewSessionTicket>(f);
  EXPECT_EQ(t.ticket_lifetime, 30u);
  EXPECT_EQ(t.ticket_age_add, 0xfad6aac5u);
  EXPECT_EQ(to_hex(t.ticket_nonce), "0000");
  EXPECT_EQ(t.ticket.size(), 0xb2u);
  EXPECT_EQ(t.extensions.max_early_data_size, 0x400u);
  EXPECT_EQ(to_hex(encode_framed(t)), v::kSimpleNewSessionTicket);
}

TEST(Rfc8448, ResumedClientHelloOffersThePskWithItsBinder) {
  const Framed f = framed(v::kResumedClientHello);
  const auto ch = parse_as<ClientHello>(f);
  const Extensions& e = ch.extensions;
  ASSERT_TRUE(e.pre_shared_key);
  ASSERT_EQ(e.pre_shared_key->identities.size(), 1u);
  EXPECT_EQ(e.pre_shared_key->identities[0].identity.size(), 0xb2u);
  EXPECT_EQ(e.pre_shared_key->identities[0].obfuscated_ticket_age, 0xfad6aacbu);
  ASSERT_EQ(e.pre_shared_key->binders.size(), 1u);
  EXPECT_EQ(to_hex(e.pre_shared_key->binders[0]), "3add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d");
  EXPECT_TRUE(e.early_data);
  EXPECT_EQ(e.padding, size_t{87});
  // RFC 8448 §4 hashes a 477-octet "ClientHello prefix" for the binder.
  ASSERT_TRUE(ch.binders_offset);
  EXPECT_EQ(4 + *ch.binders_offset, 477u);
  EXPECT_EQ(to_hex(encode_framed(ch)), v::kResumedClientHello);
}

TEST(Rfc8448, HelloRetryRequestIsRecognisedAndReencoded) {
  const Framed f = framed(v::kHrrHelloRetryRequest);
  ASSERT_TRUE(is_hello_retry_request(f.body()));
  const auto hrr = parse_as<HelloRetryRequest>(f);
  EXPECT_EQ(hrr.cipher_suite, kAes128);
  EXPECT_EQ(hrr.extensions.hrr_group, kP256);
  EXPECT_EQ(hrr.extensions.selected_version, kTls13);
  ASSERT_TRUE(hrr.extensions.cookie);
  EXPECT_EQ(hrr.extensions.cookie->size(), 0x72u);
  EXPECT_EQ(to_hex(hrr.extensions.cookie->first(4)), "71dcd04b");
  EXPECT_EQ(message_type(hrr), HandshakeType::server_hello);
  EXPECT_EQ(to_hex(encode_framed(hrr)), v::kHrrHelloRetryRequest);
}

TEST(Rfc8448, HrrClientHellosBeforeAndAfterTheRetry) {
  const Framed f1 = framed(v::kHrrClientHello1);
  const auto ch1 = parse_as<ClientHello>(f1);
  EXPECT_EQ(ch1.extensions.supported_groups, (std::vector<uint16_t>{kX25519, kP256, 0x0018}));
  EXPECT_EQ(ch1.extensions.key_shares->front().group, kX25519);
  EXPECT_FALSE(ch1.extensions.cookie);
  EXPECT_EQ(to_hex(encode_framed(ch1)), v::kHrrClientHello1);

  const Framed f2 = framed(v::kHrrClientHello2);
  const auto ch2 = parse_as<ClientHello>(f2);
  EXPECT_EQ(ch2.random, ch1.random);  // §4.1.2: the second ClientHello keeps the random
  ASSERT_EQ(ch2.extensions.key_shares->size(), 1u);
  EXPECT_EQ(ch2.extensions.key_shares->front().group, kP256);
  EXPECT_EQ(ch2.extensions.key_shares->front().key_exchange.size(), 65u);
  const Framed hrr_bytes = framed(v::kHrrHelloRetryRequest);
  const auto hrr = parse_as<HelloRetryRequest>(hrr_bytes);
  ASSERT_TRUE(ch2.extensions.cookie);
  EXPECT_EQ(to_hex(*ch2.extensions.cookie), to_hex(*hrr.extensions.cookie));
  EXPECT_EQ(ch2.extensions.padding, size_t{175});
  EXPECT_EQ(to_hex(encode_framed(ch2)), v::kHrrClientHello2);
}

TEST(Rfc8448, HrrServerHelloCarriesTheSecp256r1Share) {
  const Framed f = framed(v::kHrrServerHello);
  const auto sh = parse_as<ServerHello>(f);
  EXPECT_EQ(sh.extensions.server_share->group, kP256);
  EXPECT_EQ(sh.extensions.server_share->key_exchange.size(), 65u);
  EXPECT_EQ(to_hex(encode_framed(sh)), v::kHrrServerHello);
}

TEST(Rfc8448, ClientAuthCertificateRequest) {
  const Framed f = framed(v::kClientAuthCertificateRequest);
  const auto cr = parse_as<CertificateRequest>(f);
  EXPECT_TRUE(cr.certificate_request_context.empty());
  EXPECT_EQ(cr.extensions.signature_algorithms, kTraceSchemes);
  EXPECT_EQ(to_hex(encode_framed(cr)), v::kClientAuthCertificateRequest);
}

}  // namespace
}  // namespace parley::tls::wire::test
