// The TLS 1.3 key schedule (RFC 8446 §7) as move-only stages (after rustls'
// tls13/key_schedule.rs): EarlySecret -> HandshakeSecret -> MainSecret. Each
// stage holds only the secrets valid in it and advancing consumes it, so a
// secret cannot be used at the wrong stage.
//
//   EarlySecret::without_psk(suite) or ::with_psk(suite, psk)
//        binder key, client_early_traffic_secret, early exporter (with a PSK)
//     .derive_handshake(ecdhe, Hash(CH..SH))            -> HandshakeSecret
//        handshake traffic secrets, both Finished keys
//     .derive_main(Hash(CH..server Finished))           -> MainSecret
//        application traffic secrets 0, exporter, client Finished key,
//        resumption_master_secret(Hash(CH..client Finished))
//
// HKDF-Expand-Label and Derive-Secret are ours (§7.1) over the provider's
// HKDF-Extract and HKDF-Expand. Every secret lives in a SecretBytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "base/secret.h"
#include "crypto/provider.h"
#include "tls/record/record_protection.h"

namespace parley::tls::handshake {

enum class Side : uint8_t { client, server };

// §7.1 HKDF-Expand-Label(Secret, Label, Context, Length) with
//   struct { uint16 length; opaque label<7..255> = "tls13 " + Label;
//            opaque context<0..255>; } HkdfLabel;
// The length is out.size().
Result<void> hkdf_expand_label(const crypto::Hash& hash, crypto::ByteView secret, std::string_view label,
                               crypto::ByteView context, std::span<uint8_t> out);

// §7.1 Derive-Secret(Secret, Label, Messages) given Transcript-Hash(Messages).
Result<SecretBytes> derive_secret(const crypto::Hash& hash, crypto::ByteView secret, std::string_view label,
                                  crypto::ByteView transcript_hash);

// §4.4.4: finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length).
// Also the key of a PSK binder (§4.2.11.2), with the binder key as BaseKey.
Result<SecretBytes> finished_key(const crypto::Hash& hash, crypto::ByteView base_key);

// §4.6.1: the PSK a ticket stands for,
//   HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length).
Result<SecretBytes> resumption_psk(const crypto::Hash& hash, crypto::ByteView resumption_master_secret,
                                   crypto::ByteView ticket_nonce);

// §4.2.11: where a PSK comes from; it picks the binder key's label (§7.1).
enum class PskKind : uint8_t {
  resumption,  // a ticket from an earlier handshake: "res binder"
  external,    // provisioned out of band: "ext binder"
};

// Receives each traffic secret as it is derived, under its NSS key log
// label (CLIENT_EARLY_TRAFFIC_SECRET, EARLY_EXPORTER_SECRET,
// CLIENT_HANDSHAKE_TRAFFIC_SECRET, SERVER_HANDSHAKE_TRAFFIC_SECRET,
// CLIENT_TRAFFIC_SECRET_0, SERVER_TRAFFIC_SECRET_0, EXPORTER_SECRET), for
// SSLKEYLOGFILE. The implementation adds the client random and does the I/O.
class KeyLog {
 public:
  virtual ~KeyLog() = default;
  virtual void log(std::string_view label, crypto::ByteView secret) = 0;
};

// §7.3 traffic keys.
struct TrafficKeys {
  SecretBytes key;
  SecretBytes iv;
};

// One direction's traffic secret (handshake or application).
class TrafficSecret {
 public:
  const crypto::CipherSuite& suite() const { return *suite_; }
  // §7.3: key = HKDF-Expand-Label(secret, "key", "", key_length),
  //       iv  = HKDF-Expand-Label(secret, "iv", "", iv_length).
  Result<TrafficKeys> keys() const;
  // keys() installed in a record protection for one direction.
  Result<record::RecordProtection> protection() const;
  // §7.2: application_traffic_secret_N+1 =
  //   HKDF-Expand-Label(application_traffic_secret_N, "traffic upd", "", Hash.length).
  Result<TrafficSecret> next() const;
  // For the key log and tests; never compare it with ==.
  crypto::ByteView view() const { return secret_.view(); }
  // An explicit copy: a server that accepted 0-RTT keeps the client's
  // handshake secret until EndOfEarlyData (§4.5).
  TrafficSecret clone() const { return TrafficSecret(*suite_, secret_.clone()); }

 private:
  friend class EarlySecret;
  friend class HandshakeSecret;
  TrafficSecret(const crypto::CipherSuite& suite, SecretBytes secret) : suite_(&suite), secret_(std::move(secret)) {}
  const crypto::CipherSuite* suite_;
  SecretBytes secret_;
};

// Proof that the peer's Finished (§4.4.4) was checked. Only
// verify_finished()/verify_client_finished() make one; the handshake's
// traffic state requires it.
class FinishedVerified {
 public:
  Side peer() const { return peer_; }

 private:
  friend class HandshakeSecret;
  friend class MainSecret;
  explicit FinishedVerified(Side peer) : peer_(peer) {}
  Side peer_;
};

// §7.5 exporters over exporter_master_secret.
class Exporter {
 public:
  // TLS-Exporter(label, context, out.size()) =
  //   HKDF-Expand-Label(Derive-Secret(exporter_master_secret, label, ""),
  //                     "exporter", Hash(context), out.size()).
  // label is 1..249 bytes (it gets the "tls13 " prefix).
  Result<void> export_keying_material(std::span<uint8_t> out, std::string_view label, crypto::ByteView context) const;

 private:
  friend class EarlySecret;
  friend class HandshakeSecret;
  friend struct KeyScheduleTestPeer;
  Exporter(const crypto::Hash& hash, SecretBytes secret) : hash_(&hash), secret_(std::move(secret)) {}
  const crypto::Hash* hash_;
  SecretBytes secret_;
};

class MainSecret;

// What an established connection keeps of the key schedule: the current
// application traffic secret of each direction (a KeyUpdate, §7.2, replaces
// one) and the exporter master secret (§7.5). The main secret and the
// client's Finished key end with the handshake.
struct ApplicationSecrets {
  TrafficSecret read;
  TrafficSecret write;
  Exporter exporter;
};

class HandshakeSecret {
 public:
  HandshakeSecret(HandshakeSecret&&) noexcept = default;
  HandshakeSecret& operator=(HandshakeSecret&&) noexcept = default;

  const TrafficSecret& client_traffic() const { return client_; }
  const TrafficSecret& server_traffic() const { return server_; }

  // §4.4.4 verify_data = HMAC(finished_key, transcript_hash) for the
  // Finished that `sender` sends, finished_key coming from sender's
  // handshake traffic secret.
  SecretBytes finished(Side sender, crypto::ByteView transcript_hash) const;
  // Constant-time check of a received Finished; decrypt_error when wrong.
  Result<FinishedVerified> verify_finished(Side sender, crypto::ByteView transcript_hash,
                                           crypto::ByteView verify_data) const;

  // §7.1: Main Secret = HKDF-Extract(Derive-Secret(handshake, "derived", ""), 0),
  // then the application traffic secrets and the exporter master secret
  // over Transcript-Hash(ClientHello..server Finished).
  Result<MainSecret> derive_main(crypto::ByteView hash_to_server_finished, KeyLog* log = nullptr) &&;

 private:
  friend class EarlySecret;
  friend struct KeyScheduleTestPeer;
  HandshakeSecret(const crypto::CipherSuite& suite, SecretBytes secret, TrafficSecret client, TrafficSecret server,
                  SecretBytes client_finished_key, SecretBytes server_finished_key);
  const crypto::CipherSuite* suite_;
  SecretBytes secret_;
  TrafficSecret client_;
  TrafficSecret server_;
  SecretBytes client_finished_key_;
  SecretBytes server_finished_key_;
};

class MainSecret {
 public:
  MainSecret(MainSecret&&) noexcept = default;
  MainSecret& operator=(MainSecret&&) noexcept = default;

  const TrafficSecret& client_application_traffic() const { return client_; }
  const TrafficSecret& server_application_traffic() const { return server_; }
  const Exporter& exporter() const { return exporter_; }

  // §4.4.4 for the client's Finished, which follows the server's and so
  // comes after the application secrets: the client computes it, the
  // server verifies it (decrypt_error when wrong).
  SecretBytes client_finished(crypto::ByteView transcript_hash) const;
  Result<FinishedVerified> verify_client_finished(crypto::ByteView transcript_hash,
                                                  crypto::ByteView verify_data) const;

  // §7.1 resumption_master_secret over Transcript-Hash(ClientHello..client Finished).
  Result<SecretBytes> resumption_master_secret(crypto::ByteView hash_to_client_finished) const;

  // The handshake is over: the application secrets, `ours` writing with its own.
  ApplicationSecrets into_application(Side ours) &&;

 private:
  friend class HandshakeSecret;
  friend struct KeyScheduleTestPeer;
  MainSecret(const crypto::CipherSuite& suite, SecretBytes secret, TrafficSecret client, TrafficSecret server,
             Exporter exporter, SecretBytes client_finished_key);
  const crypto::CipherSuite* suite_;
  SecretBytes secret_;
  TrafficSecret client_;
  TrafficSecret server_;
  Exporter exporter_;
  SecretBytes client_finished_key_;
};

class EarlySecret {
 public:
  // §7.1: Early Secret = HKDF-Extract(0, PSK), with a PSK of Hash.length
  // zero bytes when there is none (a full handshake).
  static Result<EarlySecret> without_psk(const crypto::CipherSuite& suite);
  static Result<EarlySecret> with_psk(const crypto::CipherSuite& suite, crypto::ByteView psk);

  EarlySecret(EarlySecret&&) noexcept = default;
  EarlySecret& operator=(EarlySecret&&) noexcept = default;

  const crypto::CipherSuite& suite() const { return *suite_; }

  // §7.1 binder_key = Derive-Secret(early, "res binder" | "ext binder", "").
  Result<SecretBytes> binder_key(PskKind kind) const;
  // §7.1 client_early_traffic_secret = Derive-Secret(early, "c e traffic", ClientHello),
  // the 0-RTT keys (§2.3), given Transcript-Hash(ClientHello).
  Result<TrafficSecret> client_early_traffic(crypto::ByteView hash_to_client_hello, KeyLog* log = nullptr) const;
  // §7.1 early_exporter_master_secret = Derive-Secret(early, "e exp master", ClientHello);
  // §7.5 exporters over it serve 0-RTT data.
  Result<Exporter> early_exporter(crypto::ByteView hash_to_client_hello, KeyLog* log = nullptr) const;

  // §7.1: Handshake Secret = HKDF-Extract(Derive-Secret(early, "derived", ""), (EC)DHE),
  // then "c hs traffic" and "s hs traffic" over Transcript-Hash(ClientHello..ServerHello).
  // An empty ecdhe_shared_secret is psk_ke (§4.2.9), where §7.1 puts Hash.length
  // zero bytes in place of the (EC)DHE secret.
  Result<HandshakeSecret> derive_handshake(crypto::ByteView ecdhe_shared_secret, crypto::ByteView hash_to_server_hello,
                                           KeyLog* log = nullptr) &&;

 private:
  friend struct KeyScheduleTestPeer;
  EarlySecret(const crypto::CipherSuite& suite, SecretBytes secret) : suite_(&suite), secret_(std::move(secret)) {}
  const crypto::CipherSuite* suite_;
  SecretBytes secret_;
};

}  // namespace parley::tls::handshake
