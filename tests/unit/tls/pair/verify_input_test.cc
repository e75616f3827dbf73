// Verifiers receive the peer's chain as DER with what is expected of it
// (verifier.h VerifyInput); the handshake parses nothing before them, and
// checks CertificateVerify with the leaf of the path they return.
#include <gtest/gtest.h>

#include <algorithm>

#include "ca_chain.h"
#include "pair_util.h"

namespace parley::pairtest {
namespace {

namespace verify = tls::verify;

// Records its input, then hands the chain to the X.509 adapter (or returns
// `path_override` as the verified path).
class RecordingServerVerifier final : public verify::ServerCertVerifier {
 public:
  RecordingServerVerifier() : inner_(verify::x509_server_verifier(ca_chain().store())) {}
  Result<verify::VerifiedChain> verify_server(const verify::VerifyInput& input) const override {
    for (auto der : input.chain) chain.emplace_back(der.begin(), der.end());
    name = input.name ? input.name->dns.value_or("") : "<none>";
    purpose = input.purpose;
    now = input.now;
    had_ocsp = input.ocsp_response.has_value();
    auto r = PARLEY_TRY(inner_->verify_server(input));
    if (path_override) r.path = *path_override;
    return r;
  }
  mutable std::vector<std::vector<uint8_t>> chain;
  mutable std::string name;
  mutable x509::Purpose purpose = x509::Purpose::client_auth;
  mutable int64_t now = 0;
  mutable bool had_ocsp = true;
  std::optional<std::vector<x509::CertificatePtr>> path_override;

 private:
  std::shared_ptr<const verify::ServerCertVerifier> inner_;
};

TEST(VerifyInput, ServerVerifierSeesTheChainAsSentWithNameTimeAndPurpose) {
  auto recorder = std::make_shared<RecordingServerVerifier>();
  auto ccfg = ca_chain().client_config(false);
  ccfg->verifier = recorder;
  auto client = Connection::client(ccfg, ServerName::parse("server.test").value()).value();
  auto server = Connection::server(ca_chain().server_config(false)).value();
  pump(client, server);
  ASSERT_EQ(client.error(), nullptr) << client.error()->message();
  const auto& sent = ca_chain().server.chain;
  ASSERT_EQ(recorder->chain.size(), sent.size());
  for (size_t i = 0; i < sent.size(); ++i) EXPECT_TRUE(std::ranges::equal(recorder->chain[i], sent[i]->der()));
  EXPECT_EQ(recorder->name, "server.test");
  EXPECT_EQ(recorder->purpose, x509::Purpose::server_auth);
  EXPECT_NEAR(static_cast<double>(recorder->now), static_cast<double>(P().clock->unix_seconds()), 5.0);
  EXPECT_FALSE(recorder->had_ocsp);  // asked for, but the server has no staple
}

// CertificateVerify is checked with the verified path's leaf, so a verifier
// must return the leaf the peer sent.
TEST(VerifyInput, PathNotStartingWithThePeersLeafIsInternalError) {
  auto recorder = std::make_shared<RecordingServerVerifier>();
  recorder->path_override = std::vector<x509::CertificatePtr>{ca_chain().client.chain.front()};
  auto ccfg = ca_chain().client_config(false);
  ccfg->verifier = recorder;
  auto client = Connection::client(ccfg, ServerName::parse("server.test").value()).value();
  auto server = Connection::server(ca_chain().server_config(false)).value();
  pump(client, server);
  EXPECT_EQ(alert_of(client), Alert::internal_error);
}

}  // namespace
}  // namespace parley::pairtest
