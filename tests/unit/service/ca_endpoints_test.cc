// The CA's HTTP endpoints without a socket: routing, the OCSP forms (POST,
// base64 GET), caching headers, CRLs re-signed when the ledger changes and
// when half their validity has passed, and refusals.
#include "service/ca_endpoints/ca_endpoints.h"

#include <gtest/gtest.h>

#include "crypto/testing/deterministic.h"
#include "der/pem.h"
#include "x509/crl.h"
#include "x509/ocsp/request.h"
#include "x509/ocsp/response.h"

namespace parley::service {
namespace {

using x509::ocsp::CertStatus;
using x509::ocsp::ResponseStatus;

struct Fixture {
  crypto::testing::DeterministicProvider det;
  std::unique_ptr<CaEndpoints> endpoints;
  x509::CertificatePtr leaf, intermediate;
  std::string leaf_serial;

  Fixture() {
    auto authority = *ca::Authority::ephemeral({}, det.provider());
    ca::IssueOptions o;
    o.sans = {*ca::parse_san("dns:leaf.example")};
    auto issued = *authority.issue(o);
    leaf = issued.certificate;
    leaf_serial = issued.record.serial;
    intermediate = authority.intermediate();
    endpoints = *CaEndpoints::make(std::move(authority));
  }

  http::Response get(std::string target) { return endpoints->handle({"GET", std::move(target), "", "test"}); }
  http::Response post(std::string target, std::string body) {
    return endpoints->handle({"POST", std::move(target), std::move(body), "test"});
  }
  std::string request_der() {
    auto der = *x509::ocsp::build_request(x509::ocsp::CertId::of(*leaf, *intermediate));
    return {der.begin(), der.end()};
  }
  static x509::ocsp::ResponsePtr parsed(const http::Response& r) {
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type, "application/ocsp-response");
    auto p = x509::ocsp::Response::parse(der::Input(reinterpret_cast<const uint8_t*>(r.body.data()), r.body.size()));
    EXPECT_TRUE(p) << p.error().message();
    return p ? *p : nullptr;
  }
};

bool has_header(const http::Response& r, std::string_view name) {
  return std::any_of(r.headers.begin(), r.headers.end(), [&](const http::Header& h) { return h.name == name; });
}

TEST(CaEndpoints, AnswersOcspByPostAndByBase64GetWithCachingHeaders) {
  Fixture f;
  auto by_post = f.post("/ocsp", f.request_der());
  EXPECT_EQ(Fixture::parsed(by_post)->responses.at(0).status, CertStatus::good);
  EXPECT_EQ(Fixture::parsed(f.post("/", f.request_der()))->responses.at(0).status, CertStatus::good);
  const std::string req = f.request_der();
  std::string b64 = der::base64_encode(der::Input(reinterpret_cast<const uint8_t*>(req.data()), req.size()));
  auto by_get = f.get("/ocsp/" + b64);  // "/" and "+" as they are
  EXPECT_EQ(Fixture::parsed(by_get)->responses.at(0).status, CertStatus::good);
  EXPECT_TRUE(has_header(by_get, "Cache-Control"));
  EXPECT_TRUE(has_header(by_get, "Expires"));
  std::string escaped;
  for (char c : b64) escaped += c == '/' ? "%2F" : c == '+' ? "%2B" : c == '=' ? "%3D" : std::string(1, c);
  EXPECT_EQ(Fixture::parsed(f.get("/ocsp/" + escaped))->responses.at(0).status, CertStatus::good);
}

TEST(CaEndpoints, MalformedRequestsGetTheOcspErrorStatus) {
  Fixture f;
  EXPECT_EQ(Fixture::parsed(f.post("/ocsp", "garbage"))->status, ResponseStatus::malformed_request);
  EXPECT_EQ(Fixture::parsed(f.post("/ocsp", ""))->status, ResponseStatus::malformed_request);
  EXPECT_EQ(Fixture::parsed(f.get("/ocsp/not*base64"))->status, ResponseStatus::malformed_request);
  EXPECT_EQ(Fixture::parsed(f.get("/ocsp/%zz"))->status, ResponseStatus::malformed_request);
  EXPECT_FALSE(has_header(f.post("/ocsp", "garbage"), "Cache-Control"));
}

TEST(CaEndpoints, RefusesOtherMethodsAndPaths) {
  Fixture f;
  auto put = f.endpoints->handle({"PUT", "/ocsp", "", "test"});
  EXPECT_EQ(put.status, 405);
  EXPECT_TRUE(has_header(put, "Allow"));
  EXPECT_EQ(f.get("/ocsp").status, 405) << "GET needs the request in the path";
  EXPECT_EQ(f.get("/ocspx").status, 404);
  EXPECT_EQ(f.get("/crl/other.crl").status, 404);
  EXPECT_EQ(f.post("/crl/intermediate.crl", "").status, 405);
  EXPECT_EQ(f.get("/etc/passwd").status, 404);
}

TEST(CaEndpoints, ServesTheCrlSignedAgainWhenTheLedgerChangesOrItAges) {
  Fixture f;
  auto crl_of = [&](const http::Response& r) {
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type, "application/pkix-crl");
    return *x509::Crl::parse(der::Input(reinterpret_cast<const uint8_t*>(r.body.data()), r.body.size()));
  };
  auto first = f.get("/crl/intermediate.crl");
  EXPECT_TRUE(crl_of(first)->revoked.empty());
  EXPECT_EQ(f.get("/crl/intermediate.crl").body, first.body) << "unchanged: the same signed CRL";
  ASSERT_TRUE(f.endpoints->authority().revoke(f.leaf_serial, x509::CrlReason::superseded));
  auto revoked = crl_of(f.get("/crl/intermediate.crl"));
  ASSERT_EQ(revoked->revoked.size(), 1u);
  EXPECT_EQ(Fixture::parsed(f.post("/ocsp", f.request_der()))->responses.at(0).status, CertStatus::revoked);
  const auto again = f.get("/crl/intermediate.crl").body;
  f.det.clock().set_unix_seconds(f.det.clock().unix_seconds() + CaEndpointsOptions{}.crl_validity / 2);
  auto aged = f.get("/crl/intermediate.crl");
  EXPECT_NE(aged.body, again) << "half its validity passed: signed again";
  EXPECT_EQ(crl_of(aged)->revoked.size(), 1u);
  // The root's CRL over the intermediate, since this CA holds the root key.
  EXPECT_EQ(f.get("/crl/root.crl").status, 200);
}

}  // namespace
}  // namespace parley::service
