// A certificate check as the checks a learner is taught (chain to a trusted
// root, validity period, name in the SAN, key usage, revocation), each with
// the values compared and its result, from the verifier's event.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>

#include "parley/events.h"

namespace parley::trace {

// [{"check": "chain"|"validity"|"name"|"key_usage"|"revocation", "title",
//   "result": "pass"|"fail"|"not faulted"|"no finding", "values": [["label", "value"], ...], "detail"}]
// now: Unix seconds. The server's certificate has a "name" check; the client's does not (RFC 8446 §4.4.2.4
// leaves the client's identity to the application).
nlohmann::json certificate_checks(const CertificateCheck& check, bool rejected, int64_t now);

}  // namespace parley::trace
