// Deframer (RFC 8446 §5.1, §5.2) and the DoS counters.
#include <gtest/gtest.h>

#include <vector>

#include "record_test_util.h"
#include "tls/record/deframer.h"
#include "tls/record/dos_counters.h"
#include "tls/record/io_buffer.h"
#include "tls/record/record_writer.h"

namespace parley::tls::record {
namespace {

using testing::boundary;
using testing::plaintext_record;
using testing::raw_ciphertext_record;
using testing::test_protection;
using testing::to_vector;
using testing::written;

std::vector<uint8_t> pattern(size_t n, uint8_t seed = 0) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(i * 31 + seed);
  return v;
}

// A Deframer as a connection holds it: read keys (optionally) and the
// plaintext buffer protected records are opened into.
struct Reader {
  explicit Reader(bool keys = false) {
    if (keys) d.install_read_protection(test_protection(), boundary());
  }
  // The next record from `input`, which is advanced.
  Result<std::optional<Record>> next(crypto::ByteView& input) { return d.next(input, plaintext); }
  // The first record of `bytes` fed in one piece (they must outlive the record).
  Result<std::optional<Record>> first(const std::vector<uint8_t>& bytes) {
    crypto::ByteView in = bytes;
    return next(in);
  }
  Deframer d;
  IoBuffer plaintext;
};

std::optional<Alert> error_alert(const std::vector<uint8_t>& bytes, bool keys = false) {
  Reader r(keys);
  auto rec = r.first(bytes);
  if (rec) {
    ADD_FAILURE() << "accepted";
    return std::nullopt;
  }
  EXPECT_TRUE(r.plaintext.empty()) << "a refused record left plaintext behind";
  return rec.error().alert;
}

bool points_into(crypto::ByteView part, crypto::ByteView whole) {
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

TEST(Deframer, YieldsPlaintextHandshakeRecord) {
  Reader r;
  auto rec = r.first(plaintext_record(22, {1, 0, 0, 0}));
  ASSERT_TRUE(rec && rec->has_value());
  EXPECT_EQ((*rec)->type, ContentType::handshake);
  EXPECT_FALSE((*rec)->encrypted);
  EXPECT_EQ((*rec)->fragment.size(), 4u);
}

TEST(Deframer, WholeRecordsAreReadFromTheCallersBytes) {
  std::vector<uint8_t> wire = plaintext_record(22, {1, 0, 0, 1, 9});
  const auto second = plaintext_record(21, {2, 40});
  wire.insert(wire.end(), second.begin(), second.end());
  Reader r;
  crypto::ByteView in = wire;
  auto a = r.next(in);
  ASSERT_TRUE(a && a->has_value());
  EXPECT_EQ((*a)->fragment.data(), wire.data() + 5);  // not a copy
  auto b = r.next(in);
  ASSERT_TRUE(b && b->has_value());
  EXPECT_EQ((*b)->fragment.data(), wire.data() + 10 + 5);
  EXPECT_TRUE(in.empty());
  auto none = r.next(in);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  EXPECT_EQ(r.d.capacity(), 0u);  // nothing was buffered
  EXPECT_EQ(r.d.buffered(), 0u);
}

TEST(Deframer, ProtectedRecordIsOpenedOutOfPlaceIntoThePlaintextBuffer) {
  auto w = test_protection();
  const auto payload = pattern(1000);
  const auto wire = written(ContentType::application_data, payload, &w);
  const auto untouched = wire;
  Reader r(true);
  r.plaintext.append(std::vector<uint8_t>{7, 7, 7});  // unread data stays in front
  auto rec = r.first(wire);
  ASSERT_TRUE(rec && rec->has_value()) << (rec ? "" : rec.error().message());
  EXPECT_TRUE((*rec)->encrypted);
  EXPECT_EQ((*rec)->fragment.data(), r.plaintext.data().data() + 3);
  EXPECT_EQ(to_vector((*rec)->fragment), payload);
  EXPECT_EQ(r.plaintext.size(), 3 + payload.size());  // the type byte is not kept
  EXPECT_EQ(wire, untouched);                          // the peer's bytes are only read
  EXPECT_EQ(r.d.capacity(), 0u);
}

// Every split of a record over two feeds: inside the header, at its end,
// inside the body. A split inside the header still reads the body in place.
TEST(Deframer, RecordSplitAtEveryBytePositionAcrossTwoFeeds) {
  for (bool keys : {false, true}) {
    SCOPED_TRACE(keys ? "protected" : "plaintext");
    auto w = test_protection();
    const auto payload = pattern(300);
    const auto wire = written(keys ? ContentType::application_data : ContentType::handshake, payload,
                              keys ? &w : nullptr);
    for (size_t at = 1; at < wire.size(); ++at) {
      SCOPED_TRACE(at);
      Reader r(keys);
      const crypto::ByteView second = std::span(wire).subspan(at);
      crypto::ByteView first = std::span(wire).first(at), rest = second;
      auto none = r.next(first);
      ASSERT_TRUE(none);
      ASSERT_FALSE(none->has_value());
      EXPECT_TRUE(first.empty());
      EXPECT_EQ(r.d.buffered(), at);
      auto rec = r.next(rest);
      ASSERT_TRUE(rec && rec->has_value());
      EXPECT_TRUE(rest.empty());
      EXPECT_EQ(to_vector((*rec)->fragment), payload);
      EXPECT_EQ(r.d.buffered(), 0u);
      const size_t body = wire.size() - kHeaderLen;
      if (at <= kHeaderLen) {
        EXPECT_EQ(r.d.capacity(), 0u) << "only the header straddled: the body is read in place";
        if (!keys) {
          EXPECT_TRUE(points_into((*rec)->fragment, second));
        }
      } else {
        EXPECT_EQ(r.d.capacity(), body) << "sized to the record";
      }
    }
  }
}

TEST(Deframer, SeveralRecordsInOneFeedThenAPartialOne) {
  auto w = test_protection();
  const auto payload = pattern(3000);
  // Records of 1000 bytes; the first feed ends 100 bytes into the fourth.
  const auto wire = written(ContentType::application_data, payload, &w, {.max_fragment = 1000});
  std::vector<uint8_t> more = written(ContentType::application_data, pattern(500, 9), &w);
  std::vector<uint8_t> all = wire;
  all.insert(all.end(), more.begin(), more.end());

  Reader r(true);
  crypto::ByteView in = std::span(all).first(wire.size() + 100);
  for (int i = 0; i < 3; ++i) {
    auto rec = r.next(in);
    ASSERT_TRUE(rec && rec->has_value());
    EXPECT_EQ((*rec)->fragment.size(), 1000u);
  }
  EXPECT_EQ(r.d.capacity(), 0u);  // all three read in place
  auto none = r.next(in);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  EXPECT_EQ(r.d.buffered(), 100u);
  EXPECT_EQ(r.d.capacity(), more.size() - kHeaderLen);

  crypto::ByteView rest = std::span(all).subspan(wire.size() + 100);
  auto last = r.next(rest);
  ASSERT_TRUE(last && last->has_value());
  EXPECT_EQ(to_vector((*last)->fragment), pattern(500, 9));
  auto got = payload;
  const auto tail = pattern(500, 9);
  got.insert(got.end(), tail.begin(), tail.end());
  EXPECT_EQ(to_vector(r.plaintext.data()), got);
}

TEST(Deframer, RecordFedOneByteAtATimeArrivesWhole) {
  auto w = test_protection();
  const auto payload = pattern(3000);
  const auto wire = written(ContentType::application_data, payload, &w, {.max_fragment = 1000});
  Reader r(true);
  size_t records = 0;
  for (const uint8_t& b : wire) {
    crypto::ByteView one{&b, 1};
    auto rec = r.next(one);
    ASSERT_TRUE(rec) << rec.error().message();
    EXPECT_TRUE(one.empty());
    if (rec->has_value()) ++records;
  }
  EXPECT_EQ(records, 3u);
  EXPECT_EQ(to_vector(r.plaintext.data()), payload);
  EXPECT_EQ(r.d.buffered(), 0u);
}

TEST(Deframer, TamperedRecordIsBadRecordMacAndReleasesNoPlaintext) {
  auto w = test_protection();
  const auto good = written(ContentType::application_data, pattern(100), &w);
  auto bad = written(ContentType::application_data, pattern(100, 1), &w);
  bad[bad.size() - 20] ^= 0x01;
  std::vector<uint8_t> wire = good;
  wire.insert(wire.end(), bad.begin(), bad.end());
  for (size_t split : {wire.size(), good.size() + 50}) {  // whole in one feed; the bad one straddling
    SCOPED_TRACE(split);
    Reader r(true);
    crypto::ByteView in = std::span(wire).first(split), rest = std::span(wire).subspan(split);
    auto first = r.next(in);
    ASSERT_TRUE(first && first->has_value());
    auto second = r.next(in);
    if (second && !second->has_value()) second = r.next(rest);
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().alert, Alert::bad_record_mac);
    EXPECT_EQ(to_vector(r.plaintext.data()), pattern(100));  // only the good record's content
  }
}

TEST(Deframer, StraddleBufferIsKeptAcrossRecordsAndReleasedOnRequest) {
  auto w = test_protection();
  std::vector<uint8_t> wire;
  for (int i = 0; i < 3; ++i) {
    const auto rec = written(ContentType::application_data, pattern(kMaxPlaintext, static_cast<uint8_t>(i)), &w);
    wire.insert(wire.end(), rec.begin(), rec.end());
  }
  const size_t record = wire.size() / 3;
  Reader r(true);
  // Feeds of 10,000 bytes: every record straddles at least one feed boundary.
  size_t records = 0;
  for (size_t at = 0; at < wire.size(); at += 10000) {
    crypto::ByteView in = std::span(wire).subspan(at, std::min<size_t>(10000, wire.size() - at));
    for (;;) {
      auto rec = r.next(in);
      ASSERT_TRUE(rec);
      if (!rec->has_value()) break;
      ++records;
      EXPECT_EQ(r.d.capacity(), record - kHeaderLen);  // allocated once, for the first, and kept
    }
    if (at == 20000) {  // inside the second record's body: what is held is not given up
      r.d.release();
      EXPECT_EQ(r.d.capacity(), record - kHeaderLen);
    }
  }
  EXPECT_EQ(records, 3u);
  r.d.release();
  EXPECT_EQ(r.d.capacity(), 0u);
}

TEST(Deframer, PlaintextAbove2To14IsRecordOverflowFromTheHeader) {
  // Only the header is fed: the length alone is enough to refuse.
  EXPECT_EQ(error_alert({22, 3, 3, 0x40, 0x01}), Alert::record_overflow);
}

TEST(Deframer, HeaderIsJudgedWhenItCompletesAcrossFeeds) {
  Reader r;
  const std::vector<uint8_t> header = {22, 3, 3, 0x40, 0x01};
  crypto::ByteView a = std::span(header).first(3), b = std::span(header).subspan(3);
  auto none = r.next(a);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  auto rec = r.next(b);
  ASSERT_FALSE(rec);
  EXPECT_EQ(rec.error().alert, Alert::record_overflow);
}

TEST(Deframer, CiphertextAbove2To14Plus256IsRecordOverflow) {
  EXPECT_EQ(error_alert({23, 3, 3, 0x41, 0x01}, true), Alert::record_overflow);
  // 2^14 + 256 is still a legal length: the deframer waits for the body.
  Reader r(true);
  auto rec = r.first({23, 3, 3, 0x41, 0x00});
  ASSERT_TRUE(rec);
  EXPECT_FALSE(rec->has_value());
  EXPECT_EQ(r.d.buffered(), 5u);
}

TEST(Deframer, UnknownContentTypeIsUnexpectedMessage) {
  EXPECT_EQ(error_alert(plaintext_record(24, {1})), Alert::unexpected_message);
  EXPECT_EQ(error_alert(plaintext_record(0, {1})), Alert::unexpected_message);
  EXPECT_EQ(error_alert(raw_ciphertext_record({1, 2, 0x42}), true), Alert::unexpected_message);
}

// §5.1: legacy_record_version is ignored on every record (0x0300 from old
// stacks' first ClientHello, anything on a change_cipher_spec); only a major
// other than 3 is not TLS at all.
TEST(Deframer, LegacyRecordVersionIsIgnoredWithinMajor3) {
  for (const uint16_t v : std::initializer_list<uint16_t>{0x0300, 0x0301, 0x0302, 0x0303, 0x0304, 0x03ff}) {
    Reader r;
    auto hs = r.first(plaintext_record(22, {1}, v));
    ASSERT_TRUE(hs && hs->has_value()) << std::hex << v;
    EXPECT_EQ((*hs)->legacy_version, v);
    auto ccs = r.first(plaintext_record(20, {1}, v));
    ASSERT_TRUE(ccs && ccs->has_value()) << std::hex << v;
  }
}

TEST(Deframer, LegacyRecordVersionWithMajorOtherThan3IsProtocolVersion) {
  EXPECT_EQ(error_alert(plaintext_record(22, {1}, 0x0000)), Alert::protocol_version);
  EXPECT_EQ(error_alert(plaintext_record(22, {1}, 0x0203)), Alert::protocol_version);
  EXPECT_EQ(error_alert(plaintext_record(20, {1}, 0x0403)), Alert::protocol_version);
}

TEST(Deframer, ZeroLengthHandshakeRecordIsUnexpectedMessage) {
  EXPECT_EQ(error_alert(plaintext_record(22, {})), Alert::unexpected_message);
  // Padding does not make it legal (§5.1).
  EXPECT_EQ(error_alert(raw_ciphertext_record({22, 0, 0, 0}), true), Alert::unexpected_message);
}

TEST(Deframer, ZeroLengthApplicationDataIsAllowed) {
  Reader r(true);
  const auto wire = raw_ciphertext_record({23});
  auto rec = r.first(wire);
  ASSERT_TRUE(rec && rec->has_value());
  EXPECT_EQ((*rec)->type, ContentType::application_data);
  EXPECT_TRUE((*rec)->fragment.empty());
  EXPECT_TRUE(r.plaintext.empty());
}

TEST(Deframer, AllZeroInnerPlaintextIsUnexpectedMessage) {
  EXPECT_EQ(error_alert(raw_ciphertext_record({0, 0, 0}), true), Alert::unexpected_message);
}

TEST(Deframer, ChangeCipherSpecOnlyAsSingleByte01) {
  Reader r(true);  // CCS stays plaintext after keys
  const auto ccs = plaintext_record(20, {1});
  auto rec = r.first(ccs);
  ASSERT_TRUE(rec && rec->has_value());
  EXPECT_EQ((*rec)->type, ContentType::change_cipher_spec);

  EXPECT_EQ(error_alert(plaintext_record(20, {2})), Alert::unexpected_message);
  EXPECT_EQ(error_alert(plaintext_record(20, {1, 1})), Alert::unexpected_message);
  EXPECT_EQ(error_alert(plaintext_record(20, {})), Alert::unexpected_message);
  // §5: a protected change_cipher_spec.
  EXPECT_EQ(error_alert(raw_ciphertext_record({1, 20}), true), Alert::unexpected_message);
}

TEST(Deframer, AlertRecordsAreExactlyTwoBytes) {
  Reader r;
  const auto alert = plaintext_record(21, {2, 40});
  auto rec = r.first(alert);
  ASSERT_TRUE(rec && rec->has_value());
  const auto a = parse_alert((*rec)->fragment);
  EXPECT_EQ(a.level, 2);
  EXPECT_EQ(a.description, Alert::handshake_failure);

  EXPECT_EQ(error_alert(plaintext_record(21, {2})), Alert::decode_error);
  EXPECT_EQ(error_alert(plaintext_record(21, {2, 40, 1, 0})), Alert::decode_error);
  EXPECT_EQ(error_alert(raw_ciphertext_record({2, 40, 1, 21}), true), Alert::decode_error);
}

// §5.1: "Zero-length fragments of Alert MUST NOT be sent", plaintext or protected.
TEST(Deframer, ZeroLengthAlertIsUnexpectedMessage) {
  EXPECT_EQ(error_alert(plaintext_record(21, {})), Alert::unexpected_message);
  EXPECT_EQ(error_alert(raw_ciphertext_record({21}), true), Alert::unexpected_message);
  EXPECT_EQ(error_alert(raw_ciphertext_record({21, 0, 0}), true), Alert::unexpected_message);
}

TEST(Deframer, ProtectionStateDecidesWhichPlaintextRecordsAreLegal) {
  // Before keys: no application data.
  EXPECT_EQ(error_alert(plaintext_record(23, {1})), Alert::unexpected_message);
  // After keys: no plaintext handshake.
  EXPECT_EQ(error_alert(plaintext_record(22, {1, 0, 0, 0}), true), Alert::unexpected_message);
  // A plaintext alert is passed up, marked as such.
  Reader r(true);
  const auto alert = plaintext_record(21, {2, 10});
  auto rec = r.first(alert);
  ASSERT_TRUE(rec && rec->has_value());
  EXPECT_FALSE((*rec)->encrypted);
}

TEST(Deframer, KeysApplyFromTheNextRecord) {
  auto w = test_protection();
  std::vector<uint8_t> wire = plaintext_record(22, {2, 0, 0, 0});
  const auto sealed = written(ContentType::handshake, std::vector<uint8_t>{8, 0, 0, 0}, &w);
  wire.insert(wire.end(), sealed.begin(), sealed.end());
  Reader r;
  crypto::ByteView in = wire;
  auto first = r.next(in);
  ASSERT_TRUE(first && first->has_value());
  EXPECT_FALSE((*first)->encrypted);
  r.d.install_read_protection(test_protection(), boundary());
  auto second = r.next(in);
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
