// RFC 8448 §3 protected records: opened with the RFC's keys to the RFC's
// messages, and sealed again to the RFC's exact bytes.
#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "tls/record/record_protection.h"
#include "tls/record/record_writer.h"
#include "record_test_util.h"
#include "vectors/rfc8448_messages.h"
#include "vectors/rfc8448_secrets.h"

namespace parley::tls::record {
namespace {

using namespace parley::test::rfc8448;
using test::hex;
using testing::boundary;
using testing::protection;

struct Expected {
  std::string_view record;
  ContentType type;
  std::vector<uint8_t> content;
};

std::vector<uint8_t> concat(std::initializer_list<std::string_view> parts) {
  std::vector<uint8_t> out;
  for (auto p : parts) {
    auto b = hex(p);
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

// Opens the records of one direction in order through a Deframer, then seals
// the plaintexts again with fresh keys and compares with the RFC bytes.
void replay(std::string_view key, std::string_view iv, const std::vector<Expected>& records) {
  Deframer d;
  d.install_read_protection(protection(key, iv), boundary());
  IoBuffer plaintext;
  std::vector<uint8_t> wire;
  for (const auto& e : records) {
    auto b = hex(e.record);
    wire.insert(wire.end(), b.begin(), b.end());
  }
  crypto::ByteView in = wire;
  for (const auto& e : records) {
    const size_t unread = plaintext.size();
    auto r = d.next(in, plaintext);
    ASSERT_TRUE(r) << r.error().message();
    ASSERT_TRUE(r->has_value());
    EXPECT_TRUE((*r)->encrypted);
    EXPECT_EQ((*r)->type, e.type);
    EXPECT_EQ(std::vector<uint8_t>((*r)->fragment.begin(), (*r)->fragment.end()), e.content);
    plaintext.truncate(unread);
  }
  EXPECT_TRUE(in.empty());
  EXPECT_EQ(d.buffered(), 0u);

  RecordProtection writer = protection(key, iv);
  for (const auto& e : records) {
    EXPECT_EQ(test::to_hex(testing::written(e.type, e.content, &writer)), test::to_hex(hex(e.record)));
  }
}

TEST(Rfc8448Records, ServerHandshakeFlightOpensAndReseals) {
  replay(kSimpleServerHsKey, kSimpleServerHsIv,
         {{kSimpleServerHandshakeRecord, ContentType::handshake,
           concat({kSimpleEncryptedExtensions, kSimpleCertificate, kSimpleCertificateVerify,
                   kSimpleServerFinished})}});
}

TEST(Rfc8448Records, ClientFinishedOpensAndReseals) {
  replay(kSimpleClientHsKey, kSimpleClientHsIv,
         {{kSimpleClientFinishedRecord, ContentType::handshake, hex(kSimpleClientFinished)}});
}

TEST(Rfc8448Records, ServerApplicationRecordsOpenAndReseal) {
  // NewSessionTicket (seq 0), application data (seq 1), close_notify (seq 2).
  replay(kSimpleServerApKey, kSimpleServerApIv,
         {{kSimpleNewSessionTicketRecord, ContentType::handshake, hex(kSimpleNewSessionTicket)},
          {kSimpleServerApplicationRecord, ContentType::application_data, hex(kSimpleApplicationPayload)},
          {kSimpleServerAlertRecord, ContentType::alert, {0x01, 0x00}}});
}

TEST(Rfc8448Records, ClientApplicationRecordsOpenAndReseal) {
  replay(kSimpleClientApKey, kSimpleClientApIv,
         {{kSimpleClientApplicationRecord, ContentType::application_data, hex(kSimpleApplicationPayload)},
          {kSimpleClientAlertRecord, ContentType::alert, {0x01, 0x00}}});
}

TEST(Rfc8448Records, ClientHelloPlaintextRecordUsesTls10Version) {
  const auto ch = hex(kSimpleClientHello);
  const auto out = testing::written(ContentType::handshake, ch, nullptr, {.legacy_version = kRecordVersionTls10});
  EXPECT_EQ(test::to_hex(std::span(out).first(5)), kSimpleClientHelloRecordHeader);

  Deframer d;
  IoBuffer plaintext;
  crypto::ByteView in = out;
  auto r = d.next(in, plaintext);
  ASSERT_TRUE(r && r->has_value());
  EXPECT_EQ((*r)->legacy_version, kRecordVersionTls10);
  EXPECT_EQ(std::vector<uint8_t>((*r)->fragment.begin(), (*r)->fragment.end()), ch);
}

TEST(Rfc8448Records, ReflectedClientRecordFailsOnClientReadSide) {
  // The client's own application record sent back to it: its read side uses
  // the server-write key, so the record does not authenticate.
  Deframer client_read;
  client_read.install_read_protection(protection(kSimpleServerApKey, kSimpleServerApIv), boundary());
  const auto rec = hex(kSimpleClientApplicationRecord);
  IoBuffer plaintext;
  crypto::ByteView in = rec;
  auto r = client_read.next(in, plaintext);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().alert, Alert::bad_record_mac);
  EXPECT_TRUE(plaintext.empty());
}

}  // namespace
}  // namespace parley::tls::record
