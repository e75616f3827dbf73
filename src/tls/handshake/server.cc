#include "tls/handshake/server.h"

#include <algorithm>

#include "crypto/scheme.h"
#include "tls/handshake/server_resumption.h"

namespace parley::tls::handshake::server {
namespace {

using wire::ExtensionType;

bool contains(std::span<const uint16_t> list, uint16_t v) { return std::find(list.begin(), list.end(), v) != list.end(); }

// What we settle from a ClientHello (§4.1.1).
struct Choice {
  const crypto::CipherSuite* suite = nullptr;
  uint16_t group = 0;
  const wire::KeyShareEntry* share = nullptr;  // null: ask for `group` with a HelloRetryRequest
  Selected identity{};
  std::optional<ByteView> alpn;
};

// §4.1.2 the ClientHello's fixed rules, then §4.1.1 negotiation in our preference order.
Result<Choice> negotiate(const Setup& s, const wire::ClientHello& ch, Context& ctx) {
  const auto& e = ch.extensions;
  // §D.5: legacy_version 0x0300 (SSL 3.0) or lower, or not TLS at all (a
  // major other than 3), is protocol_version whatever supported_versions says.
  if (ch.legacy_version >> 8 != 3 || ch.legacy_version <= 0x0300) {
    return protocol_version("ClientHello: legacy_version is SSL 3.0 or older, or not TLS");
  }
  // §4.2.1: without supported_versions the client speaks TLS 1.2 at most.
  if (!e.supported_versions || !contains(*e.supported_versions, wire::kTls13)) {
    return protocol_version("ClientHello: TLS 1.3 not offered");
  }
  // §4.1.2: legacy_compression_methods must be exactly one null byte.
  if (ch.legacy_compression_methods.size() != 1 || ch.legacy_compression_methods[0] != 0) {
    return err::illegal_parameter("ClientHello: compression methods other than null");
  }
  // §9.2: a certificate-based handshake needs these.
  if (!e.signature_algorithms) return missing_extension("ClientHello: no signature_algorithms");
  if (!e.supported_groups) return missing_extension("ClientHello: no supported_groups");
  if (!e.key_shares) return missing_extension("ClientHello: no key_share");
  // §4.2.9: a client offering a PSK MUST send psk_key_exchange_modes, and a
  // server MUST NOT select a key exchange mode the client did not list.
  if (e.pre_shared_key && !e.psk_key_exchange_modes) {
    return missing_extension("ClientHello: pre_shared_key without psk_key_exchange_modes");
  }
  // §4.2.8: each share's group is offered in supported_groups, at most once.
  for (size_t i = 0; i < e.key_shares->size(); ++i) {
    const uint16_t g = (*e.key_shares)[i].group;
    if (!contains(*e.supported_groups, g)) return err::illegal_parameter("ClientHello: key share for a group not offered");
    for (size_t j = 0; j < i; ++j) {
      if ((*e.key_shares)[j].group == g) return err::illegal_parameter("ClientHello: two key shares for one group");
    }
  }
  Choice c;
  for (uint16_t id : s.suites) {
    if (contains(ch.cipher_suites, id)) {
      c.suite = ctx.provider().suite(static_cast<crypto::Suite>(id));
      if (c.suite) break;
    }
  }
  if (!c.suite) return handshake_failure("ClientHello: no cipher suite in common");
  // Our most preferred group the client sent a share for; else the most
  // preferred it supports (a HelloRetryRequest, §4.1.4).
  for (uint16_t g : s.groups) {
    for (const auto& ks : *e.key_shares) {
      if (ks.group == g && !c.share) c.share = &ks, c.group = g;
    }
  }
  for (uint16_t g : s.groups) {
    if (!c.share && !c.group && contains(*e.supported_groups, g)) c.group = g;
  }
  if (!c.group) return handshake_failure("ClientHello: no group in common");

  auto id = select_server_identity(s.config->identities, e.server_name, *e.signature_algorithms, s.schemes);
  if (!id) return handshake_failure("ClientHello: no certificate for the client's signature algorithms");
  c.identity = *id;
  // RFC 7301 §3.2: our preference order. A client offering protocols none of
  // which we speak gets no_application_protocol ("the server SHALL respond");
  // a client offering none is refused only when ALPN is required.
  if (e.alpn) {
    for (const auto& ours : s.config->alpn) {
      for (auto theirs : *e.alpn) {
        if (!c.alpn && std::equal(ours.begin(), ours.end(), theirs.begin(), theirs.end())) c.alpn = theirs;
      }
    }
  }
  if (!c.alpn && ((e.alpn && !s.config->alpn.empty()) || s.config->alpn_required)) {
    return err::make(Error::Kind::PeerIncompatible, Alert::no_application_protocol,
                     e.alpn ? "ALPN: none of the client's protocols is one we speak" : "ALPN: required, the client offered none");
  }
  return c;
}

// §4.1.4: ask for a share of c.group; the transcript restarts with message_hash(ClientHello1).
Result<State> hello_retry(const Setup* s, const wire::ClientHello& ch, const Choice& c, Context& ctx) {
  Transcript t(*c.suite->hash);
  t.update(ctx.incoming());
  PARLEY_TRY(t.replace_client_hello_with_message_hash());
  const auto suite = static_cast<uint16_t>(c.suite->id);
  wire::HelloRetryRequest hrr;
  hrr.legacy_session_id_echo = ch.legacy_session_id;
  hrr.cipher_suite = suite;
  hrr.extensions.selected_version = wire::kTls13;
  hrr.extensions.hrr_group = c.group;
  ctx.override_extensions(wire::HandshakeType::server_hello, hrr.extensions);
  std::vector<uint8_t> cookie;
  if (hrr.extensions.cookie) cookie.assign(hrr.extensions.cookie->begin(), hrr.extensions.cookie->end());
  PARLEY_TRY(ctx.send(std::move(hrr), t));
  // §D.4: the CCS follows our first handshake message.
  if (s->config->middlebox_compat && !ch.legacy_session_id.empty()) ctx.send_change_cipher_spec();
  PARLEY_TRY(ctx.flush());
  ctx.negotiated.hello_retry = true;
  return ExpectSecondClientHello{s, std::move(t), suite, c.group,
                                 wire::ClientHello::retry_invariant(ctx.incoming().subspan(wire::kHandshakeHeaderLen)),
                                 std::move(cookie)};
}

// §4.4.4 our Finished; then the application write keys (§7.1).
Result<MainSecret> send_finished(Transcript& t, HandshakeSecret&& hs, Context& ctx) {
  auto verify_data = hs.finished(Side::server, t.current().view());
  PARLEY_TRY(ctx.send(wire::Finished{verify_data.view()}, t));
  auto main = PARLEY_TRY(std::move(hs).derive_main(t.current().view(), ctx.key_log()));
  PARLEY_TRY(ctx.install_write(main.server_application_traffic(), KeysInstalled::Stage::application, Side::server));
  return main;
}

// §4.4.3 CertificateVerify with the signature made, then Finished.
Result<State> finish_flight(FlightAfterSignature&& f, crypto::ByteView signature, Context& ctx) {
  auto& t = f.transcript;
  wire::CertificateVerify cv;
  cv.algorithm = f.scheme;
  cv.signature = signature;
  PARLEY_TRY(ctx.send(std::move(cv), t));
  auto main = PARLEY_TRY(send_finished(t, std::move(f.secrets), ctx));
  if (f.client_auth_requested) return ExpectClientCertificate{f.setup, std::move(t), std::move(main)};
  return ExpectClientFinished{f.setup, std::move(t), std::move(main), std::nullopt};
}

// §4.1.3 ServerHello, §4.3 EncryptedExtensions; resumed (§2.2): Finished at
// once, after early data (§4.5) when 0-RTT is accepted; otherwise
// CertificateRequest, §4.4 Certificate and CertificateVerify (finish_flight,
// once signed).
Result<State> respond(const Setup* s, const wire::ClientHello& ch, const Choice& c, Transcript&& t, bool ccs_sent,
                      std::optional<AcceptedPsk>&& psk, Context& ctx) {
  const auto* group = ctx.provider().group(static_cast<crypto::Group>(c.group));
  wire::ServerHello sh;
  ctx.provider().rng->fill(sh.random);
  // §4.2.9 psk_ke: no key share, the (EC)DHE input is zeros (§7.1).
  const bool dhe = !psk || psk->mode == PskMode::psk_dhe_ke;
  std::pair<crypto::Bytes, SecretBytes> kx;
  if (dhe) {
    auto r = group->respond(c.share->key_exchange, ctx.rng());
    if (!r) return err::illegal_parameter("ClientHello: invalid key share", r.error().message());
    kx = std::move(*r);
    sh.extensions.server_share = wire::KeyShareEntry{c.group, kx.first};
  }
  sh.legacy_session_id_echo = ch.legacy_session_id;
  sh.cipher_suite = static_cast<uint16_t>(c.suite->id);
  sh.extensions.selected_version = wire::kTls13;
  if (psk) sh.extensions.selected_psk = psk->index;
  if (!ctx.negotiated.hello_retry) {
    ctx.negotiated.early_data =
        early_data_decision(*s, ch, psk ? &*psk : nullptr, *c.suite, c.alpn.value_or(ByteView{}), false, ctx);
  }
  const bool early_data = ctx.negotiated.early_data == EarlyDataStatus::accepted;
  auto early = psk ? std::move(psk->early) : PARLEY_TRY(EarlySecret::without_psk(*c.suite));
  std::optional<TrafficSecret> client_early;  // §7.1 over Transcript-Hash(ClientHello)
  if (early_data) client_early = PARLEY_TRY(early.client_early_traffic(t.current().view(), ctx.key_log()));
  ctx.override_extensions(wire::HandshakeType::server_hello, sh.extensions);
  PARLEY_TRY(ctx.send(std::move(sh), t));
  if (s->config->middlebox_compat && !ch.legacy_session_id.empty() && !ccs_sent) ctx.send_change_cipher_spec();
  auto hs = PARLEY_TRY(std::move(early).derive_handshake(kx.second.view(), t.current().view(), ctx.key_log()));
  PARLEY_TRY(ctx.install_write(hs.server_traffic(), KeysInstalled::Stage::handshake, Side::server));
  if (client_early) {
    PARLEY_TRY(ctx.install_read(*client_early, KeysInstalled::Stage::early, Side::client));
  } else {
    PARLEY_TRY(ctx.install_read(hs.client_traffic(), KeysInstalled::Stage::handshake, Side::client));
  }

  wire::EncryptedExtensions ee;
  if (ch.extensions.server_name) ee.extensions.server_name = std::string_view{};
  if (c.alpn) ee.extensions.alpn = std::vector<ByteView>{*c.alpn};
  ee.extensions.early_data = early_data;
  ctx.override_extensions(wire::HandshakeType::encrypted_extensions, ee.extensions);
  PARLEY_TRY(ctx.send(std::move(ee), t));
  ctx.negotiated.suite = c.suite->id;
  if (dhe) ctx.negotiated.group = static_cast<crypto::Group>(c.group);
  if (c.alpn) ctx.negotiated.alpn.assign(c.alpn->begin(), c.alpn->end());
  if (ch.extensions.server_name) ctx.negotiated.sni = std::string(*ch.extensions.server_name);
  if (psk) {
    ctx.negotiated.resumed = true;
    ctx.negotiated.psk_mode = psk->mode;
    TrafficSecret client_handshake = hs.client_traffic().clone();
    auto main = PARLEY_TRY(send_finished(t, std::move(hs), ctx));
    if (early_data) {
      return ExpectEndOfEarlyData{s, std::move(t), std::move(main), std::move(client_handshake), std::move(psk->auth)};
    }
    return ExpectClientFinished{s, std::move(t), std::move(main), PeerAuth{std::move(psk->auth)}};
  }
  const bool ask = s->config->client_auth != ClientAuth::none;
  if (ask) {
    wire::CertificateRequest cr;
    cr.extensions.signature_algorithms = s->schemes;
    if (!s->cert_schemes.empty()) cr.extensions.signature_algorithms_cert = s->cert_schemes;  // §4.2.3
    std::vector<ByteView> hints;
    for (const auto& dn : s->verifier->root_hints()) hints.emplace_back(dn);
    if (!hints.empty()) cr.extensions.certificate_authorities = std::move(hints);
    ctx.override_extensions(wire::HandshakeType::certificate_request, cr.extensions);
    PARLEY_TRY(ctx.send(std::move(cr), t));
  }
  const auto staple = staple_for(*s->config, *c.identity.identity, ch, ctx.now());
  PARLEY_TRY(ctx.send(certificate_message(c.identity.identity, {}, staple ? std::optional<ByteView>(*staple) : std::nullopt), t));
  auto job = PARLEY_TRY(
      sign_certificate_verify(Side::server, *c.identity.identity->key, c.identity.scheme, t.current().view()));
  FlightAfterSignature flight{s, std::move(t), std::move(hs), c.identity.scheme, ask};
  if (auto* pending = std::get_if<std::unique_ptr<crypto::PendingSignature>>(&job)) {
    return AwaitingSignature{std::move(flight), std::move(*pending)};
  }
  return finish_flight(std::move(flight), std::get<crypto::Bytes>(job), ctx);
}

// ------------------------------------------------------------------ handlers

// §4.1.2 the first ClientHello.
Result<State> on(ExpectClientHello&& st, const wire::ClientHello& ch, Context& ctx) {
  ctx.set_client_random(ch.random);
  ctx.emit_received(ch);
  auto c = PARLEY_TRY(negotiate(*st.setup, ch, ctx));
  if (!c.share) {
    // §4.2.10: no 0-RTT after a HelloRetryRequest; the PSK is judged on ClientHello2.
    ctx.negotiated.early_data = early_data_decision(*st.setup, ch, nullptr, *c.suite, {}, true, ctx);
    return hello_retry(st.setup, ch, c, ctx);
  }
  auto psk = PARLEY_TRY(choose_psk(*st.setup, ch, *c.suite, true, nullptr, ctx));
  Transcript t(*c.suite->hash);
  t.update(ctx.incoming());
  return respond(st.setup, ch, c, std::move(t), false, std::move(psk), ctx);
}

// §4.1.4 the second ClientHello: the group we asked for, nothing else new.
Result<State> on(ExpectSecondClientHello&& st, const wire::ClientHello& ch, Context& ctx) {
  ctx.emit_received(ch);
  // §4.1.2: the same ClientHello but for a new key_share, early_data
  // removed, the HelloRetryRequest's cookie echoed, pre_shared_key updated,
  // padding.
  if (ch.extensions.early_data) return err::illegal_parameter("ClientHello2: early_data after a HelloRetryRequest");
  const auto& cookie = ch.extensions.cookie;
  if (st.cookie.empty() ? cookie.has_value()
                        : !cookie || !std::equal(cookie->begin(), cookie->end(), st.cookie.begin(), st.cookie.end())) {
    return err::illegal_parameter("ClientHello2: cookie is not the one our HelloRetryRequest sent (§4.2.2)");
  }
  if (wire::ClientHello::retry_invariant(ctx.incoming().subspan(wire::kHandshakeHeaderLen)) != st.first_hello) {
    return err::illegal_parameter(
        "ClientHello2: differs from the first beyond key_share, early_data, cookie, pre_shared_key and padding",
        "§4.1.2: the client MUST send the same ClientHello apart from those");
  }
  const auto& shares = ch.extensions.key_shares;
  if (!shares || shares->size() != 1 || shares->front().group != st.group) {
    return err::illegal_parameter("ClientHello2: not exactly one key share for the group we asked for");
  }
  auto c = PARLEY_TRY(negotiate(*st.setup, ch, ctx));
  if (static_cast<uint16_t>(c.suite->id) != st.suite || c.group != st.group || !c.share) {
    return err::illegal_parameter("ClientHello2: changed what the HelloRetryRequest settled");
  }
  auto psk = PARLEY_TRY(choose_psk(*st.setup, ch, *c.suite, true, &st.transcript, ctx));
  st.transcript.update(ctx.incoming());
  return respond(st.setup, ch, c, std::move(st.transcript), true, std::move(psk), ctx);
}

// §4.4.2 the client's Certificate; §4.4.2.4 empty under a required request.
Result<State> on(ExpectClientCertificate&& st, const wire::Certificate& c, Context& ctx) {
  ctx.emit_received(c);
  if (!c.certificate_request_context.empty()) return err::illegal_parameter("Certificate: context we did not send");
  if (c.certificate_list.empty()) {
    if (st.setup->config->client_auth == ClientAuth::required) {
      return err::make(Error::Kind::Certificate, Alert::certificate_required, "the client sent no certificate");
    }
    st.transcript.update(ctx.incoming());
    return ExpectClientFinished{st.setup, std::move(st.transcript), std::move(st.secrets), std::nullopt};
  }
  auto ok = PARLEY_TRY(verify_client_chain(c, *st.setup->verifier, ctx));
  st.transcript.update(ctx.incoming());
  return ExpectClientCertificateVerify{st.setup, std::move(st.transcript), std::move(st.secrets), std::move(ok)};
}

// §4.4.3 the client's CertificateVerify, with the client context string.
Result<State> on(ExpectClientCertificateVerify&& st, const wire::CertificateVerify& cv, Context& ctx) {
  ctx.emit_received(cv);
  auto sig = PARLEY_TRY(verify_certificate_verify(Side::client, st.chain_ok, cv, st.setup->schemes,
                                                  st.transcript.current().view()));
  st.transcript.update(ctx.incoming());
  ctx.negotiated.peer_signature_scheme = static_cast<crypto::SignatureScheme>(sig.scheme());
  return ExpectClientFinished{st.setup, std::move(st.transcript), std::move(st.secrets),
                              CertificateAuth{std::move(st.chain_ok), std::move(sig)}};
}

// §4.5 the end of the accepted 0-RTT data: the client's handshake keys next.
Result<State> on(ExpectEndOfEarlyData&& st, const wire::EndOfEarlyData& m, Context& ctx) {
  ctx.emit_received(m);
  st.transcript.update(ctx.incoming());
  PARLEY_TRY(ctx.install_read(st.client_handshake, KeysInstalled::Stage::handshake, Side::client));
  return ExpectClientFinished{st.setup, std::move(st.transcript), std::move(st.secrets), PeerAuth{std::move(st.client)}};
}

// §4.4.4 the client's Finished; then the client's application keys and our
// NewSessionTickets (§4.6.1).
Result<State> on(ExpectClientFinished&& st, const wire::Finished& fin, Context& ctx) {
  ctx.emit_received(fin);
  auto ok = PARLEY_TRY(st.secrets.verify_client_finished(st.transcript.current().view(), fin.verify_data));
  st.transcript.update(ctx.incoming());
  PARLEY_TRY(ctx.install_read(st.secrets.client_application_traffic(), KeysInstalled::Stage::application, Side::client));
  if (st.client) {
    const auto* resumed = std::get_if<PskAuth>(&*st.client);
    ctx.negotiated.client_authenticated = !resumed || resumed->client.has_value();
  }
  const size_t tickets = PARLEY_TRY(send_tickets(*st.setup, st.secrets, st.transcript, st.client, ctx));
  return Traffic{std::move(st.secrets), std::move(ok), std::move(st.client), tickets};
}

template <class S, class M>
Result<State> on(S&&, const M&, Context&) {
  return unexpected_message("handshake message out of order");
}

}  // namespace

Result<State> step(State&& state, const wire::HandshakeMessage& msg, Context& ctx) {
  return std::visit([&](auto&& st, const auto& m) -> Result<State> { return on(std::move(st), m, ctx); },
                    std::move(state), msg);
}

Result<State> resume(State&& state, Context& ctx) {
  auto* st = std::get_if<AwaitingSignature>(&state);
  if (!st) return std::move(state);
  auto signature = PARLEY_TRY(st->pending->poll());
  if (!signature) return std::move(state);
  return finish_flight(std::move(st->flight), *signature, ctx);
}

size_t finished_len(const State& state) { return finished_len_of(state); }

}  // namespace parley::tls::handshake::server
