// Deframer (RFC 8446 §5.1, §5.2) and the DoS counters.
#include <gtest/gtest.h>

#include <vector>

#include "record_test_util.h"
#include "tls/record/deframer.h"
#include "tls/record/dos_counters.h"
#include "tls/record/record_writer.h"

namespace parley::tls::record {
namespace {

using testing::boundary;
using testing::feed_and_next;
using testing::plaintext_record;
using testing::raw_ciphertext_record;
using testing::test_protection;

std::optional<Alert> error_alert(const std::vector<uint8_t>& bytes, bool keys = false) {
  Deframer d;
  if (keys) d.install_read_protection(test_protection(), boundary());
  auto r = feed_and_next(d, bytes);
  if (r) {
    ADD_FAILURE() << "accepted";
    return std::nullopt;
  }
  return r.error().alert;
}

TEST(Deframer, YieldsPlaintextHandshakeRecord) {
  Deframer d;
  auto r = feed_and_next(d, plaintext_record(22, {1, 0, 0, 0}));
  ASSERT_TRUE(r && r->has_value());
  EXPECT_EQ((*r)->type, ContentType::handshake);
  EXPECT_FALSE((*r)->encrypted);
  EXPECT_EQ((*r)->fragment.size(), 4u);
}

TEST(Deframer, RecordFedOneByteAtATimeArrivesWhole) {
  auto w = test_protection();
  std::vector<uint8_t> wire;
  std::vector<uint8_t> payload(3000);
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<uint8_t>(i);
  ASSERT_TRUE(write_records(ContentType::application_data, payload, &w, wire, {.max_fragment = 1000}));

  Deframer d;
  d.install_read_protection(test_protection(), boundary());
  std::vector<uint8_t> got;
  for (uint8_t b : wire) {
    ASSERT_EQ(d.feed({&b, 1}), 1u);
    auto r = d.next();
    ASSERT_TRUE(r) << r.error().message();
    if (r->has_value()) got.insert(got.end(), (*r)->fragment.begin(), (*r)->fragment.end());
  }
  EXPECT_EQ(got, payload);
  EXPECT_EQ(d.buffered(), 0u);
}

TEST(Deframer, TakesOnlyWhatFitsAndContinues) {
  std::vector<uint8_t> wire;
  for (int i = 0; i < 3; ++i) {
    auto rec = plaintext_record(22, std::vector<uint8_t>(kMaxPlaintext, static_cast<uint8_t>(i + 1)));
    wire.insert(wire.end(), rec.begin(), rec.end());
  }
  Deframer d;
  size_t fed = 0;
  int records = 0;
  while (records < 3) {
    fed += d.feed(std::span(wire).subspan(fed));
    for (;;) {
      auto r = d.next();
      ASSERT_TRUE(r);
      if (!r->has_value()) break;
      EXPECT_EQ((*r)->fragment.size(), kMaxPlaintext);
      EXPECT_EQ((*r)->fragment[0], records + 1);
      ++records;
    }
  }
  EXPECT_EQ(fed, wire.size());
}

TEST(Deframer, PlaintextAbove2To14IsRecordOverflowFromTheHeader) {
  // Only the header is fed: the length alone is enough to refuse.
  EXPECT_EQ(error_alert({22, 3, 3, 0x40, 0x01}), Alert::record_overflow);
}

TEST(Deframer, CiphertextAbove2To14Plus256IsRecordOverflow) {
  EXPECT_EQ(error_alert({23, 3, 3, 0x41, 0x01}, true), Alert::record_overflow);
  // 2^14 + 256 is still a legal length: the deframer waits for the body.
  Deframer d;
  d.install_read_protection(test_protection(), boundary());
  auto r = feed_and_next(d, {23, 3, 3, 0x41, 0x00});
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->has_value());
}

TEST(Deframer, UnknownContentTypeIsUnexpectedMessage) {
  EXPECT_EQ(error_alert(plaintext_record(24, {1})), Alert::unexpected_message);
  EXPECT_EQ(error_alert(plaintext_record(0, {1})), Alert::unexpected_message);
  EXPECT_EQ(error_alert(raw_ciphertext_record({1, 2, 0x42}), true), Alert::unexpected_message);
}

TEST(Deframer, LegacyVersionMustBe0303) {
  EXPECT_EQ(error_alert(plaintext_record(22, {1}, 0x0302)), Alert::protocol_version);
  EXPECT_EQ(error_alert(plaintext_record(22, {1}, 0x0301)), Alert::protocol_version);
  EXPECT_EQ(error_alert(plaintext_record(22, {1}, 0x0304)), Alert::protocol_version);
}

TEST(Deframer, Version0301OnlyWhileAllowedForTheInitialClientHello) {
  Deframer d;
  d.set_accept_tls10_record_version(true);
  auto r = feed_and_next(d, plaintext_record(22, {1}, 0x0301));
  ASSERT_TRUE(r && r->has_value());
  d.set_accept_tls10_record_version(false);
  r = feed_and_next(d, plaintext_record(22, {1}, 0x0301));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().alert, Alert::protocol_version);
}

TEST(Deframer, ZeroLengthHandshakeRecordIsUnexpectedMessage) {
  EXPECT_EQ(error_alert(plaintext_record(22, {})), Alert::unexpected_message);
  // Padding does not make it legal (§5.1).
  EXPECT_EQ(error_alert(raw_ciphertext_record({22, 0, 0, 0}), true), Alert::unexpected_message);
}

TEST(Deframer, ZeroLengthApplicationDataIsAllowed) {
  Deframer d;
  d.install_read_protection(test_protection(), boundary());
  auto r = feed_and_next(d, raw_ciphertext_record({23}));
  ASSERT_TRUE(r && r->has_value());
  EXPECT_EQ((*r)->type, ContentType::application_data);
  EXPECT_TRUE((*r)->fragment.empty());
}

TEST(Deframer, AllZeroInnerPlaintextIsUnexpectedMessage) {
  EXPECT_EQ(error_alert(raw_ciphertext_record({0, 0, 0}), true), Alert::unexpected_message);
}

TEST(Deframer, ChangeCipherSpecOnlyAsSingleByte01) {
  Deframer d;
  d.install_read_protection(test_protection(), boundary());  // CCS stays plaintext after keys
  auto r = feed_and_next(d, plaintext_record(20, {1}));
  ASSERT_TRUE(r && r->has_value());
  EXPECT_EQ((*r)->type, ContentType::change_cipher_spec);

  EXPECT_EQ(error_alert(plaintext_record(20, {2})), Alert::unexpected_message);
  EXPECT_EQ(error_alert(plaintext_record(20, {1, 1})), Alert::unexpected_message);
  EXPECT_EQ(error_alert(plaintext_record(20, {})), Alert::unexpected_message);
  // §5: a protected change_cipher_spec.
  EXPECT_EQ(error_alert(raw_ciphertext_record({1, 20}), true), Alert::unexpected_message);
}

TEST(Deframer, AlertRecordsAreExactlyTwoBytes) {
  Deframer d;
  auto r = feed_and_next(d, plaintext_record(21, {2, 40}));
  ASSERT_TRUE(r && r->has_value());
  const auto a = parse_alert((*r)->fragment);
  EXPECT_EQ(a.level, 2);
  EXPECT_EQ(a.description, Alert::handshake_failure);

  EXPECT_EQ(error_alert(plaintext_record(21, {2})), Alert::decode_error);
  EXPECT_EQ(error_alert(plaintext_record(21, {2, 40, 1, 0})), Alert::decode_error);
  EXPECT_EQ(error_alert(plaintext_record(21, {})), Alert::decode_error);
}

TEST(Deframer, ProtectionStateDecidesWhichPlaintextRecordsAreLegal) {
  // Before keys: no application data.
  EXPECT_EQ(error_alert(plaintext_record(23, {1})), Alert::unexpected_message);
  // After keys: no plaintext handshake.
  EXPECT_EQ(error_alert(plaintext_record(22, {1, 0, 0, 0}), true), Alert::unexpected_message);
  // A plaintext alert is passed up, marked as such.
  Deframer d;
  d.install_read_protection(test_protection(), boundary());
  auto r = feed_and_next(d, plaintext_record(21, {2, 10}));
  ASSERT_TRUE(r && r->has_value());
  EXPECT_FALSE((*r)->encrypted);
}

TEST(Deframer, KeysApplyFromTheNextRecord) {
  auto w = test_protection();
  std::vector<uint8_t> wire = plaintext_record(22, {2, 0, 0, 0});
  ASSERT_TRUE(write_records(ContentType::handshake, std::vector<uint8_t>{8, 0, 0, 0}, &w, wire));
  Deframer d;
  ASSERT_EQ(d.feed(wire), wire.size());
  auto first = d.next();
  ASSERT_TRUE(first && first->has_value());
  EXPECT_FALSE((*first)->encrypted);
  d.install_read_protection(test_protection(), boundary());
  auto second = d.next();
  ASSERT_TRUE(second && second->has_value());
  EXPECT_TRUE((*second)->encrypted);
  EXPECT_EQ((*second)->fragment[0], 8);
}

// ---------------------------------------------------------------- DoS caps

Record app_data(std::span<const uint8_t> body) { return Record{ContentType::application_data, 0x0303, body, true}; }

TEST(DosCounters, ConsecutiveEmptyRecordsAreCapped) {
  DosCounters c;
  const uint8_t one = 1;
  for (size_t i = 0; i < DosCounters::kMaxEmptyRecords; ++i) ASSERT_TRUE(c.on_record(app_data({})));
  ASSERT_TRUE(c.on_record(app_data({&one, 1})));  // progress resets the count
  for (size_t i = 0; i < DosCounters::kMaxEmptyRecords; ++i) ASSERT_TRUE(c.on_record(app_data({})));
  auto r = c.on_record(app_data({}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().alert, Alert::unexpected_message);
}

TEST(DosCounters, ChangeCipherSpecsAreCappedPerConnection) {
  DosCounters c;
  const uint8_t ccs = 1;
  const Record rec{ContentType::change_cipher_spec, 0x0303, {&ccs, 1}, false};
  for (size_t i = 0; i < DosCounters::kMaxChangeCipherSpecs; ++i) ASSERT_TRUE(c.on_record(rec));
  auto r = c.on_record(rec);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().alert, Alert::unexpected_message);
}

TEST(DosCounters, KeyUpdatesWithoutDataAreCapped) {
  DosCounters c;
  const uint8_t one = 1;
  for (size_t i = 0; i < DosCounters::kMaxKeyUpdates; ++i) ASSERT_TRUE(c.on_key_update());
  ASSERT_TRUE(c.on_record(app_data({&one, 1})));  // data in between resets the count
  for (size_t i = 0; i < DosCounters::kMaxKeyUpdates; ++i) ASSERT_TRUE(c.on_key_update());
  auto r = c.on_key_update();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().alert, Alert::unexpected_message);
}

}  // namespace
}  // namespace parley::tls::record
