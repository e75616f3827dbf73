#include "ca/ocsp/request.h"

#include <string>

#include "der/oid.h"
#include "x509/extensions.h"
#include "x509/ocsp/request.h"

namespace parley::ca::ocsp {
namespace {

Unexpected malformed(std::string detail) { return err::decode("malformed OCSP request", std::move(detail)); }

// Extensions under an EXPLICIT [n]; unknown critical ones are refused.
Result<std::vector<x509::Extension>> read_extensions(der::Parser& p, uint8_t n, const char* where) {
  auto wrapper = PARLEY_TRY(p.read_optional_constructed(der::context_constructed(n)));
  if (!wrapper) return std::vector<x509::Extension>{};
  der::Input list = PARLEY_TRY(wrapper->read_raw(der::kSequence));
  PARLEY_TRY(wrapper->expect_end());
  auto exts = PARLEY_TRY(x509::parse_extension_list(list));
  for (const auto& e : exts) {
    if (e.critical && !der::equal(e.oid, der::kOcspNonce)) {
      return malformed(std::string(where) + ": unknown critical extension " + der::oid_name(e.oid));
    }
  }
  return exts;
}

// §4.4.1: Nonce ::= OCTET STRING, as the extnValue's contents.
Result<std::vector<uint8_t>> read_nonce(der::Input extn_value) {
  der::Parser p(extn_value);
  der::Input nonce = PARLEY_TRY(p.read(der::kOctetString));
  PARLEY_TRY(p.expect_end());
  if (nonce.empty() || nonce.size() > x509::ocsp::kMaxNonceSize) {
    return malformed("the nonce must be 1 to 32 octets (RFC 8954 §2.1), found " + std::to_string(nonce.size()));
  }
  return std::vector<uint8_t>(nonce.begin(), nonce.end());
}

Result<OcspRequest> parse_tbs(der::Parser& tbs) {
  if (tbs.next_is(der::context_constructed(0))) {
    return malformed("version v1 written out: DER omits a DEFAULT value (X.690 §11.5)");
  }
  if (auto name = PARLEY_TRY(tbs.read_optional_constructed(der::context_constructed(1)))) {
    PARLEY_TRY(name->read_element());  // requestorName: one GeneralName, not used
    PARLEY_TRY(name->expect_end());
  }
  OcspRequest out;
  auto list = PARLEY_TRY(tbs.read_sequence());
  while (list.has_more()) {
    if (out.certs.size() == kMaxRequestedCerts) {
      return malformed("more than " + std::to_string(kMaxRequestedCerts) + " certificates in one request");
    }
    auto request = PARLEY_TRY(list.read_sequence());
    out.certs.push_back(PARLEY_TRY(CertId::read(request)));
    PARLEY_TRY(read_extensions(request, 0, "singleRequestExtensions"));
    PARLEY_TRY(request.expect_end());
  }
  if (out.certs.empty()) return malformed("the requestList is empty");
  for (const auto& e : PARLEY_TRY(read_extensions(tbs, 2, "requestExtensions"))) {
    if (der::equal(e.oid, der::kOcspNonce)) out.nonce = PARLEY_TRY(read_nonce(e.value));
  }
  PARLEY_TRY(tbs.expect_end());
  return out;
}

}  // namespace

Result<OcspRequest> parse_request(der::Input der) {
  if (der.size() > kMaxRequestSize) {
    return malformed(std::to_string(der.size()) + " octets, more than the " + std::to_string(kMaxRequestSize) +
                     " a request of a few CertIDs needs");
  }
  der::Parser outer(der);
  auto request = PARLEY_TRY(outer.read_sequence());
  PARLEY_TRY(outer.expect_end());
  auto tbs = PARLEY_TRY(request.read_sequence());
  auto parsed = PARLEY_TRY(parse_tbs(tbs));
  if (auto signature = PARLEY_TRY(request.read_optional_constructed(der::context_constructed(0)))) {
    PARLEY_TRY(signature->read_sequence());  // §4.1.2: optional, and not required here
    PARLEY_TRY(signature->expect_end());
  }
  PARLEY_TRY(request.expect_end());
  return parsed;
}

}  // namespace parley::ca::ocsp
