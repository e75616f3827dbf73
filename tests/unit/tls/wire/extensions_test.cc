// The generic extensions block parser and the per-extension rules (RFC 8446
// §4.2, RFC 6066, RFC 7301, RFC 8701).
#include <gtest/gtest.h>

#include <deque>

#include "wire_test_util.h"

namespace parley::tls::wire::test {
namespace {

// Parsed extensions are views into their input: keep every block alive for
// the whole test run.
Result<Extensions> parse_block(const ByteVec& contents, MessageKind kind) {
  static std::deque<ByteVec> blocks;
  const ByteVec& block = blocks.emplace_back(vec16(contents));
  Reader r(block);
  auto e = parse_extensions(r, kind);
  if (e) {
    EXPECT_TRUE(r.empty());
  }
  return e;
}

const ByteVec kGroups = vec16(cat({u16(0x001d), u16(0x0017)}));

ByteVec host_name_list(const ByteVec& name) { return vec16(cat({{0x00}, vec16(name)})); }

TEST(Extensions, RejectsADuplicateKnownType) {
  EXPECT_WIRE_ERROR(parse_block(cat({ext(10, kGroups), ext(13, vec16(u16(0x0403))), ext(10, kGroups)}),
                                MessageKind::client_hello),
                    illegal_parameter, "extensions: duplicate extension type");
}

TEST(Extensions, RejectsADuplicateUnknownType) {
  EXPECT_WIRE_ERROR(parse_block(cat({ext(0x1234, {}), ext(0x1234, {1})}), MessageKind::encrypted_extensions),
                    illegal_parameter, "extensions: duplicate extension type");
}

TEST(Extensions, RejectsKnownExtensionsInTheWrongMessage) {
  struct Case {
    uint16_t type;
    ByteVec data;
    MessageKind kind;
  };
  const Case cases[] = {
      {10, kGroups, MessageKind::server_hello},                      // supported_groups: CH, EE
      {51, u16(0x001d), MessageKind::encrypted_extensions},          // key_share: CH, SH, HRR
      {13, vec16(u16(0x0403)), MessageKind::certificate},            // signature_algorithms: CH, CR
      {42, {}, MessageKind::certificate_request},                    // early_data: CH, EE, NST
      {45, vec8({1}), MessageKind::server_hello},                    // psk_key_exchange_modes: CH
      {48, {}, MessageKind::client_hello},                           // oid_filters: CR
      {15, {1}, MessageKind::server_hello},                          // heartbeat: CH, EE
      {21, {0, 0}, MessageKind::encrypted_extensions},               // padding: CH
      {49, {}, MessageKind::certificate_request},                    // post_handshake_auth: CH
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.type);
    EXPECT_FALSE(extension_allowed(c.type, c.kind));
    EXPECT_WIRE_ERROR(parse_block(ext(c.type, c.data), c.kind), illegal_parameter,
                      "extensions: extension not allowed in this message");
  }
}

TEST(Extensions, TableFollowsRfc8446Section42) {
  EXPECT_TRUE(extension_allowed(0, MessageKind::client_hello));
  EXPECT_TRUE(extension_allowed(0, MessageKind::encrypted_extensions));
  EXPECT_TRUE(extension_allowed(5, MessageKind::certificate));
  EXPECT_TRUE(extension_allowed(18, MessageKind::certificate_request));
  EXPECT_TRUE(extension_allowed(42, MessageKind::new_session_ticket));
  EXPECT_TRUE(extension_allowed(44, MessageKind::hello_retry_request));
  EXPECT_FALSE(extension_allowed(44, MessageKind::server_hello));
  EXPECT_TRUE(extension_allowed(41, MessageKind::server_hello));
  EXPECT_FALSE(extension_allowed(41, MessageKind::hello_retry_request));
  EXPECT_TRUE(extension_allowed(47, MessageKind::certificate_request));
  EXPECT_FALSE(extension_allowed(0x1234, MessageKind::client_hello));  // unknown: not in the table
}

TEST(Extensions, UnknownTypesInClientHelloAreKeptAndIgnored) {
  auto e = parse_block(cat({ext(0x7777, {1, 2, 3}), ext(10, kGroups)}), MessageKind::client_hello);
  ASSERT_TRUE(e.has_value());
  ASSERT_EQ(e->uninterpreted.size(), 1u);
  EXPECT_EQ(e->uninterpreted[0].type, 0x7777);
  EXPECT_EQ(e->supported_groups->size(), 2u);
}

TEST(Extensions, UnknownTypesInServerMessagesAreReportedAsUnsolicited) {
  auto e = parse_block(cat({ext(10, kGroups), ext(0x7777, {})}), MessageKind::encrypted_extensions);
  ASSERT_TRUE(e.has_value());
  const std::vector<uint16_t> offered = {10, 43, 51};
  EXPECT_EQ(e->first_unsolicited(offered), uint16_t{0x7777});
}

TEST(Extensions, PreSharedKeyMustBeLastInClientHello) {
  const ByteVec psk = cat({vec16(cat({vec16({1, 2, 3}), {0, 0, 0, 9}})), vec16(vec8(ByteVec(32, 5)))});
  auto last = parse_block(cat({ext(43, vec8(u16(0x0304))), ext(41, psk)}), MessageKind::client_hello);
  ASSERT_TRUE(last.has_value()) << last.error().what;
  EXPECT_EQ(last->pre_shared_key->identities[0].obfuscated_ticket_age, 9u);
  EXPECT_WIRE_ERROR(parse_block(cat({ext(41, psk), ext(43, vec8(u16(0x0304)))}), MessageKind::client_hello),
                    illegal_parameter, "ClientHello: pre_shared_key is not the last extension");
}

TEST(Extensions, PreSharedKeyNeedsOneBinderPerIdentity) {
  const ByteVec two_ids = vec16(cat({vec16({1}), {0, 0, 0, 0}, vec16({2}), {0, 0, 0, 0}}));
  EXPECT_WIRE_ERROR(parse_block(ext(41, cat({two_ids, vec16(vec8(ByteVec(32, 5)))})), MessageKind::client_hello),
                    illegal_parameter, "pre_shared_key: identities and binders differ in number");
  const ByteVec one_id = vec16(cat({vec16({1}), {0, 0, 0, 0}}));
  EXPECT_WIRE_ERROR(parse_block(ext(41, cat({one_id, vec16(vec8(ByteVec(31, 5)))})), MessageKind::client_hello),
                    decode_error, "pre_shared_key: malformed PskBinderEntry");
  auto sh = parse_block(ext(41, u16(2)), MessageKind::server_hello);
  ASSERT_TRUE(sh.has_value());
  EXPECT_EQ(sh->selected_psk, uint16_t{2});
}

TEST(Extensions, PreSharedKeyRejectsMalformedIdentities) {
  const ByteVec binders = vec16(vec8(ByteVec(32, 5)));
  // identities<7..2^16-1>: an empty list.
  EXPECT_WIRE_ERROR(parse_block(ext(41, cat({vec16({}), binders})), MessageKind::client_hello), decode_error,
                    "pre_shared_key: malformed identities");
  // identity<1..2^16-1>: an empty identity.
  EXPECT_WIRE_ERROR(parse_block(ext(41, cat({vec16(cat({vec16({}), {0, 0, 0, 0}})), binders})),
                                MessageKind::client_hello),
                    decode_error, "pre_shared_key: malformed PskIdentity");
  // A PskIdentity cut inside obfuscated_ticket_age.
  EXPECT_WIRE_ERROR(parse_block(ext(41, cat({vec16(cat({vec16({1}), {0, 0, 0}})), binders})), MessageKind::client_hello),
                    decode_error, "pre_shared_key: malformed PskIdentity");
  // binders<33..2^16-1>: missing or empty.
  const ByteVec one_id = vec16(cat({vec16({1}), {0, 0, 0, 0}}));
  EXPECT_WIRE_ERROR(parse_block(ext(41, one_id), MessageKind::client_hello), decode_error,
                    "pre_shared_key: malformed binders");
  EXPECT_WIRE_ERROR(parse_block(ext(41, cat({one_id, vec16({})})), MessageKind::client_hello), decode_error,
                    "pre_shared_key: malformed binders");
  // Bytes after the binders.
  EXPECT_WIRE_ERROR(parse_block(ext(41, cat({one_id, binders, {0}})), MessageKind::client_hello), decode_error,
                    "extensions: trailing bytes in extension_data");
}

TEST(Extensions, PreSharedKeyInServerMessages) {
  EXPECT_WIRE_ERROR(parse_block(ext(41, {0}), MessageKind::server_hello), decode_error,
                    "pre_shared_key: truncated selected_identity");
  EXPECT_WIRE_ERROR(parse_block(ext(41, {0, 0, 0}), MessageKind::server_hello), decode_error,
                    "extensions: trailing bytes in extension_data");
  // §4.2 table: pre_shared_key is CH and SH only.
  EXPECT_WIRE_ERROR(parse_block(ext(41, u16(0)), MessageKind::encrypted_extensions), illegal_parameter,
                    "extensions: extension not allowed in this message");
  EXPECT_WIRE_ERROR(parse_block(ext(41, u16(0)), MessageKind::hello_retry_request), illegal_parameter,
                    "extensions: extension not allowed in this message");
}

TEST(Extensions, EarlyDataIsEmptyInClientHelloAndEncryptedExtensions) {
  auto ch = parse_block(ext(42, {}), MessageKind::client_hello);
  ASSERT_TRUE(ch.has_value());
  EXPECT_TRUE(ch->early_data);
  auto ee = parse_block(ext(42, {}), MessageKind::encrypted_extensions);
  ASSERT_TRUE(ee.has_value());
  EXPECT_TRUE(ee->early_data);
  EXPECT_FALSE(ee->max_early_data_size);
  EXPECT_WIRE_ERROR(parse_block(ext(42, {0}), MessageKind::client_hello), decode_error,
                    "extensions: trailing bytes in extension_data");
  EXPECT_WIRE_ERROR(parse_block(ext(42, {0, 0, 0, 0}), MessageKind::encrypted_extensions), decode_error,
                    "extensions: trailing bytes in extension_data");
  // §4.2 table: not in ServerHello or HelloRetryRequest.
  EXPECT_WIRE_ERROR(parse_block(ext(42, {}), MessageKind::server_hello), illegal_parameter,
                    "extensions: extension not allowed in this message");
}

TEST(Extensions, KeyShareRejectsTwoSharesForOneGroup) {
  const ByteVec shares = vec16(cat({u16(0x001d), vec16({1}), u16(0x0017), vec16({2}), u16(0x001d), vec16({3})}));
  EXPECT_WIRE_ERROR(parse_block(ext(51, shares), MessageKind::client_hello), illegal_parameter,
                    "key_share: two KeyShareEntry values for one group");
}

// §4.2.8: an empty key_exchange is no valid share of any group (tlsfuzzer
// crfg-curves "empty x25519 key share").
TEST(Extensions, EmptyClientKeyExchangeIsIllegalParameter) {
  EXPECT_WIRE_ERROR(parse_block(ext(51, vec16(cat({u16(0x001d), vec16({})}))), MessageKind::client_hello),
                    illegal_parameter, "key_share: empty key_exchange in a KeyShareEntry");
  EXPECT_WIRE_ERROR(parse_block(ext(51, vec16(cat({u16(0x0017), vec16({4}), u16(0x001d), vec16({})}))),
                                MessageKind::client_hello),
                    illegal_parameter, "key_share: empty key_exchange in a KeyShareEntry");
}

TEST(Extensions, KeyShareFormsPerMessage) {
  auto empty = parse_block(ext(51, vec16({})), MessageKind::client_hello);  // asks for an HRR
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->key_shares->empty());
  EXPECT_WIRE_ERROR(parse_block(ext(51, vec16(cat({u16(0x001d), {0x00}}))), MessageKind::client_hello),
                    decode_error, "key_share: truncated KeyShareEntry");
  EXPECT_WIRE_ERROR(parse_block(ext(51, u16(0x001d)), MessageKind::server_hello), decode_error,
                    "key_share: malformed server_share");
}

TEST(Extensions, ServerNameHoldsExactlyOneValidHostName) {
  auto ok = parse_block(ext(0, host_name_list({'a', '.', 'b', '-', 'c'})), MessageKind::client_hello);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->server_name, "a.b-c");
  const ByteVec two = vec16(cat({{0x00}, vec16({'a'}), {0x00}, vec16({'b'})}));
  EXPECT_WIRE_ERROR(parse_block(ext(0, two), MessageKind::client_hello), illegal_parameter,
                    "server_name: more than one name");
  EXPECT_WIRE_ERROR(parse_block(ext(0, vec16(cat({{0x01}, vec16({'a'})}))), MessageKind::client_hello),
                    illegal_parameter, "server_name: name_type is not host_name");
  for (const ByteVec& bad : {ByteVec{'a', 0, 'b'}, ByteVec(256, 'a'), ByteVec{'a', '.'}, ByteVec{'a', ' ', 'b'},
                             ByteVec{0xc3, 0xa9}}) {
    EXPECT_WIRE_ERROR(parse_block(ext(0, host_name_list(bad)), MessageKind::client_hello), illegal_parameter,
                      "server_name: host_name is not a DNS host name");
  }
  EXPECT_TRUE(parse_block(ext(0, host_name_list(ByteVec(255, 'a'))), MessageKind::client_hello).has_value());
  EXPECT_WIRE_ERROR(parse_block(ext(0, host_name_list({})), MessageKind::client_hello), illegal_parameter,
                    "server_name: host_name is not a DNS host name");
  // The server's acknowledgement is empty.
  EXPECT_WIRE_ERROR(parse_block(ext(0, {0}), MessageKind::encrypted_extensions), decode_error,
                    "extensions: trailing bytes in extension_data");
}

TEST(Extensions, AlpnNamesAreNonEmptyAndTheServerPicksOne) {
  const ByteVec two = vec16(cat({vec8({'h', '2'}), vec8({'h', 't'})}));
  auto ch = parse_block(ext(16, two), MessageKind::client_hello);
  ASSERT_TRUE(ch.has_value());
  EXPECT_EQ(ch->alpn->size(), 2u);
  EXPECT_WIRE_ERROR(parse_block(ext(16, vec16(cat({vec8({'h', '2'}), vec8({})}))), MessageKind::client_hello),
                    decode_error, "alpn: empty ProtocolName");
  EXPECT_WIRE_ERROR(parse_block(ext(16, vec16({})), MessageKind::client_hello), decode_error,
                    "alpn: malformed protocol_name_list");
  EXPECT_WIRE_ERROR(parse_block(ext(16, two), MessageKind::encrypted_extensions), decode_error,
                    "alpn: server must select exactly one protocol");
  auto ee = parse_block(ext(16, vec16(vec8({'h', '2'}))), MessageKind::encrypted_extensions);
  ASSERT_TRUE(ee.has_value());
  EXPECT_EQ(ee->alpn->size(), 1u);
}

TEST(Extensions, ListsMustBeWellFormed) {
  EXPECT_WIRE_ERROR(parse_block(ext(10, vec16({0x00, 0x1d, 0x00})), MessageKind::client_hello), decode_error,
                    "supported_groups: malformed list");
  EXPECT_WIRE_ERROR(parse_block(ext(13, vec16({})), MessageKind::client_hello), decode_error,
                    "signature_algorithms: malformed list");
  EXPECT_WIRE_ERROR(parse_block(ext(50, vec16({4})), MessageKind::certificate_request), decode_error,
                    "signature_algorithms_cert: malformed list");
  EXPECT_WIRE_ERROR(parse_block(ext(43, vec8({3, 4, 3})), MessageKind::client_hello), decode_error,
                    "supported_versions: malformed versions list");
  EXPECT_WIRE_ERROR(parse_block(ext(43, {3}), MessageKind::server_hello), decode_error,
                    "supported_versions: truncated selected_version");
  EXPECT_WIRE_ERROR(parse_block(ext(43, {3, 4, 0}), MessageKind::server_hello), decode_error,
                    "extensions: trailing bytes in extension_data");
  EXPECT_WIRE_ERROR(parse_block(ext(44, vec16({})), MessageKind::client_hello), decode_error,
                    "cookie: malformed cookie");
  EXPECT_WIRE_ERROR(parse_block(ext(45, vec8({})), MessageKind::client_hello), decode_error,
                    "psk_key_exchange_modes: malformed ke_modes");
  EXPECT_WIRE_ERROR(parse_block(ext(47, vec16(vec16({}))), MessageKind::certificate_request), decode_error,
                    "certificate_authorities: malformed DistinguishedName");
  EXPECT_WIRE_ERROR(parse_block(ext(42, {0, 0, 4}), MessageKind::new_session_ticket), decode_error,
                    "early_data: truncated max_early_data_size");
  EXPECT_WIRE_ERROR(parse_block(ext(49, {0}), MessageKind::client_hello), decode_error,
                    "extensions: trailing bytes in extension_data");
}

TEST(Extensions, TruncatedExtensionHeaderOrBody) {
  EXPECT_WIRE_ERROR(parse_block({0x00, 0x0a, 0x00}, MessageKind::client_hello), decode_error,
                    "extensions: truncated extension");
  EXPECT_WIRE_ERROR(parse_block({0x00, 0x0a, 0x00, 0x05, 0x00}, MessageKind::client_hello), decode_error,
                    "extensions: truncated extension");
}

TEST(Extensions, ErrorDetailNamesMessageAndType) {
  auto e = parse_block(ext(10, {1}), MessageKind::encrypted_extensions);
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().detail, "EncryptedExtensions, extension 10");
}

TEST(Extensions, CertificateAuthoritiesAndStatusRequestRoundTrip) {
  const ByteVec dn1 = {0x30, 0x00}, dn2 = {0x30, 0x03, 0x31, 0x01, 0x00};
  const ByteVec contents = cat({ext(13, vec16(u16(0x0804))), ext(47, vec16(cat({vec16(dn1), vec16(dn2)}))),
                                ext(5, {1, 0, 0, 0, 0}), ext(18, {})});
  auto e = parse_block(contents, MessageKind::certificate_request);
  ASSERT_TRUE(e.has_value()) << e.error().what;
  ASSERT_EQ(e->certificate_authorities->size(), 2u);
  EXPECT_EQ(to_hex((*e->certificate_authorities)[1]), "3003310100");
  EXPECT_EQ(to_hex(*e->status_request), "0100000000");
  EXPECT_TRUE(e->signed_certificate_timestamp->empty());
  Writer w;
  encode_extensions(*e, MessageKind::certificate_request, w);
  EXPECT_EQ(finish(std::move(w)), vec16(contents));
}

TEST(Extensions, EncoderSkipsFieldsTheMessageCannotCarry) {
  Extensions e;
  e.cookie = ByteVec{1};  // HRR and CH only
  e.selected_version = kTls13;
  Writer w;
  encode_extensions(e, MessageKind::server_hello, w);
  EXPECT_EQ(to_hex(finish(std::move(w))), "0006002b00020304");
}

TEST(Extensions, EncodingOverflowFailsTheWriter) {
  const ByteVec long_name(256, 'a');
  Extensions e;
  e.alpn = std::vector<ByteView>{long_name};  // ProtocolName<1..2^8-1>
  Writer w;
  encode_extensions(e, MessageKind::client_hello, w);
  EXPECT_FALSE(std::move(w).finish().has_value());

  const ByteVec huge(70000, 0);
  Extensions c;
  c.cookie = huge;  // cookie<1..2^16-1>
  Writer w2;
  encode_extensions(c, MessageKind::client_hello, w2);
  EXPECT_FALSE(std::move(w2).finish().has_value());
}

TEST(Grease, RecognisesTheSixteenReservedValues) {
  int n = 0;
  for (uint32_t v = 0; v <= 0xffff; ++v) n += is_grease(static_cast<uint16_t>(v));
  EXPECT_EQ(n, 16);
  EXPECT_TRUE(is_grease(0x0a0a));
  EXPECT_TRUE(is_grease(0xfafa));
  EXPECT_FALSE(is_grease(0x0a1a));
  EXPECT_FALSE(is_grease(0x1301));
}

}  // namespace
}  // namespace parley::tls::wire::test
