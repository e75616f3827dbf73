#include "ca/ocsp/delegated_signer.h"

namespace parley::ca::ocsp {

Result<Delegate> DelegatedSigner::current(int64_t now) {
  if (current_.certificate) {
    const auto& v = current_.certificate->validity;
    if (now >= v.not_before && now < v.not_after && v.not_after - now > (v.not_after - v.not_before) / 2) {
      return current_;
    }
  }
  auto next = PARLEY_TRY(issue_());
  if (!next.certificate || !next.key) return err::internal("the delegated OCSP signer was issued without a key");
  current_ = std::move(next);
  ++generation_;
  return current_;
}

}  // namespace parley::ca::ocsp
