// The text trace's words for one event:
//
//   ClientHello → offered TLS 1.3, 3 cipher suites (…), key share x25519, …
//   ServerHello ← the server chose TLS_AES_128_GCM_SHA256 with x25519
#pragma once

#include <string>

#include "parley/events.h"
#include "trace/words.h"

namespace parley::trace {

// The sentence for one event, from `we`'s side (also the "text" of the JSON form).
std::string describe(const HandshakeEvent& e, Role we);
// One certificate's revocation answer and where it came from:
// "good (this update …) — fetched OCSP response from http://ca.internal/ocsp", "no evidence — none".
std::string revocation_text(const RevocationAnswer& a);
// "ClientHello →" (sent), "ServerHello ←" (received), "Keys", "Check", "Alert →", "Done".
std::string title(const HandshakeEvent& e);

}  // namespace parley::trace
