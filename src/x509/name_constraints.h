// Name constraints (RFC 5280 §4.2.1.10) for dNSName, iPAddress, rfc822Name,
// uniformResourceIdentifier and directoryName.
//
// Decisions (see docs/x509-deviations.md for how they meet x509-limbo):
// - Excluded subtrees override permitted ones. Permitted subtrees of one name
//   form constrain only names of that form (an iPAddress-only constraint
//   leaves DNS names free); IPv4 and IPv6 are one form, so an IPv4 address is
//   not permitted by IPv6-only subtrees.
// - dNSName constraints are subtrees: "example.com" permits example.com and
//   a.example.com, not badexample.com. RFC 5280 gives no leading-dot form for
//   DNS (that is for URI and e-mail), so ".example.com" and "*.example.com"
//   DNS constraints are invalid and reject the path, as are iPAddress masks
//   that are not contiguous and malformed e-mail constraints.
// - A wildcard SAN ("*.example.com") is checked defensively against every
//   name it could stand for: excluded "bar.example.com" rejects it, and
//   permitted "foo.example.com" does not permit it (CVE-2025-61727).
// - A SAN that is malformed for its form (".example.com", a 5-byte IP) is
//   never within a subtree, so it fails a permitted constraint of its form.
// - Name forms parley does not evaluate (otherName, x400Address,
//   ediPartyName, registeredID): when a CA constrains that form and a
//   certificate below it has such a name, the path is rejected.
// - The subject DN is checked against directoryName constraints (when not
//   empty) and its emailAddress attributes against rfc822Name constraints.
//   The subject CN is never a DNS name here, since parley never matches
//   hostnames against the CN.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "x509/certificate.h"

namespace parley::x509 {

enum class NcVerdict : uint8_t { ok, violation, invalid_constraint, unsupported, budget_exhausted };

struct NcResult {
  NcVerdict verdict = NcVerdict::ok;
  std::string name;        // "DNS:evil.example.com" (the name that failed)
  std::string constraint;  // "excluded DNS:example.com" or "permitted: DNS:a.com, DNS:b.com"
};

// Comparison counter shared by all checks of one verification.
struct NcBudget {
  uint32_t used = 0;
  uint32_t limit = 250000;
};

// Checks the syntax of every subtree; the first invalid one, or nullopt.
// Also rejects an extension with neither permitted nor excluded subtrees.
std::optional<std::string> validate_name_constraints(const NameConstraints& nc);

// Checks the names of cert (its SANs, and its subject DN and emailAddress
// attributes when check_subject) against nc. Each (name, subtree)
// comparison counts one against budget.
NcResult check_name_constraints(const NameConstraints& nc, const Certificate& cert, bool check_subject,
                                NcBudget& budget);

// The individual subtree tests, for tests and reuse.
bool dns_in_subtree(std::string_view name, std::string_view constraint);
bool ip_in_subtree(Input address, Input address_and_mask);
bool email_in_subtree(std::string_view mailbox, std::string_view constraint);
bool uri_in_subtree(std::string_view uri, std::string_view constraint);
// The host of a URI with an authority ("https://user@host:443/x" -> "host"), or nullopt.
std::optional<std::string_view> uri_host(std::string_view uri);

}  // namespace parley::x509
