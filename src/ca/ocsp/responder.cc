#include "ca/ocsp/responder.h"

#include <algorithm>

#include "ca/serial.h"
#include "der/builder.h"

namespace parley::ca::ocsp {
namespace {

std::vector<uint8_t> cert_id_key(const CertId& id) {
  der::Builder b;
  id.encode(b);
  return std::move(b).finish().value_or(std::vector<uint8_t>{});
}

}  // namespace

StatusLookup ledger_lookup(const Ledger& ledger) {
  return [&ledger](std::string_view serial_hex) -> Result<CertState> {
    auto record = PARLEY_TRY(ledger.find(serial_hex));
    if (!record || record->issuer != "intermediate") return CertState{};
    if (record->status == ca::CertStatus::revoked) {
      return CertState{CertStatus::revoked, record->revoked_at.value_or(0), record->reason};
    }
    return CertState{CertStatus::good, 0, std::nullopt};
  };
}

Responder::Responder(x509::CertificatePtr issuer, StatusLookup lookup, DelegatedSigner& signer,
                     const crypto::Clock& clock, ResponderOptions options)
    : issuer_(std::move(issuer)), lookup_(std::move(lookup)), signer_(&signer), clock_(&clock), options_(options) {}

OcspAnswer Responder::fail(ResponseStatus status, std::string why) const {
  OcspAnswer a;
  a.der = build_error_response(status);
  a.status = status;
  a.summary = std::string(x509::ocsp::response_status_name(status)) + ": " + why;
  return a;
}

OcspAnswer Responder::respond(der::Input request_der) {
  auto request = parse_request(request_der);
  if (!request) return fail(ResponseStatus::malformed_request, request.error().message());
  const int64_t now = clock_->unix_seconds();

  // The state of each certificate asked about; nullopt: not ours to answer.
  std::vector<std::optional<CertState>> states;
  for (const auto& id : request->certs) {
    if (!id.names_issuer(*issuer_)) {
      states.emplace_back();
      continue;
    }
    auto state = lookup_(serial_to_hex(id.serial));
    if (!state) return fail(ResponseStatus::internal_error, "the CA ledger: " + state.error().message());
    states.emplace_back(*state);
  }
  if (std::none_of(states.begin(), states.end(), [](const auto& s) { return s.has_value(); })) {
    return fail(ResponseStatus::unauthorized, "no certificate of this CA asked about: " + request->certs[0].to_string());
  }

  auto delegate = signer_->current(now);
  if (!delegate) return fail(ResponseStatus::internal_error, "the delegated signer: " + delegate.error().message());
  if (signer_->generation() != cache_generation_) {
    cache_.clear();
    cache_generation_ = signer_->generation();
  }

  const bool cacheable = request->certs.size() == 1 && !request->nonce;
  const auto key = cacheable ? cert_id_key(request->certs[0]) : std::vector<uint8_t>{};
  if (cacheable) {
    auto it = cache_.find(key);
    if (it != cache_.end() && it->second.state == *states[0] &&
        now < *it->second.answer.this_update + options_.response_validity / 2) {
      OcspAnswer a = it->second.answer;
      a.from_cache = true;
      return a;
    }
  }

  BasicResponseTemplate t;
  t.responder_spki.assign(delegate->certificate->spki.begin(), delegate->certificate->spki.end());
  t.produced_at = now;
  t.nonce = request->nonce;
  t.certificates.emplace_back(delegate->certificate->der().begin(), delegate->certificate->der().end());
  const int64_t next_update = std::min(now + options_.response_validity, delegate->certificate->validity.not_after);
  std::string summary;
  for (size_t i = 0; i < request->certs.size(); ++i) {
    const CertState state = states[i].value_or(CertState{});
    t.answers.push_back(SingleAnswer{request->certs[i], state.status, state.revoked_at, state.reason, now, next_update});
    summary += (summary.empty() ? "" : ", ") + std::string(x509::ocsp::cert_status_name(state.status)) + " " +
               serial_to_hex(request->certs[i].serial);
  }
  auto der = build_response(t, *delegate->key);
  if (!der) return fail(ResponseStatus::internal_error, "signing: " + der.error().message());

  OcspAnswer a;
  a.der = std::move(*der);
  a.summary = std::move(summary);
  if (cacheable) {
    a.this_update = now;
    a.next_update = next_update;
    if (cache_.size() >= options_.max_cached) cache_.clear();
    cache_[key] = Cached{*states[0], a};
  }
  return a;
}

}  // namespace parley::ca::ocsp
