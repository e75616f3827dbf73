// What a tunnel is told to do (tools/cmd_tunnel.cc fills these from the
// command line), and loading it into immutable TLS configs: the first time and
// on every reload (SIGHUP, or a watched file changed).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "parley/authz.h"
#include "parley/config.h"
#include "service/tunnel/endpoint.h"

namespace parley::tunnel {

// The identity rules: from flags, plus an optional file of rules reloaded with
// the certificates (one per line, as RuleSet::describe() writes them:
// "uri PATTERN", "dns PATTERN", "subject ATTRS", "issuer ATTRS", "any";
// blank lines and '#' comments ignored).
struct RuleSpec {
  std::vector<std::string> uris, dns, subjects, issuers;
  bool any = false;
  std::string file;
  bool given() const { return any || !uris.empty() || !dns.empty() || !subjects.empty() || !issuers.empty() || !file.empty(); }
};

struct TlsFiles {
  std::string cert, key;
  std::string ca;                  // server: the client CA; client: the server's CA
  std::vector<std::string> crls;   // files, and http:// URLs (crl_fetch.h)
  std::vector<std::string> crl_files() const;
  std::vector<std::string> crl_urls() const;
  std::vector<std::string> paths() const;  // every file a reload reads
};

struct Settings {
  Endpoint listen, target;
  TlsFiles files;
  RuleSpec rules;
  std::vector<std::string> alpn;
  std::string servername;  // client: the name to verify (and SNI); empty: the target's host
  std::string audit;       // "-": stdout; empty: none
  std::string metrics;     // HOST:PORT, empty: none
  bool proxy_protocol = false;
  RevocationPolicy revocation = RevocationPolicy::soft;  // the peer's chain (config.h)
  size_t tickets = 2;  // server: session tickets per handshake (0: no resumption)
  size_t max_connections = 10'000;
  unsigned threads = 0;  // 0: hardware_concurrency
  std::chrono::milliseconds handshake_timeout{10'000};
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds drain_timeout{10'000};
  std::chrono::milliseconds watch_interval{2'000};  // how often the files' mtimes are checked; 0: never
};

// The loaded state a reload replaces as a whole.
struct ServerState {
  std::shared_ptr<const ServerConfig> config;
  std::shared_ptr<const authz::RuleSet> rules;
  int64_t certificate_not_after = 0;
  std::vector<x509::CertificatePtr> crl_issuers;  // who may sign a fetched CRL: the anchors, our chain's CAs
};
struct ClientState {
  std::shared_ptr<const ClientConfig> config;
  std::shared_ptr<const authz::RuleSet> rules;  // null: any server whose chain and name verify
  int64_t certificate_not_after = 0;
  std::vector<x509::CertificatePtr> crl_issuers;
};

Result<std::shared_ptr<const authz::RuleSet>> load_rules(const RuleSpec& spec, std::string name);
// fetched: the CRLs from URLs in force, checked with the peer's chain beside the files'.
Result<ServerState> load_server(const Settings& s, std::span<const x509::CrlPtr> fetched = {});
Result<ClientState> load_client(const Settings& s, std::span<const x509::CrlPtr> fetched = {});

}  // namespace parley::tunnel
