// The server's side of §4.4.2: extensions in the client's CertificateEntry
// "MUST correspond to extensions in the CertificateRequest", and ours asks for
// none, so each is unsupported_extension (§4.2). A real pair, the client's
// Certificate edited in flight.
#include <gtest/gtest.h>

#include "scripted_server.h"

namespace parley::hostile {
namespace {

struct Mtls {
  Ca client_ca = make_ca("Hostile client CA");
  Identity client_identity() const {
    LeafSpec spec;
    spec.cn = "orders";
    spec.sans = {"uri:spiffe://example.org/ns/default/sa/orders"};
    spec.profile = ca::Profile::client;
    return make_leaf(client_ca, key_for(crypto::KeySpec::ec_p256), spec);
  }
};

// The client's Certificate with `type` added to its first entry; returns the
// alert the server failed with.
std::optional<Alert> server_alert_for_entry_extension(uint16_t type, const Bytes& body) {
  static const Mtls mtls;
  auto scfg = std::make_shared<ServerConfig>();
  scfg->identities.push_back(world().ecdsa);
  scfg->client_auth = ClientAuth::required;
  scfg->client_ca = mtls.client_ca.store();
  auto ccfg = client_config();
  ccfg->identity = mtls.client_identity();
  auto client = Connection::client(ccfg, ServerName::parse("server.test").value()).value();
  auto server = Connection::server(scfg).value();
  tls::ConnectionInternals::set_tamper(client, [&](wire::HandshakeType t, std::vector<uint8_t>& m) {
    if (t != wire::HandshakeType::certificate) return;
    const Bytes original = m;
    auto c = wire::Certificate::parse(std::span<const uint8_t>(original).subspan(4)).value();
    c.certificate_list.front().extensions.uninterpreted = {{type, body}};
    m = encode(c);
  });
  pump(client, server);
  EXPECT_NE(server.error(), nullptr);
  if (server.error()) {
    EXPECT_NE(server.error()->kind, Error::Kind::AlertReceived);
  }
  EXPECT_EQ(alert_of(client), alert_of(server));  // the alert reached the client
  return alert_of(server);
}

TEST(ClientCertificateEntry, ExtensionTheServerDidNotRequestIsUnsupportedExtension) {
  static const Bytes ocsp = {0x01, 0x00, 0x00, 0x01, 0x00};
  static const Bytes sct = {0x00, 0x00};
  static const Bytes empty;
  EXPECT_EQ(server_alert_for_entry_extension(static_cast<uint16_t>(wire::ExtensionType::status_request), ocsp),
            Alert::unsupported_extension);
  EXPECT_EQ(server_alert_for_entry_extension(static_cast<uint16_t>(wire::ExtensionType::signed_certificate_timestamp),
                                             sct),
            Alert::unsupported_extension);
  EXPECT_EQ(server_alert_for_entry_extension(0x7a7a, empty), Alert::unsupported_extension);
}

// §4.2: a known extension that the table does not allow in a Certificate.
TEST(ClientCertificateEntry, ExtensionNotAllowedThereIsIllegalParameter) {
  static const Bytes host = {0x00, 0x00};
  EXPECT_EQ(server_alert_for_entry_extension(static_cast<uint16_t>(wire::ExtensionType::supported_groups), host),
            Alert::illegal_parameter);
}

}  // namespace
}  // namespace parley::hostile
