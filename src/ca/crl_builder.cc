#include "ca/crl_builder.h"

#include <string>

#include "ca/signing.h"
#include "der/oid.h"

namespace parley::ca {

std::optional<x509::CrlReason> crl_reason_from_name(std::string_view name) {
  using R = x509::CrlReason;
  for (R r : {R::unspecified, R::key_compromise, R::ca_compromise, R::affiliation_changed, R::superseded,
              R::cessation_of_operation, R::certificate_hold, R::privilege_withdrawn, R::aa_compromise}) {
    if (x509::crl_reason_name(r) == name) return r;
  }
  return std::nullopt;
}

Result<std::vector<uint8_t>> build_crl(const CrlTemplate& t, const IssuerIdentity& issuer) {
  if (issuer.key == nullptr) return err::api("CRL: no issuer key");
  if (t.next_update <= t.this_update) return err::api("CRL: nextUpdate must be after thisUpdate");
  const crypto::SigAlg alg = signature_algorithm_for(issuer.key->type());
  der::Builder b;
  {
    auto tbs = b.sequence();
    b.integer(1);  // v2
    write_algorithm_identifier(b, alg);
    b.raw(issuer.subject);
    b.time(t.this_update);
    b.time(t.next_update);
    if (!t.entries.empty()) {
      auto revoked = b.sequence();
      for (const auto& e : t.entries) {
        auto entry = b.sequence();
        b.unsigned_integer(e.serial);
        b.time(e.revocation_date);
        if (e.reason != x509::CrlReason::unspecified) {
          auto exts = b.sequence();
          auto ext = b.sequence();
          b.oid(der::kReasonCode);
          auto value = b.octet_string_scope();
          b.enumerated(static_cast<int64_t>(e.reason));
        }
      }
    }
    auto exts_explicit = b.constructed(der::context_constructed(0));
    auto exts = b.sequence();
    {  // §5.2.1
      auto ext = b.sequence();
      b.oid(der::kAuthorityKeyIdentifier);
      auto value = b.octet_string_scope();
      auto aki = b.sequence();
      b.implicit(der::context(0), issuer.key_id);
    }
    {  // §5.2.3
      auto ext = b.sequence();
      b.oid(der::kCrlNumber);
      auto value = b.octet_string_scope();
      uint8_t n[8];
      for (size_t i = 0; i < 8; ++i) n[i] = static_cast<uint8_t>(t.number >> (56 - 8 * i));
      b.unsigned_integer(Input(n, 8));
    }
  }
  auto tbs = PARLEY_TRY(std::move(b).finish());
  return sign_structure(*issuer.key, alg, tbs);
}

}  // namespace parley::ca
