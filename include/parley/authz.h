// Identity rules over a verified peer: who may connect once the chain has
// verified. A RuleSet is a list of allow rules (deny is the default); the
// first rule that matches admits the peer, and says so by name. Hook one into
// ServerConfig::authorizer or ClientConfig::authorizer and a peer that is
// verified but not allowed is refused during the handshake with access_denied.
//
//   auto rules = std::make_shared<parley::authz::RuleSet>();
//   rules->allow_uri("spiffe://example.internal/ns/shop/sa/*").value();
//   rules->allow_dns("*.shop.internal").value();
//   rules->allow_subject("CN=payments,O=Example").value();
//   server_config->authorizer = rules;
//   ... after the handshake: conn.peer()->authorized_by == "uri spiffe://example.internal/ns/shop/sa/*"
//
// Matching, chosen to be predictable rather than clever:
// - uri: scheme and authority compare case-insensitively (RFC 3986 §6.2.2.1),
//   the path exactly, segment by segment. A `*` segment matches exactly one
//   segment; `**`, only as the last segment, matches one or more. No other
//   wildcard (`sa/web-*` is refused when the rule is made). Nothing is
//   percent-decoded (SPIFFE IDs forbid percent-encoding, SPIFFE-ID §2.3): a
//   peer URI holding `%`, a query, a fragment, an empty, `.` or `..` segment
//   matches no rule, so `a%2Fb` can never stand in for `a/b`.
// - dns: case-insensitive (RFC 4343), one trailing dot ignored on both sides.
//   `*.shop.internal` matches exactly one more leftmost label (RFC 6125 §6.4.3),
//   not `shop.internal` itself nor `a.b.shop.internal`. A wildcard SAN in the
//   peer's certificate names a set of hosts, not one peer: it matches nothing.
// - subject / issuer: `CN=payments,O=Example` (RFC 4514, `\` escapes) matches
//   a peer whose leaf subject (or the issuing CA's subject, the leaf's issuer)
//   has each listed attribute with exactly that value; other attributes may be
//   present. Attribute types compare case-insensitively, values exactly.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <parley/config.h>
#include <parley/connection.h>
#include <parley/error.h>

namespace parley::authz {

class Rule;  // one allow rule (src/authz/rule.h)

// The answer for one peer.
struct Decision {
  bool allowed = false;
  std::string rule;    // allowed: the rule that admitted ("uri spiffe://.../sa/*")
  std::string reason;  // denied: what the peer showed and how many rules it missed
};

class RuleSet final : public PeerAuthorizer {
 public:
  // name: how logs and refusals call this rule set ("tunnel server").
  explicit RuleSet(std::string name = "rules");
  ~RuleSet() override;
  RuleSet(RuleSet&&) noexcept;
  RuleSet& operator=(RuleSet&&) noexcept;

  // Each adds one allow rule; a malformed pattern is refused with the reason.
  Result<void> allow_uri(std::string_view pattern);
  Result<void> allow_dns(std::string_view pattern);
  Result<void> allow_subject(std::string_view attributes);
  Result<void> allow_issuer(std::string_view attributes);
  // Any verified peer (the chain is still checked).
  void allow_any();

  bool empty() const { return rules_.empty(); }
  const std::string& name() const { return name_; }
  // The rules as written ("uri spiffe://...", "dns *.shop.internal").
  std::vector<std::string> describe() const;

  Decision decide(const PeerIdentity& peer) const;
  // PeerAuthorizer: the admitting rule, or access_denied with decide()'s reason.
  Result<std::string> authorize(const PeerIdentity& peer) const override;

 private:
  std::string name_;
  std::vector<std::unique_ptr<const Rule>> rules_;
};

}  // namespace parley::authz
