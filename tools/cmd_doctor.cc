// parley doctor: what would stop a client from connecting to a TLS server,
// and how to fix it.
//
//   parley doctor HOST:PORT [--servername NAME] [--ca CA.pem] [--cert C --key K] [--crl CRL.pem ...]
//                 [--alpn LIST] [--timeout S] [--json]
//
// Exit 0: a client configured like this connects; 1: it would not (the
// findings say why); 2: usage or unreadable input.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <ctime>

#include "cli_util.h"
#include "command.h"
#include "tls_common.h"
#include "trace/doctor.h"

namespace parley::tools {
namespace {

struct DoctorOpts {
  std::string target, ca, servername, cert, key, alpn;
  std::vector<std::string> crls;
  int timeout_s = 5;
  bool json = false;
};

Result<int> run_doctor(const DoctorOpts& o) {
  auto hp = PARLEY_TRY(parse_host_port(o.target));
  if (o.cert.empty() != o.key.empty()) return err::api("--cert and --key go together");
  if (o.timeout_s <= 0) return err::api("--timeout must be at least 1 second");
  auto name = ServerName::parse(o.servername.empty() ? hp.host : o.servername);
  if (!name) return err::api("not a valid server name", name.error().message());
  trace::DoctorOptions d{trace::Target{hp.host, hp.port, *name, std::chrono::seconds(o.timeout_s)},
                         PARLEY_TRY(load_trust_store(o.ca)), PARLEY_TRY(load_crls(o.crls)), std::nullopt,
                         split_list(o.alpn), std::time(nullptr)};
  if (!o.cert.empty()) d.identity = PARLEY_TRY(load_identity(o.cert, o.key));
  const auto report = trace::run_doctor(d);
  if (o.json) {
    fmt::print("{}\n", trace::to_json(report, d).dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    fmt::print("{}", trace::to_text(report, d));
  }
  return report.would_connect ? kOk : kFailed;
}

}  // namespace

void add_doctor_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<DoctorOpts>();
  auto* cmd = app.add_subcommand("doctor", "Find out why a TLS connection fails, and how to fix it");
  cmd->add_option("target", o->target, "HOST:PORT ([IPv6]:PORT)")->required();
  cmd->add_option("--servername", o->servername, "Name for SNI and for checking the certificate (default: HOST)");
  cmd->add_option("--ca", o->ca, "Trust these CA certificates (PEM file or directory; default: the system store)");
  cmd->add_option("--cert", o->cert, "Our client certificate chain, to see whether the server accepts it");
  cmd->add_option("--key", o->key, "The private key of --cert");
  cmd->add_option("--crl", o->crls, "Check revocation against these CRLs (repeatable)");
  cmd->add_option("--alpn", o->alpn, "ALPN protocols a client offers, e.g. h2,http/1.1");
  cmd->add_option("--timeout", o->timeout_s, "Seconds for each connection and handshake")->capture_default_str();
  cmd->add_flag("--json", o->json, "The findings as JSON (docs/TRACE.md)");
  cmd->callback(run(exit_code, [o]() { return run_doctor(*o); }));
}

}  // namespace parley::tools
