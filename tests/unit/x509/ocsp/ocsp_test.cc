// OCSP (RFC 6960): the CertID, the response parser on responses made by
// `openssl ocsp` and on broken ones, the checker's every rule, the request
// builder.
#include <gtest/gtest.h>

#include "der/builder.h"
#include "der/oid.h"
#include "pki_fixture.h"
#include "x509/ocsp/check.h"
#include "x509/ocsp/request.h"

namespace parley::x509::ocsp {
namespace {

using testing::kInterExt;
using testing::kRootExt;
using testing::leaf_ext;
using testing::now;
using testing::Pki;

constexpr int64_t kDay = 86400;

Pki& pki() { return Pki::get(); }
CertificatePtr root() { return pki().cert({"root", "/CN=Test Root", "", kRootExt}); }
CertificatePtr inter() {
  root();
  return pki().cert({"inter", "/CN=Test Inter", "root", kInterExt});
}
CertificatePtr leaf() {
  inter();
  return pki().cert({"leaf", "/CN=orders.internal", "inter", leaf_ext("DNS:orders.internal")});
}
CertificatePtr other_leaf() {
  inter();
  return pki().cert({"other", "/CN=other.internal", "inter", leaf_ext("DNS:other.internal")});
}
// A delegated responder of `inter`, and one without the OCSPSigning purpose.
CertificatePtr responder() {
  inter();
  return pki().cert({"responder", "/CN=Inter OCSP", "inter",
                     "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                     "extendedKeyUsage=OCSPSigning\nnoCheck=ignored\n"});
}
CertificatePtr responder_without_eku() {
  inter();
  return pki().cert({"responder-noeku", "/CN=Inter Not OCSP", "inter",
                     "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                     "extendedKeyUsage=serverAuth\n"});
}
// A responder with the purpose, but issued by the root, not by the leaf's CA.
CertificatePtr foreign_responder() {
  root();
  return pki().cert({"responder-root", "/CN=Root OCSP", "root",
                     "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                     "extendedKeyUsage=OCSPSigning\n"});
}

class SharedPki : public ::testing::Environment {
 public:
  void SetUp() override {
    leaf();
    other_leaf();
    responder();
    responder_without_eku();
    foreign_responder();
  }
};
[[maybe_unused]] ::testing::Environment* const kSharedPki = ::testing::AddGlobalTestEnvironment(new SharedPki);

ResponsePtr parsed(const std::vector<uint8_t>& der) {
  auto r = Response::parse(der);
  EXPECT_TRUE(r) << r.error().message();
  return r ? *r : nullptr;
}

CheckOptions at(int64_t t) {
  CheckOptions o;
  o.now = t;
  return o;
}

// ---------------------------------------------------------------- CertID

TEST(OcspCertId, MatchesItsCertificateAndIssuerOnly) {
  for (auto hash : {CertIdHash::sha1, CertIdHash::sha256}) {
    const CertId id = CertId::of(*leaf(), *inter(), hash);
    EXPECT_TRUE(id.matches(*leaf(), *inter()));
    EXPECT_TRUE(id.names_issuer(*inter()));
    EXPECT_FALSE(id.matches(*other_leaf(), *inter()));
    EXPECT_FALSE(id.matches(*leaf(), *root()));
    EXPECT_FALSE(id.names_issuer(*root()));
  }
}

TEST(OcspCertId, EncodesAndReadsBack) {
  for (auto hash : {CertIdHash::sha1, CertIdHash::sha256}) {
    const CertId id = CertId::of(*leaf(), *inter(), hash);
    der::Builder b;
    id.encode(b);
    auto der = std::move(b).finish().value();
    der::Parser p(der);
    auto back = CertId::read(p);
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(*back, id);
    EXPECT_NE(back->to_string().find(cert_id_hash_name(hash)), std::string::npos);
  }
}

std::vector<uint8_t> cert_id_with(Input hash_oid, size_t hash_len, std::vector<uint8_t> serial) {
  der::Builder b;
  {
    auto seq = b.sequence();
    {
      auto alg = b.sequence();
      b.oid(hash_oid);
    }
    b.octet_string(std::vector<uint8_t>(hash_len, 0xab));
    b.octet_string(std::vector<uint8_t>(hash_len, 0xcd));
    b.implicit(der::kInteger, serial);
  }
  return std::move(b).finish().value();
}

TEST(OcspCertId, RefusesUnknownHashWrongLengthAndBadSerial) {
  auto read = [](const std::vector<uint8_t>& der) {
    der::Parser p(der);
    return CertId::read(p);
  };
  EXPECT_TRUE(read(cert_id_with(der::kSha1, 20, {0x01})));  // parameters absent: accepted
  EXPECT_FALSE(read(cert_id_with(der::kSha384, 48, {0x01})));
  EXPECT_FALSE(read(cert_id_with(der::kSha1, 32, {0x01})));
  EXPECT_FALSE(read(cert_id_with(der::kSha256, 20, {0x01})));
  EXPECT_FALSE(read(cert_id_with(der::kSha1, 20, {0xff})));  // negative
  EXPECT_FALSE(read(cert_id_with(der::kSha1, 20, std::vector<uint8_t>(22, 0x11))));
}

// ---------------------------------------------------------------- parser

TEST(OcspResponse, ParsesAResponseFromOpensslOcsp) {
  auto r = parsed(pki().ocsp("inter", "leaf", "good", "responder"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, ResponseStatus::successful);
  ASSERT_EQ(r->responses.size(), 1u);
  EXPECT_EQ(r->responses[0].status, CertStatus::good);
  EXPECT_TRUE(r->responses[0].next_update);
  EXPECT_TRUE(r->responder_name || r->responder_key_hash);
  ASSERT_FALSE(r->certs.empty());
  EXPECT_TRUE(has_ocsp_nocheck(*r->certs[0]));
  EXPECT_TRUE(r->find(*leaf(), *inter()));
  EXPECT_FALSE(r->find(*other_leaf(), *inter()));
}

TEST(OcspResponse, EveryTruncationAndTrailingByteIsRefused) {
  const auto der = pki().ocsp("inter", "leaf", "good", "inter");
  ASSERT_TRUE(Response::parse(der));
  for (size_t n = 0; n < der.size(); ++n) {
    EXPECT_FALSE(Response::parse(Input(der).first(n))) << "prefix of " << n << " bytes";
  }
  auto longer = der;
  longer.push_back(0);
  auto r = Response::parse(longer);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().alert, Alert::decode_error);
}

std::vector<uint8_t> outer(int64_t status, std::optional<Input> type, std::optional<Input> body) {
  der::Builder b;
  {
    auto seq = b.sequence();
    b.enumerated(status);
    if (type) {
      auto wrap = b.constructed(der::context_constructed(0));
      auto rb = b.sequence();
      b.oid(*type);
      b.octet_string(*body);
    }
  }
  return std::move(b).finish().value();
}

TEST(OcspResponse, ErrorStatusesParseWithoutBytes) {
  auto r = Response::parse(outer(3, {}, {}));
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ((*r)->status, ResponseStatus::try_later);
  EXPECT_EQ(response_status_name((*r)->status), "tryLater");
  auto check_result = check(**r, *leaf(), *inter(), at(now()));
  ASSERT_FALSE(check_result);
  EXPECT_EQ(check_result.error().rule, Rule::ocsp_invalid);
  EXPECT_NE(check_result.error().message.find("tryLater"), std::string::npos);
}

TEST(OcspResponse, RefusesMalformedOuterStructures) {
  const std::vector<uint8_t> body = {0x30, 0x00};
  EXPECT_FALSE(Response::parse(outer(4, {}, {})));                       // 4 is not used
  EXPECT_FALSE(Response::parse(outer(0, {}, {})));                       // successful without bytes
  EXPECT_FALSE(Response::parse(outer(1, Input(der::kOcspBasic), body)));  // error with bytes
  EXPECT_FALSE(Response::parse(outer(0, Input(der::kOcspNonce), body)));  // not id-pkix-ocsp-basic
  EXPECT_FALSE(Response::parse(outer(0, Input(der::kOcspBasic), body)));  // empty BasicOCSPResponse
  EXPECT_FALSE(Response::parse(std::vector<uint8_t>(kMaxResponseSize + 1, 0x30)));
}

// ---------------------------------------------------------------- checker

TEST(OcspCheck, AcceptsGoodSignedByTheCa) {
  auto r = parsed(pki().ocsp("inter", "leaf", "good", "inter"));
  auto a = check(*r, *leaf(), *inter(), at(now()));
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->status, CertStatus::good);
  EXPECT_NE(a->signer.find("issuing CA"), std::string::npos) << a->signer;
  EXPECT_NE(describe(*a).find("good"), std::string::npos);
}

TEST(OcspCheck, AcceptsADelegatedResponderAndNotesNocheck) {
  auto r = parsed(pki().ocsp("inter", "leaf", "good", "responder"));
  auto a = check(*r, *leaf(), *inter(), at(now()));
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_NE(a->signer.find("delegated responder"), std::string::npos) << a->signer;
  EXPECT_NE(a->signer.find("id-pkix-ocsp-nocheck"), std::string::npos) << a->signer;
}

TEST(OcspCheck, RefusesAResponderWithoutOcspSigning) {
  auto r = parsed(pki().ocsp("inter", "leaf", "good", "responder-noeku"));
  auto a = check(*r, *leaf(), *inter(), at(now()));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().rule, Rule::ocsp_invalid);
  EXPECT_NE(a.error().message.find("no authority to sign OCSP responses"), std::string::npos) << a.error().message;
}

TEST(OcspCheck, RefusesAResponderOfAnotherCa) {
  // openssl signs whatever it is told; the responder is the root's, not inter's.
  auto r = parsed(pki().ocsp("inter", "leaf", "good", "responder-root"));
  auto a = check(*r, *leaf(), *inter(), at(now()));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().rule, Rule::ocsp_invalid);
  EXPECT_NE(a.error().message.find("not issued by the certificate's CA"), std::string::npos) << a.error().message;
}

TEST(OcspCheck, RefusesAResponseForAnotherCertificate) {
  auto r = parsed(pki().ocsp("inter", "other", "good", "inter"));
  auto a = check(*r, *leaf(), *inter(), at(now()));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().rule, Rule::ocsp_wrong_certificate);
  EXPECT_EQ(rule_alert(a.error().rule), Alert::bad_certificate_status_response);
  EXPECT_NE(a.error().expected.find("CertID serial"), std::string::npos);
}

TEST(OcspCheck, RefusesExpiredAndNotYetValidResponses) {
  auto r = parsed(pki().ocsp("inter", "leaf", "good", "inter", 1));
  EXPECT_TRUE(check(*r, *leaf(), *inter(), at(now() + kDay - 60)));
  EXPECT_TRUE(check(*r, *leaf(), *inter(), at(now() + kDay + kClockSkew - 60)));  // within the skew
  auto late = check(*r, *leaf(), *inter(), at(now() + 2 * kDay));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().rule, Rule::ocsp_stale);
  EXPECT_NE(late.error().message.find("has expired"), std::string::npos);
  auto early = check(*r, *leaf(), *inter(), at(now() - kDay));
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().rule, Rule::ocsp_stale);
  EXPECT_NE(early.error().message.find("not valid yet"), std::string::npos);
}

TEST(OcspCheck, ReportsRevokedWithTimeAndReason) {
  auto r = parsed(pki().ocsp("inter", "leaf", "revoked", "responder"));
  auto a = check(*r, *leaf(), *inter(), at(now()));
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->status, CertStatus::revoked);
  ASSERT_TRUE(a->reason);
  EXPECT_EQ(*a->reason, CrlReason::key_compromise);
  EXPECT_LE(std::abs(a->revocation_time - now()), 120);
  EXPECT_NE(describe(*a).find("keyCompromise"), std::string::npos);
}

TEST(OcspCheck, ReportsUnknown) {
  auto r = parsed(pki().ocsp("inter", "leaf", "unknown", "inter"));
  auto a = check(*r, *leaf(), *inter(), at(now()));
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->status, CertStatus::unknown);
}

TEST(OcspCheck, RefusesATamperedSignature) {
  auto der = pki().ocsp("inter", "leaf", "good", "inter");
  auto original = parsed(der);
  der[static_cast<size_t>(original->signature.data() - original->der().data()) + 10] ^= 0x01;
  auto r = Response::parse(der);
  ASSERT_TRUE(r) << r.error().message();
  auto a = check(**r, *leaf(), *inter(), at(now()));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().rule, Rule::ocsp_invalid);
}

TEST(OcspCheck, RequiresTheNonceWeSent) {
  auto r = parsed(pki().ocsp("inter", "leaf", "good", "inter"));  // made without a nonce
  auto o = at(now());
  o.nonce = std::vector<uint8_t>{1, 2, 3, 4};
  auto a = check(*r, *leaf(), *inter(), o);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().rule, Rule::ocsp_invalid);
  EXPECT_NE(a.error().message.find("nonce"), std::string::npos);
}

// ---------------------------------------------------------------- request

TEST(OcspRequest, CarriesTheCertIdAndTheNonce) {
  const CertId id = CertId::of(*leaf(), *inter());
  const std::vector<uint8_t> nonce = {9, 8, 7, 6, 5, 4, 3, 2};
  auto der = build_request(id, nonce);
  ASSERT_TRUE(der) << der.error().message();
  der::Parser top(*der);
  auto req = top.read_sequence().value();
  auto tbs = req.read_sequence().value();
  auto list = tbs.read_sequence().value();
  auto one = list.read_sequence().value();
  EXPECT_EQ(CertId::read(one).value(), id);
  EXPECT_TRUE(tbs.next_is(der::context_constructed(2)));
  EXPECT_FALSE(build_request(id, std::vector<uint8_t>(33, 1)));
  EXPECT_FALSE(build_request(id, std::vector<uint8_t>{}));
}

TEST(OcspRequest, OpensslReadsIt) {
  auto der = build_request(CertId::of(*leaf(), *inter()), std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 7, 8}).value();
  const std::string path = pki().dir() + "/parley-req.der";
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_TRUE(f);
  std::fwrite(der.data(), 1, der.size(), f);
  std::fclose(f);
  const std::string cmd = "openssl ocsp -reqin " + path + " -req_text 2>&1 | grep -q 'OCSP Nonce'";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

}  // namespace
}  // namespace parley::x509::ocsp
