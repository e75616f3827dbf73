// §4.2: a server may answer only extensions the client sent. The client
// reads that list back from the ClientHello it actually sent, so whatever
// changes the ClientHello (the edit hook here; PSK and early data next)
// changes what the answers may carry.
#include <gtest/gtest.h>

#include "ca_chain.h"
#include "pair_util.h"

namespace parley::pairtest {
namespace {

namespace wire = tls::wire;

constexpr uint16_t kMaxFragmentLength = 1;  // RFC 6066 §4: CH and EE only (RFC 8446 §4.2)
constexpr uint8_t kTwoToTheNine[] = {0x01};

// A server whose EncryptedExtensions carry max_fragment_length.
Connection server_answering_max_fragment_length() {
  auto server = Connection::server(ca_chain().server_config(false)).value();
  tls::ConnectionInternals::set_extensions_override(server, [](wire::HandshakeType t) -> std::optional<wire::Extensions> {
    if (t != wire::HandshakeType::encrypted_extensions) return std::nullopt;
    wire::Extensions e;
    e.uninterpreted.push_back(wire::RawExtension{kMaxFragmentLength, kTwoToTheNine});
    return e;
  });
  return server;
}

TEST(SentExtensions, AnExtensionTheClientHelloCarriedMayBeAnswered) {
  auto client = tls::ConnectionInternals::unstarted_client(ca_chain().client_config(false),
                                                           ServerName::parse("server.test").value())
                    .value();
  tls::ConnectionInternals::set_client_hello_edit(client, [](wire::ClientHello& ch) {
    ch.extensions.uninterpreted.push_back(wire::RawExtension{kMaxFragmentLength, kTwoToTheNine});
  });
  ASSERT_TRUE(tls::ConnectionInternals::start(client));
  auto server = server_answering_max_fragment_length();
  pump(client, server);
  ASSERT_EQ(client.error(), nullptr) << client.error()->message();
  ASSERT_EQ(server.error(), nullptr) << server.error()->message();
  EXPECT_FALSE(client.is_handshaking());
}

TEST(SentExtensions, AnExtensionTheClientHelloLackedIsUnsupportedExtension) {
  auto client = Connection::client(ca_chain().client_config(false), ServerName::parse("server.test").value()).value();
  auto server = server_answering_max_fragment_length();
  pump(client, server);
  EXPECT_EQ(alert_of(client), Alert::unsupported_extension);
}

}  // namespace
}  // namespace parley::pairtest
