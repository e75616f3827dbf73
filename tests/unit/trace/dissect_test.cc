// The byte-level view of handshake messages: every byte of a real message
// labelled, no field outside the message, and peer bytes that are cut short or
// garbled labelled "unparsed" instead of read past their end.
#include <gtest/gtest.h>

#include "trace/dissect.h"
#include "unit/trace/trace_pair.h"

namespace parley::tracetest {
namespace {

std::vector<uint8_t> from_hex(const std::string& hex) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

// Every message of a handshake with client authentication and a HelloRetryRequest, as the client saw them.
std::vector<std::pair<std::string, std::vector<uint8_t>>> handshake_messages() {
  const Ca ca = make_ca("Dissect Root");
  TracedPair t(ca, ca);
  t.server_config->groups = {crypto::Group::secp384r1};
  t.server_config->client_ca = ca.store();
  t.server_config->client_auth = ClientAuth::required;
  t.server_config->alpn = {"h2"};
  t.client_config->alpn = {"h2", "http/1.1"};
  LeafSpec client;
  client.profile = ca::Profile::client;
  client.sans = {"uri:spiffe://example.org/client"};
  t.client_config->identity = make_leaf(ca, key_for(crypto::KeySpec::ec_p256), client);
  t.run();
  EXPECT_TRUE(t.pair->client.negotiated());
  std::vector<std::pair<std::string, std::vector<uint8_t>>> out;
  const auto doc = t.session->document();
  for (const auto& e : doc["events"]) {
    if (e.contains("bytes") && !e["bytes"].get<std::string>().empty()) {
      out.emplace_back(e["name"].get<std::string>(), from_hex(e["bytes"].get<std::string>()));
    }
  }
  return out;
}

TEST(Dissect, labels_every_byte_of_every_message_of_a_handshake) {
  const auto msgs = handshake_messages();
  ASSERT_GE(msgs.size(), 10u);  // CH, HRR, CH, SH, EE, CR, Cert, CV, Fin; ours: Cert, CV, Fin
  for (const auto& [name, bytes] : msgs) {
    SCOPED_TRACE(name);
    const auto fields = trace::dissect(bytes);
    ASSERT_FALSE(fields.empty());
    // The top-level fields tile the message: each starts where the one before ended.
    size_t end = 0;
    for (const auto& f : fields) {
      EXPECT_NE(f.label, "unparsed");
      EXPECT_LE(f.offset + f.length, bytes.size());
      if (f.depth == 0) {
        EXPECT_EQ(f.offset, end) << f.label;
        end = f.offset + f.length;
      }
    }
    EXPECT_EQ(end, bytes.size());
  }
}

TEST(Dissect, names_what_a_reader_looks_for) {
  const auto msgs = handshake_messages();
  auto has = [&](const std::string& msg, const std::string& label, const std::string& value) {
    for (const auto& [name, bytes] : msgs) {
      if (name != msg) continue;
      for (const auto& f : trace::dissect(bytes)) {
        if (f.label == label && (value.empty() || f.value == value)) return true;
      }
    }
    return false;
  };
  EXPECT_TRUE(has("ClientHello", "cipher suite", "TLS_AES_128_GCM_SHA256"));
  EXPECT_TRUE(has("ClientHello", "host_name", "server.test"));
  EXPECT_TRUE(has("ClientHello", "KeyShareEntry", "secp384r1"));  // the second ClientHello's share
  EXPECT_TRUE(has("ServerHello", "selected_version", "TLS 1.3"));
  EXPECT_TRUE(has("EncryptedExtensions", "protocol", "h2"));
  EXPECT_TRUE(has("CertificateRequest", "DistinguishedName", "CN=Dissect Root"));
  EXPECT_TRUE(has("Certificate", "cert_data (leaf)", ""));
  EXPECT_TRUE(has("CertificateVerify", "algorithm", "ecdsa_secp256r1_sha256"));
  EXPECT_TRUE(has("Finished", "verify_data", ""));
  for (const auto& [name, bytes] : msgs) {
    for (const auto& f : trace::dissect(bytes)) {
      EXPECT_TRUE(f.section.empty() || f.section[0] == '4') << name << " " << f.label << " " << f.section;
    }
  }
}

TEST(Dissect, a_message_cut_anywhere_ends_with_unparsed_bytes_and_stays_inside) {
  for (const auto& [name, bytes] : handshake_messages()) {
    SCOPED_TRACE(name);
    for (size_t cut = 0; cut < bytes.size(); ++cut) {
      const std::span<const uint8_t> part(bytes.data(), cut);
      const auto fields = trace::dissect(part);
      for (const auto& f : fields) ASSERT_LE(f.offset + f.length, cut) << f.label;
      if (cut > 4) {
        ASSERT_FALSE(fields.empty());
        EXPECT_EQ(fields.back().label, "unparsed") << "cut at " << cut;
      }
    }
  }
}

TEST(Dissect, a_garbled_length_inside_is_reported_not_followed) {
  auto msgs = handshake_messages();
  auto& hello = msgs.front().second;  // the first ClientHello
  ASSERT_EQ(msgs.front().first, "ClientHello");
  hello[4 + 2 + 32] = 0xff;  // legacy_session_id length: 255, past the end of the message
  const auto fields = trace::dissect(hello);
  ASSERT_FALSE(fields.empty());
  EXPECT_EQ(fields.back().label, "unparsed");
  for (const auto& f : fields) EXPECT_LE(f.offset + f.length, hello.size());
}

// The fuzz target's property, on the inputs it once failed on: a body of
// zeros of every short length, for every message type the page dissects,
// gives top-level fields that tile the message (a NewSessionTicket cut after
// its ticket_lifetime used to leave that field out).
TEST(Dissect, zero_bodies_of_every_length_are_tiled_without_gaps) {
  for (const int type : {1, 2, 4, 5, 8, 11, 13, 15, 20, 24, 99}) {
    for (size_t body = 0; body <= 24; ++body) {
      SCOPED_TRACE(::testing::Message() << "type " << type << ", body " << body);
      std::vector<uint8_t> message = {static_cast<uint8_t>(type), 0, 0, static_cast<uint8_t>(body)};
      message.resize(4 + body);
      size_t end = 0;
      for (const auto& f : trace::dissect(message)) {
        ASSERT_LE(f.offset + f.length, message.size()) << f.label;
        if (f.depth != 0) continue;
        ASSERT_EQ(f.offset, end) << f.label;
        end = f.offset + f.length;
      }
      EXPECT_EQ(end, message.size());
    }
  }
}

// Another fuzz find: an extension whose body does not parse (an empty
// supported_groups) marked its bytes unparsed by ending the whole dissection,
// which handed the fields gathered so far away mid-message.
TEST(Dissect, an_extension_that_does_not_parse_leaves_the_message_tiled) {
  const std::vector<uint8_t> message = {8, 0, 0, 7, 0, 4, 0, 0x0a, 0, 0, 1};  // EncryptedExtensions
  size_t end = 0;
  bool extension_seen = false;
  for (const auto& f : trace::dissect(message)) {
    ASSERT_LE(f.offset + f.length, message.size()) << f.label;
    extension_seen = extension_seen || f.label == "extension: supported_groups";
    if (f.depth != 0) continue;
    ASSERT_EQ(f.offset, end) << f.label;
    end = f.offset + f.length;
  }
  EXPECT_TRUE(extension_seen);
  EXPECT_EQ(end, message.size());
}

TEST(Dissect, rfc8446_link_points_at_the_section) {
  EXPECT_EQ(trace::rfc8446_link("4.1.2"), "https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2");
}

}  // namespace
}  // namespace parley::tracetest
