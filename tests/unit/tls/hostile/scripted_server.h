// A scripted TLS 1.3 server for hostile-server tests of the client: it
// answers a real parley::Connection::client with any sequence of handshake
// messages and records. Each message starts as the valid one (built from the
// client's real ClientHello with the wire encoders) and a test may edit it
// before it is encoded; whatever is sent enters the server's transcript, and
// the key schedule (src/tls/handshake/key_schedule.h) derives the real
// handshake and application keys from it, so an edited message arrives under
// the keys the client expects and only the edit is wrong.
//
// The client's output is read back the same way: its ClientHello is parsed
// and its alerts are decrypted, so a test asserts the alert on the wire.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "../pair/pair_util.h"
#include "crypto/scheme.h"
#include "tls/handshake/common.h"
#include "tls/handshake/key_schedule.h"
#include "tls/handshake/transcript.h"
#include "tls/record/record.h"
#include "tls/record/record_protection.h"
#include "tls/wire/messages.h"

namespace parley::hostile {

using namespace pairtest;
namespace wire = tls::wire;
namespace hs = tls::handshake;
using Bytes = std::vector<uint8_t>;
using wire::ContentType;

// The CA the client trusts and the server's identities under it.
struct World {
  Ca ca = make_ca("Hostile CA");
  Identity ecdsa = make_leaf(ca, key_for(crypto::KeySpec::ec_p256));
  Identity rsa = make_leaf(ca, key_for(crypto::KeySpec::rsa_2048));
};
inline World& world() {
  static World w;
  return w;
}

inline std::shared_ptr<ClientConfig> client_config() {
  auto cfg = std::make_shared<ClientConfig>();
  cfg->trust_store = world().ca.store();
  return cfg;
}

inline Bytes encode(const wire::HandshakeMessage& m) {
  Writer w;
  wire::encode_handshake(m, w);
  return std::move(w).finish().value();
}

// §4.6.3 KeyUpdate(update_not_requested), header included.
inline const Bytes kKeyUpdate = {0x18, 0x00, 0x00, 0x01, 0x00};

// Which keys a record goes under.
enum class Keys { none, handshake, application };

// A client that resumes (RFC 8446 §2.2): the PSK of the ticket the test put in
// its cache, and the data it offers as 0-RTT (§2.3).
struct Resume {
  Bytes psk;
  Bytes early_data;
};

class ScriptedServer {
 public:
  explicit ScriptedServer(std::shared_ptr<const ClientConfig> cfg = client_config(), Identity identity = world().ecdsa,
                          std::optional<Resume> resume = std::nullopt)
      : client(Connection::client(std::move(cfg), ServerName::parse("server.test").value(),
                                  resume ? std::span<const uint8_t>(resume->early_data) : std::span<const uint8_t>())
                   .value()),
        identity_(std::move(identity)),
        resume_(std::move(resume)) {
    read_client();
  }

  Connection client;
  // Set before server_hello(): the ServerHello selects this PSK identity
  // (pre_shared_key) and the key schedule starts from the Resume's PSK.
  std::optional<uint16_t> select_psk;
  // The client's 0-RTT data, as decrypted under its early keys, and its
  // application data after the handshake.
  const Bytes& early_data_received() const { return early_data_; }
  const Bytes& application_data_received() const { return app_data_; }

  const wire::ClientHello& client_hello() const { return *ch_; }
  const std::vector<Alert>& alerts_sent() const { return alerts_; }
  // The client's handshake messages after its ClientHello(s), decrypted.
  const std::vector<Bytes>& client_messages() const { return client_messages_; }

  // ---------------------------------------------------------------- messages
  // build_*: the message (valid unless `edit` breaks it), added to the
  // transcript, advancing the key schedule. The plain names also send it.

  Bytes build_server_hello(const std::function<void(wire::ServerHello&)>& edit = {}) {
    const auto& ch = client_hello();
    wire::ServerHello sh;
    P().rng->fill(sh.random);
    sh.legacy_session_id_echo = ch.legacy_session_id;
    sh.cipher_suite = suite_ ? *suite_ : ch.cipher_suites.front();
    sh.extensions.selected_version = wire::kTls13;
    const auto& offered = ch.extensions.key_shares.value().front();
    share_ = P().group(static_cast<crypto::Group>(offered.group))->start(*P().rng).value();
    sh.extensions.server_share = wire::KeyShareEntry{offered.group, share_->public_key()};
    sh.extensions.selected_psk = select_psk;
    if (edit) edit(sh);
    Bytes bytes = encode(sh);
    const auto* cs = P().suite(static_cast<crypto::Suite>(sh.cipher_suite));
    if (!cs) return bytes;  // the client rejects it before any key
    start_transcript(*cs);
    transcript_->update(bytes);
    auto shared = std::move(*share_).complete(offered.key_exchange);
    if (!shared) return bytes;
    auto early = select_psk ? hs::EarlySecret::with_psk(*cs, resume_.value().psk) : hs::EarlySecret::without_psk(*cs);
    auto hs_secret = std::move(early).value().derive_handshake(shared->view(), transcript_->current().view());
    secrets_.emplace(std::move(hs_secret).value());
    hs_write_.emplace(secrets_->server_traffic().protection().value());
    client_hs_read_.emplace(secrets_->client_traffic().protection().value());
    return bytes;
  }
  void server_hello(const std::function<void(wire::ServerHello&)>& edit = {}) {
    send(ContentType::handshake, build_server_hello(edit), Keys::none);
  }

  // §4.1.4: asks for `group` (the client's second group unless edited).
  Bytes build_hello_retry_request(const std::function<void(wire::HelloRetryRequest&)>& edit = {}) {
    const auto& ch = client_hello();
    wire::HelloRetryRequest hrr;
    hrr.legacy_session_id_echo = ch.legacy_session_id;
    hrr.cipher_suite = ch.cipher_suites.front();
    hrr.extensions.selected_version = wire::kTls13;
    hrr.extensions.hrr_group = ch.extensions.supported_groups.value().at(1);
    if (edit) edit(hrr);
    Bytes bytes = encode(hrr);
    suite_ = hrr.cipher_suite;
    if (const auto* cs = P().suite(static_cast<crypto::Suite>(hrr.cipher_suite))) {
      start_transcript(*cs);
      (void)transcript_->replace_client_hello_with_message_hash();
      transcript_->update(bytes);
    }
    return bytes;
  }
  void hello_retry_request(const std::function<void(wire::HelloRetryRequest&)>& edit = {}) {
    send(ContentType::handshake, build_hello_retry_request(edit), Keys::none);
  }

  Bytes build_encrypted_extensions(const std::function<void(wire::EncryptedExtensions&)>& edit = {}) {
    wire::EncryptedExtensions ee;
    if (edit) edit(ee);
    return hashed(encode(ee));
  }
  void encrypted_extensions(const std::function<void(wire::EncryptedExtensions&)>& edit = {}) {
    send(ContentType::handshake, build_encrypted_extensions(edit), Keys::handshake);
  }

  void certificate_request(const std::function<void(wire::CertificateRequest&)>& edit = {}) {
    wire::CertificateRequest cr;
    cr.extensions.signature_algorithms = client_hello().extensions.signature_algorithms;
    if (edit) edit(cr);
    send(ContentType::handshake, hashed(encode(cr)), Keys::handshake);
  }

  Bytes build_certificate(const std::function<void(wire::Certificate&)>& edit = {}) {
    auto c = hs::certificate_message(&identity_, {});
    if (edit) edit(c);
    return hashed(encode(c));
  }
  void certificate(const std::function<void(wire::Certificate&)>& edit = {}) {
    send(ContentType::handshake, build_certificate(edit), Keys::handshake);
  }

  // Signs with `scheme` (the first the client offered that fits the key when
  // unset) over the transcript so far; `edit` may change the signed bytes.
  Bytes build_certificate_verify(std::optional<uint16_t> scheme = {},
                                 const std::function<void(wire::CertificateVerify&)>& edit = {}) {
    const auto& offered = client_hello().extensions.signature_algorithms.value();
    if (!scheme) scheme = hs::choose_signature_scheme(*identity_.key, offered, offered);
    wire::CertificateVerify cv;
    cv.algorithm = scheme.value();
    auto alg = crypto::sig_alg_for(*scheme, identity_.key->type(), false);
    auto content = hs::certificate_verify_content(hs::Side::server, transcript_->current().view());
    // The key's own sign(): a Signer refuses schemes TLS 1.3 forbids, which some tests send on purpose.
    const auto& key = dynamic_cast<const crypto::PrivateKey&>(*identity_.key);
    Bytes signature = key.sign(alg.value(), content).value();
    cv.signature = signature;
    if (edit) edit(cv);
    return hashed(encode(cv));
  }
  void certificate_verify(std::optional<uint16_t> scheme = {},
                          const std::function<void(wire::CertificateVerify&)>& edit = {}) {
    send(ContentType::handshake, build_certificate_verify(scheme, edit), Keys::handshake);
  }

  // The server Finished, then the application keys (§7.1).
  Bytes build_finished(const std::function<void(Bytes&)>& edit = {}) {
    auto verify_data = secrets_->finished(hs::Side::server, transcript_->current().view());
    Bytes data(verify_data.view().begin(), verify_data.view().end());
    if (edit) edit(data);
    Bytes bytes = hashed(encode(wire::Finished{data}));
    main_.emplace(std::move(*secrets_).derive_main(transcript_->current().view()).value());
    secrets_.reset();
    app_write_.emplace(main_->server_application_traffic().protection().value());
    client_app_read_.emplace(main_->client_application_traffic().protection().value());
    return bytes;
  }
  void finished(const std::function<void(Bytes&)>& edit = {}) {
    send(ContentType::handshake, build_finished(edit), Keys::handshake);
  }

  // §4.6.3: a KeyUpdate under the current application keys, then the next ones.
  void key_update() {
    send(ContentType::handshake, kKeyUpdate, Keys::application);
    auto next = (app_secret_ ? *app_secret_ : main_->server_application_traffic()).next().value();
    app_secret_.emplace(std::move(next));
    app_write_.emplace(app_secret_->protection().value());
  }

  // The honest flight after the ServerHello: EE, Certificate, CV, Finished.
  void rest_of_flight() {
    encrypted_extensions();
    certificate();
    certificate_verify();
    finished();
  }

  // Hashes an arbitrary message into the transcript (a test's own bytes).
  Bytes hashed(Bytes message) {
    if (transcript_) transcript_->update(message);
    return message;
  }

  // ---------------------------------------------------------------- records

  // One record of `type` with `content` under `keys` (no fragmenting).
  void send(ContentType type, const Bytes& content, Keys keys) {
    auto* p = protection(keys);
    if (!p) {
      append_record(type, content);
      return;
    }
    const size_t at = out_.size();
    out_.resize(at + p->sealed_size(content.size()));
    auto n = p->seal(type, content, std::span<uint8_t>(out_).subspan(at));
    ASSERT_TRUE(n.has_value()) << n.error().message();
    out_.resize(at + *n);
  }
  // A TLSPlaintext record as is (any type, any length).
  void append_record(ContentType type, const Bytes& content) {
    out_.push_back(static_cast<uint8_t>(type));
    out_.push_back(0x03);
    out_.push_back(0x03);
    out_.push_back(static_cast<uint8_t>(content.size() >> 8));
    out_.push_back(static_cast<uint8_t>(content.size()));
    out_.insert(out_.end(), content.begin(), content.end());
  }
  void change_cipher_spec() { append_record(ContentType::change_cipher_spec, {0x01}); }
  void alert(uint8_t level, Alert a, Keys keys) { send(ContentType::alert, {level, static_cast<uint8_t>(a)}, keys); }

  // The write protection for `keys` (null for none), e.g. to seal a record by hand.
  tls::record::RecordProtection* protection(Keys keys) {
    switch (keys) {
      case Keys::handshake: return &hs_write_.value();
      case Keys::application: return &app_write_.value();
      default: return nullptr;
    }
  }
  Bytes& output() { return out_; }

  // Feeds everything sent so far to the client and reads its answer.
  Result<size_t> deliver() {
    Bytes bytes = std::move(out_);
    out_.clear();
    auto r = client.feed(bytes);
    read_client();
    return r;
  }

  // Delivers what was sent; the client must complete the handshake with it.
  void expect_handshake_done() {
    ASSERT_TRUE(deliver().has_value()) << client.error()->message();
    ASSERT_FALSE(client.is_handshaking());
  }

  // The whole honest handshake (for tests of what comes after it).
  void handshake() {
    server_hello();
    change_cipher_spec();
    rest_of_flight();
    expect_handshake_done();
  }

  // Delivers what was sent; the client must fail with `want`, send it on the
  // wire, and let no application data through.
  void expect_rejected(Alert want) {
    (void)deliver();
    ASSERT_NE(client.error(), nullptr) << "the client accepted it";
    EXPECT_EQ(client.error()->alert, want) << client.error()->message();
    EXPECT_NE(client.error()->kind, Error::Kind::AlertReceived);
    ASSERT_FALSE(alerts_.empty()) << "no alert on the wire";
    EXPECT_EQ(alerts_.back(), want);
    EXPECT_FALSE(client.is_handshaking());
    EXPECT_EQ(client.readable(), 0u);
    const uint8_t data[] = {'x'};
    EXPECT_FALSE(client.write(data).has_value());
  }

 private:
  void start_transcript(const crypto::CipherSuite& cs) {
    if (transcript_) return;  // after a HelloRetryRequest: it continues
    transcript_.emplace(*cs.hash);
    transcript_->update(ch_bytes_.front());
  }

  // Reads the client's output: ClientHellos (parsed, and into the transcript
  // once it exists), CCS skipped, alerts collected, protected records opened
  // under the client's handshake keys, then its application keys.
  void read_client() {
    auto pending = client.pending_output();
    Bytes in(pending.begin(), pending.end());
    client.consume_output(in.size());
    for (size_t at = 0; at + 5 <= in.size();) {
      const auto type = static_cast<ContentType>(in[at]);
      const size_t len = size_t{in[at + 3]} << 8 | in[at + 4];
      ASSERT_LE(at + 5 + len, in.size());
      std::span<uint8_t> header(in.data() + at, 5), body(in.data() + at + 5, len);
      at += 5 + len;
      if (type == ContentType::application_data) {
        auto opened = open_client_record(header, body);
        if (!opened) {
          ADD_FAILURE() << "a client record opens under none of its keys";
          return;
        }
        if (opened->type == ContentType::application_data && !client_hs_read_ && !client_app_read_) {
          early_data_.insert(early_data_.end(), opened->content.begin(), opened->content.end());
          continue;
        }
        on_client_content(opened->type, Bytes(opened->content.begin(), opened->content.end()));
      } else {
        on_client_content(type, Bytes(body.begin(), body.end()));
      }
    }
  }

  std::optional<tls::record::RecordProtection::Opened> open_client_record(std::span<uint8_t> header,
                                                                         std::span<uint8_t> body) {
    Bytes copy(body.begin(), body.end());
    for (auto* p : {client_hs_read_ ? &*client_hs_read_ : nullptr, client_app_read_ ? &*client_app_read_ : nullptr,
                    client_early_read_ ? &*client_early_read_ : nullptr}) {
      if (!p) continue;
      std::copy(copy.begin(), copy.end(), body.begin());
      if (auto o = p->open(header, body, body)) return *o;
    }
    return std::nullopt;
  }

  void on_client_content(ContentType type, Bytes content) {
    switch (type) {
      case ContentType::alert:
        ASSERT_EQ(content.size(), 2u);
        alerts_.push_back(static_cast<Alert>(content[1]));
        break;
      case ContentType::handshake:
        if (content.at(0) == static_cast<uint8_t>(wire::HandshakeType::client_hello)) {
          ch_bytes_.push_back(std::move(content));
          const Bytes& m = ch_bytes_.back();
          ch_.emplace(wire::ClientHello::parse(std::span<const uint8_t>(m).subspan(4)).value());
          if (transcript_) transcript_->update(m);
          if (resume_ && ch_->extensions.early_data) start_early_read(m);
        } else {
          client_messages_.push_back(std::move(content));
        }
        break;
      case ContentType::application_data: app_data_.insert(app_data_.end(), content.begin(), content.end()); break;
      default: break;
    }
  }

  // §7.1: the client's 0-RTT keys, from its first ClientHello (the ticket's suite: the client's first).
  void start_early_read(const Bytes& client_hello) {
    const auto* cs = P().suite(static_cast<crypto::Suite>(ch_->cipher_suites.front()));
    auto early = hs::EarlySecret::with_psk(*cs, resume_->psk).value();
    const auto secret = early.client_early_traffic(cs->hash->digest(client_hello).view()).value();
    client_early_read_.emplace(secret.protection().value());
  }

  Identity identity_;
  std::optional<Resume> resume_;
  Bytes early_data_, app_data_;
  std::optional<tls::record::RecordProtection> client_early_read_;
  std::vector<Bytes> ch_bytes_;  // every ClientHello, kept: ch_ views into the last
  std::optional<wire::ClientHello> ch_;
  std::optional<uint16_t> suite_;  // fixed by a HelloRetryRequest
  std::unique_ptr<crypto::KeyShare> share_;
  std::optional<hs::Transcript> transcript_;
  std::optional<hs::HandshakeSecret> secrets_;
  std::optional<hs::MainSecret> main_;
  std::optional<hs::TrafficSecret> app_secret_;  // after a KeyUpdate
  std::optional<tls::record::RecordProtection> hs_write_, app_write_, client_hs_read_, client_app_read_;
  std::vector<Alert> alerts_;
  std::vector<Bytes> client_messages_;
  Bytes out_;
};

}  // namespace parley::hostile
