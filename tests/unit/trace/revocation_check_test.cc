// The revocation check of a certificate_verified event: each certificate's
// answer with its source in the JSON form, the taught checks and the text trace.
#include <gtest/gtest.h>

#include "trace/checks.h"
#include "trace/describe.h"
#include "trace/event_json.h"

namespace parley::trace {
namespace {

using json = nlohmann::json;

CertificateCheck verified(std::vector<RevocationAnswer> answers) {
  CertificateCheck c;
  c.peer = Party::server;
  c.revocation = std::move(answers);
  return c;
}

RevocationAnswer fetched_ocsp() {
  return {0, "CN=orders (serial 1f)", "fetched OCSP response", "http://ca.internal/ocsp", "good (this update …)"};
}

json revocation_check(const CertificateCheck& c) {
  for (const auto& check : certificate_checks(c, false, 0)) {
    if (check["check"] == "revocation") return check;
  }
  return {};
}

TEST(RevocationCheck, names_the_source_and_the_url_of_each_answer) {
  const auto check = revocation_check(verified({fetched_ocsp(), {1, "CN=Inter", "CRL file", "", "not on the CRL"}}));
  EXPECT_EQ(check["result"], "pass");
  ASSERT_EQ(check["values"].size(), 2u);
  EXPECT_EQ(check["values"][0][0], "[0] CN=orders (serial 1f)");
  EXPECT_EQ(check["values"][0][1], "good (this update …) — fetched OCSP response from http://ca.internal/ocsp");
  EXPECT_EQ(check["values"][1][1], "not on the CRL — CRL file");
}

TEST(RevocationCheck, a_certificate_without_evidence_is_no_finding) {
  const auto check = revocation_check(verified({fetched_ocsp(), {1, "CN=Inter", "none", "", "no evidence"}}));
  EXPECT_EQ(check["result"], "no finding");
  EXPECT_NE(check["detail"].get<std::string>().find("--revocation hard"), std::string::npos);
}

TEST(RevocationCheck, no_answers_means_the_policy_was_off) {
  const auto check = revocation_check(verified({}));
  EXPECT_EQ(check["result"], "no finding");
  EXPECT_NE(check["detail"].get<std::string>().find("--revocation off"), std::string::npos);
}

TEST(RevocationCheck, the_event_json_carries_the_answers) {
  HandshakeEvent e;
  e.kind = HandshakeEvent::Kind::certificate_verified;
  e.payload = verified({fetched_ocsp()});
  EventJson render(Role::client, 0);
  const json j = render(e);
  ASSERT_EQ(j["revocation"].size(), 1u);
  EXPECT_EQ(j["revocation"][0]["position"], 0);
  EXPECT_EQ(j["revocation"][0]["source"], "fetched OCSP response");
  EXPECT_EQ(j["revocation"][0]["origin"], "http://ca.internal/ocsp");
  EXPECT_EQ(j["revocation"][0]["status"], "good (this update …)");
  EXPECT_EQ(revocation_text(fetched_ocsp()),
            "good (this update …) — fetched OCSP response from http://ca.internal/ocsp");
}

}  // namespace
}  // namespace parley::trace
