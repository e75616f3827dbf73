// The key schedule (RFC 8446 §7) against RFC 8448 §3, §4 and §5, plus
// Finished checks, KeyUpdate, exporters and the key log.
#include "tls/handshake/key_schedule.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "key_schedule_peer.h"
#include "tls/handshake/transcript.h"
#include "vectors/hex.h"
#include "vectors/rfc8448_messages.h"
#include "vectors/rfc8448_secrets.h"

namespace parley::tls::handshake {
namespace {

using namespace parley::test::rfc8448;
using test::hex;
using test::to_hex;
using Peer = KeyScheduleTestPeer;

const crypto::CipherSuite& suite(crypto::Suite id = crypto::Suite::aes_128_gcm_sha256) {
  return *crypto::openssl_provider().suite(id);
}

std::string h(crypto::ByteView b) { return to_hex(b); }

template <class T>
T ok(Result<T> r) {
  if (!r) {
    ADD_FAILURE() << r.error().message();
    std::abort();
  }
  return std::move(r).value();
}

SecretBytes hash_of(std::initializer_list<std::string_view> messages) {
  Transcript t(*suite().hash);
  for (auto m : messages) t.update(hex(m));
  return t.current();
}

struct RecordingKeyLog final : KeyLog {
  std::vector<std::pair<std::string, std::string>> lines;
  void log(std::string_view label, crypto::ByteView secret) override { lines.emplace_back(label, h(secret)); }
};

// ---------------------------------------------------------------- RFC 8448 §3

TEST(Rfc8448Simple, TranscriptHashesMatchTheTrace) {
  EXPECT_EQ(h(hash_of({kSimpleClientHello, kSimpleServerHello}).view()), kSimpleHashToServerHello);
  EXPECT_EQ(h(hash_of({kSimpleClientHello, kSimpleServerHello, kSimpleEncryptedExtensions, kSimpleCertificate,
                       kSimpleCertificateVerify, kSimpleServerFinished})
                  .view()),
            kSimpleHashToServerFinished);
  EXPECT_EQ(h(hash_of({kSimpleClientHello, kSimpleServerHello, kSimpleEncryptedExtensions, kSimpleCertificate,
                       kSimpleCertificateVerify, kSimpleServerFinished, kSimpleClientFinished})
                  .view()),
            kSimpleHashToClientFinished);
}

TEST(Rfc8448Simple, WholeScheduleMatchesByteForByte) {
  Transcript t(*suite().hash);
  t.update(hex(kSimpleClientHello));
  t.update(hex(kSimpleServerHello));

  auto early = ok(EarlySecret::without_psk(suite()));
  EXPECT_EQ(h(Peer::secret(early)), kSimpleEarlySecret);

  RecordingKeyLog log;
  auto hs = ok(std::move(early).derive_handshake(hex(kSimpleEcdhe), t.current().view(), &log));
  EXPECT_EQ(h(Peer::secret(hs)), kSimpleHandshakeSecret);
  EXPECT_EQ(h(hs.client_traffic().view()), kSimpleClientHsTraffic);
  EXPECT_EQ(h(hs.server_traffic().view()), kSimpleServerHsTraffic);
  EXPECT_EQ(h(Peer::finished_key(hs, Side::server)), kSimpleServerFinishedKey);
  EXPECT_EQ(h(Peer::finished_key(hs, Side::client)), kSimpleClientFinishedKey);

  const auto server_keys = ok(hs.server_traffic().keys());
  EXPECT_EQ(h(server_keys.key.view()), kSimpleServerHsKey);
  EXPECT_EQ(h(server_keys.iv.view()), kSimpleServerHsIv);
  const auto client_keys = ok(hs.client_traffic().keys());
  EXPECT_EQ(h(client_keys.key.view()), kSimpleClientHsKey);
  EXPECT_EQ(h(client_keys.iv.view()), kSimpleClientHsIv);

  // The server's Finished covers ClientHello..CertificateVerify (§4.4.4).
  t.update(hex(kSimpleEncryptedExtensions));
  t.update(hex(kSimpleCertificate));
  t.update(hex(kSimpleCertificateVerify));
  const auto server_verify = hs.finished(Side::server, t.current().view());
  EXPECT_EQ(h(server_verify.view()), kSimpleServerVerifyData);
  auto proof = hs.verify_finished(Side::server, t.current().view(), hex(kSimpleServerVerifyData));
  ASSERT_TRUE(proof);
  EXPECT_EQ(proof->peer(), Side::server);

  t.update(hex(kSimpleServerFinished));
  auto main = ok(std::move(hs).derive_main(t.current().view(), &log));
  EXPECT_EQ(h(Peer::secret(main)), kSimpleMasterSecret);
  EXPECT_EQ(h(main.client_application_traffic().view()), kSimpleClientApTraffic);
  EXPECT_EQ(h(main.server_application_traffic().view()), kSimpleServerApTraffic);
  EXPECT_EQ(h(Peer::secret(main.exporter())), kSimpleExporterMaster);
  const auto c_ap = ok(main.client_application_traffic().keys());
  EXPECT_EQ(h(c_ap.key.view()), kSimpleClientApKey);
  EXPECT_EQ(h(c_ap.iv.view()), kSimpleClientApIv);
  const auto s_ap = ok(main.server_application_traffic().keys());
  EXPECT_EQ(h(s_ap.key.view()), kSimpleServerApKey);
  EXPECT_EQ(h(s_ap.iv.view()), kSimpleServerApIv);

  // The client's Finished covers ClientHello..server Finished here (no client certificate).
  EXPECT_EQ(h(main.client_finished(t.current().view()).view()), kSimpleClientVerifyData);
  auto client_proof = main.verify_client_finished(t.current().view(), hex(kSimpleClientVerifyData));
  ASSERT_TRUE(client_proof);
  EXPECT_EQ(client_proof->peer(), Side::client);

  t.update(hex(kSimpleClientFinished));
  EXPECT_EQ(h(ok(main.resumption_master_secret(t.current().view())).view()), kSimpleResumptionMaster);

  const std::vector<std::pair<std::string, std::string>> want = {
      {"CLIENT_HANDSHAKE_TRAFFIC_SECRET", std::string(kSimpleClientHsTraffic)},
      {"SERVER_HANDSHAKE_TRAFFIC_SECRET", std::string(kSimpleServerHsTraffic)},
      {"CLIENT_TRAFFIC_SECRET_0", std::string(kSimpleClientApTraffic)},
      {"SERVER_TRAFFIC_SECRET_0", std::string(kSimpleServerApTraffic)},
      {"EXPORTER_SECRET", std::string(kSimpleExporterMaster)},
  };
  EXPECT_EQ(log.lines, want);
}

TEST(Rfc8448Simple, HkdfExpandLabelWithContextGivesTheResumptionPsk) {
  // §4.6.1: PSK = HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length).
  std::vector<uint8_t> psk(32);
  ASSERT_TRUE(hkdf_expand_label(*suite().hash, hex(kSimpleResumptionMaster), "resumption", hex("0000"), psk));
  EXPECT_EQ(h(psk), kResumptionPsk);
}

TEST(Rfc8448Resumed, EarlySecretFromPsk) {
  auto early = ok(EarlySecret::with_psk(suite(), hex(kResumptionPsk)));
  EXPECT_EQ(h(Peer::secret(early)), kResumedEarlySecret);
}

// ---------------------------------------------------------------- RFC 8448 §5

TEST(Rfc8448HelloRetryRequest, MessageHashTranscriptGivesTheTraceSecrets) {
  // The client buffers ClientHello1 until the HelloRetryRequest names the suite.
  TranscriptBuffer buffer;
  buffer.update(hex(kHrrClientHello1));
  Transcript t = std::move(buffer).start(*suite().hash);
  ASSERT_TRUE(t.replace_client_hello_with_message_hash());
  t.update(hex(kHrrHelloRetryRequest));
  t.update(hex(kHrrClientHello2));
  t.update(hex(kHrrServerHello));
  EXPECT_EQ(h(t.current().view()), kHrrHashToServerHello);

  auto hs = ok(ok(EarlySecret::without_psk(suite())).derive_handshake(hex(kHrrEcdhe), t.current().view()));
  EXPECT_EQ(h(Peer::secret(hs)), kHrrHandshakeSecret);
  EXPECT_EQ(h(hs.client_traffic().view()), kHrrClientHsTraffic);
  EXPECT_EQ(h(hs.server_traffic().view()), kHrrServerHsTraffic);
  EXPECT_EQ(h(Peer::finished_key(hs, Side::server)), kHrrServerFinishedKey);
  EXPECT_EQ(h(Peer::finished_key(hs, Side::client)), kHrrClientFinishedKey);
  const auto s = ok(hs.server_traffic().keys());
  EXPECT_EQ(h(s.key.view()), kHrrServerHsKey);
  EXPECT_EQ(h(s.iv.view()), kHrrServerHsIv);
  const auto c = ok(hs.client_traffic().keys());
  EXPECT_EQ(h(c.key.view()), kHrrClientHsKey);
  EXPECT_EQ(h(c.iv.view()), kHrrClientHsIv);
  // The main secret does not depend on the transcript.
  auto main = ok(std::move(hs).derive_main(t.current().view()));
  EXPECT_EQ(h(Peer::secret(main)), kHrrMasterSecret);
}

TEST(Rfc8448HelloRetryRequest, WithoutTheMessageHashRuleTheSecretsDiffer) {
  Transcript t(*suite().hash);
  for (auto m : {kHrrClientHello1, kHrrHelloRetryRequest, kHrrClientHello2, kHrrServerHello}) t.update(hex(m));
  EXPECT_NE(h(t.current().view()), kHrrHashToServerHello);
}

// ---------------------------------------------------------------- Finished

HandshakeSecret simple_handshake_secret() {
  return ok(ok(EarlySecret::without_psk(suite())).derive_handshake(hex(kSimpleEcdhe), hex(kSimpleHashToServerHello)));
}

TEST(Finished, WrongVerifyDataIsDecryptError) {
  auto hs = simple_handshake_secret();
  const auto th = hex(kSimpleHashToServerFinished);
  auto good = hs.finished(Side::server, th);
  std::vector<uint8_t> bad(good.view().begin(), good.view().end());
  bad[31] ^= 1;
  auto r = hs.verify_finished(Side::server, th, bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().alert, Alert::decrypt_error);
  // Truncated verify_data.
  EXPECT_FALSE(hs.verify_finished(Side::server, th, good.view().first(31)));
  // The client's Finished key does not verify the server's Finished.
  EXPECT_FALSE(hs.verify_finished(Side::client, th, good.view()));
  EXPECT_TRUE(hs.verify_finished(Side::server, th, good.view()));
}

TEST(Finished, WrongClientFinishedIsDecryptError) {
  auto main = ok(simple_handshake_secret().derive_main(hex(kSimpleHashToServerFinished)));
  auto r = main.verify_client_finished(hex(kSimpleHashToServerFinished), hex(kSimpleServerVerifyData));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().alert, Alert::decrypt_error);
}

// ---------------------------------------------------------------- KeyUpdate

TEST(KeyUpdate, NextSecretFollowsSection7_2AndChangesTheKeys) {
  auto main = ok(simple_handshake_secret().derive_main(hex(kSimpleHashToServerFinished)));
  const TrafficSecret& s0 = main.server_application_traffic();
  auto s1 = ok(s0.next());
  std::vector<uint8_t> want(32);
  ASSERT_TRUE(hkdf_expand_label(*suite().hash, hex(kSimpleServerApTraffic), "traffic upd", {}, want));
  EXPECT_EQ(h(s1.view()), h(want));
  EXPECT_NE(h(s1.view()), h(s0.view()));
  EXPECT_NE(h(ok(s1.keys()).key.view()), kSimpleServerApKey);
  auto s2 = ok(s1.next());
  EXPECT_NE(h(s2.view()), h(s1.view()));

  // A record sealed under generation 1 does not open under generation 0.
  auto writer = ok(s1.protection());
  auto old_reader = ok(s0.protection());
  auto new_reader = ok(s1.protection());
  std::vector<uint8_t> rec(writer.sealed_size(1));
  const std::vector<uint8_t> one = {1};
  ASSERT_TRUE(writer.seal(record::ContentType::application_data, one, rec));
  std::vector<uint8_t> plain(rec.size());
  EXPECT_FALSE(old_reader.open(std::span(rec).first(5), std::span(rec).subspan(5), plain));
  EXPECT_TRUE(new_reader.open(std::span(rec).first(5), std::span(rec).subspan(5), plain));
}

// ---------------------------------------------------------------- exporters

TEST(Exporter, MatchesOpenSslForSha256) {
  // From `openssl s_client -keylogfile ... -keymatexport EXPERIMENTAL-parley
  // -keymatexportlen 40` against `openssl s_server` (OpenSSL 3.0.19,
  // TLS_AES_128_GCM_SHA256, no context): EXPORTER_SECRET and the output.
  auto e = Peer::exporter(*suite().hash,
                          hex("c19cad353187f377ce3e24121099db88644eac89cc0a01fc80e74b6f6123c3b3"));
  std::vector<uint8_t> out(40);
  ASSERT_TRUE(e.export_keying_material(out, "EXPERIMENTAL-parley", {}));
  EXPECT_EQ(h(out), "7ad07e549e1c5ef0ba584e7130b5c1aa812d4294f29d49197f8057abeed3aed0ada5761e75e30a25");
}

TEST(Exporter, MatchesOpenSslForSha384) {
  // As above with TLS_AES_256_GCM_SHA384, 48 bytes.
  auto e = Peer::exporter(*suite(crypto::Suite::aes_256_gcm_sha384).hash,
                          hex("8bffbdf76c2bc877cb6cbc0bb20bed1c8ccb56047e84d4c1cbbc8846a836598c"
                              "65bff3b440d61e75310add171e544bad"));
  std::vector<uint8_t> out(48);
  ASSERT_TRUE(e.export_keying_material(out, "EXPERIMENTAL-parley-384", {}));
  EXPECT_EQ(h(out),
            "7d1de36125dccd1d2752b62fed256783c10cd2e01bb33476a9b3b9924a26015cc4cf589d51f8d324de71e69ee5b5a7a5");
}

TEST(Exporter, DeterministicAndSeparatedByLabelAndContext) {
  auto main = ok(simple_handshake_secret().derive_main(hex(kSimpleHashToServerFinished)));
  auto run = [&](std::string_view label, std::vector<uint8_t> ctx) {
    std::vector<uint8_t> out(32);
    EXPECT_TRUE(main.exporter().export_keying_material(out, label, ctx));
    return h(out);
  };
  EXPECT_EQ(run("EXPORTER-a", {}), run("EXPORTER-a", {}));
  EXPECT_NE(run("EXPORTER-a", {}), run("EXPORTER-b", {}));
  EXPECT_NE(run("EXPORTER-a", {}), run("EXPORTER-a", {1}));
  EXPECT_NE(run("EXPORTER-a", {1}), run("EXPORTER-a", {2}));
  std::vector<uint8_t> out(32);
  EXPECT_FALSE(main.exporter().export_keying_material(out, "", {}));
  EXPECT_FALSE(main.exporter().export_keying_material(out, std::string(250, 'x'), {}));
  EXPECT_TRUE(main.exporter().export_keying_material(out, std::string(249, 'x'), {}));
}

TEST(HkdfExpandLabel, RejectsOversizedLabelAndContext) {
  std::vector<uint8_t> out(32);
  const std::vector<uint8_t> secret(32, 1), ctx(256, 0);
  EXPECT_FALSE(hkdf_expand_label(*suite().hash, secret, "key", ctx, out));
  EXPECT_FALSE(hkdf_expand_label(*suite().hash, secret, std::string(250, 'a'), {}, out));
}

TEST(KeySchedule, Sha384SuiteUses48ByteSecrets) {
  const auto& s = suite(crypto::Suite::aes_256_gcm_sha384);
  auto hs = ok(ok(EarlySecret::without_psk(s)).derive_handshake(std::vector<uint8_t>(32, 1),
                                                                std::vector<uint8_t>(48, 2)));
  EXPECT_EQ(hs.client_traffic().view().size(), 48u);
  const auto k = ok(hs.client_traffic().keys());
  EXPECT_EQ(k.key.size(), 32u);
  EXPECT_EQ(k.iv.size(), 12u);
}

}  // namespace
}  // namespace parley::tls::handshake
