// Which of our certificates to present (RFC 8446 §4.4.2.2, §4.4.2.3).
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "parley/config.h"
#include "tls/wire/extensions.h"

namespace parley::tls::handshake {

struct Selected {
  const Identity* identity;
  uint16_t scheme;  // for our CertificateVerify
};

// Server: among identities whose key can sign with a scheme the client offered
// (and we allow), the first whose leaf SANs match the SNI; failing that, the
// first that can sign. nullopt: handshake_failure.
std::optional<Selected> select_server_identity(std::span<const Identity> identities,
                                               std::optional<std::string_view> sni,
                                               std::span<const uint16_t> client_schemes,
                                               std::span<const uint16_t> our_schemes);

// Client: our identity if its key fits the CertificateRequest's schemes and,
// when the server sent certificate_authorities, one of our chain's issuers is
// among them. nullopt: answer with an empty Certificate.
std::optional<Selected> select_client_identity(const Identity* identity, const wire::Extensions& request,
                                               std::span<const uint16_t> our_schemes);

}  // namespace parley::tls::handshake
