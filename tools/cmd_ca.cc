// parley ca init|sign|issue|revoke|crl|list|export|serve (and parley csr, in
// cmd_csr.cc): a private CA in a directory, over ca::Authority; serve answers
// OCSP and CRLs over HTTP (service/ca_endpoints).
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "ca/authority.h"
#include "ca/duration.h"
#include "ca/serial.h"
#include "ca_cli.h"
#include "crypto/pkcs12.h"
#include "der/pem.h"
#include "der/time.h"
#include "keys.h"
#include "service/ca_endpoints/ca_endpoints.h"
#include "tls_common.h"

namespace parley::tools {

void add_csr_command(CLI::App& app, int& exit_code);

namespace {

using ca_cli::Passphrase;
using ca_cli::run;

const crypto::Provider& provider() { return crypto::openssl_provider(); }

Result<int64_t> duration_option(const std::string& text, const char* option) {
  auto d = ca::parse_duration(text);
  if (!d) return err::api("bad duration: use a number and a unit, like 90d, 3y, 12h or 30m", std::string(option) + " " + text);
  return *d;
}

// Opens the CA and, when the command signs, unlocks its keys.
Result<ca::Authority> open_ca(const std::string& dir, Passphrase* pass, bool include_root = false) {
  auto authority = PARLEY_TRY(ca::Authority::open(dir, provider()));
  if (pass != nullptr) {
    PARLEY_TRY(pass->load());
    PARLEY_TRY(authority.unlock(pass->view(), include_root));
  }
  return authority;
}

// A CSR from PEM ("CERTIFICATE REQUEST", or the legacy "NEW CERTIFICATE REQUEST") or DER.
Result<ca::CsrPtr> read_csr(const std::string& path) {
  auto data = PARLEY_TRY(read_file(path));
  auto objects = der::pem_or_der_objects(data, {"CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"});
  if (!objects) return err::decode("malformed CSR: make it again (parley csr, or openssl req -new)",
                                    path + ": " + objects.error().message());
  const auto& der = objects->front();
  auto csr = ca::CertificationRequest::parse(der, *provider().keys);
  if (!csr) return err::decode("malformed CSR: make it again (parley csr, or openssl req -new)",
                               path + ": " + csr.error().message());
  return *csr;
}

Result<void> write_issued(const ca::Issued& issued, const std::string& out, const std::string& chain_out) {
  PARLEY_TRY(write_file(out, issued.certificate_pem(), FileMode::public_data));
  if (!chain_out.empty()) PARLEY_TRY(write_file(chain_out, issued.chain_pem(), FileMode::public_data));
  return {};
}

void print_issued(const ca::Issued& issued, const std::string& out) {
  for (const auto& note : issued.notes) fmt::print("note: {}\n", note);
  fmt::print("issued {} certificate {} for {} (expires {}) -> {}\n", issued.record.profile, issued.record.serial,
             issued.record.sans, der::format_rfc3339(issued.record.not_after), out);
}

void add_init(CLI::App& ca, int& exit_code) {
  auto* cmd = ca.add_subcommand("init", "Create a CA: a root, an intermediate that issues, a policy and a ledger");
  struct Opts {
    std::string dir, name = "parley Root CA", key_type = "ecdsa-p256", validity = "10y", inter_validity = "3y";
    std::vector<std::string> permit_dns;
    std::string crl_url, ocsp_url, root_crl_url;
    Passphrase pass;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--dir", o->dir, "The new CA directory (must not exist, or be empty)")->required();
  cmd->add_option("--name", o->name, "The root's name (the intermediate is named after it)")->capture_default_str();
  cmd->add_option("--key-type", o->key_type, "ecdsa-p256|ecdsa-p384|ed25519|rsa-2048|rsa-3072|rsa-4096")
      ->capture_default_str();
  cmd->add_option("--validity", o->validity, "Root lifetime")->capture_default_str();
  cmd->add_option("--intermediate-validity", o->inter_validity, "Intermediate lifetime")->capture_default_str();
  cmd->add_option("--permit-dns", o->permit_dns,
                  "Constrain the intermediate to this DNS domain (repeatable); IP addresses are then excluded");
  cmd->add_option("--crl-url", o->crl_url, "CRL distribution point URL to put in issued certificates");
  cmd->add_option("--ocsp-url", o->ocsp_url, "OCSP responder URL to put in issued certificates");
  cmd->add_option("--root-crl-url", o->root_crl_url,
                  "CRL distribution point URL to put in the intermediate (default: beside --crl-url when it ends "
                  "in /crl/intermediate.crl, as `ca serve` serves them)");
  cmd->add_option("--passphrase-file", o->pass.file, "Encrypt both CA keys with the passphrase in this file");
  cmd->callback(run(exit_code, [o]() -> Result<int> {
    ca::InitOptions opts;
    opts.name = o->name;
    auto spec = crypto::parse_key_spec(o->key_type);
    if (!spec) return err::api("unknown --key-type: use ecdsa-p256, ecdsa-p384, ed25519, rsa-2048, rsa-3072 or rsa-4096",
                               o->key_type);
    opts.key_spec = *spec;
    opts.root_validity = PARLEY_TRY(duration_option(o->validity, "--validity"));
    opts.intermediate_validity = PARLEY_TRY(duration_option(o->inter_validity, "--intermediate-validity"));
    opts.permit_dns = o->permit_dns;
    if (!o->crl_url.empty()) opts.crl_url = o->crl_url;
    if (!o->ocsp_url.empty()) opts.ocsp_url = o->ocsp_url;
    if (!o->root_crl_url.empty()) opts.root_crl_url = o->root_crl_url;
    PARLEY_TRY(o->pass.load());
    auto m = PARLEY_TRY(ca::init_ca_dir(o->dir, opts, o->pass.view(), provider()));
    fmt::print("created CA in {}\n  root          {} (serial {}, until {})\n  intermediate  {} (serial {}, until {})\n",
               o->dir, m.root_record.subject, m.root_record.serial, der::format_rfc3339(m.root_record.not_after),
               m.intermediate_record.subject, m.intermediate_record.serial,
               der::format_rfc3339(m.intermediate_record.not_after));
    if (!o->permit_dns.empty()) {
      std::string domains;
      for (const auto& d : o->permit_dns) domains += (domains.empty() ? "" : ", ") + d;
      fmt::print("  constrained to {} (no IP addresses)\n", domains);
    }
    fmt::print("  keys          {} (PKCS#8{}, mode 0600)\ntrust store to hand out: {}/root.pem\n",
               o->pass.value ? "encrypted" : "unencrypted", "", o->dir);
    return kOk;
  }));
}

void add_sign(CLI::App& ca, int& exit_code) {
  auto* cmd = ca.add_subcommand("sign", "Issue a certificate for a CSR, after checking it against the CA's policy");
  struct Opts {
    std::string dir, csr, profile, validity, out, chain_out;
    Passphrase pass;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--dir", o->dir, "The CA directory")->required();
  cmd->add_option("csr", o->csr, "The request (PEM or DER)")->required();
  cmd->add_option("--profile", o->profile, "server|client|server+client")->required();
  cmd->add_option("--validity", o->validity, "Lifetime (default: ca.json's default_validity)");
  cmd->add_option("--out", o->out, "Where to write the certificate (PEM)")->required();
  cmd->add_option("--chain-out", o->chain_out, "Also write certificate + intermediate here (what servers send)");
  cmd->add_option("--passphrase-file", o->pass.file, "Passphrase of the CA keys");
  cmd->callback(run(exit_code, [o]() -> Result<int> {
    auto profile = PARLEY_TRY(ca::parse_leaf_profile(o->profile));
    std::optional<int64_t> validity;
    if (!o->validity.empty()) validity = PARLEY_TRY(duration_option(o->validity, "--validity"));
    auto csr = PARLEY_TRY(read_csr(o->csr));
    auto authority = PARLEY_TRY(open_ca(o->dir, &o->pass));
    auto issued = PARLEY_TRY(authority.sign(*csr, profile, validity));
    PARLEY_TRY(write_issued(issued, o->out, o->chain_out));
    print_issued(issued, o->out);
    return kOk;
  }));
}

void add_issue(CLI::App& ca, int& exit_code) {
  auto* cmd = ca.add_subcommand("issue", "Generate a key and issue a certificate for it in one step");
  struct Opts {
    std::string dir, profile, key_type = "ecdsa-p256", cn, validity, out_cert, out_key, chain_out;
    std::vector<std::string> sans;
    bool must_staple = false;
    Passphrase pass;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--dir", o->dir, "The CA directory")->required();
  cmd->add_option("--profile", o->profile, "server|client|server+client")->required();
  cmd->add_option("--san", o->sans, "dns:NAME, ip:ADDR, uri:URI or email:ADDR (repeatable)")->required();
  cmd->add_option("--key-type", o->key_type, "ecdsa-p256|ecdsa-p384|ed25519|rsa-2048|rsa-3072|rsa-4096")
      ->capture_default_str();
  cmd->add_option("--cn", o->cn, "Subject common name (default: the first DNS, URI or e-mail SAN)");
  cmd->add_option("--validity", o->validity, "Lifetime (default: ca.json's default_validity)");
  cmd->add_option("--out-cert", o->out_cert, "Where to write the certificate (PEM)")->required();
  cmd->add_option("--out-key", o->out_key, "Where to write the new key (PKCS#8 PEM, mode 0600)")->required();
  cmd->add_option("--chain-out", o->chain_out, "Also write certificate + intermediate here");
  cmd->add_flag("--must-staple", o->must_staple,
                "Add the TLS Feature status_request (RFC 7633): clients then require a stapled OCSP response");
  cmd->add_option("--passphrase-file", o->pass.file, "Passphrase of the CA keys");
  cmd->callback(run(exit_code, [o]() -> Result<int> {
    ca::IssueOptions opts;
    opts.must_staple = o->must_staple;
    opts.profile = PARLEY_TRY(ca::parse_leaf_profile(o->profile));
    auto spec = crypto::parse_key_spec(o->key_type);
    if (!spec) return err::api("unknown --key-type: use ecdsa-p256, ecdsa-p384, ed25519, rsa-2048, rsa-3072 or rsa-4096",
                               o->key_type);
    opts.key_spec = *spec;
    for (const auto& s : o->sans) opts.sans.push_back(PARLEY_TRY(ca::parse_san(s)));
    opts.common_name = o->cn;
    if (!o->validity.empty()) opts.validity = PARLEY_TRY(duration_option(o->validity, "--validity"));
    std::error_code ec;
    if (std::filesystem::exists(o->out_key, ec)) {
      return err::io("--out-key exists: refusing to overwrite a private key; remove it or choose another path",
                     o->out_key);
    }
    auto authority = PARLEY_TRY(open_ca(o->dir, &o->pass));
    auto issued = PARLEY_TRY(authority.issue(opts));
    PARLEY_TRY(save_private_key(o->out_key, *issued.key, std::nullopt));
    PARLEY_TRY(write_issued(issued, o->out_cert, o->chain_out));
    print_issued(issued, o->out_cert);
    return kOk;
  }));
}

void add_revoke(CLI::App& ca, int& exit_code) {
  auto* cmd = ca.add_subcommand("revoke", "Mark a certificate revoked in the ledger (publish with `parley ca crl`)");
  struct Opts {
    std::string dir, target, reason = "unspecified";
    Passphrase pass;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--dir", o->dir, "The CA directory")->required();
  cmd->add_option("target", o->target, "The serial (hex, as `parley ca list` shows) or the certificate file")
      ->required();
  cmd->add_option("--reason", o->reason,
                  "unspecified|keyCompromise|affiliationChanged|superseded|cessationOfOperation|certificateHold|"
                  "privilegeWithdrawn")
      ->capture_default_str();
  cmd->add_option("--passphrase-file", o->pass.file, "Passphrase of the CA keys");
  cmd->callback(run(exit_code, [o]() -> Result<int> {
    auto reason = ca::crl_reason_from_name(o->reason);
    if (!reason) {
      return err::api("unknown --reason: use keyCompromise, superseded, cessationOfOperation, affiliationChanged, "
                      "privilegeWithdrawn, certificateHold or unspecified",
                      o->reason);
    }
    std::string serial;
    std::error_code ec;
    if (std::filesystem::is_regular_file(o->target, ec)) {
      auto cert = PARLEY_TRY(ca::load_certificate(o->target));
      serial = ca::serial_to_hex(cert->serial);
    } else if (auto s = ca::serial_from_text(o->target)) {
      serial = ca::serial_to_hex(*s);
    } else {
      return err::api("not a serial number nor a certificate file: pass the hex serial from `parley ca list`",
                      o->target);
    }
    auto authority = PARLEY_TRY(open_ca(o->dir, &o->pass));
    auto record = PARLEY_TRY(authority.revoke(serial, *reason));
    fmt::print("revoked {} ({}, {}): `parley ca serve` answers so at once; `parley ca crl` writes a CRL file\n", record.serial, record.subject,
               x509::crl_reason_name(*reason));
    return kOk;
  }));
}

void add_crl(CLI::App& ca, int& exit_code) {
  auto* cmd = ca.add_subcommand("crl", "Write the CRLs: the intermediate's (leaves) and the root's (intermediate)");
  struct Opts {
    std::string dir, out, next_update = "7d";
    Passphrase pass;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--dir", o->dir, "The CA directory")->required();
  cmd->add_option("--out", o->out, "Where to write the CRLs (PEM, the intermediate's first)")->required();
  cmd->add_option("--next-update", o->next_update, "When relying parties should fetch a new CRL")
      ->capture_default_str();
  cmd->add_option("--passphrase-file", o->pass.file, "Passphrase of the CA keys");
  cmd->callback(run(exit_code, [o]() -> Result<int> {
    const int64_t next = PARLEY_TRY(duration_option(o->next_update, "--next-update"));
    auto authority = PARLEY_TRY(open_ca(o->dir, &o->pass, /*include_root=*/true));
    auto set = PARLEY_TRY(authority.crl(next));
    PARLEY_TRY(write_file(o->out, set.pem(), FileMode::public_data));
    auto crl = x509::Crl::parse(set.intermediate_crl);
    fmt::print("CRL with {} revoked certificate(s), next update {} -> {}{}\n", crl ? (*crl)->revoked.size() : 0,
               der::format_rfc3339(provider().clock->unix_seconds() + next), o->out,
               set.root_crl ? " (+ the root's CRL)" : " (root key offline: intermediate CRL only)");
    return kOk;
  }));
}

void add_list(CLI::App& ca, int& exit_code) {
  auto* cmd = ca.add_subcommand("list", "Show what the CA issued, its status and expiry");
  struct Opts {
    std::string dir, within;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--dir", o->dir, "The CA directory")->required();
  cmd->add_option("--expiring-within", o->within,
                  "Only certificates (not revoked, not yet expired) expiring within this time; exit 1 if any");
  cmd->add_flag("--json", o->json, "JSON output");
  cmd->callback(run(exit_code, [o]() -> Result<int> {
    std::optional<int64_t> window;
    if (!o->within.empty()) window = PARLEY_TRY(duration_option(o->within, "--expiring-within"));
    auto authority = PARLEY_TRY(open_ca(o->dir, nullptr));
    auto records = PARLEY_TRY(authority.list());
    const int64_t now = provider().clock->unix_seconds();
    if (window) {
      std::erase_if(records, [&](const ca::LedgerRecord& r) {
        return r.status != ca::CertStatus::valid || r.not_after < now || r.not_after > now + *window;
      });
    }
    if (o->json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& r : records) {
        nlohmann::json j;
        j["serial"] = r.serial;
        j["issuer"] = r.issuer;
        j["subject"] = r.subject;
        j["sans"] = r.sans;
        j["profile"] = r.profile;
        j["status"] = std::string(ca::status_name(r.status));
        j["not_before"] = der::format_rfc3339(r.not_before);
        j["not_after"] = der::format_rfc3339(r.not_after);
        j["expired"] = r.not_after < now;
        j["revoked_at"] = r.revoked_at ? nlohmann::json(der::format_rfc3339(*r.revoked_at)) : nlohmann::json();
        j["reason"] = r.reason ? nlohmann::json(x509::crl_reason_name(*r.reason)) : nlohmann::json();
        j["csr_sha256"] = r.csr_sha256 ? nlohmann::json(*r.csr_sha256) : nlohmann::json();
        out.push_back(j);
      }
      fmt::print("{}\n", out.dump(2));
    } else {
      fmt::print("{:<32}  {:<30}  {:<36}  {:<13}  {:<7}  {}\n", "SERIAL", "SUBJECT", "SANS", "PROFILE", "STATUS",
                 "EXPIRES");
      for (const auto& r : records) {
        auto cut = [](const std::string& s, size_t n) { return s.size() <= n ? s : s.substr(0, n - 1) + "~"; };
        fmt::print("{:<32}  {:<30}  {:<36}  {:<13}  {:<7}  {}\n", r.serial, cut(r.subject.empty() ? "-" : r.subject, 30),
                   cut(r.sans.empty() ? "-" : r.sans, 36), r.profile, ca::status_name(r.status),
                   ca::describe_remaining(r.not_after, now));
      }
    }
    if (window && !records.empty()) {
      fmt::print(stderr, "{} certificate(s) expire within {}\n", records.size(), o->within);
      return kFailed;
    }
    return kOk;
  }));
}

void add_export(CLI::App& ca, int& exit_code) {
  auto* cmd = ca.add_subcommand("export", "Write a certificate, its key and chain as PKCS#12 (Java, browsers)");
  struct Opts {
    std::string dir, cert, key, p12, name;
    Passphrase pass;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--dir", o->dir, "The CA directory (for the chain)")->required();
  cmd->add_option("--cert", o->cert, "The certificate (issued by this CA)")->required();
  cmd->add_option("--key", o->key, "Its private key")->required();
  cmd->add_option("--p12", o->p12, "Where to write the PKCS#12 file (mode 0600)")->required();
  cmd->add_option("--name", o->name, "Friendly name (alias) of the entry (default: the certificate's CN)");
  cmd->add_option("--passphrase-file", o->pass.file,
                  "Protect the file with this passphrase (also used to read an encrypted --key)");
  cmd->callback(run(exit_code, [o]() -> Result<int> {
    PARLEY_TRY(o->pass.load());
    auto authority = PARLEY_TRY(open_ca(o->dir, nullptr));
    auto cert = PARLEY_TRY(ca::load_certificate(o->cert));
    auto record = PARLEY_TRY(authority.ledger().find(ca::serial_to_hex(cert->serial)));
    if (!record || !der::equal(record->der, cert->der())) {
      return err::api("this certificate was not issued by this CA (not in its ledger): check --cert and --dir",
                      o->cert);
    }
    auto key = PARLEY_TRY(load_private_key(o->key, o->pass.view()));
    std::vector<crypto::ByteView> chain = {cert->der(), authority.intermediate()->der(), authority.root()->der()};
    std::string name = o->name.empty() ? x509::common_name(cert->subject).value_or("parley") : o->name;
    auto p12 = PARLEY_TRY(crypto::make_pkcs12(*key, chain, o->pass.view().value_or(""), name));
    PARLEY_TRY(write_file(o->p12, p12, FileMode::secret));
    if (!o->pass.value) {
      fmt::print(stderr, "warning: {} has an empty passphrase; pass --passphrase-file to protect it\n", o->p12);
    }
    fmt::print("PKCS#12 with key, certificate {} and chain (intermediate, root) -> {} (mode 0600)\n", record->serial,
               o->p12);
    return kOk;
  }));
}

void add_serve(CLI::App& ca, int& exit_code) {
  auto* cmd = ca.add_subcommand("serve", "Answer OCSP (/ocsp) and serve CRLs (/crl/intermediate.crl) over HTTP");
  struct Opts {
    std::string dir, listen, crl_validity = "1d", response_validity = "4h";
    Passphrase pass;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--dir", o->dir, "The CA directory")->required();
  cmd->add_option("--listen", o->listen, "HOST:PORT to listen on, e.g. 127.0.0.1:8080")->required();
  cmd->add_option("--crl-validity", o->crl_validity, "From a served CRL's thisUpdate to its nextUpdate")
      ->capture_default_str();
  cmd->add_option("--response-validity", o->response_validity,
                  "From an OCSP response's thisUpdate to its nextUpdate")
      ->capture_default_str();
  cmd->add_option("--passphrase-file", o->pass.file, "Passphrase of the CA keys (they sign the OCSP signer and CRLs)");
  cmd->callback(run(exit_code, [o]() -> Result<int> {
    auto where = PARLEY_TRY(parse_host_port(o->listen));
    auto port = static_cast<uint16_t>(std::stoul(where.port));
    service::CaEndpointsOptions opts;
    opts.crl_validity = PARLEY_TRY(duration_option(o->crl_validity, "--crl-validity"));
    opts.ocsp.response_validity = PARLEY_TRY(duration_option(o->response_validity, "--response-validity"));
    auto authority = PARLEY_TRY(open_ca(o->dir, &o->pass, /*include_root=*/true));
    auto endpoints = PARLEY_TRY(service::CaEndpoints::make(std::move(authority), opts));
    auto log = [](std::string line) {
      fmt::print(stderr, "{}\n", line);
      std::fflush(stderr);
    };
    endpoints->on_log(log);
    // One thread: the endpoints hold the responder's cache and the ledger connection.
    auto server = PARLEY_TRY(service::http::Server::listen(
        {.host = where.host, .port = port, .threads = 1},
        [&endpoints](const service::http::Request& r) { return endpoints->handle(r); }));
    server->on_log(log);
    server->handle_signals();
    const std::string base = fmt::format("http://{}:{}", where.host.find(':') != std::string::npos
                                                             ? "[" + where.host + "]" : where.host, server->port());
    fmt::print("serving OCSP at {0}/ocsp and CRLs at {0}/crl/intermediate.crl\n", base);
    std::fflush(stdout);
    server->run();
    return kOk;
  }));
}

}  // namespace

void add_ca_commands(CLI::App& app, int& exit_code) {
  auto* ca = app.add_subcommand("ca", "A private certificate authority: init, sign, issue, revoke, crl, list, export, serve");
  ca->require_subcommand(1);
  add_init(*ca, exit_code);
  add_sign(*ca, exit_code);
  add_issue(*ca, exit_code);
  add_revoke(*ca, exit_code);
  add_crl(*ca, exit_code);
  add_list(*ca, exit_code);
  add_export(*ca, exit_code);
  add_serve(*ca, exit_code);
  add_csr_command(app, exit_code);
}

}  // namespace parley::tools
