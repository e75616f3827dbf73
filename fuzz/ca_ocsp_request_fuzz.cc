// Feeds arbitrary bytes to the OCSP responder as a request. The parser must
// refuse or accept without crashing; the responder must always answer with
// an OCSPResponse that the client-side parser (x509/ocsp) reads, and with
// malformedRequest exactly when the request does not parse.
#include <cstdint>
#include <cstdlib>

#include "ca/authority.h"
#include "ca/ocsp/responder.h"
#include "x509/ocsp/response.h"

namespace {

using namespace parley;

// One CA, delegated signer and responder for the whole run (issuing per input would only be slow).
struct Setup {
  ca::Authority authority = *ca::Authority::ephemeral({}, crypto::openssl_provider());
  ca::ocsp::DelegatedSigner signer{[this]() -> Result<ca::ocsp::Delegate> {
    auto issued = PARLEY_TRY(authority.issue_ocsp_signer());
    return ca::ocsp::Delegate{issued.certificate, std::move(issued.key)};
  }};
  ca::ocsp::Responder responder{authority.intermediate(), ca::ocsp::ledger_lookup(authority.ledger()), signer,
                                *authority.clock()};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Setup* setup = new Setup();
  const der::Input input(data, size);
  auto request = ca::ocsp::parse_request(input);
  if (request && (request->certs.empty() || request->certs.size() > ca::ocsp::kMaxRequestedCerts)) std::abort();
  auto answer = setup->responder.respond(input);
  auto response = x509::ocsp::Response::parse(answer.der);
  if (!response || (*response)->status != answer.status) std::abort();
  if (!request != (answer.status == x509::ocsp::ResponseStatus::malformed_request)) std::abort();
  if (answer.status == x509::ocsp::ResponseStatus::successful &&
      (*response)->responses.size() != request->certs.size()) {
    std::abort();
  }
  return 0;
}
