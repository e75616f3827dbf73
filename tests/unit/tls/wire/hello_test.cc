// ClientHello, ServerHello and HelloRetryRequest rules (RFC 8446 §4.1).
#include <gtest/gtest.h>

#include <algorithm>

#include "vectors/rfc8448_messages.h"
#include "wire_test_util.h"

namespace parley::tls::wire::test {
namespace {

namespace v = parley::test::rfc8448;

TEST(ClientHello, RejectsOddCipherSuitesLength) {
  EXPECT_WIRE_ERROR(ClientHello::parse(client_hello_body({}, {0x13, 0x01, 0x13})), decode_error,
                    "ClientHello: cipher_suites has odd length");
}

TEST(ClientHello, RejectsEmptyCipherSuites) {
  EXPECT_WIRE_ERROR(ClientHello::parse(client_hello_body({}, {})), decode_error, "ClientHello: cipher_suites is empty");
}

TEST(ClientHello, AcceptsA32ByteSessionIdButNot33) {
  auto body_with_session_id = [](size_t n) {
    return cat({{0x03, 0x03}, random_of(1), vec8(ByteVec(n, 0xab)), vec16({0x13, 0x01}), {0x01, 0x00}, vec16({})});
  };
  auto ok = ClientHello::parse(body_with_session_id(32));
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->legacy_session_id.size(), 32u);
  EXPECT_WIRE_ERROR(ClientHello::parse(body_with_session_id(33)), decode_error,
                    "ClientHello: legacy_session_id longer than 32 bytes");
}

TEST(ClientHello, RejectsEmptyCompressionMethods) {
  auto body = cat({{0x03, 0x03}, random_of(1), {0x00}, vec16({0x13, 0x01}), {0x00}});
  EXPECT_WIRE_ERROR(ClientHello::parse(body), decode_error, "ClientHello: legacy_compression_methods is empty");
}

TEST(ClientHello, ExposesLegacyVersionAndCompressionWithoutJudging) {
  // A TLS 1.0 style hello with deflate offered and no extensions at all.
  auto body = cat({{0x03, 0x01}, random_of(1), {0x00}, vec16({0x00, 0x2f}), {0x02, 0x01, 0x00}});
  auto ch = ClientHello::parse(body);
  ASSERT_TRUE(ch.has_value());
  EXPECT_EQ(ch->legacy_version, 0x0301);
  EXPECT_EQ(to_hex(ch->legacy_compression_methods), "0100");
  EXPECT_FALSE(ch->extensions.supported_versions);
}

TEST(ClientHello, RejectsTrailingDataAfterExtensions) {
  EXPECT_WIRE_ERROR(ClientHello::parse(cat({client_hello_body({}), {0}})), decode_error,
                    "ClientHello: trailing data after extensions");
}

TEST(ClientHello, RejectsAOneByteExtensionsBlock) {
  auto body = cat({{0x03, 0x03}, random_of(1), {0x00}, vec16({0x13, 0x01}), {0x01, 0x00}, {0x00}});
  EXPECT_WIRE_ERROR(ClientHello::parse(body), decode_error, "extensions: truncated extensions block");
}

TEST(ClientHello, ToleratesGreaseEverywhere) {
  // RFC 8701: GREASE cipher suites, groups, key shares, versions, signature
  // algorithms and extension types are unknown values, ignored by a server.
  auto exts = cat({ext(0x0a0a, {}), ext(10, vec16(cat({u16(0x2a2a), u16(0x001d)}))),
                   ext(51, vec16(cat({u16(0x2a2a), vec16({0}), u16(0x001d), vec16(ByteVec(32, 7))}))),
                   ext(43, vec8(cat({u16(0x5a5a), u16(0x0304)}))), ext(13, vec16(cat({u16(0x6a6a), u16(0x0403)}))),
                   ext(0xfafa, {0})});
  const ByteVec body = client_hello_body(exts, cat({u16(0x3a3a), u16(0x1301)}));
  auto ch = ClientHello::parse(body);
  ASSERT_TRUE(ch.has_value()) << ch.error().what;
  EXPECT_EQ(ch->cipher_suites.front(), 0x3a3a);
  EXPECT_EQ(ch->extensions.key_shares->size(), 2u);
  EXPECT_EQ(ch->extensions.uninterpreted.size(), 2u);
  EXPECT_TRUE(is_grease(ch->extensions.uninterpreted[0].type));
  EXPECT_TRUE(is_grease(ch->extensions.uninterpreted[1].type));
}

TEST(ClientHello, BuiltHelloPutsPreSharedKeyLastAndReportsBinders) {
  ClientHello ch;
  ch.random.fill(9);
  ch.cipher_suites = {0x1301};
  const ByteVec comp = {0}, key(32, 1), identity(16, 2), binder(32, 3);
  ch.legacy_compression_methods = comp;
  ch.extensions.pre_shared_key = OfferedPsks{{{identity, 1234}}, {binder}};
  ch.extensions.psk_key_exchange_modes = std::vector<uint8_t>{1};
  ch.extensions.supported_versions = std::vector<uint16_t>{kTls13};
  ch.extensions.key_shares = std::vector<KeyShareEntry>{{0x001d, key}};
  ch.extensions.server_name = "example.com";
  const ByteVec body = encode_body(ch);
  auto parsed = ClientHello::parse(body);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().what;
  // Table (code point) order, pre_shared_key last.
  EXPECT_EQ(parsed->extensions.order, (std::vector<uint16_t>{0, 43, 45, 51, 41}));
  EXPECT_EQ(parsed->binders_offset, body.size() - (2 + 1 + 32));
  EXPECT_EQ(parsed->extensions.server_name, "example.com");
  EXPECT_EQ(encode_body(*parsed), body);
}

TEST(ServerHello, RejectsNonZeroCompressionMethod) {
  auto body = server_hello_body(server_hello_extensions());
  body[2 + 32 + 1 + 2] = 1;
  EXPECT_WIRE_ERROR(ServerHello::parse(body), illegal_parameter, "ServerHello: legacy_compression_method is not 0");
}

TEST(ServerHello, RejectsSessionIdEchoOver32Bytes) {
  auto body = cat({{0x03, 0x03}, random_of(2), vec8(ByteVec(33, 1)), {0x13, 0x01, 0x00}, vec16({})});
  EXPECT_WIRE_ERROR(ServerHello::parse(body), decode_error,
                    "ServerHello: legacy_session_id_echo longer than 32 bytes");
}

TEST(ServerHello, HelloRetryRequestIsRecognisedByItsRandom) {
  const auto hrr_random = ByteVec(kHelloRetryRequestRandom.begin(), kHelloRetryRequestRandom.end());
  const auto hrr_body = server_hello_body(cat({ext(51, u16(0x0017)), ext(43, u16(0x0304))}), hrr_random);
  auto m = parse_handshake(HandshakeType::server_hello, hrr_body, 32);
  ASSERT_TRUE(m.has_value()) << m.error().what;
  ASSERT_TRUE(std::holds_alternative<HelloRetryRequest>(*m));
  EXPECT_EQ(std::get<HelloRetryRequest>(*m).extensions.hrr_group, 0x0017);

  const auto sh_body = server_hello_body(server_hello_extensions());
  auto s = parse_handshake(HandshakeType::server_hello, sh_body, 32);
  ASSERT_TRUE(s.has_value());
  EXPECT_TRUE(std::holds_alternative<ServerHello>(*s));

  // Called directly, each parser refuses the other's random.
  EXPECT_WIRE_ERROR(ServerHello::parse(hrr_body), decode_error, "ServerHello: random is the HelloRetryRequest value");
  EXPECT_WIRE_ERROR(HelloRetryRequest::parse(sh_body), decode_error,
                    "HelloRetryRequest: random is not the HelloRetryRequest value");
}

TEST(ServerHello, HelloRetryRequestExtensionsFollowTheHrrColumn) {
  const auto hrr_random = ByteVec(kHelloRetryRequestRandom.begin(), kHelloRetryRequestRandom.end());
  // A full KeyShareEntry is the ServerHello form: in an HRR only the group fits.
  auto body = server_hello_body(ext(51, cat({u16(0x001d), vec16({1})})), hrr_random);
  EXPECT_WIRE_ERROR(HelloRetryRequest::parse(body), decode_error, "extensions: trailing bytes in extension_data");
  // cookie is an HRR extension, not a ServerHello one.
  auto sh = server_hello_body(cat({server_hello_extensions(), ext(44, vec16({1, 2}))}));
  EXPECT_WIRE_ERROR(ServerHello::parse(sh), illegal_parameter, "extensions: extension not allowed in this message");
}

TEST(ServerHello, DowngradeSentinels) {
  Random r{};
  r.fill(0x42);
  EXPECT_EQ(downgrade_sentinel(r), DowngradeSentinel::none);
  const uint8_t downgrd[] = {'D', 'O', 'W', 'N', 'G', 'R', 'D'};
  std::copy(std::begin(downgrd), std::end(downgrd), r.end() - 8);
  r[31] = 0x01;
  EXPECT_EQ(downgrade_sentinel(r), DowngradeSentinel::tls12);
  r[31] = 0x00;
  EXPECT_EQ(downgrade_sentinel(r), DowngradeSentinel::tls11_or_below);
  r[31] = 0x02;
  EXPECT_EQ(downgrade_sentinel(r), DowngradeSentinel::none);
  r[31] = 0x01;
  r[24] = 'd';
  EXPECT_EQ(downgrade_sentinel(r), DowngradeSentinel::none);
}

TEST(ServerHello, AcceptsAHelloWithoutExtensionsForTheVersionCheck) {
  // A TLS 1.2-only server may send no extensions; the handshake layer then
  // sees no supported_versions and answers protocol_version.
  auto body = cat({{0x03, 0x03}, random_of(3), {0x00, 0xc0, 0x2f, 0x00}});
  auto sh = ServerHello::parse(body);
  ASSERT_TRUE(sh.has_value());
  EXPECT_FALSE(sh->extensions.selected_version);
}

}  // namespace
}  // namespace parley::tls::wire::test
