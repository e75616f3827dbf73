#include "tls/handshake/key_schedule.h"

#include <array>
#include <cstring>

#include "base/ct.h"

namespace parley::tls::handshake {
namespace {

constexpr std::string_view kLabelPrefix = "tls13 ";

// §7.1: "If a given secret is not available, then the 0-value consisting of a
// string of Hash.length bytes set to zeros is used."
constexpr std::array<uint8_t, SecretBytes::kCapacity> kZeros{};
crypto::ByteView zero_value(const crypto::Hash& hash) { return crypto::ByteView(kZeros.data(), hash.len()); }

// Derive-Secret(secret, "derived", ""): the salt of the next HKDF-Extract (§7.1).
Result<SecretBytes> derived(const crypto::Hash& hash, const SecretBytes& secret) {
  const SecretBytes empty_hash = hash.digest({});
  return derive_secret(hash, secret.view(), "derived", empty_hash.view());
}

// §4.4.4: verify_data = HMAC(finished_key, Transcript-Hash(...)), compared
// in constant time; a mismatch is decrypt_error.
Result<void> check_finished(const crypto::Hash& hash, const SecretBytes& key, crypto::ByteView transcript_hash,
                            crypto::ByteView verify_data) {
  const SecretBytes expected = hash.hmac(key.view(), transcript_hash);
  if (!ct::equal(expected.view(), verify_data)) {
    return err::make(Error::Kind::PeerMisbehaved, Alert::decrypt_error, "Finished: verify_data mismatch");
  }
  return {};
}

void log_secret(KeyLog* log, std::string_view label, crypto::ByteView secret) {
  if (log) log->log(label, secret);
}

}  // namespace

Result<void> hkdf_expand_label(const crypto::Hash& hash, crypto::ByteView secret, std::string_view label,
                               crypto::ByteView context, std::span<uint8_t> out) {
  const size_t full_label = kLabelPrefix.size() + label.size();
  if (label.empty() || full_label > 255 || context.size() > 255 || out.size() > 0xffff) {
    return err::api("HKDF-Expand-Label: label, context or length out of range");
  }
  // 2 + 1 + 255 + 1 + 255 bytes at most: on the stack.
  std::array<uint8_t, 514> info{};
  size_t n = 0;
  info[n++] = static_cast<uint8_t>(out.size() >> 8);
  info[n++] = static_cast<uint8_t>(out.size() & 0xff);
  info[n++] = static_cast<uint8_t>(full_label);
  std::memcpy(info.data() + n, kLabelPrefix.data(), kLabelPrefix.size());
  n += kLabelPrefix.size();
  std::memcpy(info.data() + n, label.data(), label.size());
  n += label.size();
  info[n++] = static_cast<uint8_t>(context.size());
  if (!context.empty()) std::memcpy(info.data() + n, context.data(), context.size());
  n += context.size();
  return hash.hkdf_expand(secret, crypto::ByteView(info.data(), n), out);
}

Result<SecretBytes> derive_secret(const crypto::Hash& hash, crypto::ByteView secret, std::string_view label,
                                  crypto::ByteView transcript_hash) {
  SecretBytes out = SecretBytes::zeroed(hash.len());
  PARLEY_TRY(hkdf_expand_label(hash, secret, label, transcript_hash, out.data()));
  return out;
}

Result<SecretBytes> finished_key(const crypto::Hash& hash, crypto::ByteView base_key) {
  SecretBytes key = SecretBytes::zeroed(hash.len());
  PARLEY_TRY(hkdf_expand_label(hash, base_key, "finished", {}, key.data()));
  return key;
}

Result<SecretBytes> resumption_psk(const crypto::Hash& hash, crypto::ByteView resumption_master_secret,
                                   crypto::ByteView ticket_nonce) {
  SecretBytes psk = SecretBytes::zeroed(hash.len());
  PARLEY_TRY(hkdf_expand_label(hash, resumption_master_secret, "resumption", ticket_nonce, psk.data()));
  return psk;
}

// ---------------------------------------------------------------- traffic secrets

Result<TrafficKeys> TrafficSecret::keys() const {
  const crypto::Aead& aead = *suite_->aead;
  TrafficKeys k{SecretBytes::zeroed(aead.key_len()), SecretBytes::zeroed(aead.iv_len())};
  PARLEY_TRY(hkdf_expand_label(*suite_->hash, secret_.view(), "key", {}, k.key.data()));
  PARLEY_TRY(hkdf_expand_label(*suite_->hash, secret_.view(), "iv", {}, k.iv.data()));
  return k;
}

Result<record::RecordProtection> TrafficSecret::protection() const {
  const TrafficKeys k = PARLEY_TRY(keys());
  return record::RecordProtection::create(*suite_->aead, k.key.view(), k.iv.view());
}

Result<TrafficSecret> TrafficSecret::next() const {
  SecretBytes s = SecretBytes::zeroed(suite_->hash->len());
  PARLEY_TRY(hkdf_expand_label(*suite_->hash, secret_.view(), "traffic upd", {}, s.data()));
  return TrafficSecret(*suite_, std::move(s));
}

// ---------------------------------------------------------------- exporter

Result<void> Exporter::export_keying_material(std::span<uint8_t> out, std::string_view label,
                                              crypto::ByteView context) const {
  const SecretBytes empty_hash = hash_->digest({});
  const SecretBytes per_label = PARLEY_TRY(derive_secret(*hash_, secret_.view(), label, empty_hash.view()));
  const SecretBytes context_hash = hash_->digest(context);
  return hkdf_expand_label(*hash_, per_label.view(), "exporter", context_hash.view(), out);
}

// ---------------------------------------------------------------- early

Result<EarlySecret> EarlySecret::without_psk(const crypto::CipherSuite& suite) {
  return with_psk(suite, zero_value(*suite.hash));
}

Result<EarlySecret> EarlySecret::with_psk(const crypto::CipherSuite& suite, crypto::ByteView psk) {
  if (psk.empty()) return err::api("key schedule: empty PSK");
  // An empty salt is Hash.length zero bytes (the provider's contract, RFC 5869 §2.2).
  return EarlySecret(suite, suite.hash->hkdf_extract({}, psk));
}

Result<SecretBytes> EarlySecret::binder_key(PskKind kind) const {
  const crypto::Hash& hash = *suite_->hash;
  const SecretBytes empty_hash = hash.digest({});
  return derive_secret(hash, secret_.view(), kind == PskKind::resumption ? "res binder" : "ext binder",
                       empty_hash.view());
}

Result<TrafficSecret> EarlySecret::client_early_traffic(crypto::ByteView hash_to_client_hello, KeyLog* log) const {
  SecretBytes s = PARLEY_TRY(derive_secret(*suite_->hash, secret_.view(), "c e traffic", hash_to_client_hello));
  log_secret(log, "CLIENT_EARLY_TRAFFIC_SECRET", s.view());
  return TrafficSecret(*suite_, std::move(s));
}

Result<Exporter> EarlySecret::early_exporter(crypto::ByteView hash_to_client_hello, KeyLog* log) const {
  SecretBytes s = PARLEY_TRY(derive_secret(*suite_->hash, secret_.view(), "e exp master", hash_to_client_hello));
  log_secret(log, "EARLY_EXPORTER_SECRET", s.view());
  return Exporter(*suite_->hash, std::move(s));
}

Result<HandshakeSecret> EarlySecret::derive_handshake(crypto::ByteView ecdhe_shared_secret,
                                                      crypto::ByteView hash_to_server_hello, KeyLog* log) && {
  const crypto::Hash& hash = *suite_->hash;
  const SecretBytes salt = PARLEY_TRY(derived(hash, secret_));
  if (ecdhe_shared_secret.empty()) ecdhe_shared_secret = zero_value(hash);
  SecretBytes hs = hash.hkdf_extract(salt.view(), ecdhe_shared_secret);
  SecretBytes c = PARLEY_TRY(derive_secret(hash, hs.view(), "c hs traffic", hash_to_server_hello));
  SecretBytes s = PARLEY_TRY(derive_secret(hash, hs.view(), "s hs traffic", hash_to_server_hello));
  SecretBytes c_finished = PARLEY_TRY(finished_key(hash, c.view()));
  SecretBytes s_finished = PARLEY_TRY(finished_key(hash, s.view()));
  log_secret(log, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", c.view());
  log_secret(log, "SERVER_HANDSHAKE_TRAFFIC_SECRET", s.view());
  return HandshakeSecret(*suite_, std::move(hs), TrafficSecret(*suite_, std::move(c)),
                         TrafficSecret(*suite_, std::move(s)), std::move(c_finished), std::move(s_finished));
}

// ---------------------------------------------------------------- handshake

HandshakeSecret::HandshakeSecret(const crypto::CipherSuite& suite, SecretBytes secret, TrafficSecret client,
                                 TrafficSecret server, SecretBytes client_finished_key,
                                 SecretBytes server_finished_key)
    : suite_(&suite),
      secret_(std::move(secret)),
      client_(std::move(client)),
      server_(std::move(server)),
      client_finished_key_(std::move(client_finished_key)),
      server_finished_key_(std::move(server_finished_key)) {}

SecretBytes HandshakeSecret::finished(Side sender, crypto::ByteView transcript_hash) const {
  const SecretBytes& key = sender == Side::client ? client_finished_key_ : server_finished_key_;
  return suite_->hash->hmac(key.view(), transcript_hash);
}

Result<FinishedVerified> HandshakeSecret::verify_finished(Side sender, crypto::ByteView transcript_hash,
                                                          crypto::ByteView verify_data) const {
  const SecretBytes& key = sender == Side::client ? client_finished_key_ : server_finished_key_;
  PARLEY_TRY(check_finished(*suite_->hash, key, transcript_hash, verify_data));
  return FinishedVerified(sender);
}

Result<MainSecret> HandshakeSecret::derive_main(crypto::ByteView hash_to_server_finished, KeyLog* log) && {
  const crypto::Hash& hash = *suite_->hash;
  const SecretBytes salt = PARLEY_TRY(derived(hash, secret_));
  SecretBytes main = hash.hkdf_extract(salt.view(), zero_value(hash));
  SecretBytes c = PARLEY_TRY(derive_secret(hash, main.view(), "c ap traffic", hash_to_server_finished));
  SecretBytes s = PARLEY_TRY(derive_secret(hash, main.view(), "s ap traffic", hash_to_server_finished));
  SecretBytes exp = PARLEY_TRY(derive_secret(hash, main.view(), "exp master", hash_to_server_finished));
  log_secret(log, "CLIENT_TRAFFIC_SECRET_0", c.view());
  log_secret(log, "SERVER_TRAFFIC_SECRET_0", s.view());
  log_secret(log, "EXPORTER_SECRET", exp.view());
  return MainSecret(*suite_, std::move(main), TrafficSecret(*suite_, std::move(c)),
                    TrafficSecret(*suite_, std::move(s)), Exporter(hash, std::move(exp)),
                    std::move(client_finished_key_));
}

// ---------------------------------------------------------------- main

MainSecret::MainSecret(const crypto::CipherSuite& suite, SecretBytes secret, TrafficSecret client,
                       TrafficSecret server, Exporter exporter, SecretBytes client_finished_key)
    : suite_(&suite),
      secret_(std::move(secret)),
      client_(std::move(client)),
      server_(std::move(server)),
      exporter_(std::move(exporter)),
      client_finished_key_(std::move(client_finished_key)) {}

SecretBytes MainSecret::client_finished(crypto::ByteView transcript_hash) const {
  return suite_->hash->hmac(client_finished_key_.view(), transcript_hash);
}

Result<FinishedVerified> MainSecret::verify_client_finished(crypto::ByteView transcript_hash,
                                                            crypto::ByteView verify_data) const {
  PARLEY_TRY(check_finished(*suite_->hash, client_finished_key_, transcript_hash, verify_data));
  return FinishedVerified(Side::client);
}

Result<SecretBytes> MainSecret::resumption_master_secret(crypto::ByteView hash_to_client_finished) const {
  return derive_secret(*suite_->hash, secret_.view(), "res master", hash_to_client_finished);
}

ApplicationSecrets MainSecret::into_application(Side ours) && {
  TrafficSecret& write = ours == Side::client ? client_ : server_;
  TrafficSecret& read = ours == Side::client ? server_ : client_;
  return ApplicationSecrets{std::move(read), std::move(write), std::move(exporter_)};
}

}  // namespace parley::tls::handshake
