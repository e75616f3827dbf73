// SHA-1 for identifiers only: the OCSP CertID and ResponderID KeyHash (RFC
// 6960 §4.1.1, §4.2.1), which OpenSSL and RFC 5019 responders still use.
// Never for signatures or MACs: the TLS and X.509 code has no path to it.
#pragma once

#include <array>
#include <cstdint>

#include "crypto/provider.h"

namespace parley::crypto {

using Sha1Digest = std::array<uint8_t, 20>;

Sha1Digest sha1(ByteView data);

}  // namespace parley::crypto
