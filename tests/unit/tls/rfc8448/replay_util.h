// Helpers for replaying RFC 8448 through real Connections (see
// simple_1rtt_test.cc for what is test setup and what is production behaviour).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <utility>
#include <memory>
#include <string>
#include <vector>

#include "base/reader.h"
#include "parley/config.h"
#include "parley/connection.h"
#include "tls/connection.h"
#include "tls/wire/extensions.h"
#include "vectors/hex.h"
#include "vectors/rfc8448_messages.h"
#include "x509/certificate.h"

namespace parley::test::rfc8448 {

namespace wire = tls::wire;
using Bytes = std::vector<uint8_t>;

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// A TLSPlaintext handshake record around one message.
inline Bytes plaintext_record(uint16_t version, const Bytes& msg) {
  Bytes r = {0x16, static_cast<uint8_t>(version >> 8), static_cast<uint8_t>(version),
             static_cast<uint8_t>(msg.size() >> 8), static_cast<uint8_t>(msg.size())};
  r.insert(r.end(), msg.begin(), msg.end());
  return r;
}

// The extension block of an encoded handshake message that starts at `offset`
// (header included), parsed so that re-encoding is byte-exact (`order`).
inline wire::Extensions extensions_at(const Bytes& msg, size_t offset, wire::MessageKind kind) {
  Reader r(std::span<const uint8_t>(msg).subspan(offset));
  auto e = wire::parse_extensions(r, kind);
  EXPECT_TRUE(e.has_value());
  EXPECT_TRUE(r.empty());
  return e.value_or(wire::Extensions{});
}

// The first certificate of an encoded Certificate message (header 4, context
// length 1 with an empty context, list length 3, entry length 3).
inline Bytes first_certificate_der(const Bytes& certificate_message) {
  const Bytes& m = certificate_message;
  const size_t len = size_t{m[8]} << 16 | size_t{m[9]} << 8 | m[10];
  return Bytes(m.begin() + 11, m.begin() + 11 + static_cast<ptrdiff_t>(len));
}

// The RFC's server certificate of §3 and §5 (CN=rsa, 1024-bit RSA).
inline Bytes rfc_certificate_der() { return first_certificate_der(hex(kSimpleCertificate)); }

// RFC 8446 §4.4.3: the content a CertificateVerify signs.
inline Bytes signed_content(std::string_view context, crypto::ByteView transcript_hash) {
  // 64 spaces, the context string, a zero byte, the hash.
  Bytes content(64 + context.size() + 1 + transcript_hash.size(), 0x20);
  auto at = std::copy(context.begin(), context.end(), content.begin() + 64);
  *at++ = 0x00;
  std::copy(transcript_hash.begin(), transcript_hash.end(), at);
  return content;
}

// A key double: checks the content it is asked to sign and answers with the
// RFC's signature (RSA-PSS salts and ECDSA nonces are random, so no real key
// reproduces the RFC's bytes). `cert` supplies the real public key.
class FixedSigner final : public crypto::Signer {
 public:
  FixedSigner(x509::CertificatePtr cert, crypto::SignatureScheme scheme, Bytes expected_content, Bytes signature)
      : cert_(std::move(cert)), scheme_(scheme), expected_(std::move(expected_content)), signature_(std::move(signature)) {}
  crypto::KeyType type() const override { return cert_->public_key->type(); }
  Result<crypto::SignatureJob> start_signing(crypto::SignatureScheme scheme, crypto::ByteView msg) const override {
    ++calls;
    EXPECT_EQ(scheme, scheme_);
    EXPECT_EQ(to_hex(msg), to_hex(expected_));
    return crypto::SignatureJob(crypto::Bytes(signature_.begin(), signature_.end()));
  }
  mutable int calls = 0;

 private:
  x509::CertificatePtr cert_;
  crypto::SignatureScheme scheme_;
  Bytes expected_, signature_;
};

// Accepts exactly the RFC's certificate (see the file comment).
class RfcCertificateVerifier final : public tls::verify::ServerCertVerifier {
 public:
  explicit RfcCertificateVerifier(Bytes der) : der_(std::move(der)) {}
  Result<tls::verify::VerifiedChain> verify_server(const tls::verify::VerifyInput& input) const override {
    EXPECT_EQ(input.name ? input.name->dns.value_or("") : "", "server");
    if (input.chain.size() != 1 || to_hex(input.chain[0]) != to_hex(der_)) {
      return err::make(Error::Kind::Certificate, Alert::bad_certificate, "not the RFC 8448 certificate");
    }
    tls::verify::VerifiedChain v;
    v.path = {PARLEY_TRY(x509::Certificate::parse(input.chain[0]))};
    v.name_matched = "DNS:server";
    return v;
  }

 private:
  Bytes der_;
};

class RecordingKeyLog final : public KeyLog {
 public:
  explicit RecordingKeyLog(std::string client_random_hex) : expected_client_random(std::move(client_random_hex)) {}
  void log(std::string_view label, std::span<const uint8_t> client_random, std::span<const uint8_t> secret) override {
    EXPECT_EQ(to_hex(client_random), expected_client_random);
    secrets[std::string(label)] = to_hex(secret);
  }
  std::string expected_client_random;
  std::map<std::string, std::string> secrets;
};

inline std::string take(Connection& c) {
  auto out = c.pending_output();
  std::string h = to_hex(out);
  c.consume_output(out.size());
  return h;
}

inline void feed(Connection& c, std::string_view hex_bytes) {
  const Bytes b = hex(hex_bytes);
  auto r = c.feed(b);
  ASSERT_TRUE(r.has_value()) << r.error().message();
}

// The RFC's client: its cipher-suite and group order, no §D.4 compatibility
// mode (its legacy_session_id is empty), and a verifier that accepts exactly
// the RFC's server certificate (which would not pass path validation).
inline std::shared_ptr<ClientConfig> rfc_client_config(const crypto::Provider& provider, Bytes server_der,
                                                       std::shared_ptr<KeyLog> keylog = nullptr) {
  auto cfg = std::make_shared<ClientConfig>();
  cfg->provider = &provider;
  cfg->verifier = std::make_shared<RfcCertificateVerifier>(std::move(server_der));
  cfg->suites = {crypto::Suite::aes_128_gcm_sha256, crypto::Suite::chacha20_poly1305_sha256,
                 crypto::Suite::aes_256_gcm_sha384};
  cfg->groups = {crypto::Group::x25519, crypto::Group::secp256r1, crypto::Group::secp384r1};
  cfg->middlebox_compat = false;
  cfg->keylog = std::move(keylog);
  return cfg;
}

inline std::shared_ptr<ServerConfig> rfc_server_config(const crypto::Provider& provider, Identity identity,
                                                       std::shared_ptr<KeyLog> keylog = nullptr) {
  auto cfg = std::make_shared<ServerConfig>();
  cfg->provider = &provider;
  cfg->identities.push_back(std::move(identity));
  cfg->middlebox_compat = false;
  // The RFC's NewSessionTicket holds the RFC server's own opaque ticket: the
  // replay sends it itself (send_post_handshake_message), not ours.
  cfg->tickets = 0;
  cfg->keylog = std::move(keylog);
  return cfg;
}

// The RFC's extension blocks, sent instead of ours, in sending order per
// message type (after a HelloRetryRequest, the second ClientHello and the
// ServerHello take the second entry of their type). The blocks may view into
// message bytes the test keeps alive.
using ExtensionScript = std::vector<std::pair<wire::HandshakeType, wire::Extensions>>;

inline void override_extensions(Connection& c, ExtensionScript script) {
  auto used = std::make_shared<std::vector<bool>>(script.size(), false);
  tls::ConnectionInternals::set_extensions_override(
      c, [script = std::move(script), used](wire::HandshakeType t) -> std::optional<wire::Extensions> {
        for (size_t i = 0; i < script.size(); ++i) {
          if (script[i].first == t && !(*used)[i]) {
            (*used)[i] = true;
            return script[i].second;
          }
        }
        return std::nullopt;
      });
}

// Two Connections for a replay, each with its extension script.
struct ReplayPair {
  std::optional<Connection> client, server;
};

inline void connect_pair(ReplayPair& p, std::shared_ptr<const ClientConfig> ccfg,
                         std::shared_ptr<const ServerConfig> scfg, ExtensionScript client_script,
                         ExtensionScript server_script) {
  auto client = tls::ConnectionInternals::unstarted_client(std::move(ccfg), ServerName::parse("server").value());
  ASSERT_TRUE(client.has_value()) << client.error().message();
  auto server = Connection::server(std::move(scfg));
  ASSERT_TRUE(server.has_value()) << server.error().message();
  override_extensions(*client, std::move(client_script));
  override_extensions(*server, std::move(server_script));
  ASSERT_TRUE(tls::ConnectionInternals::start(*client));  // the ClientHello with the RFC's extensions
  p.client.emplace(std::move(*client));
  p.server.emplace(std::move(*server));
}

// §6.1: close_notify from the client, then the server closes its own
// direction; each record must be the RFC's.
inline void expect_close_both_ways(ReplayPair& p, std::string_view client_record, std::string_view server_record) {
  p.client->close();
  EXPECT_EQ(take(*p.client), client_record);
  ASSERT_NO_FATAL_FAILURE(feed(*p.server, client_record));
  EXPECT_TRUE(p.server->peer_closed());
  p.server->close();
  EXPECT_EQ(take(*p.server), server_record);
  ASSERT_NO_FATAL_FAILURE(feed(*p.client, server_record));
  EXPECT_TRUE(p.client->peer_closed());
}

}  // namespace parley::test::rfc8448
