// The OCSP responder end to end in memory: requests from the request builder,
// answers checked by the client-side parser and checker (x509/ocsp), the
// delegated signer's renewal and the cache's invalidation by a revocation.
#include "ca/ocsp/responder.h"

#include <gtest/gtest.h>

#include "crypto/testing/deterministic.h"
#include "test_util.h"
#include "x509/ocsp/check.h"
#include "x509/ocsp/request.h"

namespace parley::ca::ocsp {
namespace {

using testing::sans;
using x509::ocsp::CertIdHash;

InitOptions named(const char* name) {
  InitOptions o;
  o.name = name;
  return o;
}

IssueOptions server_for(const char* san) {
  IssueOptions o;
  o.sans = sans({san});
  return o;
}

// A CA on a clock the test moves, its delegated signer and responder.
struct Fixture {
  crypto::testing::DeterministicProvider det;
  Authority ca;
  DelegatedSigner signer;
  Responder responder;
  Issued leaf;

  Fixture()
      : ca(*Authority::ephemeral(named("OCSP Test Root"), det.provider())),
        signer([this]() -> Result<Delegate> {
          auto issued = PARLEY_TRY(ca.issue_ocsp_signer());
          return Delegate{issued.certificate, std::move(issued.key)};
        }),
        responder(ca.intermediate(), ledger_lookup(ca.ledger()), signer, det.clock()),
        leaf(*ca.issue(server_for("dns:leaf.example"))) {}

  int64_t now() { return det.clock().unix_seconds(); }
  void advance(int64_t seconds) { det.clock().set_unix_seconds(now() + seconds); }

  std::vector<uint8_t> request(CertIdHash hash = CertIdHash::sha1,
                               std::optional<std::vector<uint8_t>> nonce = std::nullopt) {
    auto id = CertId::of(*leaf.certificate, *ca.intermediate(), hash);
    if (nonce) return *x509::ocsp::build_request(id, *nonce);
    return *x509::ocsp::build_request(id);
  }

  // The answer as a relying party sees it, after every check.
  x509::ocsp::Answer checked(const OcspAnswer& a, std::optional<std::vector<uint8_t>> nonce = std::nullopt) {
    auto response = x509::ocsp::Response::parse(a.der, *det.provider().keys);
    EXPECT_TRUE(response) << response.error().message();
    auto answer = x509::ocsp::check(**response, *leaf.certificate, *ca.intermediate(), {.now = now(), .nonce = nonce});
    EXPECT_TRUE(answer) << (answer ? "" : answer.error().message);
    return answer ? *answer : x509::ocsp::Answer{};
  }
};

TEST(OcspResponder, AnswersGoodSignedByTheDelegatedSignerWithSha1AndSha256) {
  Fixture f;
  for (auto hash : {CertIdHash::sha1, CertIdHash::sha256}) {
    auto a = f.responder.respond(f.request(hash));
    ASSERT_EQ(a.status, ResponseStatus::successful) << a.summary;
    auto answer = f.checked(a);
    EXPECT_EQ(answer.status, CertStatus::good);
    EXPECT_NE(answer.signer.find("delegated responder"), std::string::npos) << answer.signer;
    EXPECT_NE(answer.signer.find("nocheck"), std::string::npos) << answer.signer;
    EXPECT_EQ(answer.this_update, f.now());
    EXPECT_EQ(answer.next_update, f.now() + ResponderOptions{}.response_validity);
  }
}

TEST(OcspResponder, AnswersRevokedWithTimeAndReasonAtOnceAfterARevocation) {
  Fixture f;
  auto before = f.responder.respond(f.request());
  EXPECT_EQ(f.checked(before).status, CertStatus::good);
  EXPECT_TRUE(f.responder.respond(f.request()).from_cache) << "a second query is answered pre-signed";
  f.advance(10);
  ASSERT_TRUE(f.ca.revoke(f.leaf.record.serial, x509::CrlReason::key_compromise));
  auto after = f.responder.respond(f.request());
  EXPECT_FALSE(after.from_cache);
  auto answer = f.checked(after);
  EXPECT_EQ(answer.status, CertStatus::revoked);
  EXPECT_EQ(answer.revocation_time, f.now());
  EXPECT_EQ(answer.reason, x509::CrlReason::key_compromise);
}

TEST(OcspResponder, AnswersUnknownForASerialNeverIssued) {
  Fixture f;
  auto id = CertId::of(*f.leaf.certificate, *f.ca.intermediate());
  id.serial = {0x01, 0x02, 0x03};
  auto a = f.responder.respond(*x509::ocsp::build_request(id));
  ASSERT_EQ(a.status, ResponseStatus::successful) << a.summary;
  auto response = *x509::ocsp::Response::parse(a.der, *f.det.provider().keys);
  ASSERT_EQ(response->responses.size(), 1u);
  EXPECT_EQ(response->responses[0].status, CertStatus::unknown);
  EXPECT_EQ(response->responses[0].cert_id, id);
}

TEST(OcspResponder, EchoesTheNonceAndSignsForThatRequest) {
  Fixture f;
  std::vector<uint8_t> nonce(16, 0x5a);
  auto a = f.responder.respond(f.request(CertIdHash::sha1, nonce));
  EXPECT_EQ(f.checked(a, nonce).status, CertStatus::good);
  EXPECT_FALSE(f.responder.respond(f.request(CertIdHash::sha1, nonce)).from_cache);
  EXPECT_EQ(f.responder.cached(), 0u);
}

TEST(OcspResponder, RefusesMalformedRequestsAndOtherIssuers) {
  Fixture f;
  auto garbage = f.responder.respond(std::vector<uint8_t>{0x30, 0x03, 0x02, 0x01});
  EXPECT_EQ(garbage.status, ResponseStatus::malformed_request);
  auto parsed = x509::ocsp::Response::parse(garbage.der);
  ASSERT_TRUE(parsed);
  EXPECT_EQ((*parsed)->status, ResponseStatus::malformed_request);
  // A certificate whose issuer is the root, not the intermediate: not ours to answer.
  auto root_id = CertId::of(*f.ca.intermediate(), *f.ca.intermediate());
  auto other = f.responder.respond(*x509::ocsp::build_request(root_id));
  EXPECT_EQ(other.status, ResponseStatus::unauthorized);
  EXPECT_EQ((*x509::ocsp::Response::parse(other.der))->status, ResponseStatus::unauthorized);
}

TEST(OcspResponder, RenewsTheDelegatedSignerAtHalfItsLifeAndDropsTheCache) {
  Fixture f;
  auto first = f.responder.respond(f.request());
  auto first_signer = (*x509::ocsp::Response::parse(first.der))->certs.at(0);
  const int64_t life = first_signer->validity.not_after - first_signer->validity.not_before;
  EXPECT_LE(life, 4 * 86400 + 60) << "a short-lived delegate";
  f.advance(life / 2 - 120);
  auto same = f.responder.respond(f.request());
  EXPECT_EQ(f.signer.generation(), 1u);
  EXPECT_FALSE(same.from_cache) << "half the response's validity has passed: signed again";
  f.advance(240);
  auto renewed = f.responder.respond(f.request());
  EXPECT_EQ(f.signer.generation(), 2u);
  EXPECT_FALSE(renewed.from_cache);
  auto second_signer = (*x509::ocsp::Response::parse(renewed.der))->certs.at(0);
  EXPECT_FALSE(der::equal(second_signer->serial, first_signer->serial));
  EXPECT_EQ(f.checked(renewed).status, CertStatus::good);
  // Both delegates are in the ledger, as everything the CA signs.
  size_t delegates = 0;
  auto records = *f.ca.list();
  for (const auto& r : records) delegates += r.profile == "ocsp-signing";
  EXPECT_EQ(delegates, 2u);
}

TEST(OcspResponder, CachedResponsesAreReusedUntilHalfTheirValidity) {
  Fixture f;
  f.responder.respond(f.request());
  f.advance(ResponderOptions{}.response_validity / 2 - 1);
  EXPECT_TRUE(f.responder.respond(f.request()).from_cache);
  f.advance(1);
  EXPECT_FALSE(f.responder.respond(f.request()).from_cache);
  f.responder.invalidate();
  EXPECT_EQ(f.responder.cached(), 0u);
}

}  // namespace
}  // namespace parley::ca::ocsp
