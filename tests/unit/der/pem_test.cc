#include "der/pem.h"

#include <gtest/gtest.h>

#include "der/oid.h"
#include "der/strings.h"
#include "der/time.h"
#include "unit/der/test_util.h"

namespace parley::der {
namespace {

using testing::Bytes;
using testing::bytes_of;

// A self-signed P-256 certificate (CN=parley test) made once with
// `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256`.
constexpr std::string_view kCertPem =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBgjCCASegAwIBAgIUPtue9/gDWfyyADB590CE1JUEq6wwCgYIKoZIzj0EAwIw\n"
    "FjEUMBIGA1UEAwwLcGFybGV5IHRlc3QwHhcNMjYxMTIzMjExODU1WhcNMzYxMTIw\n"
    "MjExODU1WjAWMRQwEgYDVQQDDAtwYXJsZXkgdGVzdDBZMBMGByqGSM49AgEGCCqG\n"
    "SM49AwEHA0IABNgw7p97qyO4XXzO/kWoW8GMMUrzN6+DClFb342I3GLBVGf4YCtW\n"
    "fQgl5uCycYGiQ+/qXo5w3yetmY3GcFP2J2KjUzBRMB0GA1UdDgQWBBQy9gvxRFgJ\n"
    "xkhqwlNac4GzJpnilTAfBgNVHSMEGDAWgBQy9gvxRFgJxkhqwlNac4GzJpnilTAP\n"
    "BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQCgE+1BU8hk0XVCvuas\n"
    "+dXXzho2Z4bPeVKUJ0A7qurqTwIhAP/Z6420DK1xw4ZOf3iqcqT/PXOtDmmn7qDY\n"
    "7PtFMnlX\n"
    "-----END CERTIFICATE-----\n";

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
    s.replace(pos, from.size(), to);
  return s;
}

TEST(DerPem, DecodesARealCertificateAndWalksIt) {
  auto der = pem_decode_one(kCertPem, "CERTIFICATE");
  ASSERT_TRUE(der) << der.error().message();
  EXPECT_EQ(der->size(), 0x182u + 4);

  Parser top(*der);
  auto cert = top.read_sequence().value();
  ASSERT_TRUE(top.expect_end());
  auto tbs = cert.read_sequence().value();
  ASSERT_TRUE(tbs.read_constructed(context_constructed(0)));
  auto serial = parse_integer(tbs.read(kInteger).value()).value();
  EXPECT_EQ(serial.size(), 20u);
  auto alg = tbs.read_sequence().value();
  EXPECT_TRUE(equal(alg.read(kOid).value(), kEcdsaWithSha256));
  ASSERT_TRUE(tbs.read_sequence());  // issuer
  auto validity = tbs.read_sequence().value();
  EXPECT_EQ(format_rfc3339(read_time(validity).value()), "2026-11-23T21:18:55Z");
  EXPECT_EQ(format_rfc3339(read_time(validity).value()), "2036-11-20T21:18:55Z");
  auto subject = tbs.read_sequence().value();
  auto atv = subject.read_set().value().read_sequence().value();
  EXPECT_EQ(oid_name(atv.read(kOid).value()), "commonName");
  EXPECT_EQ(utf8_string_to_utf8(atv.read(kUtf8String).value()).value(), "parley test");
}

TEST(DerPem, EncodeReproducesTheCanonicalText) {
  auto der = pem_decode_one(kCertPem, "CERTIFICATE").value();
  EXPECT_EQ(pem_encode("CERTIFICATE", der), kCertPem);
}

TEST(DerPem, MultipleBlocksWithExplanatoryText) {
  const std::string text = "Subject: CN=parley test\nIssuer: CN=parley test\n" + std::string(kCertPem) +
                           "\nsome text in between\n\n" + pem_encode("PRIVATE KEY", Bytes{1, 2, 3}) +
                           "trailing words\n" + pem_encode("X509 CRL", Bytes{}) + "end";
  auto blocks = pem_decode_all(text);
  ASSERT_TRUE(blocks) << blocks.error().message();
  ASSERT_EQ(blocks->size(), 3u);
  EXPECT_EQ((*blocks)[0].label, "CERTIFICATE");
  EXPECT_EQ((*blocks)[1].label, "PRIVATE KEY");
  EXPECT_EQ((*blocks)[1].data, (Bytes{1, 2, 3}));
  EXPECT_EQ((*blocks)[2].label, "X509 CRL");
  EXPECT_TRUE((*blocks)[2].data.empty());
}

TEST(DerPem, ToleratesCrlfAndWhitespace) {
  const Bytes expected = pem_decode_one(kCertPem, "CERTIFICATE").value();
  EXPECT_EQ(pem_decode_one(replace_all(std::string(kCertPem), "\n", "\r\n"), "CERTIFICATE").value(), expected);
  // RFC 7468 §3 lax: whitespace before the boundary, inside and around base64 lines.
  std::string lax = "  \t" + replace_all(std::string(kCertPem), "\nM", "\n  M\t");
  lax = replace_all(lax, "GCCqG", "GCC qG");
  lax = replace_all(lax, "-----END", "\n\f\v-----END");
  EXPECT_EQ(pem_decode_one(lax, "CERTIFICATE").value(), expected);
  // No final newline.
  std::string no_newline(kCertPem);
  no_newline.pop_back();
  EXPECT_EQ(pem_decode_one(no_newline, "CERTIFICATE").value(), expected);
}

TEST(DerPem, RejectsMismatchedLabels) {
  const std::string text = replace_all(std::string(kCertPem), "END CERTIFICATE", "END PRIVATE KEY");
  auto r = pem_decode_all(text);
  ASSERT_FALSE(r);
  EXPECT_STREQ(r.error().what, "PEM: END label does not match BEGIN");
  EXPECT_EQ(r.error().detail, "block 1, line 11: BEGIN CERTIFICATE, END PRIVATE KEY");
}

TEST(DerPem, RejectsMissingEnd) {
  const std::string text = "hello\n" + replace_all(std::string(kCertPem), "-----END CERTIFICATE-----\n", "");
  auto r = pem_decode_all(text);
  ASSERT_FALSE(r);
  EXPECT_STREQ(r.error().what, "PEM: missing END line");
  EXPECT_EQ(r.error().detail, "block 1 (BEGIN CERTIFICATE at line 2)");

  const std::string two = std::string(kCertPem) + "-----BEGIN X-----\nAAAA\n" + std::string(kCertPem);
  EXPECT_ERROR(pem_decode_all(two), "PEM: BEGIN inside a block (missing END line)");
}

TEST(DerPem, RejectsStrayEndAndMalformedBoundaries) {
  EXPECT_ERROR(pem_decode_all("-----END CERTIFICATE-----\n"), "PEM: END line without BEGIN");
  EXPECT_ERROR(pem_decode_all("-----BEGIN CERTIFICATE----\nAAAA\n-----END CERTIFICATE-----\n"),
               "PEM: malformed BEGIN line");
  EXPECT_ERROR(pem_decode_all("-----BEGINCERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
               "PEM: malformed BEGIN line");
  EXPECT_ERROR(pem_decode_all("-----BEGIN X-----\nAAAA\n-----END X----\n"), "PEM: malformed END line");
}

TEST(DerPem, ChecksLabelCharset) {
  EXPECT_TRUE(is_valid_pem_label("CERTIFICATE"));
  EXPECT_TRUE(is_valid_pem_label("RSA PRIVATE KEY"));
  EXPECT_TRUE(is_valid_pem_label("NEW CERTIFICATE-REQUEST"));
  EXPECT_TRUE(is_valid_pem_label("X509 CRL"));
  EXPECT_TRUE(is_valid_pem_label(""));
  EXPECT_FALSE(is_valid_pem_label("-CERT"));
  EXPECT_FALSE(is_valid_pem_label("CERT-"));
  EXPECT_FALSE(is_valid_pem_label("A  B"));
  EXPECT_FALSE(is_valid_pem_label("A--B"));
  EXPECT_FALSE(is_valid_pem_label("A -B"));
  EXPECT_FALSE(is_valid_pem_label(" A"));
  EXPECT_FALSE(is_valid_pem_label("A\tB"));
  EXPECT_FALSE(is_valid_pem_label("CAF\xc3\x89"));
  EXPECT_ERROR(pem_decode_all("-----BEGIN A--B-----\nAAAA\n-----END A--B-----\n"), "PEM: invalid label");
  EXPECT_TRUE(pem_decode_all("-----BEGIN -----\nAAAA\n-----END -----\n"));
}

TEST(DerPem, RejectsBadBase64) {
  auto wrap = [](std::string_view body) { return "-----BEGIN X-----\n" + std::string(body) + "\n-----END X-----\n"; };
  EXPECT_EQ(pem_decode_one(wrap("QUJD"), "X").value(), (Bytes{'A', 'B', 'C'}));
  EXPECT_EQ(pem_decode_one(wrap("QUI="), "X").value(), (Bytes{'A', 'B'}));
  EXPECT_EQ(pem_decode_one(wrap("QQ=="), "X").value(), (Bytes{'A'}));
  EXPECT_EQ(pem_decode_one(wrap("QQ\n=="), "X").value(), (Bytes{'A'}));
  EXPECT_ERROR(pem_decode_one(wrap("QU!D"), "X"), "PEM: invalid base64 character");
  EXPECT_ERROR(pem_decode_one(wrap("QUJ"), "X"), "base64: length not a multiple of 4 (missing padding?)");
  EXPECT_ERROR(pem_decode_one(wrap("QQ="), "X"), "base64: length not a multiple of 4 (missing padding?)");
  EXPECT_ERROR(pem_decode_one(wrap("Q==="), "X"), "base64: too much padding");
  EXPECT_ERROR(pem_decode_one(wrap("QQ==QUJD"), "X"), "base64: data after padding");
  EXPECT_ERROR(pem_decode_one(wrap("Q=Q="), "X"), "base64: data after padding");
  EXPECT_ERROR(pem_decode_one(wrap("QR=="), "X"), "base64: non-canonical encoding (nonzero trailing bits)");
  EXPECT_ERROR(pem_decode_one(wrap("QUJ="), "X"), "base64: non-canonical encoding (nonzero trailing bits)");
  EXPECT_ERROR(pem_decode_one(wrap("Proc-Type: 4,ENCRYPTED\nQUJD"), "X"),
               "PEM: RFC 1421 headers not supported (legacy encrypted key?)");
}

TEST(DerPem, ErrorsNameTheBlockAndLine) {
  const std::string text = std::string(kCertPem) + "\n-----BEGIN B-----\nQUJD\nQU*D\n-----END B-----\n";
  auto r = pem_decode_all(text);
  ASSERT_FALSE(r);
  EXPECT_STREQ(r.error().what, "PEM: invalid base64 character");
  EXPECT_EQ(r.error().detail, "block 2, line 15");

  const std::string pad = std::string(kCertPem) + "-----BEGIN B-----\nQR==\n-----END B-----\n";
  r = pem_decode_all(pad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().detail, "block 2, line 12");
}

TEST(DerPem, NoBlockFound) {
  EXPECT_ERROR(pem_decode_all(""), "PEM: no PEM block found");
  EXPECT_ERROR(pem_decode_all("just some text\nMIIB\n"), "PEM: no PEM block found");
}

TEST(DerPem, DecodeOneNamesWhatWasFound) {
  const std::string key = pem_encode("PRIVATE KEY", Bytes{9});
  auto r = pem_decode_one(key, "CERTIFICATE");
  ASSERT_FALSE(r);
  EXPECT_STREQ(r.error().what, "PEM: no block with the expected label");
  EXPECT_EQ(r.error().detail, "expected CERTIFICATE, found PRIVATE KEY");

  const std::string both = key + std::string(kCertPem);
  EXPECT_TRUE(pem_decode_one(both, "CERTIFICATE"));
  EXPECT_EQ(pem_decode_one(both, "PRIVATE KEY").value(), (Bytes{9}));

  const std::string twice = std::string(kCertPem) + std::string(kCertPem);
  r = pem_decode_one(twice, "CERTIFICATE");
  ASSERT_FALSE(r);
  EXPECT_STREQ(r.error().what, "PEM: more than one block with the expected label");
  EXPECT_EQ(r.error().detail, "expected one CERTIFICATE, found 2");
}

TEST(DerPem, EncodeUses64CharacterLines) {
  for (size_t n = 0; n < 200; ++n) {
    Bytes data(n);
    for (size_t i = 0; i < n; ++i) data[i] = static_cast<uint8_t>(i * 37 + n);
    const std::string pem = pem_encode("TEST DATA", data);
    size_t pos = 0;
    std::vector<std::string> lines;
    while (pos < pem.size()) {
      const size_t nl = pem.find('\n', pos);
      ASSERT_NE(nl, std::string::npos);
      lines.push_back(pem.substr(pos, nl - pos));
      pos = nl + 1;
    }
    ASSERT_GE(lines.size(), 2u);
    EXPECT_EQ(lines.front(), "-----BEGIN TEST DATA-----");
    EXPECT_EQ(lines.back(), "-----END TEST DATA-----");
    const size_t b64 = (n + 2) / 3 * 4;
    EXPECT_EQ(lines.size() - 2, (b64 + 63) / 64);
    for (size_t i = 1; i + 1 < lines.size(); ++i) {
      EXPECT_EQ(lines[i].size(), i + 2 < lines.size() ? 64u : b64 - 64 * (lines.size() - 3));
    }
    EXPECT_EQ(pem_decode_one(pem, "TEST DATA").value(), data);
  }
}

TEST(DerPem, Base64Rfc4648Vectors) {
  const std::pair<std::string_view, std::string_view> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(bytes_of(plain)), encoded);
    EXPECT_EQ(base64_decode(encoded).value(), testing::to_bytes(bytes_of(plain)));
  }
  EXPECT_EQ(base64_encode(Bytes{0xfb, 0xff}), "+/8=");
  EXPECT_ERROR(base64_decode("Zm9v\n"), "base64: length not a multiple of 4 (missing padding?)");
  EXPECT_ERROR(base64_decode("Zm9-"), "base64: invalid character");
}

TEST(DerPem, LooksLikePem) {
  const Bytes der = pem_decode_one(kCertPem, "CERTIFICATE").value();
  EXPECT_FALSE(looks_like_pem(der));
  EXPECT_TRUE(looks_like_pem(bytes_of(kCertPem)));
  EXPECT_TRUE(looks_like_pem(bytes_of("0 s:CN=parley\n" + std::string(kCertPem))));
  EXPECT_FALSE(looks_like_pem(bytes_of("hello")));
  EXPECT_FALSE(looks_like_pem({}));
}

}  // namespace
}  // namespace parley::der
