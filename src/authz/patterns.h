// The matchers behind the identity rules (parley/authz.h documents what each
// matches and why). Each parses its pattern once, strictly, when the rule is
// made; matching a peer never allocates more than a lower-cased copy.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/error.h"

namespace parley::authz {

// A URI SAN pattern: scheme://authority/seg/... with `*` (one segment) and a
// final `**` (one or more segments). SPIFFE IDs are URIs of this shape.
class UriPattern {
 public:
  static Result<UriPattern> parse(std::string_view pattern);
  bool matches(std::string_view uri) const;

 private:
  std::string origin_;                 // "scheme://authority", lower case
  std::vector<std::string> segments_;  // the path, split at '/'
};

// A DNS SAN pattern: a hostname, or `*.` and a hostname of two or more labels.
class DnsPattern {
 public:
  static Result<DnsPattern> parse(std::string_view pattern);
  bool matches(std::string_view dns_name) const;

 private:
  std::string name_;  // lower case, no trailing dot; after "*." for a wildcard
  bool wildcard_ = false;
};

// RFC 4514 attribute type and value pairs, unescaped; `+` and `,` both
// separate (a multi-valued RDN's attributes are matched one by one).
using Attributes = std::vector<std::pair<std::string, std::string>>;
Result<Attributes> parse_distinguished_name(std::string_view text);

// Attributes every one of which a distinguished name must hold.
class NamePattern {
 public:
  static Result<NamePattern> parse(std::string_view pattern);
  // dn: RFC 4514 text as PeerIdentity holds it (subject, issuer).
  bool matches(std::string_view dn) const;

 private:
  Attributes required_;  // types upper case
};

}  // namespace parley::authz
