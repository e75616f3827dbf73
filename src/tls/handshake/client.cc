#include "tls/handshake/client.h"

#include <algorithm>

#include "base/reader.h"
#include "crypto/scheme.h"
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
  if (s.status_request) e.status_request = ByteView(wire::kOcspStatusRequest);  // RFC 6066 §8
  ctx.override_extensions(wire::HandshakeType::client_hello, ch.extensions);
  ctx.edit_client_hello(ch);
  return ch;
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

// §4.1.3 -> §7.1: the shared secret, the handshake secrets, both handshake keys.
Result<State> enter_handshake(const Setup* s, Hello&& h, Transcript&& t, const wire::ServerHello& sh,
                              const crypto::CipherSuite& cs, Context& ctx) {
  const auto& share = sh.extensions.server_share;
  if (!share) return missing_extension("ServerHello: no key_share");
  if (share->group != static_cast<uint16_t>(h.share->group())) {
    return err::illegal_parameter("ServerHello: key_share for a group we sent no share for");
  }
  t.update(ctx.incoming());
  auto shared = std::move(*h.share).complete(share->key_exchange);
  if (!shared) return err::illegal_parameter("ServerHello: invalid key share", shared.error().message());
  auto early = PARLEY_TRY(EarlySecret::without_psk(cs));
  auto hs = PARLEY_TRY(std::move(early).derive_handshake(shared->view(), t.current().view(), ctx.key_log()));
  PARLEY_TRY(ctx.install_read(hs.server_traffic(), KeysInstalled::Stage::handshake, Side::server));
  PARLEY_TRY(ctx.install_write(hs.client_traffic(), KeysInstalled::Stage::handshake, Side::client));
  ctx.negotiated.suite = cs.id;
  ctx.negotiated.group = h.share->group();
  return ExpectEncryptedExtensions{s, std::move(t), std::move(hs), std::move(h.sent_extensions)};
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
  // §D.4: in compatibility mode the CCS goes right after the HRR.
  if (st.hello.session_id_len != 0) ctx.send_change_cipher_spec();
  auto ch2 = PARLEY_TRY(build_client_hello(s, st.hello, ctx));
  PARLEY_TRY(send_client_hello(std::move(ch2), t, st.hello.sent_extensions, ctx));
  return ExpectServerHelloAfterRetry{st.setup, std::move(st.hello), std::move(t), hrr.cipher_suite};
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
  st.transcript.update(ctx.incoming());
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
  return Traffic{std::move(f.secrets), std::move(f.finished_ok), std::move(f.peer)};
}

// §4.4.4 the server's Finished, then our second flight (§4.4: Certificate,
// CertificateVerify when asked, Finished) and the application keys (§7.1).
Result<State> on(ExpectFinished&& st, const wire::Finished& fin, Context& ctx) {
  ctx.emit_received(fin);
  auto& t = st.transcript;
  auto finished_ok = PARLEY_TRY(st.secrets.verify_finished(Side::server, t.current().view(), fin.verify_data));
  t.update(ctx.incoming());
  auto main = PARLEY_TRY(std::move(st.secrets).derive_main(t.current().view(), ctx.key_log()));
  PARLEY_TRY(ctx.install_read(main.server_application_traffic(), KeysInstalled::Stage::application, Side::server));
  // §D.4: compatibility mode sends a CCS before the second flight (unless it followed an HRR).
  if (st.setup->config->middlebox_compat && !ctx.negotiated.hello_retry) ctx.send_change_cipher_spec();
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
  auto ch = PARLEY_TRY(build_client_hello(setup, h, ctx));
  TranscriptBuffer buf;
  PARLEY_TRY(send_client_hello(std::move(ch), buf, h.sent_extensions, ctx));
  ctx.negotiated.sni = setup.sni.value_or("");
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

size_t finished_len(const State& state) { return finished_len_of(state); }

}  // namespace parley::tls::handshake::client
