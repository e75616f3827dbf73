#include "parley/error.h"

#include <gtest/gtest.h>

namespace parley {
namespace {

Result<int> half(int v) {
  if (v % 2 != 0) return err::decode("odd input", std::to_string(v));
  return v / 2;
}

// PARLEY_TRY returns the error early and yields the value otherwise.
Result<int> quarter(int v) {
  int h = PARLEY_TRY(half(v));
  return PARLEY_TRY(half(h));
}

Result<void> check_even(int v) {
  PARLEY_TRY(half(v));
  return {};
}

TEST(Error, TryPropagatesTheFirstError) {
  EXPECT_EQ(quarter(8).value(), 2);
  auto r = quarter(6);  // 6 -> 3 -> odd
  ASSERT_FALSE(r);
  EXPECT_STREQ(r.error().what, "odd input");
  EXPECT_EQ(r.error().detail, "3");
  EXPECT_TRUE(check_even(4));
  EXPECT_FALSE(check_even(5));
}

TEST(Error, FactoriesChooseKindAndAlert) {
  Error d = err::decode("x").error();
  EXPECT_EQ(d.kind, Error::Kind::Decode);
  EXPECT_EQ(d.alert, Alert::decode_error);
  Error p = err::illegal_parameter("x").error();
  EXPECT_EQ(p.kind, Error::Kind::PeerMisbehaved);
  EXPECT_EQ(p.alert, Alert::illegal_parameter);
  Error c = err::crypto("x").error();
  EXPECT_EQ(c.kind, Error::Kind::Crypto);
  EXPECT_FALSE(c.alert.has_value());
  Error i = err::internal("x").error();
  EXPECT_EQ(i.alert, Alert::internal_error);
}

TEST(Error, MessageJoinsWhatAndDetail) {
  EXPECT_EQ(err::decode("DER: bad length").error().message(), "DER: bad length");
  EXPECT_EQ(err::decode("PEM: label mismatch", "BEGIN X, END Y").error().message(),
            "PEM: label mismatch: BEGIN X, END Y");
}

TEST(Alert, NamesFollowRfc8446) {
  EXPECT_EQ(alert_name(Alert::certificate_required), "certificate_required");
  EXPECT_EQ(alert_name(Alert::bad_record_mac), "bad_record_mac");
  EXPECT_EQ(static_cast<int>(Alert::no_application_protocol), 120);
  EXPECT_EQ(alert_name(static_cast<Alert>(255)), "unknown_alert");
}

}  // namespace
}  // namespace parley

namespace parley {
namespace {

Result<int> nested(int v) { return PARLEY_TRY(half(PARLEY_TRY(half(v)))); }

TEST(Error, TryNestsWithoutShadowing) {
  EXPECT_EQ(nested(12).value(), 3);
  EXPECT_FALSE(nested(6));
}

}  // namespace
}  // namespace parley
