// The responder's OCSPRequest parser: what clients send is read, and every
// malformed or oversized request is refused (and answered malformedRequest).
#include "ca/ocsp/request.h"

#include <gtest/gtest.h>

#include "der/builder.h"
#include "der/oid.h"
#include "test_util.h"
#include "x509/ocsp/request.h"

namespace parley::ca::ocsp {
namespace {

using testing::make_ca;
using testing::sans;

CertId some_cert_id(x509::ocsp::CertIdHash hash = x509::ocsp::CertIdHash::sha1) {
  static Authority ca = make_ca();
  IssueOptions o;
  o.sans = sans({"dns:a.example"});
  static auto issued = ca.issue(o);
  return CertId::of(*issued->certificate, *ca.intermediate(), hash);
}

// A request written by hand: tbsRequest contents, then what follows it.
std::vector<uint8_t> request_with(const std::function<void(der::Builder&)>& tbs_contents,
                                  const std::function<void(der::Builder&)>& after = {}) {
  der::Builder b;
  {
    auto req = b.sequence();
    {
      auto tbs = b.sequence();
      tbs_contents(b);
    }
    if (after) after(b);
  }
  return *std::move(b).finish();
}

void one_request(der::Builder& b, const CertId& id) {
  auto list = b.sequence();
  auto r = b.sequence();
  id.encode(b);
}

void extension(der::Builder& b, der::Input oid, bool critical, const std::function<void(der::Builder&)>& value) {
  auto wrapper = b.constructed(der::context_constructed(2));
  auto exts = b.sequence();
  auto ext = b.sequence();
  b.oid(oid);
  if (critical) b.boolean(true);
  auto v = b.octet_string_scope();
  value(b);
}

TEST(OcspRequest, ReadsWhatTheRequestBuilderWritesWithSha1AndSha256) {
  for (auto hash : {x509::ocsp::CertIdHash::sha1, x509::ocsp::CertIdHash::sha256}) {
    const CertId id = some_cert_id(hash);
    auto der = x509::ocsp::build_request(id);
    ASSERT_TRUE(der);
    auto parsed = parse_request(*der);
    ASSERT_TRUE(parsed) << parsed.error().message();
    ASSERT_EQ(parsed->certs.size(), 1u);
    EXPECT_EQ(parsed->certs[0], id);
    EXPECT_FALSE(parsed->nonce);
  }
}

TEST(OcspRequest, ReadsTheNonce) {
  const std::vector<uint8_t> nonce(16, 0xab);
  auto der = x509::ocsp::build_request(some_cert_id(), nonce);
  auto parsed = parse_request(*der);
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_EQ(parsed->nonce, nonce);
}

TEST(OcspRequest, ReadsSeveralCertIdsARequestorNameAndASignature) {
  const CertId id = some_cert_id();
  auto der = request_with(
      [&](der::Builder& b) {
        {
          auto name = b.constructed(der::context_constructed(1));
          b.implicit(der::context(2), std::vector<uint8_t>{'x'});
        }
        auto list = b.sequence();
        for (int i = 0; i < 3; ++i) {
          auto r = b.sequence();
          id.encode(b);
        }
      },
      [](der::Builder& b) {
        auto sig = b.constructed(der::context_constructed(0));
        auto s = b.sequence();
        b.null();
      });
  auto parsed = parse_request(der);
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_EQ(parsed->certs.size(), 3u);
}

TEST(OcspRequest, RefusesEveryTruncationAndTrailingBytes) {
  auto der = *x509::ocsp::build_request(some_cert_id(), std::vector<uint8_t>(8, 1));
  for (size_t n = 0; n < der.size(); ++n) {
    EXPECT_FALSE(parse_request(der::Input(der.data(), n))) << "truncated to " << n;
  }
  der.push_back(0);
  EXPECT_FALSE(parse_request(der)) << "a trailing byte";
}

TEST(OcspRequest, RefusesStructuresThatAreNotDerOrNotAllowed) {
  const CertId id = some_cert_id();
  auto refused = [](const std::vector<uint8_t>& der, const char* why) {
    auto r = parse_request(der);
    EXPECT_FALSE(r) << why;
    return r ? std::string() : r.error().message();
  };
  refused(request_with([](der::Builder& b) { auto list = b.sequence(); }), "an empty requestList");
  EXPECT_NE(refused(request_with([&](der::Builder& b) {
                      {
                        auto v = b.constructed(der::context_constructed(0));
                        b.integer(0);
                      }
                      one_request(b, id);
                    }),
                    "version v1 written out")
                .find("DEFAULT"),
            std::string::npos);
  refused(request_with([&](der::Builder& b) {
            auto list = b.sequence();
            for (size_t i = 0; i <= kMaxRequestedCerts; ++i) {
              auto r = b.sequence();
              id.encode(b);
            }
          }),
          "too many CertIDs");
  refused(request_with([&](der::Builder& b) {
            one_request(b, id);
            extension(b, der::kOcspNonce, false, [](der::Builder& v) { v.octet_string(std::vector<uint8_t>(33, 7)); });
          }),
          "a 33-octet nonce");
  refused(request_with([&](der::Builder& b) {
            one_request(b, id);
            extension(b, der::kOcspNonce, false, [](der::Builder& v) { v.octet_string(std::vector<uint8_t>{}); });
          }),
          "an empty nonce");
  refused(request_with([&](der::Builder& b) {
            one_request(b, id);
            extension(b, der::kOcspNonce, false, [](der::Builder& v) { v.integer(5); });
          }),
          "a nonce that is not an OCTET STRING");
  EXPECT_NE(refused(request_with([&](der::Builder& b) {
                      one_request(b, id);
                      extension(b, der::kTlsFeature, true, [](der::Builder& v) { v.null(); });
                    }),
                    "an unknown critical extension")
                .find("critical"),
            std::string::npos);
  // An unknown extension that is not critical is ignored.
  EXPECT_TRUE(parse_request(request_with([&](der::Builder& b) {
    one_request(b, id);
    extension(b, der::kTlsFeature, false, [](der::Builder& v) { v.null(); });
  })));
  CertId bad_hash = id;
  bad_hash.issuer_key_hash.pop_back();
  refused(request_with([&](der::Builder& b) { one_request(b, bad_hash); }), "a 19-octet SHA-1 hash");
}

TEST(OcspRequest, RefusesAnOversizedRequestBeforeParsingIt) {
  std::vector<uint8_t> big(kMaxRequestSize + 1, 0);
  auto r = parse_request(big);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("octets"), std::string::npos) << r.error().message();
}

}  // namespace
}  // namespace parley::ca::ocsp
