#include "service/tunnel/settings.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <limits>

#include "parley/credentials.h"
#include "crypto/provider.h"
#include "service/tunnel/crl_fetch.h"
#include "x509/certificate.h"
#include "x509/trust_store.h"

namespace parley::tunnel {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

Result<void> add_rule(authz::RuleSet& rules, std::string_view line) {
  auto space = line.find(' ');
  auto kind = line.substr(0, space);
  auto arg = space == std::string_view::npos ? std::string_view{} : trimmed(line.substr(space + 1));
  if (kind == "any" && arg.empty()) {
    rules.allow_any();
    return {};
  }
  if (kind == "uri") return rules.allow_uri(arg);
  if (kind == "dns") return rules.allow_dns(arg);
  if (kind == "subject") return rules.allow_subject(arg);
  if (kind == "issuer") return rules.allow_issuer(arg);
  return err::api("rules file: expected 'uri PATTERN', 'dns PATTERN', 'subject ATTRS', 'issuer ATTRS' or 'any'",
                  "found '" + std::string(line) + "'");
}

Result<void> add_rules_file(authz::RuleSet& rules, const std::string& path) {
  std::ifstream in(path);
  if (!in) return err::io("rules file: cannot read", path);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    auto text = trimmed(line);
    if (text.empty() || text.front() == '#') continue;
    if (auto r = add_rule(rules, text); !r) {
      Error e = r.error();
      e.detail = path + ":" + std::to_string(number) + ": " + e.detail;
      return Unexpected(std::move(e));
    }
  }
  return {};
}

// A certificate renewed before its key (or the other way round), caught
// between the two writes: refuse the pair rather than fail every handshake.
Result<Identity> matched_identity(const TlsFiles& f) {
  auto id = PARLEY_TRY(load_identity(f.cert, f.key));
  if (id.chain.empty()) return err::api("no certificate in the file", f.cert);
  const auto* key = dynamic_cast<const crypto::PrivateKey*>(id.key.get());
  if (key && !std::ranges::equal(key->public_key().spki_der(), id.chain.front()->spki)) {
    return err::api("the private key does not belong to the certificate", f.key + " and " + f.cert);
  }
  return id;
}

int64_t leaf_not_after(const Identity& id) {
  return id.chain.empty() ? 0 : id.chain.front()->validity.not_after;
}

// The CRL files, then the fetched CRLs.
Result<std::vector<x509::CrlPtr>> crls_of(const TlsFiles& f, std::span<const x509::CrlPtr> fetched) {
  std::vector<x509::CrlPtr> out;
  if (auto files = f.crl_files(); !files.empty()) out = PARLEY_TRY(load_crls(files));
  out.insert(out.end(), fetched.begin(), fetched.end());
  return out;
}

// The certificates a fetched CRL may be signed by: every anchor, and the CA
// certificates of our own chain (one CA often issues both sides).
std::vector<x509::CertificatePtr> crl_issuers(const x509::TrustStore& anchors, const Identity& id) {
  std::vector<x509::CertificatePtr> out(anchors.anchors().begin(), anchors.anchors().end());
  for (size_t i = 1; i < id.chain.size(); ++i) out.push_back(id.chain[i]);
  return out;
}

}  // namespace

std::vector<std::string> TlsFiles::crl_files() const {
  std::vector<std::string> out;
  std::ranges::copy_if(crls, std::back_inserter(out), [](const std::string& c) { return !is_crl_url(c); });
  return out;
}

std::vector<std::string> TlsFiles::crl_urls() const {
  std::vector<std::string> out;
  std::ranges::copy_if(crls, std::back_inserter(out), is_crl_url);
  return out;
}

std::vector<std::string> TlsFiles::paths() const {
  std::vector<std::string> out;
  for (const auto* p : {&cert, &key, &ca}) {
    if (!p->empty()) out.push_back(*p);
  }
  auto files = crl_files();
  out.insert(out.end(), files.begin(), files.end());
  return out;
}

Result<std::shared_ptr<const authz::RuleSet>> load_rules(const RuleSpec& spec, std::string name) {
  auto rules = std::make_shared<authz::RuleSet>(std::move(name));
  for (const auto& p : spec.uris) PARLEY_TRY(rules->allow_uri(p));
  for (const auto& p : spec.dns) PARLEY_TRY(rules->allow_dns(p));
  for (const auto& p : spec.subjects) PARLEY_TRY(rules->allow_subject(p));
  for (const auto& p : spec.issuers) PARLEY_TRY(rules->allow_issuer(p));
  if (!spec.file.empty()) PARLEY_TRY(add_rules_file(*rules, spec.file));
  if (spec.any) rules->allow_any();
  return rules;
}

Result<ServerState> load_server(const Settings& s, std::span<const x509::CrlPtr> fetched) {
  auto cfg = std::make_shared<ServerConfig>();
  cfg->identities.push_back(PARLEY_TRY(matched_identity(s.files)));
  cfg->client_auth = ClientAuth::required;
  cfg->client_ca = PARLEY_TRY(load_trust_store(s.files.ca));
  cfg->crls = PARLEY_TRY(crls_of(s.files, fetched));
  cfg->alpn = s.alpn;
  cfg->revocation = s.revocation;
  cfg->tickets = s.tickets;
  ServerState state;
  state.rules = PARLEY_TRY(load_rules(s.rules, "tunnel server rules"));
  if (state.rules->empty()) {
    return err::api("tunnel server: no identity rules; deny is the default",
                    "give --allow-uri, --allow-dns, --allow-subject, --allow-issuer, --rules FILE, or --allow-any");
  }
  cfg->authorizer = state.rules;
  state.certificate_not_after = leaf_not_after(cfg->identities.front());
  state.crl_issuers = crl_issuers(*cfg->client_ca, cfg->identities.front());
  state.config = std::move(cfg);
  return state;
}

Result<ClientState> load_client(const Settings& s, std::span<const x509::CrlPtr> fetched) {
  auto cfg = std::make_shared<ClientConfig>();
  cfg->trust_store = PARLEY_TRY(load_trust_store(s.files.ca));
  cfg->crls = PARLEY_TRY(crls_of(s.files, fetched));
  cfg->identity = PARLEY_TRY(matched_identity(s.files));
  cfg->alpn = s.alpn;
  cfg->revocation = s.revocation;
  ClientState state;
  if (s.rules.given()) {
    state.rules = PARLEY_TRY(load_rules(s.rules, "tunnel client rules"));
    cfg->authorizer = state.rules;
  }
  state.certificate_not_after = leaf_not_after(*cfg->identity);
  state.crl_issuers = crl_issuers(*cfg->trust_store, *cfg->identity);
  state.config = std::move(cfg);
  return state;
}

}  // namespace parley::tunnel
