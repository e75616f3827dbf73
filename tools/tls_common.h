// What `parley serve` and `parley connect` share: parsing suites, groups and
// addresses, and explaining failures.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/provider.h"
#include "io/http_fetch.h"
#include "parley/config.h"
#include "parley/credentials.h"
#include "parley/connection.h"
#include "parley/events.h"
#include "x509/crl.h"
#include "x509/trust_store.h"

namespace parley::tools {

// Certificates, keys, trust stores and CRLs come from the library's loaders
// (parley/credentials.h); suite and group names from the provider's tables.
using crypto::group_name;
using crypto::suite_name;

// Accept the IANA names and the usual short forms (aes128gcm, P-256, X25519...).
Result<std::vector<crypto::Suite>> parse_suites(std::string_view list);
Result<std::vector<crypto::Group>> parse_groups(std::string_view list);
// --revocation off|soft|hard (docs/REVOCATION.md).
Result<RevocationPolicy> parse_revocation(std::string_view text);
// --fetch-timeout SECONDS: the limits of each OCSP or CRL fetch, in (0, 600] seconds.
Result<io::FetchLimits> parse_fetch_timeout(double seconds);
// "h2,http/1.1" -> {"h2", "http/1.1"} (commas; empty items dropped).
std::vector<std::string> split_list(std::string_view list, std::string_view separators = ",");

struct HostPort {
  std::string host;  // without IPv6 brackets
  std::string port;
};
// "example.org:443", "127.0.0.1:8443", "[::1]:8443".
Result<HostPort> parse_host_port(std::string_view text);

// Watches a handshake for what the error alone may not say (which alert
// went which way, the rejected chain's report) and forwards every event to
// an optional trace.
class HandshakeRecorder final : public HandshakeObserver {
 public:
  explicit HandshakeRecorder(HandshakeObserver* next = nullptr) : next_(next) {}
  void on_event(const HandshakeEvent& e) override;

  std::optional<Alert> alert_sent, alert_received;
  std::shared_ptr<const x509::VerifyReport> rejected_report;

 private:
  HandshakeObserver* next_;
};

// A failed connection in plain words: for a certificate problem the
// verifier's report, for an alert from the peer what it usually means.
// peer: "the server" or "the client".
std::string explain_failure(const Error& e, const HandshakeRecorder& seen, std::string_view peer);

// "CN=client,O=Example (URI:spiffe://example.org/a, DNS:client.example)", or "no client certificate".
std::string identity_summary(const PeerIdentity* peer);
// All SANs of a peer as "DNS:…", "IP:…", "URI:…", "email:…".
std::vector<std::string> identity_sans(const PeerIdentity& peer);

}  // namespace parley::tools
