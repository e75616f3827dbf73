// RuleSet (parley/authz.h): allow rules in order, deny by default.
#include <algorithm>

#include "authz/rule.h"
#include "base/overloaded.h"
#include "parley/authz.h"

namespace parley::authz {
namespace {

bool any_matches(const auto& pattern, const std::vector<std::string>& names) {
  return std::ranges::any_of(names, [&](const std::string& n) { return pattern.matches(n); });
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : " ") + n;
  return out.empty() ? "none" : out;
}

}  // namespace

bool Rule::matches(const PeerIdentity& peer) const {
  return std::visit(Overloaded{
                        [&](const UriPattern& p) { return any_matches(p, peer.uris); },
                        [&](const DnsPattern& p) { return any_matches(p, peer.dns_names); },
                        [&](const SubjectPattern& p) { return p.pattern.matches(peer.subject); },
                        [&](const IssuerPattern& p) { return p.pattern.matches(peer.issuer); },
                        [](const AnyPeer&) { return true; },
                    },
                    matcher_);
}

RuleSet::RuleSet(std::string name) : name_(std::move(name)) {}
RuleSet::~RuleSet() = default;
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;

Result<void> RuleSet::allow_uri(std::string_view pattern) {
  rules_.push_back(std::make_unique<const Rule>(PARLEY_TRY(UriPattern::parse(pattern)), "uri " + std::string(pattern)));
  return {};
}

Result<void> RuleSet::allow_dns(std::string_view pattern) {
  rules_.push_back(std::make_unique<const Rule>(PARLEY_TRY(DnsPattern::parse(pattern)), "dns " + std::string(pattern)));
  return {};
}

Result<void> RuleSet::allow_subject(std::string_view attributes) {
  rules_.push_back(std::make_unique<const Rule>(SubjectPattern{PARLEY_TRY(NamePattern::parse(attributes))},
                                                "subject " + std::string(attributes)));
  return {};
}

Result<void> RuleSet::allow_issuer(std::string_view attributes) {
  rules_.push_back(std::make_unique<const Rule>(IssuerPattern{PARLEY_TRY(NamePattern::parse(attributes))},
                                                "issuer " + std::string(attributes)));
  return {};
}

void RuleSet::allow_any() { rules_.push_back(std::make_unique<const Rule>(AnyPeer{}, "any")); }

std::vector<std::string> RuleSet::describe() const {
  std::vector<std::string> out;
  out.reserve(rules_.size());
  for (const auto& r : rules_) out.push_back(r->text());
  return out;
}

Decision RuleSet::decide(const PeerIdentity& peer) const {
  for (const auto& r : rules_) {
    if (r->matches(peer)) return {true, r->text(), {}};
  }
  return {false, {},
          "the peer (subject " + peer.subject + "; URI SANs " + joined(peer.uris) + "; DNS SANs " +
              joined(peer.dns_names) + "; issuer " + peer.issuer + ") matches none of the " +
              std::to_string(rules_.size()) + " allow rule(s) of " + name_};
}

Result<std::string> RuleSet::authorize(const PeerIdentity& peer) const {
  auto d = decide(peer);
  if (!d.allowed) {
    return err::make(Error::Kind::Certificate, Alert::access_denied, "identity rules: the peer is not allowed",
                     std::move(d.reason));
  }
  return std::move(d.rule);
}

}  // namespace parley::authz
