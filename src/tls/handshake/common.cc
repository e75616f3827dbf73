#include "tls/handshake/common.h"

#include <algorithm>
#include <cstdio>
#include <iterator>

#include "crypto/scheme.h"
#include "der/time.h"
#include "tls/record/record_writer.h"
#include "tls/wire/certificate_status.h"
#include "x509/hostname.h"
#include "x509/ocsp/check.h"

namespace parley::tls::handshake {

// ------------------------------------------------------------------ errors

Unexpected unexpected_message(const char* what) {
  return err::make(Error::Kind::PeerMisbehaved, Alert::unexpected_message, what);
}
Unexpected missing_extension(const char* what) {
  return err::make(Error::Kind::PeerMisbehaved, Alert::missing_extension, what);
}
Unexpected unsupported_extension(const char* what) {
  return err::make(Error::Kind::PeerMisbehaved, Alert::unsupported_extension, what);
}
Unexpected handshake_failure(const char* what) {
  return err::make(Error::Kind::PeerIncompatible, Alert::handshake_failure, what);
}
Unexpected protocol_version(const char* what) {
  return err::make(Error::Kind::PeerIncompatible, Alert::protocol_version, what);
}

// ------------------------------------------------------------------ Context

Result<ByteView> Context::encode(const wire::HandshakeMessage& msg) {
  Writer w(std::move(encoded_));
  wire::encode_handshake(msg, w);
  encoded_ = PARLEY_TRY(std::move(w).finish());
  return ByteView(encoded_);
}

Result<void> Context::queue(const wire::HandshakeMessage& msg) {
  if (observer_) emit_message(HandshakeEvent::Kind::message_sent, msg, encoded_);
  if (hooks_ && hooks_->tamper) hooks_->tamper(wire::message_type(msg), encoded_);
  // §5.1: the initial ClientHello's records say 0x0301, as in RFC 8448 and for
  // servers that check it; the second ClientHello after an HRR says 0x0303.
  if (std::holds_alternative<wire::ClientHello>(msg)) {
    pending_is_initial_client_hello_ = !client_hello_queued_;
    client_hello_queued_ = true;
  }
  pending_.insert(pending_.end(), encoded_.begin(), encoded_.end());
  if (hooks_ && hooks_->one_message_per_record) return flush();
  return {};
}

void Context::end_handshake() {
  std::vector<uint8_t>().swap(encoded_);
  std::vector<uint8_t>().swap(pending_);
  keylog_ = nullptr;
}

TestHooks& Context::test_hooks() {
  if (!hooks_) hooks_ = std::make_unique<TestHooks>();
  return *hooks_;
}

void Context::send_change_cipher_spec() {
  (void)flush();
  static constexpr uint8_t kCcs[] = {0x14, 0x03, 0x03, 0x00, 0x01, 0x01};
  io_.out->append(kCcs);
  if (observer_) emit(event(HandshakeEvent::Kind::message_sent, MessageEvent{message::ChangeCipherSpec{}, {}}));
}

Result<void> Context::flush() {
  if (pending_.empty()) return {};
  record::RecordProtection* p = io_.write->has_value() ? &**io_.write : nullptr;
  record::WriteOptions options;
  if (pending_is_initial_client_hello_) options.legacy_version = record::kRecordVersionTls10;
  auto r = record::write_records(wire::ContentType::handshake, pending_, p, *io_.out, options);
  pending_.clear();
  pending_is_initial_client_hello_ = false;
  return r;
}

Result<void> Context::install_write(const TrafficSecret& secret, KeysInstalled::Stage stage, Side owner) {
  PARLEY_TRY(flush());
  *io_.write = PARLEY_TRY(secret.protection());
  emit_keys(secret, stage, KeysInstalled::Direction::write, owner);
  return {};
}

Result<void> Context::remove_write_protection() {
  PARLEY_TRY(flush());
  io_.write->reset();
  return {};
}

Result<void> Context::install_read(const TrafficSecret& secret, KeysInstalled::Stage stage, Side owner) {
  auto boundary = PARLEY_TRY(io_.reassembler->at_key_change_boundary());
  io_.deframer->install_read_protection(PARLEY_TRY(secret.protection()), std::move(boundary));
  emit_keys(secret, stage, KeysInstalled::Direction::read, owner);
  return {};
}

void Context::emit_keys(const TrafficSecret& secret, KeysInstalled::Stage stage, KeysInstalled::Direction direction,
                        Side owner) {
  if (!observer_) return;
  emit(event(HandshakeEvent::Kind::keys_installed,
             KeysInstalled{stage, direction, owner == Side::client ? Party::client : Party::server,
                           secret.suite().id}));
}

void Context::KeyLogAdapter::log(std::string_view label, ByteView secret) {
  ctx_->keylog_->log(label, ctx_->client_random_, secret);
}

HandshakeEvent Context::event(HandshakeEvent::Kind kind, HandshakeEvent::Payload payload) const {
  return HandshakeEvent{kind, provider_->clock->monotonic_ns(), std::move(payload)};
}

void Context::emit_received_message(const wire::HandshakeMessage& msg) {
  emit_message(HandshakeEvent::Kind::message_received, msg, incoming_);
}

void Context::emit_message(HandshakeEvent::Kind kind, const wire::HandshakeMessage& msg, ByteView bytes) {
  emit(event(kind, MessageEvent{describe(msg, *provider_), {bytes.begin(), bytes.end()}}));
}

void Context::emit_sent(ByteView encoded) {
  if (!observer_ || encoded.size() < 4) return;
  const auto type = static_cast<wire::HandshakeType>(encoded[0]);
  if (auto msg = wire::parse_handshake(type, encoded.subspan(4), 0)) {
    emit_message(HandshakeEvent::Kind::message_sent, *msg, encoded);
  }
}

void Context::emit(HandshakeEvent&& e) {
  if (observer_) observer_->on_event(e);
}

// ------------------------------------------------------------------ CertificateVerify

std::vector<uint8_t> certificate_verify_content(Side signer, ByteView transcript_hash) {
  // §4.4.3: 64 octets of 0x20, the context string, a single 0 byte, the hash.
  static constexpr std::string_view kServer = "TLS 1.3, server CertificateVerify";
  static constexpr std::string_view kClient = "TLS 1.3, client CertificateVerify";
  const std::string_view label = signer == Side::server ? kServer : kClient;
  std::vector<uint8_t> out(64 + label.size() + 1 + transcript_hash.size(), 0x20);
  auto at = std::copy(label.begin(), label.end(), out.begin() + 64);
  *at++ = 0;
  std::copy(transcript_hash.begin(), transcript_hash.end(), at);
  return out;
}

std::optional<uint16_t> choose_signature_scheme(const crypto::Signer& key, std::span<const uint16_t> peer_offered,
                                                std::span<const uint16_t> ours) {
  for (uint16_t s : peer_offered) {
    if (std::find(ours.begin(), ours.end(), s) == ours.end()) continue;
    if (crypto::sig_alg_for(s, key.type(), true)) return s;
  }
  return std::nullopt;
}

Result<crypto::SignatureJob> sign_certificate_verify(Side signer, const crypto::Signer& key, uint16_t scheme,
                                                     ByteView transcript_hash) {
  if (!crypto::sig_alg_for(scheme, key.type(), true)) {
    return err::internal("CertificateVerify: scheme does not fit the key");
  }
  return key.start_signing(static_cast<crypto::SignatureScheme>(scheme),
                           certificate_verify_content(signer, transcript_hash));
}

Result<SignatureVerified> verify_certificate_verify(Side signer, const ChainVerified& chain,
                                                    const wire::CertificateVerify& cv,
                                                    std::span<const uint16_t> offered_schemes,
                                                    crypto::ByteView transcript_hash) {
  // §4.4.3: the algorithm MUST be one we offered in signature_algorithms.
  if (std::find(offered_schemes.begin(), offered_schemes.end(), cv.algorithm) == offered_schemes.end()) {
    return err::illegal_parameter("CertificateVerify: scheme not offered", std::string(crypto::scheme_name(cv.algorithm)));
  }
  const auto& path = chain.chain().path;
  if (path.empty()) return err::internal("CertificateVerify: the verifier returned no leaf");
  const auto& leaf = *path.front();
  if (!leaf.public_key) {
    return err::make(Error::Kind::Certificate, Alert::unsupported_certificate, "certificate key not usable",
                     leaf.public_key_error);
  }
  auto alg = crypto::sig_alg_for(cv.algorithm, leaf.public_key->type(), true);
  if (!alg) return err::illegal_parameter("CertificateVerify: scheme does not fit the certificate's key");
  auto content = certificate_verify_content(signer, transcript_hash);
  if (!leaf.public_key->verify(*alg, content, cv.signature)) {
    return err::make(Error::Kind::Crypto, Alert::decrypt_error, "CertificateVerify: bad signature");
  }
  return SignatureVerified(cv.algorithm);
}

// ------------------------------------------------------------------ chains

wire::Certificate certificate_message(const Identity* identity, ByteView request_context,
                                      std::optional<ByteView> leaf_status) {
  wire::Certificate m;
  m.certificate_request_context = request_context;
  if (identity) {
    for (const auto& c : identity->chain) m.certificate_list.push_back({c->der(), {}});
  }
  if (leaf_status && !m.certificate_list.empty()) m.certificate_list.front().extensions.status_request = leaf_status;
  return m;
}

std::optional<std::vector<uint8_t>> staple_for(const ServerConfig& config, const Identity& identity,
                                               const wire::ClientHello& ch, int64_t now) {
  // RFC 6066 §8: only when asked for OCSP; never a response that is not
  // current (make_ocsp_staple checked that it answers for this leaf).
  if (identity.chain.empty() || !ch.extensions.status_request || !wire::requests_ocsp(*ch.extensions.status_request)) {
    return std::nullopt;
  }
  for (const auto& staple : config.ocsp_staples) {
    if (!staple || staple->leaf != identity.chain.front()) continue;
    if (now >= staple->expires || now + x509::ocsp::kClockSkew < staple->this_update) continue;
    return wire::encode_certificate_status(staple->der);
  }
  return std::nullopt;
}

namespace {
// The verifier's view of a Certificate message: its entries' DER, leaf first,
// and the leaf's stapled OCSP response.
struct ChainDer {
  std::vector<ByteView> der;
  std::optional<ByteView> staple;
};
Result<ChainDer> chain_der(const wire::Certificate& msg, bool asked_status) {
  ChainDer out;
  out.der.reserve(msg.certificate_list.size());
  for (const auto& entry : msg.certificate_list) {
    // §4.4.2: extensions in a CertificateEntry "MUST correspond to ones from
    // the ClientHello" (server) or "the CertificateRequest" (client), and §4.2
    // makes an unsolicited one unsupported_extension. Only status_request and
    // signed_certificate_timestamp may appear (the wire parser already refused
    // the others with illegal_parameter); we ask for status_request alone, and
    // only in our ClientHello, never in a CertificateRequest.
    const auto& e = entry.extensions;
    const bool only_status = asked_status && e.order.size() == 1 && e.status_request;
    if (!e.order.empty() && !only_status) {
      return unsupported_extension("Certificate: an entry carries an extension we did not request");
    }
    if (only_status) {
      auto response = PARLEY_TRY(wire::parse_certificate_status(*e.status_request));
      // A staple on an intermediate's entry is allowed and not used: the
      // verifier's evidence for intermediates is CRLs and fetched responses.
      if (out.der.empty()) out.staple = response;
    }
    out.der.push_back(entry.cert_data);
  }
  return out;
}

// The verifier's answer, then the identity rules, reported to the observer. A
// path must start with the leaf the peer sent: CertificateVerify is checked
// with its key.
Result<verify::VerifiedChain> chain_result(Result<verify::VerifiedChain> r, std::span<const ByteView> der,
                                           Party who, Context& ctx) {
  if (r && !r->path.empty() && !std::ranges::equal(r->path.front()->der(), der.front())) {
    r = err::internal("certificate verifier: the verified path does not start with the peer's leaf");
  }
  if (r && ctx.authorizer()) r = authorized(std::move(*r), *ctx.authorizer());
  if (!r) {
    if (ctx.observing()) {
      CertificateCheck check;
      check.peer = who;
      if (auto parsed = verify::parse_chain(der, *ctx.provider().keys)) check.chain = std::move(*parsed);
      check.report = r.error().cert_detail;
      check.alert = r.error().alert;
      ctx.emit(ctx.event(HandshakeEvent::Kind::certificate_rejected, std::move(check)));
    }
    return Unexpected(std::move(r).error());
  }
  if (ctx.observing()) {
    CertificateCheck check;
    check.peer = who;
    check.chain = r->path;
    check.valid_until = iso8601(r->not_after);
    check.name_matched = r->name_matched;
    std::ranges::transform(r->revocation, std::back_inserter(check.revocation), x509::revocation_answer);
    ctx.emit(ctx.event(HandshakeEvent::Kind::certificate_verified, std::move(check)));
  }
  return r;
}
}  // namespace

Result<ChainVerified> verify_server_chain(const wire::Certificate& msg, const verify::ServerCertVerifier& verifier,
                                          const verify::ReferenceIdentity& name, bool asked_status, Context& ctx) {
  const auto [der, staple] = PARLEY_TRY(chain_der(msg, asked_status));
  verify::VerifyInput input;
  input.chain = der;
  input.ocsp_response = staple;
  input.name = &name;
  input.now = ctx.now();
  input.purpose = x509::Purpose::server_auth;
  return ChainVerified(PARLEY_TRY(chain_result(verifier.verify_server(input), der, Party::server, ctx)));
}

Result<ChainVerified> verify_client_chain(const wire::Certificate& msg, const verify::ClientCertVerifier& verifier,
                                          Context& ctx) {
  const auto der = PARLEY_TRY(chain_der(msg, false)).der;
  verify::VerifyInput input;
  input.chain = der;
  input.now = ctx.now();
  input.purpose = x509::Purpose::client_auth;
  return ChainVerified(PARLEY_TRY(chain_result(verifier.verify_client(input), der, Party::client, ctx)));
}

// The admitting rule is kept for PeerIdentity::authorized_by. A refusal
// carries the authorizer's alert (access_denied, RFC 8446 §6.2: a valid
// certificate, access refused).
Result<verify::VerifiedChain> authorized(verify::VerifiedChain chain, const PeerAuthorizer& authorizer) {
  auto rule = authorizer.authorize(peer_identity(chain));
  if (!rule) return Unexpected(std::move(rule).error());
  chain.authorized_by = std::move(*rule);
  return chain;
}

PeerIdentity peer_identity(const verify::VerifiedChain& verified) {
  PeerIdentity id;
  id.valid_until = verified.not_after;
  id.name_matched = verified.name_matched;
  id.authorized_by = verified.authorized_by;
  id.path.reserve(verified.path.size());
  for (const auto& c : verified.path) id.path.emplace_back(c->der().begin(), c->der().end());
  if (verified.path.empty()) return id;  // a custom verifier's choice; nothing to name
  const auto& leaf = *verified.path.front();
  id.subject = x509::to_string(leaf.subject);
  id.issuer = x509::to_string(leaf.issuer);
  if (leaf.subject_alt_names) {
    for (const auto& n : *leaf.subject_alt_names) {
      switch (n.type) {
        case x509::GeneralNameType::dns: id.dns_names.emplace_back(n.text()); break;
        case x509::GeneralNameType::ip: id.ip_addresses.push_back(x509::ip_bytes_to_string(n.value)); break;
        case x509::GeneralNameType::uri: id.uris.emplace_back(n.text()); break;
        case x509::GeneralNameType::rfc822: id.emails.emplace_back(n.text()); break;
        default: break;
      }
    }
  }
  return id;
}

// ------------------------------------------------------------------ algorithm lists

// Each list is sized once: they are made for every connection.
std::vector<uint16_t> suite_codes(std::span<const crypto::Suite> configured, const crypto::Provider& p) {
  std::vector<uint16_t> out;
  if (configured.empty()) {
    out.reserve(p.suites.size());
    for (const auto& s : p.suites) out.push_back(static_cast<uint16_t>(s.id));
  } else {
    out.reserve(configured.size());
    for (auto s : configured) out.push_back(static_cast<uint16_t>(s));
  }
  return out;
}

std::vector<uint16_t> group_codes(std::span<const crypto::Group> configured, const crypto::Provider& p) {
  std::vector<uint16_t> out;
  if (configured.empty()) {
    out.reserve(p.groups.size());
    for (const auto* g : p.groups) out.push_back(static_cast<uint16_t>(g->group()));
  } else {
    out.reserve(configured.size());
    for (auto g : configured) out.push_back(static_cast<uint16_t>(g));
  }
  return out;
}

std::vector<uint16_t> scheme_codes(std::span<const crypto::SignatureScheme> configured) {
  if (configured.empty()) configured = default_signature_schemes();
  std::vector<uint16_t> out;
  out.reserve(configured.size());
  for (auto s : configured) out.push_back(static_cast<uint16_t>(s));
  return out;
}

std::vector<uint16_t> cert_scheme_codes(std::span<const uint16_t> schemes) {
  const auto defaults = default_certificate_signature_schemes();
  const bool same = std::ranges::equal(defaults, schemes, {}, [](auto s) { return static_cast<uint16_t>(s); });
  if (same) return {};
  std::vector<uint16_t> out;
  out.reserve(defaults.size());
  for (auto s : defaults) out.push_back(static_cast<uint16_t>(s));
  return out;
}

std::string iso8601(int64_t unix_seconds) { return der::format_rfc3339(unix_seconds); }

}  // namespace parley::tls::handshake
