// The sans-I/O Connection (ARCHITECTURE §7): deframer, record protection,
// handshake reassembly and the client or server state machine. feed() is the
// one place where an Error becomes a fatal alert on the wire.
#include <algorithm>
#include <utility>

#include "tls/connection_impl.h"
#include "tls/session/client_cache.h"
#include "tls/session/process_defaults.h"

namespace parley {

using namespace tls;
using handshake::Side;

// ------------------------------------------------------------------ creation

Connection::Connection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;
Connection::~Connection() = default;

Result<Connection> Connection::Impl::unstarted_client(std::shared_ptr<const ClientConfig> config, ServerName server,
                                                      std::span<const uint8_t> early_data) {
  if (!config || !config->provider) return err::api("Connection::client: no config");
  auto impl = std::make_unique<Connection::Impl>(Side::client, *config->provider, config->keylog.get(), config->max_handshake_message);
  auto& hs = impl->phase.emplace<std::unique_ptr<ClientHandshake>>(std::make_unique<ClientHandshake>());
  auto& s = hs->setup;
  s.config = config;
  s.verifier = config->verifier;
  if (!s.verifier) {
    if (!config->trust_store) return err::api("ClientConfig: no trust_store and no verifier");
    verify::X509VerifierOptions o;
    o.crls = config->crls;
    o.revocation = config->revocation;
    o.keys = config->provider->keys;
    s.verifier = verify::x509_server_verifier(config->trust_store, std::move(o));
  }
  s.status_request = config->revocation != RevocationPolicy::off;
  if (server.ip) {
    s.name.ip = server.ip;
  } else {
    s.name.dns = server.text;
    s.sni = server.text;
  }
  s.suites = handshake::suite_codes(config->suites, *config->provider);
  s.groups = handshake::group_codes(config->groups, *config->provider);
  s.schemes = handshake::scheme_codes(config->signature_schemes);
  s.cert_schemes = handshake::cert_scheme_codes(s.schemes);
  for (const auto& a : config->alpn) s.alpn.emplace_back(a.begin(), a.end());
  if (config->session_cache) s.cache_key = session::cache_key(server.text, config->alpn);
  s.early_data_len = early_data.size();
  impl->early_data.assign(early_data.begin(), early_data.end());
  if (s.suites.empty() || s.groups.empty()) return err::api("ClientConfig: no suites or groups");
  for (uint16_t g : s.groups) {
    if (!config->provider->group(static_cast<crypto::Group>(g))) return err::api("ClientConfig: a group the provider lacks");
  }
  impl->ctx.set_authorizer(s.config->authorizer.get());
  return Connection(std::move(impl));
}

Result<Connection> Connection::client(std::shared_ptr<const ClientConfig> config, ServerName server) {
  return client(std::move(config), std::move(server), {});
}

Result<Connection> Connection::client(std::shared_ptr<const ClientConfig> config, ServerName server,
                                      std::span<const uint8_t> early_data) {
  auto c = PARLEY_TRY(Impl::unstarted_client(std::move(config), std::move(server), early_data));
  PARLEY_TRY(c.impl_->start_client());
  return c;
}

Result<Connection> Connection::server(std::shared_ptr<const ServerConfig> config) {
  if (!config || !config->provider) return err::api("Connection::server: no config");
  if (config->identities.empty()) return err::api("ServerConfig: no identities");
  auto impl = std::make_unique<Impl>(Side::server, *config->provider, config->keylog.get(), config->max_handshake_message);
  auto& hs = impl->phase.emplace<std::unique_ptr<ServerHandshake>>(std::make_unique<ServerHandshake>());
  auto& s = hs->setup;
  s.config = config;
  s.verifier = config->verifier;
  if (!s.verifier && config->client_auth != ClientAuth::none) {
    if (!config->client_ca) return err::api("ServerConfig: client_auth without client_ca or verifier");
    verify::X509VerifierOptions o;
    o.crls = config->crls;
    o.revocation = config->revocation;
    o.keys = config->provider->keys;
    s.verifier = verify::x509_client_verifier(config->client_ca, std::move(o));
  }
  s.suites = handshake::suite_codes(config->suites, *config->provider);
  s.groups = handshake::group_codes(config->groups, *config->provider);
  s.schemes = handshake::scheme_codes(config->signature_schemes);
  s.cert_schemes = handshake::cert_scheme_codes(s.schemes);
  impl->ctx.set_authorizer(s.config->authorizer.get());
  if (config->tickets > 0) {
    s.ticket_keys = config->ticket_keys ? config->ticket_keys : session::process_ticket_keys(*config->provider);
  }
  if (config->max_early_data > 0 && s.ticket_keys) {
    s.replay = config->replay_register ? config->replay_register : session::process_replay_register();
  }
  hs->state = handshake::server::ExpectClientHello{&s};
  return Connection(std::move(impl));
}

// ------------------------------------------------------------------ input

// The first flight: a ClientHello, built once (so pending_output() is a pure
// accessor), at creation or, for a test that sets hooks first, by
// ConnectionInternals::start; then any 0-RTT data, under the early keys the
// handshake installed (§2.3).
Result<void> Connection::Impl::start_client() {
  auto* hs = std::get_if<std::unique_ptr<ClientHandshake>>(&phase);
  if (!hs || !std::holds_alternative<std::monostate>((*hs)->state)) return err::api("start: not an unstarted client");
  auto st = handshake::client::start((*hs)->setup, ctx);
  if (!st) return fail(std::move(st).error());
  (*hs)->state = std::move(*st);
  if (auto r = ctx.flush(); !r) return fail(std::move(r).error());
  if (handshake::client::sends_early_data((*hs)->state)) {
    auto r = record::write_records(wire::ContentType::application_data, early_data, &*write, out);
    if (!r) return fail(std::move(r).error());
  }
  return {};
}

Result<size_t> Connection::feed(std::span<const uint8_t> from_peer) {
  auto& m = *impl_;
  if (m.error) return Unexpected(m.failed());
  auto consumed = m.process_records(from_peer);
  if (!consumed) return m.fail(std::move(consumed).error());
  m.release_idle_buffers();
  return *consumed;
}

// Records are read from the caller's bytes where they lie (the Deframer
// copies only a record split across feeds) and protected ones are decrypted
// into app_in, where application data stays for read(); any other record is
// dropped from app_in once handled, and so is everything after an error.
// Reading stops at a record boundary once kMaxUnreadPlaintext bytes wait for
// read(): the caller keeps the rest and feeds it again when wants_read().
Result<size_t> Connection::Impl::process_records(crypto::ByteView input) {
  const size_t given = input.size();
  while (!peer_closed && !over_read_limit()) {
    const size_t unread = app_in.size();
    auto rec = PARLEY_TRY(deframer.next(input, app_in));
    if (!rec) return given;  // all taken: whole records, and a split one's start held by the Deframer
    auto handled = on_record(*rec);
    if (!handled || rec->type != wire::ContentType::application_data) app_in.truncate(unread);
    PARLEY_TRY(handled);
  }
  return given - input.size();
}

Result<void> Connection::Impl::on_record(const record::Record& r) {
  PARLEY_TRY(dos.on_record(r));
  peer_record_protected = peer_record_protected || r.encrypted;
  switch (r.type) {
    case wire::ContentType::handshake:
      PARLEY_TRY(reassembler.add(r.fragment));
      while (auto msg = reassembler.next()) PARLEY_TRY(on_handshake_message(*msg));
      return {};
    case wire::ContentType::change_cipher_spec:
      PARLEY_TRY(reassembler.check_other_record_allowed());
      return on_change_cipher_spec();
    case wire::ContentType::alert:
      PARLEY_TRY(reassembler.check_other_record_allowed());
      return on_alert(r);
    case wire::ContentType::application_data:
      PARLEY_TRY(reassembler.check_other_record_allowed());
      keep_buffers = true;
      if (handshake_done) return {};
      // §2.3: before the handshake is done only accepted 0-RTT data, up to
      // max_early_data_size (§4.2.10: more is unexpected_message).
      if (!reading_early_data()) return record::unexpected_message("application data during the handshake");
      early_data_received += r.fragment.size();
      if (early_data_received > max_early_data) {
        return record::unexpected_message("0-RTT: more early data than max_early_data_size");
      }
      early_data_unread += r.fragment.size();
      return {};
    default:
      return record::unexpected_message("record: unexpected content type");
  }
}

// During the handshake the buffers serve flight after flight and are kept;
// once it is done, an empty one is freed until application data flows.
void Connection::Impl::release_idle_buffers() {
  if (!handshake_done || keep_buffers) return;
  out.release();
  app_in.release();
  deframer.release();
  reassembler.release();
}

// §5: a change_cipher_spec may arrive "at any time after the first
// ClientHello message has been sent or received and before the peer's
// Finished message has been received" and is dropped. A client has sent its
// ClientHello before it reads anything, so one before the ServerHello is
// dropped too; a server needs the ClientHello first. handshake_done is set by
// the peer's Finished on a client and by the client's Finished on a server.
// The DosCounters cap how many.
Result<void> Connection::Impl::on_change_cipher_spec() {
  if ((side == Side::server && !first_message_seen) || handshake_done) {
    return record::unexpected_message("change_cipher_spec outside the handshake");
  }
  if (ctx.observing()) {
    ctx.emit(ctx.event(HandshakeEvent::Kind::message_received, MessageEvent{message::ChangeCipherSpec{}, {}}));
  }
  return {};
}

// §5: once read keys are installed every record but change_cipher_spec is
// protected, so a plaintext alert may come from anyone on the path: a
// plaintext close_notify would truncate the stream undetected. The one
// exception is a server still waiting for the client's second flight: a
// client that failed on our first flight may have no handshake keys to
// protect its alert with, and a fatal alert only ends what would fail anyway.
Result<void> Connection::Impl::check_plaintext_alert(const record::Record& r, Alert description) const {
  if (r.encrypted || !deframer.has_read_protection()) return {};
  const bool closure = description == Alert::close_notify || description == Alert::user_canceled;
  if (side == Side::server && !handshake_done && !peer_record_protected && !closure) return {};
  return record::unexpected_message("record: plaintext alert after the read keys are installed");
}

// §6: close_notify ends the peer's direction only (§6.1: it "does not have
// any effect on its read side"): we may still write, and the application
// answers with close() once it has sent what it owes (a server finishing its
// response). user_canceled is a warning; every other alert is fatal.
Result<void> Connection::Impl::on_alert(const record::Record& r) {
  const auto alert = record::parse_alert(r.fragment);
  PARLEY_TRY(check_plaintext_alert(r, alert.description));
  if (ctx.observing()) {
    ctx.emit(ctx.event(HandshakeEvent::Kind::alert_received, AlertEvent{alert.description, {}}));
  }
  if (alert.description == Alert::user_canceled) return dos.on_warning_alert();
  if (alert.description == Alert::close_notify && handshake_done) {
    peer_closed = true;
    events.push_back(Event{Event::Kind::peer_closed});
    return {};
  }
  Error e;
  e.kind = Error::Kind::AlertReceived;
  e.alert = alert.description;
  e.what = "the peer sent an alert";
  e.detail = std::string(alert_name(alert.description));
  return Unexpected(std::move(e));
}

Result<void> Connection::Impl::on_handshake_message(const record::HandshakeMessageView& m) {
  if (auto* t = traffic()) return on_post_handshake(*t, m);
  ctx.set_incoming(m.message);
  first_message_seen = true;
  if (auto* c = std::get_if<std::unique_ptr<ClientHandshake>>(&phase)) {
    auto& st = (*c)->state;
    auto msg = PARLEY_TRY(wire::parse_handshake(m.type, m.body, handshake::client::finished_len(st)));
    st = PARLEY_TRY(handshake::client::step(std::move(st), msg, ctx));
  } else if (auto* s = std::get_if<std::unique_ptr<ServerHandshake>>(&phase)) {
    auto& st = (*s)->state;
    auto msg = PARLEY_TRY(wire::parse_handshake(m.type, m.body, handshake::server::finished_len(st)));
    st = PARLEY_TRY(handshake::server::step(std::move(st), msg, ctx));
    // §4.2.10: early data we do not accept is skipped by trial decryption,
    // bounded by what a ticket of ours allows plus some record overhead; a
    // second ClientHello carries none.
    if (const auto* ch = std::get_if<wire::ClientHello>(&msg)) {
      const bool skip = ch->extensions.early_data && negotiated_values.early_data != EarlyDataStatus::accepted;
      deframer.skip_early_data(skip ? record::kMaxSkippedEarlyData + (*s)->setup.config->max_early_data : 0);
      max_early_data = (*s)->setup.config->max_early_data;
    }
  }
  return advance();
}

// After a step: the flight goes out, and a state machine that reached its
// Traffic state hands over to the post-handshake phase.
Result<void> Connection::Impl::advance() {
  PARLEY_TRY(ctx.flush());
  if (auto* c = std::get_if<std::unique_ptr<ClientHandshake>>(&phase)) {
    if (auto* t = std::get_if<handshake::client::Traffic>(&(*c)->state)) return finish_client(**c, *t);
  } else if (auto* s = std::get_if<std::unique_ptr<ServerHandshake>>(&phase)) {
    if (auto* t = std::get_if<handshake::server::Traffic>(&(*s)->state)) {
      tickets_sent = t->tickets_sent;
      const auto* resumed = t->peer ? std::get_if<handshake::PskAuth>(&*t->peer) : nullptr;
      if (resumed) {
        finish_handshake(std::move(t->secrets), resumed->client ? &*resumed->client : nullptr, resumed->verified_at);
      } else {
        const auto* chain = t->peer ? handshake::verified_chain(*t->peer) : nullptr;
        finish_handshake(std::move(t->secrets), chain ? &chain->chain() : nullptr);
      }
    }
  }
  return {};
}

bool Connection::Impl::reading_early_data() const {
  const auto* s = std::get_if<std::unique_ptr<ServerHandshake>>(&phase);
  return s && std::holds_alternative<handshake::server::ExpectEndOfEarlyData>((*s)->state);
}

// §4.4.4, §2.3: a server's application write keys are installed with its
// Finished, so it may send data before the client's Finished ("0.5-RTT"),
// e.g. the answer to a request that came as 0-RTT data.
bool Connection::Impl::writing_half_rtt() const {
  const auto* s = std::get_if<std::unique_ptr<ServerHandshake>>(&phase);
  if (!s) return false;
  namespace sv = handshake::server;
  const auto& st = (*s)->state;
  return std::holds_alternative<sv::ExpectEndOfEarlyData>(st) || std::holds_alternative<sv::ExpectClientFinished>(st) ||
         std::holds_alternative<sv::ExpectClientCertificate>(st) ||
         std::holds_alternative<sv::ExpectClientCertificateVerify>(st);
}

bool Connection::Impl::awaiting_signature() const {
  if (const auto* c = std::get_if<std::unique_ptr<ClientHandshake>>(&phase)) {
    return std::holds_alternative<handshake::client::AwaitingSignature>((*c)->state);
  }
  if (const auto* s = std::get_if<std::unique_ptr<ServerHandshake>>(&phase)) {
    return std::holds_alternative<handshake::server::AwaitingSignature>((*s)->state);
  }
  return false;
}

Result<void> Connection::resume() {
  auto& m = *impl_;
  if (m.error) return Unexpected(m.failed());
  auto stepped = [&]() -> Result<void> {
    if (auto* c = std::get_if<std::unique_ptr<ClientHandshake>>(&m.phase)) {
      (*c)->state = PARLEY_TRY(handshake::client::resume(std::move((*c)->state), m.ctx));
    } else if (auto* s = std::get_if<std::unique_ptr<ServerHandshake>>(&m.phase)) {
      (*s)->state = PARLEY_TRY(handshake::server::resume(std::move((*s)->state), m.ctx));
    }
    return m.advance();
  }();
  if (!stepped) return m.fail(std::move(stepped).error());
  m.release_idle_buffers();
  return {};
}

bool Connection::awaiting_signature() const { return impl_->awaiting_signature(); }

// A client's handshake is done: the tickets that may follow go to the
// session cache (with what resuming them needs, taken before the handshake's
// state is freed), and early data the server did not take goes out as
// ordinary data (§4.2.10), unless the ALPN changed from the ticket's.
Result<void> Connection::Impl::finish_client(ClientHandshake& hs, handshake::client::Traffic& t) {
  const auto& cfg = *hs.setup.config;
  std::unique_ptr<handshake::traffic::TicketSink> sink;
  if (cfg.session_cache) {
    sink.reset(new handshake::traffic::TicketSink{cfg.session_cache, hs.setup.cache_key,
                                                  std::move(t.resumption_master_secret),
                                                  provider->suite(negotiated_values.suite), negotiated_values.alpn,
                                                  negotiated_values.sni, nullptr});
  }
  const auto* psk = std::get_if<handshake::PskAuth>(&t.peer);
  const auto* chain = handshake::verified_chain(t.peer);
  finish_handshake(std::move(t.secrets), chain ? &chain->chain() : nullptr, std::nullopt,
                   psk ? psk->server.get() : nullptr);
  if (sink) {
    sink->peer = peer;
    traffic()->tickets = std::move(sink);
  }
  const auto status = negotiated_values.early_data;
  if (!early_data.empty() && status != EarlyDataStatus::accepted && status != EarlyDataStatus::mismatch) {
    PARLEY_TRY(write_application_data(early_data));
  }
  std::vector<uint8_t>().swap(early_data);
  return {};
}

// Keeps what an established connection needs (the application secrets, the
// peer's identity) and frees the rest of the handshake (`verified` and
// `resumed_server` point into it, so they are read before the phase
// changes). A resumed session's identity (verified again from the ticket on
// a server, the session's on a client) is marked so.
void Connection::Impl::finish_handshake(handshake::MainSecret&& main, const verify::VerifiedChain* verified,
                                        std::optional<int64_t> resumed_verified_at,
                                        const PeerIdentity* resumed_server) {
  auto secrets = std::move(main).into_application(side);
  if (verified) {
    PeerIdentity id = handshake::peer_identity(*verified);
    id.resumed = resumed_verified_at.has_value();
    id.verified_at = resumed_verified_at.value_or(0);
    peer = std::make_shared<const PeerIdentity>(std::move(id));
  }
  if (resumed_server) {
    auto p = std::make_shared<PeerIdentity>(*resumed_server);
    p->resumed = true;
    peer = std::move(p);
  }
  handshake_done = true;
  events.push_back(Event{Event::Kind::handshake_done});
  if (ctx.observing()) {
    const Negotiated& n = negotiated_values;
    HandshakeDone done{n.version, n.suite, n.group, n.alpn, n.hello_retry, n.client_authenticated,
                       peer ? peer->subject : std::string(),
                       verified ? verified->path : std::vector<x509::CertificatePtr>(),
                       n.resumed, n.psk_mode, n.early_data, tickets_sent};
    ctx.emit(ctx.event(HandshakeEvent::Kind::handshake_done, std::move(done)));
  }
  phase = handshake::traffic::State{side, std::move(secrets), nullptr};
  ctx.end_handshake();
}

Result<void> Connection::Impl::on_post_handshake(handshake::traffic::State& t, const record::HandshakeMessageView& m) {
  auto outcome = PARLEY_TRY(handshake::traffic::on_message(t, m, !close_sent, dos, ctx));
  if (outcome == handshake::traffic::Outcome::keys_updated) events.push_back(Event{Event::Kind::keys_updated});
  return {};
}

Result<void> Connection::Impl::write_alert(Alert a) {
  const uint8_t body[2] = {a == Alert::close_notify || a == Alert::user_canceled ? uint8_t{1} : uint8_t{2},
                           static_cast<uint8_t>(a)};
  return record::write_records(wire::ContentType::alert, body, write ? &*write : nullptr, out);
}

// The one place an error becomes an alert (picotls's single exit, rustls'
// maybe_send_fatal_alert): a half-built flight is dropped, the alert goes
// under the current write keys, and the connection stays failed. Every
// public call that can fail on the wire (feed, write, key_update) ends here.
Unexpected Connection::Impl::fail(Error e) {
  ctx.drop_pending();
  if (e.kind != Error::Kind::AlertReceived && e.alert) {
    (void)write_alert(*e.alert);
    if (ctx.observing()) {
      ctx.emit(ctx.event(HandshakeEvent::Kind::alert_sent, AlertEvent{*e.alert, e.message()}));
    }
  }
  phase = Failed{};
  error = std::move(e);
  return Unexpected(*error);
}

// ------------------------------------------------------------------ output

std::span<const uint8_t> Connection::pending_output() const { return impl_->out.data(); }

void Connection::consume_output(size_t n) {
  auto& m = *impl_;
  m.out.consume(std::min(n, m.out.size()));
  if (m.out.empty()) m.release_idle_buffers();
}

void Connection::release_buffers() {
  impl_->keep_buffers = false;
  impl_->release_idle_buffers();
}

Result<void> Connection::write(std::span<const uint8_t> plaintext) {
  auto& m = *impl_;
  if (m.error) return Unexpected(m.failed());
  if (!m.traffic() && !m.writing_half_rtt()) {
    return err::api("Connection::write before the handshake is done (on a server: before its Finished was sent)");
  }
  if (m.close_sent) return err::api("Connection::write after close()");
  if (auto r = m.write_application_data(plaintext); !r) return m.fail(std::move(r).error());
  return {};
}

Result<void> Connection::Impl::write_application_data(std::span<const uint8_t> plaintext) {
  auto* t = traffic();
  keep_buffers = true;
  while (!plaintext.empty()) {
    // §5.5: change keys before the AEAD usage limit; §4.6.3: a KeyUpdate only
    // after the handshake, so 0.5-RTT data stops at the limit.
    if (write->key_update_needed()) {
      if (!t) return err::api("0.5-RTT data reached the AEAD usage limit: wait for the client's Finished");
      PARLEY_TRY(handshake::traffic::send_key_update(*t, false, ctx));
    }
    const size_t n = std::min(plaintext.size(), record::kMaxPlaintext);
    PARLEY_TRY(record::write_records(wire::ContentType::application_data, plaintext.first(n), &*write, out));
    plaintext = plaintext.subspan(n);
  }
  return {};
}

size_t Connection::read(std::span<uint8_t> out) {
  auto& m = *impl_;
  auto& in = m.app_in;
  // One read never joins 0-RTT bytes with the ones after them.
  const size_t n = std::min({out.size(), in.size(), m.early_data_unread > 0 ? m.early_data_unread : in.size()});
  std::copy_n(in.data().begin(), n, out.begin());
  in.consume(n);
  m.early_data_unread -= std::min(m.early_data_unread, n);
  return n;
}

size_t Connection::early_data_pending() const { return impl_->early_data_unread; }

size_t Connection::readable() const { return impl_->app_in.size(); }

std::optional<Event> Connection::next_event() { return impl_->events.pop_front(); }

void Connection::close() {
  auto& m = *impl_;
  if (m.close_sent || m.error) return;
  m.close_sent = true;
  (void)m.write_alert(Alert::close_notify);
}

Result<void> Connection::key_update(bool request_peer) {
  auto& m = *impl_;
  if (m.error) return Unexpected(m.failed());
  auto* t = m.traffic();
  if (!t || m.close_sent) return err::api("Connection::key_update outside the application phase");
  if (auto r = handshake::traffic::send_key_update(*t, request_peer, m.ctx); !r) return m.fail(std::move(r).error());
  return {};
}

bool Connection::is_handshaking() const { return !impl_->handshake_done && !impl_->error; }
bool Connection::wants_read() const { return !impl_->error && !impl_->peer_closed && !impl_->over_read_limit(); }
bool Connection::peer_closed() const { return impl_->peer_closed; }
const PeerIdentity* Connection::peer() const { return impl_->peer.get(); }
const Negotiated* Connection::negotiated() const { return impl_->handshake_done ? &impl_->negotiated_values : nullptr; }
const Error* Connection::error() const { return impl_->error ? &*impl_->error : nullptr; }

Result<void> Connection::export_keying_material(std::span<uint8_t> out, std::string_view label,
                                                std::span<const uint8_t> context) const {
  const auto* t = std::get_if<handshake::traffic::State>(&impl_->phase);
  if (!t) return err::api("export_keying_material outside the application phase");
  return t->secrets.exporter.export_keying_material(out, label, context);
}

void Connection::set_observer(HandshakeObserver* observer) {
  impl_->ctx.set_observer(observer);
  impl_->replay_client_hello();
}

// The ClientHello is built at creation, before an observer can be attached:
// a client that has received nothing yet reports it when the observer
// arrives, from the transcript's copy of it (nothing is kept for this).
void Connection::Impl::replay_client_hello() {
  if (!ctx.observing()) return;
  auto* c = std::get_if<std::unique_ptr<ClientHandshake>>(&phase);
  if (!c) return;
  if (auto* st = std::get_if<handshake::client::ExpectServerHello>(&(*c)->state)) ctx.emit_sent(st->transcript.messages());
}

}  // namespace parley
