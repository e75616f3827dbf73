#include "tls/handshake/client.h"

#include <algorithm>

#include "base/reader.h"
#include "base/writer.h"
#include "crypto/scheme.h"
#include "tls/handshake/psk.h"
#include "tls/wire/certificate_status.h"

namespace parley::tls::handshake::client {
namespace {

using wire::ExtensionType;

constexpr uint16_t ext(ExtensionType t) { return static_cast<uint16_t>(t); }

bool contains(std::span<const uint16_t> list, uint16_t v) { return std::find(list.begin(), list.end(), v) != list.end(); }

const crypto::CipherSuite* offered_suite(const Setup& s, const crypto::Provider& p, uint16_t id) {
  if (!contains(s.suites, id)) return nullptr;
  return p.suite(static_cast<crypto::Suite>(id));
}

// §4.2.9: we resume with a fresh (EC)DHE exchange only (forward secrecy).
constexpr uint8_t kPskDheKe = static_cast<uint8_t>(PskMode::psk_dhe_ke);

// Whether the first ClientHello carried 0-RTT (and so, in compatibility
// mode, the change_cipher_spec right behind it, §D.4).
bool early_data_offered(EarlyDataStatus s) {
  return s != EarlyDataStatus::not_offered && s != EarlyDataStatus::ticket_disallows;
}

// §4.2.11: the newest usable ticket for this server name and ALPN list whose
// suite we still offer, taken from the cache (§C.4: used once); 0-RTT with it
// when it allows all of the early data (§4.2.10: max_early_data_size).
std::optional<PskOffer> choose_psk(const Setup& s, Context& ctx) {
  if (!s.config->session_cache) return std::nullopt;
  auto t = session::CacheAccess::take(*s.config->session_cache, s.cache_key, ctx.now_ms());
  if (!t) return std::nullopt;
  const auto* cs = offered_suite(s, ctx.provider(), static_cast<uint16_t>(t->suite));
  if (!cs) return std::nullopt;
  const bool early = s.early_data_len > 0 && s.early_data_len <= t->max_early_data_size;
  return PskOffer{std::move(*t), cs, early};
}

// §4.1.2 ClientHello: the same on both flights except key_share and cookie.
Result<wire::ClientHello> build_client_hello(const Setup& s, Hello& h, const Context& ctx) {
  wire::ClientHello ch;
  ch.random = h.random;
  ch.legacy_session_id = {h.session_id.data(), h.session_id_len};
  ch.cipher_suites = s.suites;
  static constexpr uint8_t kNullCompression[] = {0};
  ch.legacy_compression_methods = kNullCompression;
  auto& e = ch.extensions;
  if (s.sni) e.server_name = *s.sni;
  e.supported_groups = s.groups;
  e.signature_algorithms = s.schemes;
  if (!s.cert_schemes.empty()) e.signature_algorithms_cert = s.cert_schemes;  // §4.2.3
  e.supported_versions = std::vector<uint16_t>{wire::kTls13};
  e.key_shares = std::vector<wire::KeyShareEntry>{{static_cast<uint16_t>(h.share->group()), h.share->public_key()}};
  if (!s.alpn.empty()) {
    std::vector<ByteView> names;
    for (const auto& a : s.alpn) names.emplace_back(a);
    e.alpn = std::move(names);
  }
  if (!h.cookie.empty()) e.cookie = ByteView(h.cookie);
  if (h.psk) {
    e.psk_key_exchange_modes = std::vector<uint8_t>{kPskDheKe};
    e.early_data = h.psk->early_data;
  }
  if (s.status_request) e.status_request = ByteView(wire::kOcspStatusRequest);  // RFC 6066 §8
  ctx.override_extensions(wire::HandshakeType::client_hello, ch.extensions);
  ctx.edit_client_hello(ch);
  return ch;
}

// §4.2.11: pre_shared_key, the last extension, offering our ticket; its
// binder (§4.2.11.2) is an HMAC over the ClientHello up to the binders list,
// after `before` (the HelloRetryRequest's transcript) for a second
// ClientHello. Returns the PSK's early secret, which 0-RTT keys come from.
Result<EarlySecret> bind_psk(wire::ClientHello& ch, Hello& h, const Transcript* before, Context& ctx) {
  const PskOffer& o = *h.psk;
  auto early = PARLEY_TRY(EarlySecret::with_psk(*o.suite, o.ticket.psk.view()));
  h.binder.assign(o.suite->hash->len(), 0);
  wire::OfferedPsks offer;
  offer.identities.push_back({o.ticket.ticket, o.ticket.obfuscated_age(ctx.now_ms())});
  offer.binders.emplace_back(h.binder);
  ch.extensions.pre_shared_key = std::move(offer);
  Writer w;
  wire::encode_handshake(ch, w);
  const auto encoded = PARLEY_TRY(std::move(w).finish());
  const ByteView truncated = ByteView(encoded).first(encoded.size() - ch.extensions.pre_shared_key->binders_size());
  const SecretBytes hashed = before ? binder_hash(*before, truncated) : binder_hash(*o.suite->hash, truncated);
  const SecretBytes binder = PARLEY_TRY(psk_binder(early, PskKind::resumption, hashed.view()));
  std::copy(binder.view().begin(), binder.view().end(), h.binder.begin());  // the view in `ch` sees it
  return early;
}

// §4.1.2: the extension types of an encoded ClientHello (header included),
// read from the bytes that went out.
Result<std::vector<uint16_t>> extension_types(ByteView client_hello) {
  Reader r(client_hello);
  Reader body, skip, extensions;
  uint16_t legacy_version = 0;
  const bool ok = r.skip(4) && r.u16(legacy_version) && r.skip(sizeof(wire::Random)) && r.prefixed(1, skip) &&
                  r.prefixed(2, skip) && r.prefixed(1, skip) && r.prefixed(2, extensions);
  if (!ok) return err::internal("ClientHello: our own message does not read back");
  std::vector<uint16_t> types;
  while (!extensions.empty()) {
    uint16_t type = 0;
    if (!extensions.u16(type) || !extensions.prefixed(2, body)) return err::internal("ClientHello: our own extensions do not read back");
    types.push_back(type);
  }
  return types;
}

// Sends a ClientHello: into the transcript, and its extension types into
// `sent`, what the server's answers may contain (§4.2).
template <class TranscriptLike>
Result<void> send_client_hello(wire::ClientHello&& ch, TranscriptLike& transcript, std::vector<uint16_t>& sent,
                               Context& ctx) {
  struct Recording {
    TranscriptLike& transcript;
    ByteView sent;
    void update(ByteView m) {
      transcript.update(m);
      sent = m;
    }
  } recording{transcript, {}};
  PARLEY_TRY(ctx.send(std::move(ch), recording));
  sent = PARLEY_TRY(extension_types(recording.sent));
  return {};
}

// §4.1.3 checks common to ServerHello and HelloRetryRequest.
Result<const crypto::CipherSuite*> check_server_hello_common(const Setup& s, const Hello& h, Context& ctx,
                                                             uint16_t legacy_version, ByteView session_id_echo,
                                                             uint16_t suite, const wire::Extensions& e) {
  // §4.1.3: "the legacy_version field MUST be set to 0x0303"; the version
  // itself is negotiated in supported_versions (§4.2.1).
  if (legacy_version != wire::kLegacyVersion) {
    return protocol_version("ServerHello: legacy_version is not 0x0303 (TLS 1.2), as TLS 1.3 requires");
  }
  if (!e.selected_version) return protocol_version("ServerHello: no supported_versions (not TLS 1.3)");
  if (*e.selected_version != wire::kTls13) return err::illegal_parameter("ServerHello: selected a version we did not offer");
  if (!std::equal(session_id_echo.begin(), session_id_echo.end(), h.session_id.begin(),
                  h.session_id.begin() + static_cast<ptrdiff_t>(h.session_id_len)) ||
      session_id_echo.size() != h.session_id_len) {
    return err::illegal_parameter("ServerHello: legacy_session_id_echo differs");
  }
  const auto* cs = offered_suite(s, ctx.provider(), suite);
  if (!cs) return err::illegal_parameter("ServerHello: cipher suite not offered");
  if (auto u = e.first_unsolicited(h.sent_extensions)) return unsupported_extension("ServerHello: unsolicited extension");
  return cs;
}

// §4.1.3: a TLS 1.3 client that sees a TLS 1.2 ServerHello checks the
// downgrade sentinel before anything else.
Result<void> check_downgrade(const wire::ServerHello& sh) {
  if (sh.extensions.selected_version) return {};
  if (wire::downgrade_sentinel(sh.random) != wire::DowngradeSentinel::none) {
    return err::illegal_parameter("ServerHello: downgrade sentinel (an attacker may have removed TLS 1.3)");
  }
  return protocol_version("ServerHello: the server does not speak TLS 1.3");
}

// §4.2.11: the PSK the server selected, if any: within the range we
// offered (one identity), with a suite of the PSK's hash.
Result<std::optional<session::StoredTicket>> selected_psk(Hello& h, const wire::Extensions& e,
                                                          const crypto::CipherSuite& cs) {
  if (!e.selected_psk) return std::nullopt;
  if (!h.psk) return unsupported_extension("ServerHello: pre_shared_key we did not offer");
  if (*e.selected_psk != 0) {
    return err::illegal_parameter("ServerHello: selected_identity outside the PSKs we offered (one, index 0)",
                                  "selected_identity " + std::to_string(*e.selected_psk));
  }
  if (cs.hash->alg() != h.psk->suite->hash->alg()) {
    return err::illegal_parameter("ServerHello: the cipher suite's hash is not the one of the PSK it selected (§4.2.11)");
  }
  return std::move(h.psk->ticket);
}

// §4.1.3 -> §7.1: the shared secret, the handshake secrets, both handshake
// keys (ours wait while our 0-RTT data may still be read: §4.2.10).
Result<State> enter_handshake(const Setup* s, Hello&& h, Transcript&& t, const wire::ServerHello& sh,
                              const crypto::CipherSuite& cs, Context& ctx) {
  auto resumed = PARLEY_TRY(selected_psk(h, sh.extensions, cs));
  const auto& share = sh.extensions.server_share;
  if (!share) return missing_extension("ServerHello: no key_share");
  if (share->group != static_cast<uint16_t>(h.share->group())) {
    return err::illegal_parameter("ServerHello: key_share for a group we sent no share for");
  }
  t.update(ctx.incoming());
  auto shared = std::move(*h.share).complete(share->key_exchange);
  if (!shared) return err::illegal_parameter("ServerHello: invalid key share", shared.error().message());
  auto early = PARLEY_TRY(resumed ? EarlySecret::with_psk(cs, resumed->psk.view()) : EarlySecret::without_psk(cs));
  auto hs = PARLEY_TRY(std::move(early).derive_handshake(shared->view(), t.current().view(), ctx.key_log()));
  PARLEY_TRY(ctx.install_read(hs.server_traffic(), KeysInstalled::Stage::handshake, Side::server));
  const bool early_data_sent = contains(h.sent_extensions, ext(ExtensionType::early_data));
  if (!early_data_sent) PARLEY_TRY(ctx.install_write(hs.client_traffic(), KeysInstalled::Stage::handshake, Side::client));
  if (early_data_sent && !resumed) ctx.negotiated.early_data = EarlyDataStatus::not_resumed;
  ctx.negotiated.suite = cs.id;
  ctx.negotiated.group = h.share->group();
  ctx.negotiated.resumed = resumed.has_value();
  if (resumed) ctx.negotiated.psk_mode = PskMode::psk_dhe_ke;
  return ExpectEncryptedExtensions{s, std::move(t), std::move(hs), std::move(h.sent_extensions), std::move(resumed),
                                   std::move(h.early_data_alpn)};
}

// ------------------------------------------------------------------ handlers

// §4.1.3 ServerHello answering our first ClientHello.
Result<State> on(ExpectServerHello&& st, const wire::ServerHello& sh, Context& ctx) {
  ctx.emit_received(sh);
  PARLEY_TRY(check_downgrade(sh));
  const auto* cs = PARLEY_TRY(check_server_hello_common(*st.setup, st.hello, ctx, sh.legacy_version,
                                                        sh.legacy_session_id_echo, sh.cipher_suite, sh.extensions));
  auto t = std::move(st.transcript).start(*cs->hash);
  return enter_handshake(st.setup, std::move(st.hello), std::move(t), sh, *cs, ctx);
}

// §4.1.4 ServerHello after a HelloRetryRequest: same suite as the HRR.
Result<State> on(ExpectServerHelloAfterRetry&& st, const wire::ServerHello& sh, Context& ctx) {
  ctx.emit_received(sh);
  PARLEY_TRY(check_downgrade(sh));
  const auto* cs = PARLEY_TRY(check_server_hello_common(*st.setup, st.hello, ctx, sh.legacy_version,
                                                        sh.legacy_session_id_echo, sh.cipher_suite, sh.extensions));
  if (sh.cipher_suite != st.suite) return err::illegal_parameter("ServerHello: suite differs from the HelloRetryRequest's");
  return enter_handshake(st.setup, std::move(st.hello), std::move(st.transcript), sh, *cs, ctx);
}

// §4.1.4 HelloRetryRequest: a new share for the named group (and/or the
// cookie), a transcript that starts with message_hash(ClientHello1).
Result<State> on(ExpectServerHello&& st, const wire::HelloRetryRequest& hrr, Context& ctx) {
  ctx.emit_received(hrr);
  const Setup& s = *st.setup;
  auto solicited = st.hello.sent_extensions;
  solicited.push_back(ext(ExtensionType::cookie));  // an HRR may carry a cookie we did not send
  st.hello.sent_extensions = solicited;
  const auto* cs = PARLEY_TRY(check_server_hello_common(s, st.hello, ctx, hrr.legacy_version,
                                                        hrr.legacy_session_id_echo, hrr.cipher_suite, hrr.extensions));
  const auto& e = hrr.extensions;
  if (e.hrr_group && (!contains(s.groups, *e.hrr_group) || *e.hrr_group == static_cast<uint16_t>(st.hello.share->group()))) {
    return err::illegal_parameter("HelloRetryRequest: group not offered or already shared");
  }
  if (!e.hrr_group && !e.cookie) return err::illegal_parameter("HelloRetryRequest: would not change the ClientHello");

  auto t = std::move(st.transcript).start(*cs->hash);
  PARLEY_TRY(t.replace_client_hello_with_message_hash());
  t.update(ctx.incoming());
  if (e.hrr_group) {
    const auto* g = ctx.provider().group(static_cast<crypto::Group>(*e.hrr_group));
    if (!g) return err::illegal_parameter("HelloRetryRequest: unknown group");
    st.hello.share = PARLEY_TRY(g->start(ctx.rng()));
  }
  st.hello.cookie = e.cookie ? std::vector<uint8_t>(e.cookie->begin(), e.cookie->end()) : std::vector<uint8_t>{};
  ctx.negotiated.hello_retry = true;
  const bool early_data_sent = early_data_offered(ctx.negotiated.early_data);
  if (early_data_sent) {
    // §4.2.10: 0-RTT ends with a HelloRetryRequest; the second ClientHello
    // carries no early_data and goes in the clear.
    ctx.negotiated.early_data = EarlyDataStatus::hello_retry;
    PARLEY_TRY(ctx.remove_write_protection());
  }
  // §4.1.4: keep the PSK only if its hash is the selected suite's (its binder
  // is computed over this transcript, in that hash).
  if (st.hello.psk && st.hello.psk->suite->hash->alg() != cs->hash->alg()) st.hello.psk.reset();
  if (st.hello.psk) st.hello.psk->early_data = false;
  // §D.4: in compatibility mode the CCS goes right after the HRR, unless it
  // already followed our 0-RTT ClientHello.
  if (st.hello.session_id_len != 0 && !early_data_sent) ctx.send_change_cipher_spec();
  auto ch2 = PARLEY_TRY(build_client_hello(s, st.hello, ctx));
  if (st.hello.psk) PARLEY_TRY(bind_psk(ch2, st.hello, &t, ctx));
  PARLEY_TRY(send_client_hello(std::move(ch2), t, st.hello.sent_extensions, ctx));
  return ExpectServerHelloAfterRetry{st.setup, std::move(st.hello), std::move(t), hrr.cipher_suite};
}

// §4.2.10 the server's answer to our 0-RTT data, in EncryptedExtensions:
// accepted (true) only with the PSK we offered it with, its suite and its
// ALPN; declined, our handshake keys take over from the early ones. Whether
// the data may be resent depends on the ALPN staying the ticket's.
Result<bool> early_data_answer(ExpectEncryptedExtensions& st, const wire::Extensions& e, Context& ctx) {
  auto& status = ctx.negotiated.early_data;
  if (e.early_data) {  // solicited: our ClientHello offered it (checked above)
    const auto* ticket = st.resumed ? &*st.resumed : nullptr;
    if (!ticket) return err::illegal_parameter("EncryptedExtensions: early_data accepted without the PSK it needs");
    if (ctx.negotiated.suite != ticket->suite || ctx.negotiated.alpn != ticket->alpn) {
      return err::illegal_parameter("EncryptedExtensions: early_data accepted with another suite or ALPN than the ticket's (§4.2.10)");
    }
    status = EarlyDataStatus::accepted;
    return true;
  }
  if (contains(st.sent_extensions, ext(ExtensionType::early_data))) {
    PARLEY_TRY(ctx.install_write(st.secrets.client_traffic(), KeysInstalled::Stage::handshake, Side::client));
  }
  if (st.early_data_alpn && early_data_offered(status) && ctx.negotiated.alpn != *st.early_data_alpn) {
    status = EarlyDataStatus::mismatch;
  }
  return false;
}

// §4.3.1 EncryptedExtensions: only what we asked for; ALPN one of ours.
Result<State> on(ExpectEncryptedExtensions&& st, const wire::EncryptedExtensions& ee, Context& ctx) {
  ctx.emit_received(ee);
  // §4.2: only responses to what our ClientHello sent (the parser already
  // rejected types §4.2 does not allow in EncryptedExtensions).
  if (ee.extensions.first_unsolicited(st.sent_extensions)) {
    return unsupported_extension("EncryptedExtensions: unsolicited extension");
  }
  const auto& e = ee.extensions;
  if (e.server_name && !st.setup->sni) return unsupported_extension("EncryptedExtensions: server_name we did not send");
  if (e.alpn) {
    if (st.setup->alpn.empty()) return unsupported_extension("EncryptedExtensions: ALPN we did not offer");
    const ByteView chosen = e.alpn->front();
    bool offered = std::any_of(st.setup->alpn.begin(), st.setup->alpn.end(),
                               [&](const auto& a) { return std::equal(a.begin(), a.end(), chosen.begin(), chosen.end()); });
    if (!offered) return err::illegal_parameter("EncryptedExtensions: ALPN protocol we did not offer");
    ctx.negotiated.alpn.assign(chosen.begin(), chosen.end());
  }
  const bool accepted = PARLEY_TRY(early_data_answer(st, e, ctx));
  st.transcript.update(ctx.incoming());
  // §2.2: a resumed handshake has no Certificate or CertificateVerify, and
  // §4.3.2 forbids a CertificateRequest in it.
  if (st.resumed) {
    PskAuth peer;
    peer.server = std::move(st.resumed->peer);
    return ExpectFinished{st.setup, std::move(st.transcript), std::move(st.secrets), std::nullopt, std::move(peer),
                          accepted};
  }
  return ExpectCertificateOrRequest{st.setup, std::move(st.transcript), std::move(st.secrets)};
}

// §4.3.2 CertificateRequest: pick our certificate now, answer after Finished
// (the parser already required signature_algorithms: missing_extension).
Result<State> on(ExpectCertificateOrRequest&& st, const wire::CertificateRequest& cr, Context& ctx) {
  ctx.emit_received(cr);
  if (!cr.certificate_request_context.empty()) {
    return err::illegal_parameter("CertificateRequest: non-empty context in the handshake");
  }
  const auto& cfg = *st.setup->config;
  ClientAuthPlan plan{select_client_identity(cfg.identity ? &*cfg.identity : nullptr, cr.extensions, st.setup->schemes)};
  st.transcript.update(ctx.incoming());
  return ExpectCertificate{st.setup, std::move(st.transcript), std::move(st.secrets), std::move(plan)};
}

// §4.4.2 the server's Certificate, verified at once (§4.4.2.4).
Result<State> certificate(const Setup* s, Transcript&& t, HandshakeSecret&& hs, std::optional<ClientAuthPlan>&& auth,
                          const wire::Certificate& c, Context& ctx) {
  ctx.emit_received(c);
  if (!c.certificate_request_context.empty()) return err::illegal_parameter("Certificate: non-empty context from the server");
  if (c.certificate_list.empty()) return err::decode("Certificate: the server sent no certificate");
  auto ok = PARLEY_TRY(verify_server_chain(c, *s->verifier, s->name, s->status_request, ctx));
  t.update(ctx.incoming());
  return ExpectCertificateVerify{s, std::move(t), std::move(hs), std::move(auth), std::move(ok)};
}
Result<State> on(ExpectCertificateOrRequest&& st, const wire::Certificate& c, Context& ctx) {
  return certificate(st.setup, std::move(st.transcript), std::move(st.secrets), std::nullopt, c, ctx);
}
Result<State> on(ExpectCertificate&& st, const wire::Certificate& c, Context& ctx) {
  return certificate(st.setup, std::move(st.transcript), std::move(st.secrets), std::move(st.auth), c, ctx);
}

// §4.4.3 the server's CertificateVerify over Transcript-Hash(.. Certificate).
Result<State> on(ExpectCertificateVerify&& st, const wire::CertificateVerify& cv, Context& ctx) {
  ctx.emit_received(cv);
  auto sig = PARLEY_TRY(verify_certificate_verify(Side::server, st.chain_ok, cv, st.setup->schemes,
                                                  st.transcript.current().view()));
  st.transcript.update(ctx.incoming());
  ctx.negotiated.peer_signature_scheme = static_cast<crypto::SignatureScheme>(sig.scheme());
  return ExpectFinished{st.setup, std::move(st.transcript), std::move(st.secrets), std::move(st.auth),
                        CertificateAuth{std::move(st.chain_ok), std::move(sig)}};
}

// §4.4.3, §4.4.4 the rest of our second flight: CertificateVerify (when we
// sign one), Finished, then our application write keys (§7.1).
Result<State> finish_flight(SecondFlight&& f, std::optional<crypto::Bytes> signature, Context& ctx) {
  auto& t = f.transcript;
  if (signature) {
    wire::CertificateVerify cv;
    cv.algorithm = f.scheme;
    cv.signature = *signature;
    PARLEY_TRY(ctx.send(std::move(cv), t));
  }
  auto verify_data = f.secrets.client_finished(t.current().view());
  PARLEY_TRY(ctx.send(wire::Finished{verify_data.view()}, t));
  PARLEY_TRY(ctx.install_write(f.secrets.client_application_traffic(), KeysInstalled::Stage::application, Side::client));
  SecretBytes resumption;
  if (f.setup->config->session_cache) resumption = PARLEY_TRY(f.secrets.resumption_master_secret(t.current().view()));
  return Traffic{std::move(f.secrets), std::move(f.finished_ok), std::move(f.peer), std::move(resumption)};
}

// §4.4.4 the server's Finished, then our second flight (§4.4: Certificate,
// CertificateVerify when asked, Finished) and the application keys (§7.1).
Result<State> on(ExpectFinished&& st, const wire::Finished& fin, Context& ctx) {
  ctx.emit_received(fin);
  auto& t = st.transcript;
  auto finished_ok = PARLEY_TRY(st.secrets.verify_finished(Side::server, t.current().view(), fin.verify_data));
  t.update(ctx.incoming());
  const SecretBytes to_server_finished = t.current();
  // §4.5: EndOfEarlyData, under the early keys, ends accepted 0-RTT data.
  if (st.end_of_early_data) {
    PARLEY_TRY(ctx.send(wire::EndOfEarlyData{}, t));
    PARLEY_TRY(ctx.install_write(st.secrets.client_traffic(), KeysInstalled::Stage::handshake, Side::client));
  }
  auto main = PARLEY_TRY(std::move(st.secrets).derive_main(to_server_finished.view(), ctx.key_log()));
  PARLEY_TRY(ctx.install_read(main.server_application_traffic(), KeysInstalled::Stage::application, Side::server));
  // §D.4: compatibility mode sends a CCS before the second flight (unless it
  // followed an HRR or our 0-RTT ClientHello).
  if (st.setup->config->middlebox_compat && !ctx.negotiated.hello_retry && !early_data_offered(ctx.negotiated.early_data)) {
    ctx.send_change_cipher_spec();
  }
  SecondFlight flight{st.setup, std::move(t), std::move(main), std::move(finished_ok), std::move(st.peer)};
  const Selected* chosen = st.auth && st.auth->chosen ? &*st.auth->chosen : nullptr;
  if (st.auth) PARLEY_TRY(ctx.send(certificate_message(chosen ? chosen->identity : nullptr, {}), flight.transcript));
  if (!chosen) return finish_flight(std::move(flight), std::nullopt, ctx);
  flight.scheme = chosen->scheme;
  ctx.negotiated.client_authenticated = true;
  auto job = PARLEY_TRY(
      sign_certificate_verify(Side::client, *chosen->identity->key, chosen->scheme, flight.transcript.current().view()));
  if (auto* pending = std::get_if<std::unique_ptr<crypto::PendingSignature>>(&job)) {
    return AwaitingSignature{std::move(flight), std::move(*pending)};
  }
  return finish_flight(std::move(flight), std::move(std::get<crypto::Bytes>(job)), ctx);
}

// Every other (state, message) pair: §4 fixes the order.
template <class S, class M>
Result<State> on(S&&, const M&, Context&) {
  return unexpected_message("handshake message out of order");
}

}  // namespace

Result<State> start(const Setup& setup, Context& ctx) {
  Hello h;
  ctx.provider().rng->fill(h.random);
  ctx.set_client_random(h.random);
  if (setup.config->middlebox_compat) {
    h.session_id_len = h.session_id.size();
    ctx.provider().rng->fill(h.session_id);
  }
  const auto* g = ctx.provider().group(static_cast<crypto::Group>(setup.groups.front()));
  if (!g) return err::api("ClientConfig: a group the provider does not have");
  h.share = PARLEY_TRY(g->start(ctx.rng()));
  h.psk = choose_psk(setup, ctx);
  auto ch = PARLEY_TRY(build_client_hello(setup, h, ctx));
  std::optional<EarlySecret> early;
  if (h.psk) early = PARLEY_TRY(bind_psk(ch, h, nullptr, ctx));
  TranscriptBuffer buf;
  PARLEY_TRY(send_client_hello(std::move(ch), buf, h.sent_extensions, ctx));
  ctx.negotiated.sni = setup.sni.value_or("");
  if (setup.early_data_len > 0) {
    ctx.negotiated.early_data = h.psk ? EarlyDataStatus::ticket_disallows : EarlyDataStatus::not_offered;
  }
  if (h.psk && h.psk->early_data) {
    // §2.3: the early data follows under client_early_traffic_secret (the
    // Connection writes it); §D.4: the compatibility CCS goes before it.
    ctx.negotiated.early_data = EarlyDataStatus::rejected;  // unless EncryptedExtensions accepts it
    h.early_data_alpn = h.psk->ticket.alpn;
    if (h.session_id_len != 0) ctx.send_change_cipher_spec();
    const SecretBytes to_client_hello = h.psk->suite->hash->digest(buf.messages());
    auto secret = PARLEY_TRY(early->client_early_traffic(to_client_hello.view(), ctx.key_log()));
    PARLEY_TRY(ctx.install_write(secret, KeysInstalled::Stage::early, Side::client));
  }
  return ExpectServerHello{&setup, std::move(h), std::move(buf)};
}

Result<State> step(State&& state, const wire::HandshakeMessage& msg, Context& ctx) {
  return std::visit([&](auto&& st, const auto& m) -> Result<State> { return on(std::move(st), m, ctx); },
                    std::move(state), msg);
}

Result<State> resume(State&& state, Context& ctx) {
  auto* st = std::get_if<AwaitingSignature>(&state);
  if (!st) return std::move(state);
  auto signature = PARLEY_TRY(st->pending->poll());
  if (!signature) return std::move(state);
  return finish_flight(std::move(st->flight), std::move(*signature), ctx);
}

bool sends_early_data(const State& state) {
  const auto* st = std::get_if<ExpectServerHello>(&state);
  return st && st->hello.psk && st->hello.psk->early_data;
}

size_t finished_len(const State& state) { return finished_len_of(state); }

}  // namespace parley::tls::handshake::client
