#include "tls/handshake/server_resumption.h"

#include <algorithm>
#include <array>
#include <cstdlib>

#include "tls/handshake/psk.h"
#include "tls/handshake/server.h"
#include "tls/session/ticket_sealing.h"

namespace parley::tls::handshake::server {
namespace {

// §4.6.1: "Servers MUST NOT use any value greater than 604800 seconds (7 days)".
constexpr uint32_t kMaxTicketLifetime = 604800;
// §8.3: how far the client's view of the ticket's age may stray from ours
// (clock skew and network delay; our clock has whole seconds).
constexpr int64_t kFreshnessWindowMs = 10000;
// The offered identities we try; each costs an AEAD open.
constexpr size_t kMaxIdentitiesTried = 4;

bool offered(const wire::Extensions& e, wire::PskKeyExchangeMode m) {
  const auto& modes = *e.psk_key_exchange_modes;
  return std::find(modes.begin(), modes.end(), static_cast<uint8_t>(m)) != modes.end();
}

std::string text(crypto::ByteView b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

// §4.2.9: psk_dhe_ke when the client offers it and sent a share we use;
// psk_ke only when configured.
std::optional<PskMode> key_exchange_mode(const Setup& s, const wire::Extensions& e, bool have_share) {
  if (have_share && offered(e, wire::PskKeyExchangeMode::psk_dhe_ke)) return PskMode::psk_dhe_ke;
  if (s.config->allow_psk_ke && offered(e, wire::PskKeyExchangeMode::psk_ke)) return PskMode::psk_ke;
  return std::nullopt;
}

// mTLS: the ticket's client chain verified again now (expiry, CRLs), not
// older than the configured age. nullopt: do not resume from this ticket.
std::optional<PskAuth> client_identity(const Setup& s, const session::SessionState& st, Context& ctx) {
  const ClientAuth policy = s.config->client_auth;
  if (policy == ClientAuth::none || !st.client) {
    if (policy == ClientAuth::required) return std::nullopt;  // the ticket proves no certificate
    return PskAuth{};
  }
  if (ctx.now() - st.client->verified_at > s.config->max_client_identity_age) return std::nullopt;
  std::vector<crypto::ByteView> der(st.client->chain.begin(), st.client->chain.end());
  verify::VerifyInput input;
  input.chain = der;
  input.now = ctx.now();
  input.purpose = x509::Purpose::client_auth;
  auto verified = s.verifier->verify_client(input);
  if (verified && ctx.authorizer()) verified = authorized(std::move(*verified), *ctx.authorizer());
  if (!verified) return std::nullopt;  // a full handshake says why (access_denied for the rules)
  return PskAuth{std::move(*verified), st.client->verified_at, nullptr};
}

}  // namespace

Result<std::optional<AcceptedPsk>> choose_psk(const Setup& s, const wire::ClientHello& ch,
                                              const crypto::CipherSuite& suite, bool have_share,
                                              const Transcript* before, Context& ctx) {
  const auto& e = ch.extensions;
  if (!e.pre_shared_key || !s.ticket_keys || !ch.binders_offset) return std::nullopt;
  const auto mode = key_exchange_mode(s, e, have_share);
  if (!mode) return std::nullopt;
  const auto& ids = e.pre_shared_key->identities;
  const int64_t now = ctx.now();
  for (size_t i = 0; i < std::min(ids.size(), kMaxIdentitiesTried); ++i) {
    auto plain = s.ticket_keys->open(ids[i].identity, now);
    if (!plain) continue;  // not ours, or a retired key: §4.2.11 lets us ignore it
    auto state = session::parse_session_state(*plain);
    secure_wipe(plain->data(), plain->size());
    if (!state || state->expired(now)) continue;
    const auto* ticket_suite = ctx.provider().suite(static_cast<crypto::Suite>(state->suite));
    // §4.2.11: the PSK's hash must be the chosen suite's.
    if (!ticket_suite || ticket_suite->hash->alg() != suite.hash->alg()) continue;
    // §4.6.1: a ticket is bound to the server name it was issued for.
    if (state->sni != (e.server_name ? std::string(*e.server_name) : std::string())) continue;
    auto auth = client_identity(s, *state, ctx);
    if (!auth) continue;
    const uint8_t nonce[1] = {state->ticket_nonce};
    const SecretBytes psk = PARLEY_TRY(resumption_psk(*suite.hash, state->resumption_secret.view(), nonce));
    auto early = PARLEY_TRY(EarlySecret::with_psk(suite, psk.view()));
    const crypto::ByteView truncated = truncated_client_hello(ctx.incoming(), *ch.binders_offset);
    const SecretBytes hash = before ? binder_hash(*before, truncated) : binder_hash(*suite.hash, truncated);
    PARLEY_TRY(verify_psk_binder(early, PskKind::resumption, hash.view(), e.pre_shared_key->binders[i]));
    const auto id = ids[i].identity.first(std::min<size_t>(ids[i].identity.size(), 20));
    return AcceptedPsk{static_cast<uint16_t>(i), std::move(*state), std::move(early), *mode, std::move(*auth),
                       std::vector<uint8_t>(id.begin(), id.end())};
  }
  return std::nullopt;
}

EarlyDataStatus early_data_decision(const Setup& s, const wire::ClientHello& ch, const AcceptedPsk* psk,
                                    const crypto::CipherSuite& suite, crypto::ByteView alpn, bool hello_retry,
                                    Context& ctx) {
  if (!ch.extensions.early_data) return EarlyDataStatus::not_offered;
  if (s.config->max_early_data == 0 || !s.replay) return EarlyDataStatus::disabled;
  if (hello_retry) return EarlyDataStatus::hello_retry;
  if (!psk) return EarlyDataStatus::not_resumed;
  // §4.2.10: the early data is tied to the first identity.
  if (psk->index != 0) return EarlyDataStatus::not_first_psk;
  if (psk->state.max_early_data == 0) return EarlyDataStatus::ticket_disallows;
  // §4.2.10: same suite and ALPN as the ticket's session.
  if (psk->state.suite != static_cast<uint16_t>(suite.id) || psk->state.alpn != text(alpn)) {
    return EarlyDataStatus::mismatch;
  }
  // §8.3: the client's idea of the ticket's age against ours.
  const uint32_t age_add = psk->state.age_add;
  const int64_t client_age = ticket_age_ms(ch.extensions.pre_shared_key->identities[0].obfuscated_ticket_age, age_add);
  const int64_t server_age = (ctx.now() - psk->state.issued_at) * 1000;
  if (std::llabs(server_age - client_age) > kFreshnessWindowMs) return EarlyDataStatus::stale;
  // §8.1: once per ticket.
  const int64_t expires = psk->state.issued_at + psk->state.lifetime;
  if (!s.replay->first_use(psk->ticket_id, expires, ctx.now())) return EarlyDataStatus::replayed;
  return EarlyDataStatus::accepted;
}

namespace {
// NewSessionTicket is not part of the transcript (§4.4.1 lists the
// handshake messages up to the client's Finished).
struct NotHashed {
  void update(crypto::ByteView) {}
};
}  // namespace

Result<size_t> send_tickets(const Setup& s, const MainSecret& secrets, const Transcript& transcript,
                            const std::optional<PeerAuth>& client, Context& ctx) {
  if (s.config->tickets == 0 || !s.ticket_keys) return size_t{0};
  session::SessionState st;
  st.resumption_secret = PARLEY_TRY(secrets.resumption_master_secret(transcript.current().view()));
  st.suite = static_cast<uint16_t>(ctx.negotiated.suite);
  st.issued_at = ctx.now();
  st.lifetime = std::min(s.config->ticket_lifetime, kMaxTicketLifetime);
  st.alpn = ctx.negotiated.alpn;
  st.sni = ctx.negotiated.sni;
  st.max_early_data = s.config->max_early_data;
  // The client identity: from this handshake's chain, or carried over from
  // the ticket this handshake resumed (keeping its first verification time).
  const verify::VerifiedChain* chain = nullptr;
  int64_t verified_at = ctx.now();
  if (client) {
    if (const auto* c = std::get_if<CertificateAuth>(&*client)) {
      chain = &c->chain.chain();
    } else if (const auto* p = std::get_if<PskAuth>(&*client); p && p->client) {
      chain = &*p->client;
      verified_at = p->verified_at;
    }
  }
  if (chain) {
    auto& c = st.client.emplace();
    c.verified_at = verified_at;
    // The path less its trust anchor: verification finds the anchor again.
    const size_t n = chain->path.size() > 1 ? chain->path.size() - 1 : chain->path.size();
    for (size_t i = 0; i < n; ++i) c.chain.emplace_back(chain->path[i]->der().begin(), chain->path[i]->der().end());
  }
  // Each ticket's nonce is its index, and its PSK is derived only when it
  // comes back (session_state.h). One RNG call draws every ticket's
  // ticket_age_add and sealing nonce.
  constexpr size_t kDraw = 4 + session::TicketSealing::kNonceLen;
  const size_t count = std::min<size_t>(s.config->tickets, 255);
  std::array<uint8_t, kDraw * 255> random;
  ctx.rng().fill(std::span(random).first(kDraw * count));
  size_t sent = 0;
  for (size_t i = 0; i < count; ++i) {
    const uint8_t nonce[1] = {static_cast<uint8_t>(i)};
    st.ticket_nonce = nonce[0];
    const uint8_t* a = &random[kDraw * i];
    st.age_add = uint32_t{a[0]} << 24 | uint32_t{a[1]} << 16 | uint32_t{a[2]} << 8 | a[3];
    using session::TicketSealing;
    const std::span<const uint8_t, TicketSealing::kNonceLen> seal_nonce(a + 4, TicketSealing::kNonceLen);
    const SecretBuffer plain = PARLEY_TRY(session::encode_session_state(st));
    const auto ticket = PARLEY_TRY(TicketSealing::seal(*s.ticket_keys, plain.view(), st.issued_at, seal_nonce));
    if (ticket.size() > 0xffff) break;  // a client chain too large to carry: no tickets
    wire::NewSessionTicket nst;
    nst.ticket_lifetime = st.lifetime;
    nst.ticket_age_add = st.age_add;
    nst.ticket_nonce = nonce;
    nst.ticket = ticket;
    if (st.max_early_data > 0) nst.extensions.max_early_data_size = st.max_early_data;
    NotHashed none;
    PARLEY_TRY(ctx.send(std::move(nst), none));
    ++sent;
  }
  PARLEY_TRY(ctx.flush());
  return sent;
}

}  // namespace parley::tls::handshake::server
