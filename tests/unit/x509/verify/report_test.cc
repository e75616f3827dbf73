// The wording of reports and the alert they reduce to.
#include "x509/report.h"

#include <gtest/gtest.h>

namespace parley::x509 {
namespace {

TEST(Report, HumanisedDurations) {
  EXPECT_EQ(relative_time(0, 3 * 86400), "3 days ago");
  EXPECT_EQ(relative_time(7200, 0), "in 2 hours");
  EXPECT_EQ(relative_time(5, 5), "now");
  EXPECT_EQ(humanize_duration(1), "1 second");
  EXPECT_EQ(humanize_duration(59), "59 seconds");
  EXPECT_EQ(humanize_duration(60), "1 minute");
  EXPECT_EQ(humanize_duration(400 * 86400), "1 year");
}

TEST(Report, EachRuleHasAnIdAndOneAlert) {
  EXPECT_EQ(rule_id(Rule::expired), "expired");
  EXPECT_EQ(rule_alert(Rule::expired), Alert::certificate_expired);
  EXPECT_EQ(rule_alert(Rule::revoked), Alert::certificate_revoked);
  EXPECT_EQ(rule_alert(Rule::no_issuer), Alert::unknown_ca);
  EXPECT_EQ(rule_alert(Rule::signature_algorithm_weak), Alert::unsupported_certificate);
  EXPECT_EQ(rule_alert(Rule::hostname_mismatch), Alert::bad_certificate);
  for (int r = 0; r <= static_cast<int>(Rule::budget_exhausted); ++r) {
    EXPECT_NE(rule_id(static_cast<Rule>(r)), "unknown_rule") << r;
  }
}

TEST(Report, EmptyReportIsCertificateUnknown) {
  VerifyReport r;
  EXPECT_EQ(r.alert(), Alert::certificate_unknown);
  EXPECT_EQ(r.primary(), nullptr);
}

TEST(Report, TextListsPathsAndFindings) {
  VerifyReport r;
  Finding f;
  f.rule = Rule::expired;
  f.message = "certificate 'CN=orders' expired 3 days ago (not after 2026-11-20T10:00:00Z)";
  f.expected = "not after ≥ 2026-11-23T10:00:00Z";
  f.found = "not after 2026-11-20T10:00:00Z";
  f.hint = "renew the certificate";
  r.paths.push_back(CandidatePath{{}, true, {f}});
  EXPECT_EQ(r.alert(), Alert::certificate_expired);
  std::string text = r.to_text();
  EXPECT_NE(text.find("best candidate path (reaches a trust anchor)"), std::string::npos);
  EXPECT_NE(text.find("- certificate 'CN=orders' expired 3 days ago"), std::string::npos);
  EXPECT_NE(text.find("hint: renew the certificate"), std::string::npos);
  EXPECT_EQ(r.to_error().alert, Alert::certificate_expired);
}

}  // namespace
}  // namespace parley::x509
