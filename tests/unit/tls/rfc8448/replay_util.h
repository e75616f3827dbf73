// Helpers for replaying RFC 8448 through real Connections (see
// simple_1rtt_test.cc for what is test setup and what is production behaviour).
#pragma once

#include <gtest/gtest.h>

#include <map>
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

// The RFC's certificate (Certificate message: header 4, context 1, list length 3, entry length 3).
inline Bytes rfc_certificate_der() {
  const Bytes m = hex(kSimpleCertificate);
  const size_t len = size_t{m[8]} << 16 | size_t{m[9]} << 8 | m[10];
  return Bytes(m.begin() + 11, m.begin() + 11 + static_cast<ptrdiff_t>(len));
}

// The server's RSA key: checks the §4.4.3 content it is asked to sign (unless
// none is given) and answers with the RFC's signature (RSA-PSS salts are random).
class RfcSigner final : public crypto::PrivateKey {
 public:
  RfcSigner(x509::CertificatePtr cert, Bytes expected_content, Bytes signature)
      : cert_(std::move(cert)), expected_(std::move(expected_content)), signature_(std::move(signature)) {}
  crypto::KeyType type() const override { return crypto::KeyType::rsa; }
  size_t bits() const override { return 1024; }
  const crypto::PublicKey& public_key() const override { return *cert_->public_key; }
  Result<crypto::Bytes> sign(crypto::SigAlg alg, crypto::ByteView msg) const override {
    ++calls;
    EXPECT_EQ(alg, crypto::SigAlg::rsa_pss_sha256);
    if (!expected_.empty()) {
      EXPECT_EQ(to_hex(msg), to_hex(expected_));
    }
    return crypto::Bytes(signature_.begin(), signature_.end());
  }
  Result<SecretBuffer> to_pkcs8(std::optional<std::string_view>) const override {
    return err::api("RfcSigner has no private key");
  }
  mutable int calls = 0;

 private:
  x509::CertificatePtr cert_;
  Bytes expected_, signature_;
};

// Accepts exactly the RFC's certificate (see the file comment).
class RfcCertificateVerifier final : public tls::verify::ServerCertVerifier {
 public:
  explicit RfcCertificateVerifier(Bytes der) : der_(std::move(der)) {}
  Result<tls::verify::VerifiedChain> verify_server(std::span<const x509::CertificatePtr> chain,
                                                   const tls::verify::ReferenceIdentity& name, int64_t) const override {
    EXPECT_EQ(name.dns.value_or(""), "server");
    if (chain.size() != 1 || to_hex(chain[0]->der()) != to_hex(der_)) {
      return err::make(Error::Kind::Certificate, Alert::bad_certificate, "not the RFC 8448 certificate");
    }
    tls::verify::VerifiedChain v;
    v.path = {chain[0]};
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

}  // namespace parley::test::rfc8448
