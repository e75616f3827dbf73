// One allow rule of a RuleSet: which of the peer's names it looks at, and
// the pattern for them.
#pragma once

#include <string>
#include <variant>

#include "authz/patterns.h"
#include "parley/connection.h"

namespace parley::authz {

struct AnyPeer {};
struct SubjectPattern {
  NamePattern pattern;
};
struct IssuerPattern {
  NamePattern pattern;
};

class Rule {
 public:
  using Matcher = std::variant<UriPattern, DnsPattern, SubjectPattern, IssuerPattern, AnyPeer>;
  Rule(Matcher matcher, std::string text) : matcher_(std::move(matcher)), text_(std::move(text)) {}

  bool matches(const PeerIdentity& peer) const;
  // As written: "uri spiffe://example.internal/ns/shop/sa/*".
  const std::string& text() const { return text_; }

 private:
  Matcher matcher_;
  std::string text_;
};

}  // namespace parley::authz
