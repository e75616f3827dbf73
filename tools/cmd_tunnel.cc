// parley tunnel server|client: mTLS in front of plain TCP services (the
// library side is src/service/tunnel; docs/TUNNEL.md).
//
//   parley tunnel server --listen HOST:PORT --target HOST:PORT|unix:PATH --cert C --key K --client-ca CA
//                        [--allow-uri P]... [--allow-dns N]... [--allow-subject 'CN=..,O=..']...
//                        [--allow-issuer 'CN=..']... [--rules FILE] [--allow-any] [--crl FILE|URL]... [--revocation off|soft|hard]
//                        [--audit FILE|-] [--metrics HOST:PORT] [--proxy-protocol] [--alpn LIST] [--tickets N]
//                        [--max-connections N]
//   parley tunnel client --listen HOST:PORT|unix:PATH --target HOST:PORT --ca CA --cert C --key K
//                        [--servername NAME] [--allow-uri P]... [--allow-dns N]... [--audit FILE|-] [--metrics HOST:PORT]
#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <signal.h>

#include <map>
#include <memory>
#include <mutex>

#include "cli_util.h"
#include "command.h"
#include "service/tunnel/client.h"
#include "service/tunnel/server.h"
#include "tls_common.h"

namespace parley::tools {
namespace {

struct TunnelOpts {
  std::string listen, target, alpn;
  tunnel::Settings settings;
  double handshake_timeout_s = 10, connect_timeout_s = 5, drain_timeout_s = 10, watch_interval_s = 2;
};

// Lines come from io threads and the file watcher.
void log_line(std::string line) {
  static std::mutex m;
  std::lock_guard lock(m);
  fmt::print(stderr, "parley tunnel: {}\n", line);
  std::fflush(stderr);
}

std::chrono::milliseconds millis(double seconds) {
  return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
}

Result<tunnel::Settings> settings_of(TunnelOpts& o, bool server) {
  auto s = o.settings;
  s.listen = PARLEY_TRY(tunnel::Endpoint::parse(o.listen, !server));
  s.target = PARLEY_TRY(tunnel::Endpoint::parse(o.target, server));
  if (!o.alpn.empty()) s.alpn = split_list(o.alpn);
  s.handshake_timeout = millis(o.handshake_timeout_s);
  s.connect_timeout = millis(o.connect_timeout_s);
  s.drain_timeout = millis(o.drain_timeout_s);
  s.watch_interval = millis(o.watch_interval_s);
  return s;
}

template <class Tunnel>
Result<int> run_tunnel(TunnelOpts& o, bool server) {
  ::signal(SIGPIPE, SIG_IGN);
  auto t = PARLEY_TRY(Tunnel::start(PARLEY_TRY(settings_of(o, server)), log_line));
  log_line(fmt::format("{} listening on {} (port {}), forwarding to {}", server ? "server" : "client", o.listen,
                       t->port(), o.target));
  t->run();
  log_line("drained, exiting");
  return kOk;
}

void add_common(CLI::App& cmd, TunnelOpts& o) {
  auto& s = o.settings;
  cmd.add_option("--cert", s.files.cert, "Our certificate chain (PEM, leaf first)")->required();
  cmd.add_option("--key", s.files.key, "Our private key")->required();
  cmd.add_option("--crl", s.files.crls,
                 "Check the peer's chain against this CRL: a file (reloaded when it changes) or an http:// URL (fetched "
                 "at start, before its nextUpdate and on SIGHUP); repeatable");
  cmd.add_option("--revocation", s.revocation, "Revocation evidence required of the peer's chain: off|soft|hard")
      ->transform(CLI::CheckedTransformer(std::map<std::string, RevocationPolicy>{
          {"off", RevocationPolicy::off}, {"soft", RevocationPolicy::soft}, {"hard", RevocationPolicy::hard}}))
      ->default_str("soft");
  cmd.add_option("--allow-uri", s.rules.uris, "Admit peers with a URI SAN matching this (spiffe://td/ns/*/sa/*; repeatable)");
  cmd.add_option("--allow-dns", s.rules.dns, "Admit peers with a DNS SAN matching this (*.shop.internal; repeatable)");
  cmd.add_option("--allow-subject", s.rules.subjects, "Admit peers whose subject has these attributes ('CN=a,O=b')");
  cmd.add_option("--allow-issuer", s.rules.issuers, "Admit peers issued by a CA whose subject has these attributes");
  cmd.add_option("--rules", s.rules.file, "More rules, one per line ('uri P', 'dns N', 'subject A', 'issuer A', 'any'); reloaded");
  cmd.add_option("--audit", s.audit, "One JSON line per connection to this file ('-': stdout); reopened on SIGHUP");
  cmd.add_option("--metrics", s.metrics, "Serve /metrics (Prometheus text) and /healthz on HOST:PORT");
  cmd.add_option("--alpn", o.alpn, "Protocols offered/accepted, in preference order (e.g. h2,http/1.1)");
  cmd.add_option("--handshake-timeout", o.handshake_timeout_s, "Seconds for the TLS handshake")->capture_default_str();
  cmd.add_option("--connect-timeout", o.connect_timeout_s, "Seconds to connect to the target")->capture_default_str();
  cmd.add_option("--drain-timeout", o.drain_timeout_s, "Seconds open connections get after SIGTERM")->capture_default_str();
  cmd.add_option("--watch-interval", o.watch_interval_s, "Seconds between checks of the files for changes (0: only SIGHUP)")
      ->capture_default_str();
}

}  // namespace

void add_tunnel_commands(CLI::App& app, int& exit_code) {
  auto* tunnel = app.add_subcommand("tunnel", "mTLS in front of plain TCP services (sidecar / gateway)");
  tunnel->require_subcommand(1);

  auto so = std::make_shared<TunnelOpts>();
  auto* server = tunnel->add_subcommand("server", "Terminate mTLS and forward admitted clients to the target");
  server->add_option("--listen", so->listen, "HOST:PORT to accept mTLS on")->required();
  server->add_option("--target", so->target, "Where to forward: HOST:PORT or unix:PATH")->required();
  server->add_option("--client-ca", so->settings.files.ca, "CAs that issue client certificates")->required();
  add_common(*server, *so);
  server->add_flag("--allow-any", so->settings.rules.any, "Admit any client whose chain verifies (no identity rules)");
  server->add_flag("--proxy-protocol", so->settings.proxy_protocol,
                   "Send a PROXY v2 header with the client's address and identity to the target first");
  server->add_option("--max-connections", so->settings.max_connections, "Pause accepting at this many connections")
      ->capture_default_str();
  server->add_option("--tickets", so->settings.tickets, "Session tickets per handshake (0: no resumption)")
      ->capture_default_str();
  server->add_option("--threads", so->settings.threads, "Threads serving connections (default: one per core)");
  server->callback(run(exit_code, [so]() { return run_tunnel<tunnel::TunnelServer>(*so, true); }));

  auto co = std::make_shared<TunnelOpts>();
  auto* client = tunnel->add_subcommand("client", "Accept plain TCP locally and originate mTLS to the target");
  client->add_option("--listen", co->listen, "HOST:PORT or unix:PATH to accept plain connections on")->required();
  client->add_option("--target", co->target, "The tunnel server (or any mTLS server): HOST:PORT")->required();
  client->add_option("--ca", co->settings.files.ca, "CAs that issue the server's certificate")->required();
  client->add_option("--servername", co->settings.servername, "The name to verify and send as SNI (default: the target's host)");
  add_common(*client, *co);
  client->callback(run(exit_code, [co]() { return run_tunnel<tunnel::TunnelClient>(*co, false); }));
}

}  // namespace parley::tools
