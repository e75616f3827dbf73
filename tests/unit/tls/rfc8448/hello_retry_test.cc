// RFC 8448 §5 (HelloRetryRequest) replayed through two real Connections,
// byte for byte: ClientHello 1, HelloRetryRequest (with the RFC's cookie),
// ClientHello 2, ServerHello, the server's protected flight (EE, Certificate,
// CertificateVerify, Finished), the client Finished and both close_notify
// records (§5 has no application data), plus the handshake traffic secrets.
//
// Test setup beyond simple_1rtt_test.cc's: the deterministic provider's
// secp256r1 keys come from libcrypto's generator, so both sides get a
// secp256r1 group double that uses the RFC's private key; the HRR's cookie
// (parley's server sends none) comes in the RFC's extension block, and so
// do the EncryptedExtensions (record_size_limit, supported_groups); the
// server's RSA-PSS signature comes from a double as in simple_1rtt_test.cc.
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include "crypto/testing/deterministic.h"
#include "replay_util.h"
#include "vectors/rfc8448_hrr.h"
#include "vectors/rfc8448_secrets.h"

namespace parley::test::rfc8448 {
namespace {

// RFC 8448 §5 {client}/{server} create an ephemeral secp256r1 key pair: the private keys.
constexpr std::string_view kClientP256Private = "ab5473467e19346ceb0a0414e41da21d4d2445bc3025afe97c4e8dc8d513da39";
constexpr std::string_view kServerP256Private = "8c510601f9765bfb8ed693449a48989859b5cfa879cb9f5443c41c5ff10634ed";
constexpr std::string_view kClientRandom = "b0b1c5a5aa37c5919f2ed1d5c6fff7fcb7849716945a2b8cee9258a346677b6f";
constexpr std::string_view kServerRandom = "bb341d847fd789c47c387172dc0c9bf147fccacb5043d86ca4c598d3ff571b98";

// An EC P-256 EVP_PKEY from a public point and, optionally, the private scalar.
EVP_PKEY* p256_key(const Bytes* priv, crypto::ByteView pub) {
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  BIGNUM* bn = priv ? BN_bin2bn(priv->data(), static_cast<int>(priv->size()), nullptr) : nullptr;
  OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub.data(), pub.size());
  if (bn) OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, bn);
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* key = nullptr;
  if (EVP_PKEY_fromdata_init(ctx) != 1 ||
      EVP_PKEY_fromdata(ctx, &key, priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params) != 1) {
    key = nullptr;
  }
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  BN_free(bn);
  OSSL_PARAM_BLD_free(bld);
  return key;
}

Result<SecretBytes> p256_ecdh(const Bytes& priv, const Bytes& pub, crypto::ByteView peer) {
  EVP_PKEY* mine = p256_key(&priv, pub);
  EVP_PKEY* theirs = p256_key(nullptr, peer);
  EVP_PKEY_CTX* ctx = mine ? EVP_PKEY_CTX_new(mine, nullptr) : nullptr;
  SecretBytes out = SecretBytes::zeroed(32);
  size_t len = 32;
  const bool ok = ctx && theirs && EVP_PKEY_derive_init(ctx) == 1 && EVP_PKEY_derive_set_peer(ctx, theirs) == 1 &&
                  EVP_PKEY_derive(ctx, out.data().data(), &len) == 1 && len == 32;
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(theirs);
  EVP_PKEY_free(mine);
  if (!ok) return err::make(Error::Kind::Crypto, Alert::illegal_parameter, "P-256 ECDH failed");
  return out;
}

// secp256r1 with a fixed key pair (the RFC's), for one side of the replay.
class FixedP256 final : public crypto::KxGroup {
 public:
  explicit FixedP256(std::string_view priv_hex)
      : priv_(hex(priv_hex)), pub_(public_point(priv_)) {}
  crypto::Group group() const override { return crypto::Group::secp256r1; }
  std::string_view name() const override { return "secp256r1"; }
  Result<std::unique_ptr<crypto::KeyShare>> start(crypto::Rng&) const override {
    return std::unique_ptr<crypto::KeyShare>(std::make_unique<Share>(*this));
  }
  Result<std::pair<crypto::Bytes, SecretBytes>> respond(crypto::ByteView peer, crypto::Rng&) const override {
    auto s = PARLEY_TRY(p256_ecdh(priv_, pub_, peer));
    return std::pair<crypto::Bytes, SecretBytes>(crypto::Bytes(pub_.begin(), pub_.end()), std::move(s));
  }
  const Bytes& public_point() const { return pub_; }

 private:
  class Share final : public crypto::KeyShare {
   public:
    explicit Share(const FixedP256& g) : g_(g) {}
    crypto::Group group() const override { return crypto::Group::secp256r1; }
    crypto::ByteView public_key() const override { return g_.pub_; }
    Result<SecretBytes> complete(crypto::ByteView peer) && override { return p256_ecdh(g_.priv_, g_.pub_, peer); }

   private:
    const FixedP256& g_;
  };

  static Bytes public_point(const Bytes& priv) {
    BIGNUM* d = BN_bin2bn(priv.data(), static_cast<int>(priv.size()), nullptr);
    EC_GROUP* grp = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    EC_POINT* q = EC_POINT_new(grp);
    Bytes out(65);
    EC_POINT_mul(grp, q, d, nullptr, nullptr, nullptr);
    EC_POINT_point2oct(grp, q, POINT_CONVERSION_UNCOMPRESSED, out.data(), out.size(), nullptr);
    EC_POINT_free(q);
    EC_GROUP_free(grp);
    BN_free(d);
    return out;
  }

  Bytes priv_, pub_;
};

// A provider whose secp256r1 is `p256`, the rest as `base` has them.
struct Groups {
  Groups(const crypto::Provider& base, const crypto::KxGroup* p256) : provider(base) {
    for (const auto* g : base.groups) list.push_back(g->group() == crypto::Group::secp256r1 ? p256 : g);
    provider.groups = list;
  }
  std::vector<const crypto::KxGroup*> list;
  crypto::Provider provider;
};

TEST(Rfc8448, hello_retry_request_replays_byte_for_byte) {
  const Bytes ch1 = hex(kHrrClientHello1), hrr = hex(kHrrHelloRetryRequest), ch2 = hex(kHrrClientHello2),
              sh = hex(kHrrServerHello);
  const auto ch1_ext = extensions_at(ch1, 4 + 2 + 32 + 1 + 8 + 2, wire::MessageKind::client_hello);
  const auto ch2_ext = extensions_at(ch2, 4 + 2 + 32 + 1 + 8 + 2, wire::MessageKind::client_hello);
  const auto hrr_ext = extensions_at(hrr, 4 + 2 + 32 + 1 + 2 + 1, wire::MessageKind::hello_retry_request);
  const auto sh_ext = extensions_at(sh, 4 + 2 + 32 + 1 + 2 + 1, wire::MessageKind::server_hello);
  const Bytes ee = hex(kHrrEncryptedExtensions), cert_msg = hex(kSimpleCertificate), cv = hex(kHrrCertificateVerify);
  const auto ee_ext = extensions_at(ee, 4, wire::MessageKind::encrypted_extensions);

  auto cert = x509::Certificate::parse(rfc_certificate_der());
  ASSERT_TRUE(cert.has_value()) << cert.error().message();

  // §4.4.1: the transcript starts with message_hash(ClientHello1) after an HRR.
  const auto& sha256 = *crypto::openssl_provider().sha256;
  const auto ch1_hash = sha256.digest(ch1);
  const Bytes message_hash = cat({{0xfe, 0x00, 0x00, 0x20}, Bytes(ch1_hash.view().begin(), ch1_hash.view().end())});
  const auto transcript_hash = sha256.digest(cat({message_hash, hrr, ch2, sh, ee, cert_msg}));
  EXPECT_EQ(to_hex(transcript_hash.view()), kHrrHashToCertificate);
  auto signer = std::make_shared<FixedSigner>(*cert, crypto::SignatureScheme::rsa_pss_rsae_sha256,
                                              signed_content("TLS 1.3, server CertificateVerify", transcript_hash.view()),
                                              Bytes(cv.begin() + 8, cv.end()));

  const FixedP256 client_p256(kClientP256Private), server_p256(kServerP256Private);
  crypto::testing::DeterministicProvider client_dp, server_dp;
  Groups client_p(client_dp.provider(), &client_p256), server_p(server_dp.provider(), &server_p256);
  client_dp.rng().push(hex(kClientRandom));  // the unused x25519 key of ClientHello 1 comes from the fallback
  server_dp.rng().push(hex(kServerRandom));

  auto client_log = std::make_shared<RecordingKeyLog>(std::string(kClientRandom));
  auto server_log = std::make_shared<RecordingKeyLog>(std::string(kClientRandom));

  auto scfg = rfc_server_config(server_p.provider, Identity{{*cert}, signer}, server_log);
  scfg->groups = {crypto::Group::secp256r1};  // no x25519: the client's only share earns an HRR
  ReplayPair p;
  ASSERT_NO_FATAL_FAILURE(connect_pair(p, rfc_client_config(client_p.provider, rfc_certificate_der(), client_log), scfg,
                                       {{wire::HandshakeType::client_hello, ch1_ext},
                                        {wire::HandshakeType::client_hello, ch2_ext}},
                                       {{wire::HandshakeType::server_hello, hrr_ext},
                                        {wire::HandshakeType::server_hello, sh_ext},
                                        {wire::HandshakeType::encrypted_extensions, ee_ext}}));
  Connection* client = &*p.client;
  Connection* server = &*p.server;

  const std::string ch1_record = take(*client);
  EXPECT_EQ(ch1_record, to_hex(plaintext_record(0x0301, ch1)));

  ASSERT_NO_FATAL_FAILURE(feed(*server, ch1_record));
  const std::string hrr_record = take(*server);
  EXPECT_EQ(hrr_record, to_hex(plaintext_record(0x0303, hrr)));

  // §5.1: only the initial ClientHello may say 0x0301.
  ASSERT_NO_FATAL_FAILURE(feed(*client, hrr_record));
  const std::string ch2_record = take(*client);
  EXPECT_EQ(ch2_record, to_hex(plaintext_record(0x0303, ch2)));
  ASSERT_TRUE(client->negotiated() == nullptr);

  ASSERT_NO_FATAL_FAILURE(feed(*server, ch2_record));
  const std::string server_flight = take(*server);
  const std::string sh_record = to_hex(plaintext_record(0x0303, sh));
  EXPECT_EQ(server_flight, sh_record + std::string(kHrrServerHandshakeRecord));
  EXPECT_EQ(server_dp.rng().pending(), 0u);
  EXPECT_EQ(client_dp.rng().pending(), 0u);
  EXPECT_EQ(signer->calls, 1);

  // {client}: verifies the RFC's signature, sends its Finished.
  ASSERT_NO_FATAL_FAILURE(feed(*client, server_flight));
  EXPECT_FALSE(client->is_handshaking());
  EXPECT_EQ(take(*client), kHrrClientFinishedRecord);
  ASSERT_NE(client->negotiated(), nullptr);
  EXPECT_EQ(client->negotiated()->suite, crypto::Suite::aes_128_gcm_sha256);
  EXPECT_EQ(client->negotiated()->group, crypto::Group::secp256r1);
  ASSERT_NO_FATAL_FAILURE(feed(*server, kHrrClientFinishedRecord));
  EXPECT_FALSE(server->is_handshaking());

  // close_notify both ways, each the first record under the application keys.
  ASSERT_NO_FATAL_FAILURE(expect_close_both_ways(p, kHrrClientAlertRecord, kHrrServerAlertRecord));

  for (const auto* log : {client_log.get(), server_log.get()}) {
    auto s = log->secrets;
    EXPECT_EQ(s["CLIENT_HANDSHAKE_TRAFFIC_SECRET"], kHrrClientHsTraffic);
    EXPECT_EQ(s["SERVER_HANDSHAKE_TRAFFIC_SECRET"], kHrrServerHsTraffic);
  }
  EXPECT_EQ(to_hex(client_p256.public_point()),
            "04a6da7392ec591e17abfd535964b99894d13befb221b3def2ebe3830eac8f0151812677c4d6d2237e85cf01d6910cfb83954e76ba7352"
            "830534159897e8065780");
}

}  // namespace
}  // namespace parley::test::rfc8448
