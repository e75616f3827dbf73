// Every RFC 8448 message, cut short at every offset or given a trailing byte,
// fails cleanly with decode_error (run under ASan/UBSan too).
#include <gtest/gtest.h>

#include "vectors/rfc8448_messages.h"
#include "wire_test_util.h"

namespace parley::tls::wire::test {
namespace {

namespace v = parley::test::rfc8448;

class EveryTraceMessage : public ::testing::TestWithParam<std::string_view> {};

// Where a hello's extensions block starts: a hello that stops there is the
// pre-extensions form that §4.1.2 tells servers to accept.
std::optional<size_t> extensions_offset(const Framed& f) {
  Reader r(f.body());
  ByteView skip;
  uint16_t u;
  if (f.type() == HandshakeType::client_hello) {
    bool ok = r.skip(34) && r.prefixed_bytes(1, skip) && r.prefixed_bytes(2, skip) && r.prefixed_bytes(1, skip);
    EXPECT_TRUE(ok);
  } else if (f.type() == HandshakeType::server_hello) {
    bool ok = r.skip(34) && r.prefixed_bytes(1, skip) && r.u16(u) && r.skip(1);
    EXPECT_TRUE(ok);
  } else {
    return std::nullopt;
  }
  return f.body().size() - r.remaining();
}

TEST_P(EveryTraceMessage, FailsAtEveryTruncationPoint) {
  const Framed f = framed(GetParam());
  ASSERT_TRUE(parse_handshake(f.type(), f.body(), 32).has_value());
  const auto legacy_end = extensions_offset(f);
  for (size_t n = 0; n < f.body().size(); ++n) {
    auto m = parse_handshake(f.type(), f.body().first(n), 32);
    if (legacy_end && n == *legacy_end) {
      ASSERT_TRUE(m.has_value()) << "a hello without extensions is the legacy form";
      continue;
    }
    ASSERT_FALSE(m.has_value()) << "prefix of " << n << " bytes parsed";
    EXPECT_EQ(m.error().alert, Alert::decode_error) << n << ": " << m.error().what;
  }
}

TEST_P(EveryTraceMessage, RejectsATrailingByte) {
  const Framed f = framed(GetParam());
  ByteVec longer(f.body().begin(), f.body().end());
  longer.push_back(0);
  auto m = parse_handshake(f.type(), longer, 32);
  ASSERT_FALSE(m.has_value());
  EXPECT_EQ(m.error().alert, Alert::decode_error);
}

INSTANTIATE_TEST_SUITE_P(Rfc8448, EveryTraceMessage,
                         ::testing::Values(v::kSimpleClientHello, v::kSimpleServerHello,
                                           v::kSimpleEncryptedExtensions, v::kSimpleCertificate,
                                           v::kSimpleCertificateVerify, v::kSimpleServerFinished,
                                           v::kSimpleClientFinished, v::kSimpleNewSessionTicket,
                                           v::kResumedClientHello, v::kHrrClientHello1, v::kHrrHelloRetryRequest,
                                           v::kHrrClientHello2, v::kHrrServerHello,
                                           v::kClientAuthCertificateRequest));

TEST(Truncation, ErrorTextNamesTheMessageAndField) {
  const Framed f = framed(v::kSimpleClientHello);
  EXPECT_WIRE_ERROR(ClientHello::parse(f.body().first(10)), decode_error,
                    "ClientHello: truncated legacy_version or random");
  EXPECT_WIRE_ERROR(ClientHello::parse(f.body().first(36)), decode_error,
                    "ClientHello: truncated cipher_suites");
  const Framed c = framed(v::kSimpleCertificate);
  EXPECT_WIRE_ERROR(Certificate::parse(c.body().first(10)), decode_error, "Certificate: truncated certificate_list");
}

}  // namespace
}  // namespace parley::tls::wire::test
