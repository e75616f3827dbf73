#include "x509/ocsp/request.h"

#include "der/oid.h"

namespace parley::x509::ocsp {

Result<std::vector<uint8_t>> build_request(const CertId& id, std::optional<std::span<const uint8_t>> nonce) {
  if (nonce && (nonce->empty() || nonce->size() > kMaxNonceSize)) {
    return err::api("OCSP request: the nonce must be 1..32 octets (RFC 8954 §2.1)", std::to_string(nonce->size()));
  }
  der::Builder b;
  {
    auto request = b.sequence();
    auto tbs = b.sequence();
    {
      auto list = b.sequence();
      auto one = b.sequence();
      id.encode(b);
    }
    if (nonce) {
      auto wrapper = b.constructed(der::context_constructed(2));
      auto exts = b.sequence();
      auto ext = b.sequence();
      b.oid(der::kOcspNonce);
      auto value = b.octet_string_scope();
      b.octet_string(*nonce);
    }
  }
  return std::move(b).finish();
}

}  // namespace parley::x509::ocsp
