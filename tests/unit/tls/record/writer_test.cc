// write_records (RFC 8446 §5.1 fragmentation) feeding the Deframer and
// HandshakeReassembler back.
#include <gtest/gtest.h>

#include <vector>

#include "record_test_util.h"
#include "tls/record/handshake_reassembler.h"
#include "tls/record/record_writer.h"

namespace parley::tls::record {
namespace {

using testing::boundary;
using testing::test_protection;

std::vector<uint8_t> big_handshake_message(size_t body_len) {
  std::vector<uint8_t> m = {11, static_cast<uint8_t>(body_len >> 16), static_cast<uint8_t>(body_len >> 8),
                            static_cast<uint8_t>(body_len)};
  for (size_t i = 0; i < body_len; ++i) m.push_back(static_cast<uint8_t>(i * 7));
  return m;
}

// Splits `wire` into records and reassembles the handshake stream.
std::vector<uint8_t> read_back(const std::vector<uint8_t>& wire, bool keys, size_t* records) {
  Deframer d;
  if (keys) d.install_read_protection(test_protection(), boundary());
  HandshakeReassembler r;
  std::vector<uint8_t> got;
  size_t fed = 0;
  *records = 0;
  while (fed < wire.size()) {
    fed += d.feed(std::span(wire).subspan(fed));
    for (;;) {
      auto rec = d.next();
      EXPECT_TRUE(rec);
      if (!rec || !rec->has_value()) break;
      EXPECT_LE((*rec)->fragment.size(), kMaxPlaintext);
      ++*records;
      EXPECT_TRUE(r.add((*rec)->fragment));
      while (auto m = r.next()) got.insert(got.end(), m->message.begin(), m->message.end());
    }
  }
  return got;
}

TEST(WriteRecords, FragmentsPlaintextHandshakeAt2To14) {
  const auto msg = big_handshake_message(40000);
  std::vector<uint8_t> wire;
  ASSERT_TRUE(write_records(ContentType::handshake, msg, nullptr, wire));
  EXPECT_EQ(wire.size(), msg.size() + 3 * kHeaderLen);
  EXPECT_EQ(wire.size(), records_size(msg.size(), nullptr));
  size_t records = 0;
  EXPECT_EQ(read_back(wire, false, &records), msg);
  EXPECT_EQ(records, 3u);
}

TEST(WriteRecords, FragmentsProtectedHandshake) {
  const auto msg = big_handshake_message(40000);
  auto w = test_protection();
  std::vector<uint8_t> wire;
  ASSERT_TRUE(write_records(ContentType::handshake, msg, &w, wire));
  EXPECT_EQ(wire.size(), records_size(msg.size(), &w));
  EXPECT_EQ(w.sequence(), 3u);
  size_t records = 0;
  EXPECT_EQ(read_back(wire, true, &records), msg);
  EXPECT_EQ(records, 3u);
}

TEST(WriteRecords, AppendsWithoutReallocatingWhenCapacitySuffices) {
  auto w = test_protection();
  std::vector<uint8_t> out;
  out.reserve(4 * (kMaxPlaintext + 100));
  const auto* before = out.data();
  std::vector<uint8_t> data(3 * kMaxPlaintext, 1);
  ASSERT_TRUE(write_records(ContentType::application_data, data, &w, out));
  EXPECT_EQ(out.data(), before);
}

TEST(WriteRecords, EmptyInputWritesNothingAndBadFragmentSizeFails) {
  std::vector<uint8_t> out = {9};
  ASSERT_TRUE(write_records(ContentType::application_data, {}, nullptr, out));
  EXPECT_EQ(out.size(), 1u);
  const std::vector<uint8_t> one = {1};
  EXPECT_FALSE(write_records(ContentType::handshake, one, nullptr, out, {.max_fragment = 0}));
  EXPECT_FALSE(write_records(ContentType::handshake, one, nullptr, out, {.max_fragment = kMaxPlaintext + 1}));
  EXPECT_EQ(out.size(), 1u);
}

}  // namespace
}  // namespace parley::tls::record
