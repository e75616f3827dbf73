#include "ca/crl_publisher.h"

namespace parley::ca {
namespace {

// The revocations a CRL of issuer would list, as one comparable string.
Result<std::string> revocations_of(const Ledger& ledger, std::string_view issuer) {
  std::string out;
  for (const auto& r : PARLEY_TRY(ledger.revoked_by(issuer))) {
    out += r.serial + ":" + std::to_string(r.revoked_at.value_or(0)) + ":" +
           std::to_string(static_cast<int>(r.reason.value_or(x509::CrlReason::unspecified))) + ";";
  }
  return out;
}

}  // namespace

Result<std::vector<uint8_t>> CrlPublisher::current(std::string_view issuer) {
  const int64_t now = ca_->now();
  auto revocations = PARLEY_TRY(revocations_of(ca_->ledger(), issuer));
  auto it = published_.find(issuer);
  if (it != published_.end() && it->second.revocations == revocations && now >= it->second.this_update &&
      now < it->second.this_update + validity_ / 2) {
    return it->second.der;
  }
  auto der = PARLEY_TRY(ca_->crl_of(issuer, validity_));
  ++signed_;
  published_[std::string(issuer)] = Published{std::move(revocations), now, der};
  return der;
}

}  // namespace parley::ca
