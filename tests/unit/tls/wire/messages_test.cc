// EncryptedExtensions, CertificateRequest, Certificate, CertificateVerify,
// Finished, KeyUpdate, NewSessionTicket and the dispatcher (RFC 8446 §4.3-§4.6).
#include <gtest/gtest.h>

#include "wire_test_util.h"

namespace parley::tls::wire::test {
namespace {

TEST(KeyUpdate, AcceptsBothRequestValuesAndRoundTrips) {
  for (uint8_t v : {uint8_t{0}, uint8_t{1}}) {
    auto k = KeyUpdate::parse(ByteVec{v});
    ASSERT_TRUE(k.has_value());
    EXPECT_EQ(static_cast<uint8_t>(k->request_update), v);
    EXPECT_EQ(encode_body(*k), ByteVec{v});
  }
}

TEST(KeyUpdate, RejectsOtherRequestValues) {
  EXPECT_WIRE_ERROR(KeyUpdate::parse(ByteVec{2}), illegal_parameter, "KeyUpdate: request_update is neither 0 nor 1");
  EXPECT_WIRE_ERROR(KeyUpdate::parse(ByteVec{}), decode_error, "KeyUpdate: truncated request_update");
  EXPECT_WIRE_ERROR(KeyUpdate::parse(ByteVec{0, 0}), decode_error, "KeyUpdate: trailing data after request_update");
}

TEST(Finished, LengthMustBeTheHashLength) {
  const ByteVec v(48, 7);
  EXPECT_TRUE(Finished::parse(v, 48).has_value());
  EXPECT_WIRE_ERROR(Finished::parse(v, 32), decode_error, "Finished: verify_data length is not the hash length");
}

TEST(CertificateVerify, RejectsTruncationAndTrailingData) {
  EXPECT_WIRE_ERROR(CertificateVerify::parse(ByteVec{0x08, 0x04, 0x00, 0x02, 0xaa}), decode_error,
                    "CertificateVerify: truncated algorithm or signature");
  EXPECT_WIRE_ERROR(CertificateVerify::parse(ByteVec{0x08, 0x04, 0x00, 0x00, 0xaa}), decode_error,
                    "CertificateVerify: trailing data after signature");
  const ByteVec body = {0x08, 0x07, 0x00, 0x00};  // signature<0..2^16-1> may be empty
  auto empty_sig = CertificateVerify::parse(body);
  ASSERT_TRUE(empty_sig.has_value());
  EXPECT_EQ(empty_sig->algorithm, 0x0807);
}

TEST(CertificateRequest, RequiresSignatureAlgorithms) {
  const ByteVec body = cat({vec8({}), vec16(ext(47, vec16(vec16({0x30, 0x00}))))});
  EXPECT_WIRE_ERROR(CertificateRequest::parse(body), missing_extension,
                    "CertificateRequest: signature_algorithms is missing");
}

TEST(CertificateRequest, KeepsItsContextAndIgnoresUnknownExtensions) {
  const ByteVec body = cat({vec8({1, 2, 3}), vec16(cat({ext(0x9999, {}), ext(13, vec16(u16(0x0403)))}))});
  auto cr = CertificateRequest::parse(body);
  ASSERT_TRUE(cr.has_value()) << cr.error().what;
  EXPECT_EQ(to_hex(cr->certificate_request_context), "010203");
  EXPECT_EQ(cr->extensions.uninterpreted.size(), 1u);
  EXPECT_EQ(encode_body(*cr), body);
}

TEST(Certificate, EmptyListIsAClientDeclining) {
  const ByteVec body = {0x00, 0x00, 0x00, 0x00};
  auto c = Certificate::parse(body);
  ASSERT_TRUE(c.has_value());
  EXPECT_TRUE(c->certificate_list.empty());
  EXPECT_EQ(encode_body(*c), body);
}

ByteVec u24_vec(const ByteVec& body) {
  return cat({{0, static_cast<uint8_t>(body.size() >> 8), static_cast<uint8_t>(body.size())}, body});
}

TEST(Certificate, RejectsEmptyCertData) {
  const ByteVec body = cat({vec8({}), u24_vec(cat({u24_vec({}), vec16({})}))});
  EXPECT_WIRE_ERROR(Certificate::parse(body), decode_error, "Certificate: empty cert_data");
}

TEST(Certificate, EntryExtensionsFollowTheCertificateColumn) {
  const ByteVec der = {0x30, 0x00};
  const ByteVec ok = cat({vec8({}), u24_vec(cat({u24_vec(der), vec16(cat({ext(5, {1, 2}), ext(18, {3})}))}))});
  auto c = Certificate::parse(ok);
  ASSERT_TRUE(c.has_value()) << c.error().what;
  EXPECT_EQ(to_hex(*c->certificate_list[0].extensions.status_request), "0102");
  EXPECT_EQ(encode_body(*c), ok);
  const ByteVec bad = cat({vec8({}), u24_vec(cat({u24_vec(der), vec16(ext(51, u16(0x1d)))}))});
  EXPECT_WIRE_ERROR(Certificate::parse(bad), illegal_parameter, "extensions: extension not allowed in this message");
}

TEST(Certificate, RejectsDataAfterTheList) {
  EXPECT_WIRE_ERROR(Certificate::parse(ByteVec{0x00, 0x00, 0x00, 0x00, 0x00}), decode_error,
                    "Certificate: trailing data after certificate_list");
}

TEST(EncryptedExtensions, RejectsTrailingData) {
  EXPECT_WIRE_ERROR(EncryptedExtensions::parse(ByteVec{0x00, 0x00, 0x01}), decode_error,
                    "EncryptedExtensions: trailing data after extensions");
}

TEST(NewSessionTicket, RejectsAnEmptyTicket) {
  const ByteVec body = cat({{0, 0, 0, 1, 0, 0, 0, 2}, vec8({}), vec16({}), vec16({})});
  EXPECT_WIRE_ERROR(NewSessionTicket::parse(body), decode_error, "NewSessionTicket: empty ticket");
}

TEST(NewSessionTicket, IgnoresUnknownExtensions) {
  const ByteVec body = cat({{0, 0, 0, 1, 0, 0, 0, 2}, vec8({9}), vec16({1}), vec16(ext(0x4242, {}))});
  auto t = NewSessionTicket::parse(body);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->extensions.uninterpreted.size(), 1u);
  EXPECT_EQ(encode_body(*t), body);
}

TEST(EndOfEarlyData, HasAnEmptyBody) {
  auto m = parse_handshake(HandshakeType::end_of_early_data, ByteVec{}, 32);
  ASSERT_TRUE(m.has_value());
  EXPECT_TRUE(std::holds_alternative<EndOfEarlyData>(*m));
  EXPECT_EQ(encode_framed(EndOfEarlyData{}), (ByteVec{5, 0, 0, 0}));
  EXPECT_WIRE_ERROR(parse_handshake(HandshakeType::end_of_early_data, ByteVec{0}, 32), decode_error,
                    "EndOfEarlyData: the body must be empty");
}

TEST(NewSessionTicket, CarriesMaxEarlyDataSizeAndRoundTrips) {
  NewSessionTicket t;
  t.ticket_lifetime = 7200;
  t.ticket_age_add = 0x01020304;
  const ByteVec nonce = {0, 1}, ticket = {9, 9, 9};
  t.ticket_nonce = nonce;
  t.ticket = ticket;
  t.extensions.max_early_data_size = 16384;
  const ByteVec body = encode_body(t);
  EXPECT_EQ(body, cat({{0, 0, 0x1c, 0x20, 1, 2, 3, 4}, vec8(nonce), vec16(ticket), vec16(ext(42, {0, 0, 0x40, 0}))}));
  auto back = NewSessionTicket::parse(body);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->extensions.max_early_data_size, 16384u);
  EXPECT_FALSE(back->extensions.early_data);
}

TEST(NewSessionTicket, RejectsTruncationAndTrailingBytes) {
  EXPECT_WIRE_ERROR(NewSessionTicket::parse(cat({{0, 0, 0, 1, 0, 0, 0, 2}, vec8({1})})), decode_error,
                    "NewSessionTicket: truncated lifetime, age_add, nonce or ticket");
  EXPECT_WIRE_ERROR(NewSessionTicket::parse(cat({{0, 0, 0, 1, 0, 0, 0, 2}, vec8({}), vec16({1}), vec16({}), {0}})),
                    decode_error, "NewSessionTicket: trailing data after extensions");
  // §4.2: early_data in a NewSessionTicket is max_early_data_size, nothing else.
  EXPECT_WIRE_ERROR(
      NewSessionTicket::parse(cat({{0, 0, 0, 1, 0, 0, 0, 2}, vec8({}), vec16({1}), vec16(ext(42, {0, 0, 0, 1, 2}))})),
      decode_error, "extensions: trailing bytes in extension_data");
  // key_share is not a NewSessionTicket extension (§4.2 table).
  EXPECT_WIRE_ERROR(
      NewSessionTicket::parse(cat({{0, 0, 0, 1, 0, 0, 0, 2}, vec8({}), vec16({1}), vec16(ext(51, u16(29)))})),
      illegal_parameter, "extensions: extension not allowed in this message");
}

TEST(Dispatch, RejectsMessagesParleyDoesNotAccept) {
  EXPECT_WIRE_ERROR(parse_handshake(HandshakeType::message_hash, ByteVec{}, 32), unexpected_message,
                    "handshake: unexpected message type");
  EXPECT_WIRE_ERROR(parse_handshake(static_cast<HandshakeType>(99), ByteVec{}, 32), unexpected_message,
                    "handshake: unexpected message type");
}

TEST(Dispatch, FramingWritesTypeAndU24Length) {
  const ByteVec out = encode_framed(KeyUpdate{KeyUpdateRequest::update_requested});
  EXPECT_EQ(to_hex(out), "1800000101");
  EXPECT_EQ(message_type(KeyUpdate{}), HandshakeType::key_update);
}

}  // namespace
}  // namespace parley::tls::wire::test
