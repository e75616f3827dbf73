// PSK binders and ticket ages (RFC 8446 §4.2.11, §4.6.1) against RFC 8448 §4,
// whose resumed ClientHello carries a binder for the ticket of §3.
#include "tls/handshake/psk.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "key_schedule_peer.h"
#include "tls/wire/messages.h"
#include "vectors/hex.h"
#include "vectors/rfc8448_messages.h"
#include "vectors/rfc8448_secrets.h"

namespace parley::tls::handshake {
namespace {

using namespace parley::test::rfc8448;
using test::hex;
using test::to_hex;

const crypto::CipherSuite& suite() { return *crypto::openssl_provider().suite(crypto::Suite::aes_128_gcm_sha256); }

// RFC 8448 §4 "extract secret early": the IKM (the ticket's PSK) and the secret.
constexpr std::string_view kResumptionPsk = "4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3";
constexpr std::string_view kResumedEarlySecret = "9b2188e9b2fc6d64d71dc329900e20bb41915000f678aa839cbb797cb7d8332c";

struct Resumed {
  std::vector<uint8_t> message = hex(kResumedClientHello);
  wire::ClientHello hello = wire::ClientHello::parse(crypto::ByteView(message).subspan(4)).value();
  crypto::ByteView binder() const { return hello.extensions.pre_shared_key->binders.front(); }
  SecretBytes hash() const { return binder_hash(*suite().hash, truncated_client_hello(message, *hello.binders_offset)); }
};

EarlySecret early() {
  auto psk = resumption_psk(*suite().hash, hex(kSimpleResumptionMaster), std::vector<uint8_t>{0, 0});
  return EarlySecret::with_psk(suite(), psk->view()).value();
}

TEST(ResumptionPsk, IsExpandedFromTheResumptionMasterSecretAndTheTicketNonce) {
  // RFC 8448 §3's NewSessionTicket has ticket_nonce 00 00.
  auto psk = resumption_psk(*suite().hash, hex(kSimpleResumptionMaster), std::vector<uint8_t>{0, 0});
  ASSERT_TRUE(psk.has_value());
  EXPECT_EQ(to_hex(psk->view()), kResumptionPsk);
  EXPECT_EQ(to_hex(KeyScheduleTestPeer::secret(early())), kResumedEarlySecret);
  auto other = resumption_psk(*suite().hash, hex(kSimpleResumptionMaster), std::vector<uint8_t>{0, 1});
  EXPECT_NE(to_hex(other->view()), kResumptionPsk);
}

TEST(PskBinder, MatchesTheBinderOfRfc8448ResumedClientHello) {
  const Resumed r;
  ASSERT_TRUE(r.hello.binders_offset.has_value());
  // The truncated hello ends where the binders list (2-byte length, 1-byte
  // length, 32 bytes) starts.
  EXPECT_EQ(truncated_client_hello(r.message, *r.hello.binders_offset).size(), r.message.size() - 35);
  auto binder = psk_binder(early(), PskKind::resumption, r.hash().view());
  ASSERT_TRUE(binder.has_value());
  EXPECT_EQ(to_hex(binder->view()), to_hex(r.binder()));
  EXPECT_TRUE(verify_psk_binder(early(), PskKind::resumption, r.hash().view(), r.binder()).has_value());
}

TEST(PskBinder, AWrongBinderIsDecryptError) {
  const Resumed r;
  std::vector<uint8_t> bad(r.binder().begin(), r.binder().end());
  bad.back() ^= 1;
  auto v = verify_psk_binder(early(), PskKind::resumption, r.hash().view(), bad);
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().alert, Alert::decrypt_error);
  // A truncated binder does not verify either (the comparison checks lengths).
  bad.assign(r.binder().begin(), r.binder().end() - 1);
  EXPECT_FALSE(verify_psk_binder(early(), PskKind::resumption, r.hash().view(), bad).has_value());
}

TEST(PskBinder, ExternalPsksUseAnotherLabel) {
  const Resumed r;
  auto ext = psk_binder(early(), PskKind::external, r.hash().view());
  ASSERT_TRUE(ext.has_value());
  EXPECT_NE(to_hex(ext->view()), to_hex(r.binder()));
}

TEST(PskBinder, AfterAHelloRetryRequestTheTranscriptSoFarComesFirst) {
  const Resumed r;
  const crypto::ByteView truncated = truncated_client_hello(r.message, *r.hello.binders_offset);
  Transcript before(*suite().hash);
  before.update(hex(kHrrClientHello1));
  ASSERT_TRUE(before.replace_client_hello_with_message_hash().has_value());
  before.update(hex(kHrrHelloRetryRequest));
  Transcript all(*suite().hash);
  all.update(hex(kHrrClientHello1));
  ASSERT_TRUE(all.replace_client_hello_with_message_hash().has_value());
  all.update(hex(kHrrHelloRetryRequest));
  all.update(truncated);
  EXPECT_EQ(to_hex(binder_hash(before, truncated).view()), to_hex(all.current().view()));
  EXPECT_NE(to_hex(binder_hash(before, truncated).view()), to_hex(r.hash().view()));
}

TEST(TicketAge, ObfuscationAddsTicketAgeAddModulo2To32) {
  // RFC 8448: ticket_age_add fad6aac5 (§3), obfuscated_ticket_age fad6aacb (§4).
  EXPECT_EQ(ticket_age_ms(0xfad6aacb, 0xfad6aac5), 6u);
  EXPECT_EQ(obfuscate_ticket_age(6, 0xfad6aac5), 0xfad6aacbu);
  EXPECT_EQ(obfuscate_ticket_age(0x10, 0xfffffff8), 0x8u);
  EXPECT_EQ(ticket_age_ms(0x8, 0xfffffff8), 0x10u);
}

TEST(EarlySecrets, ClientEarlyTrafficAndEarlyExporterAreLogged) {
  struct Log final : KeyLog {
    std::vector<std::string> labels;
    void log(std::string_view label, crypto::ByteView) override { labels.emplace_back(label); }
  } log;
  const Resumed r;
  const SecretBytes ch_hash = suite().hash->digest(r.message);
  auto e = early();
  auto traffic = e.client_early_traffic(ch_hash.view(), &log);
  auto exporter = e.early_exporter(ch_hash.view(), &log);
  ASSERT_TRUE(traffic.has_value() && exporter.has_value());
  EXPECT_EQ(log.labels, (std::vector<std::string>{"CLIENT_EARLY_TRAFFIC_SECRET", "EARLY_EXPORTER_SECRET"}));
  EXPECT_TRUE(traffic->protection().has_value());
}

}  // namespace
}  // namespace parley::tls::handshake
