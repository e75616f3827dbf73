// parley verify: build and validate a certificate path, and explain a failure.
//
//   parley verify --roots ROOTS.pem [--intermediates INTERMEDIATES.pem] --leaf LEAF.pem
//                 [--hostname NAME | --ip ADDRESS] [--at TIME] [--purpose server|client]
//                 [--max-depth N] [--crl CRL.pem ...] [--ocsp RESPONSE.der ...]
//                 [--revocation off|soft|hard] [--fetch-timeout SECONDS] [--json]
//
// Revocation (docs/REVOCATION.md): soft (the default) uses the CRLs and OCSP
// responses given; hard also needs evidence for every certificate below the
// anchor, and fetches what is missing from the URLs in the certificates (OCSP
// by AIA, else the CRL distribution point), each within the fetch timeout.
// The report says where each answer came from.
//
// Exit 0: valid (the chain used is printed). Exit 1: invalid (the report on
// stderr, or JSON on stdout with --json); a leaf that does not parse is an
// invalid certificate, not a usage error. Exit 2: usage or unreadable input.
// Inputs are PEM or DER. Certificates in the roots or intermediates files that
// do not parse are skipped with a warning; a CRL that does not parse fails
// the verification (revocation must fail closed), and so does an OCSP response.
#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "command.h"
#include "der/pem.h"
#include "der/time.h"
#include "files.h"
#include "io/revocation_fetch.h"
#include "tls_common.h"
#include "x509/verify.h"

namespace parley::tools {
namespace {

using namespace parley::x509;
using json = nlohmann::json;

struct Opts {
  std::string roots, intermediates, leaf, hostname, ip, at, purpose = "server";
  int max_depth = VerifyOptions{}.max_depth;
  std::vector<std::string> crls, ocsp;
  std::string revocation = "soft";
  double fetch_timeout = 5;
  bool json = false;
};


std::string_view as_text(const std::vector<uint8_t>& b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

// The DER objects with one of the labels in a PEM file, or the file itself as one DER element.
Result<std::vector<std::vector<uint8_t>>> der_blocks(const std::string& path,
                                                     std::initializer_list<std::string_view> labels) {
  auto data = PARLEY_TRY(read_file(path));
  auto objects = der::pem_or_der_objects(data, labels);
  if (!objects) return err::decode(objects.error().what, path + ": " + objects.error().detail);
  return objects;
}

Result<int64_t> parse_at(const std::string& text) {
  bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  if (digits && text.size() <= 15) return static_cast<int64_t>(std::stoll(text));
  auto t = der::parse_rfc3339(text);
  if (!t) return err::api("--at: expected Unix seconds or RFC 3339 (2026-11-20T10:00:00Z)", text);
  return *t;
}

json finding_json(const Finding& f) {
  return json{{"position", f.position}, {"certificate", f.label}, {"rule", std::string(rule_id(f.rule))},
              {"message", f.message},   {"expected", f.expected},  {"found", f.found},
              {"hint", f.hint}};
}

json cert_json(const Certificate& c) {
  return json{{"label", c.label()},
              {"subject", to_string(c.subject)},
              {"issuer", to_string(c.issuer)},
              {"serial", c.serial_hex()},
              {"not_before", der::format_rfc3339(c.validity.not_before)},
              {"not_after", der::format_rfc3339(c.validity.not_after)}};
}

json report_json(const VerifyReport& r) {
  json paths = json::array();
  for (const auto& p : r.paths) {
    json certs = json::array(), findings = json::array();
    for (const auto& c : p.certificates) certs.push_back(cert_json(*c));
    for (const auto& f : p.findings) findings.push_back(finding_json(f));
    paths.push_back(json{{"reaches_anchor", p.reaches_anchor}, {"certificates", certs}, {"findings", findings}});
  }
  return json{{"valid", false},
              {"alert", std::string(alert_name(r.alert()))},
              {"summary", r.summary()},
              {"paths", paths},
              {"paths_not_shown", r.paths_not_kept},
              {"budget_used",
               {{"signatures", r.used.signatures},
                {"steps", r.used.steps},
                {"name_constraint_comparisons", r.used.name_constraint_comparisons}}}};
}

json revocation_json(const std::vector<RevocationStatus>& statuses) {
  json out = json::array();
  for (const auto& st : statuses) {
    out.push_back(json{{"position", st.position},
                       {"certificate", st.label},
                       {"source", st.source ? std::string(evidence_source_name(*st.source)) : "none"},
                       {"origin", st.origin},
                       {"status", st.text}});
  }
  return out;
}

// A malformed CRL or OCSP response given on the command line: revocation cannot be checked.
VerifyReport malformed_evidence(const std::string& path, std::string what, const Error& e, Rule rule) {
  VerifyReport r;
  Finding f;
  f.label = path;
  f.rule = rule;
  f.message = "a" + what + " in " + path + " is malformed, so revocation cannot be checked: " + e.message();
  f.hint = "fetch a fresh copy";
  r.paths.push_back(CandidatePath{{}, false, {f}});
  return r;
}

int fail_with(const VerifyReport& report, const Opts& o) {
  if (o.json) {
    fmt::print("{}\n", report_json(report).dump(2));
  }
  fmt::print(stderr, "verification FAILED: {}\n(alert: {})\n{}", report.summary(), alert_name(report.alert()),
             report.to_text());
  return kFailed;
}

Result<int> run_verify(const Opts& o) {
  VerifyOptions vo;
  vo.max_depth = o.max_depth;
  if (o.max_depth < 0) return err::api("--max-depth must be 0 or more");
  if (o.purpose == "server") {
    vo.purpose = Purpose::server_auth;
  } else if (o.purpose == "client") {
    vo.purpose = Purpose::client_auth;
  } else {
    return err::api("--purpose must be server or client", o.purpose);
  }
  vo.time = o.at.empty() ? crypto::openssl_provider().clock->unix_seconds() : PARLEY_TRY(parse_at(o.at));
  if (!o.hostname.empty()) vo.hostname = o.hostname;
  if (!o.ip.empty()) {
    auto ip = parse_ip_address(o.ip);
    if (!ip) return err::api("--ip: not an IPv4 or IPv6 address", o.ip);
    vo.ip = *ip;
  }

  auto root_bytes = PARLEY_TRY(read_file(o.roots));
  auto store = TrustStore::from_pem(as_text(root_bytes));
  if (!store) return err::decode("--roots: no usable certificates", o.roots + ": " + store.error().message());
  for (const auto& s : (*store)->skipped()) fmt::print(stderr, "warning: skipped trust anchor: {}\n", s);

  auto leaf_blocks = PARLEY_TRY(der_blocks(o.leaf, {"CERTIFICATE"}));
  if (leaf_blocks.empty()) return err::decode("--leaf: no CERTIFICATE block", o.leaf);
  std::vector<CertificatePtr> intermediates;
  auto add_intermediate = [&](const std::vector<uint8_t>& der, const std::string& where) {
    auto c = Certificate::parse(der);
    if (!c) {
      fmt::print(stderr, "warning: skipped intermediate ({}): {}\n", where, c.error().message());
      return;
    }
    intermediates.push_back(std::move(*c));
  };
  // A leaf file may carry the chain after the leaf (fullchain.pem).
  for (size_t i = 1; i < leaf_blocks.size(); ++i) add_intermediate(leaf_blocks[i], o.leaf);
  if (!o.intermediates.empty()) {
    for (const auto& b : PARLEY_TRY(der_blocks(o.intermediates, {"CERTIFICATE"}))) add_intermediate(b, o.intermediates);
  }

  for (const auto& path : o.crls) {
    for (const auto& b : PARLEY_TRY(der_blocks(path, {"X509 CRL"}))) {
      auto crl = Crl::parse(b);
      if (!crl) return fail_with(malformed_evidence(path, " CRL", crl.error(), Rule::crl_invalid), o);
      vo.crls.push_back(std::move(*crl));
    }
  }
  for (const auto& path : o.ocsp) {
    for (const auto& b : PARLEY_TRY(der_blocks(path, {"OCSP RESPONSE"}))) {
      auto response = ocsp::Response::parse(b);
      if (!response) {
        return fail_with(malformed_evidence(path, "n OCSP response", response.error(), Rule::ocsp_invalid), o);
      }
      vo.ocsp.push_back({std::move(*response), EvidenceSource::ocsp_file, std::nullopt, {}});
    }
  }
  vo.revocation = PARLEY_TRY(parse_revocation(o.revocation));
  const io::FetchLimits limits = PARLEY_TRY(parse_fetch_timeout(o.fetch_timeout));

  auto leaf = Certificate::parse(leaf_blocks.front());
  if (!leaf) return fail_with(malformed_leaf_report(leaf.error()), o);

  // hard: what the evidence given does not cover is fetched from the URLs in
  // the certificates while the path is checked (io::HttpRevocationFetcher).
  const io::HttpRevocationFetcher fetcher(limits, *crypto::openssl_provider().rng);
  if (vo.revocation == RevocationPolicy::hard) vo.fetcher = &fetcher;
  auto result = verify(*leaf, intermediates, **store, vo);
  const std::vector<std::string> fetch_log = fetcher.log();
  if (!o.json) {
    for (const auto& line : fetch_log) fmt::print(stderr, "fetch: {}\n", line);
  }
  if (!result) return fail_with(result.error(), o);

  const auto& chain = result->certificates;
  if (o.json) {
    json certs = json::array();
    for (const auto& c : chain) certs.push_back(cert_json(*c));
    fmt::print("{}\n", json{{"valid", true},
                            {"chain", certs},
                            {"revocation_policy", std::string(revocation_policy_name(vo.revocation))},
                            {"revocation", revocation_json(result->revocation)},
                            {"fetch_log", fetch_log}}
                           .dump(2));
    return kOk;
  }
  std::string who = vo.hostname ? " for " + *vo.hostname : vo.ip ? " for " + to_string(*vo.ip) : "";
  fmt::print("OK: certificate verified{} ({}), chain of {}:\n", who, purpose_name(vo.purpose), chain.size());
  for (size_t i = 0; i < chain.size(); ++i) {
    const Certificate& c = *chain[i];
    std::string role = i == 0 ? "leaf" : i + 1 == chain.size() ? "trust anchor" : "intermediate";
    fmt::print("  [{}] {} ({}): valid {} to {} (expires {})\n", i, c.label(), role,
               der::format_rfc3339(c.validity.not_before), der::format_rfc3339(c.validity.not_after),
               relative_time(c.validity.not_after, vo.time));
  }
  if (vo.revocation != RevocationPolicy::off) {
    fmt::print("revocation ({}):\n", revocation_policy_name(vo.revocation));
    for (const auto& st : result->revocation) {
      fmt::print("  [{}] {}: {} ({})\n", st.position, st.label, st.text, st.source ? source_text(st) : "no source");
    }
  }
  return kOk;
}

}  // namespace

void add_verify_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("verify", "Verify a certificate chain against trust anchors and explain failures");
  auto o = std::make_shared<Opts>();
  cmd->add_option("--roots", o->roots, "Trust anchors (PEM bundle or DER)")->required();
  cmd->add_option("--intermediates", o->intermediates, "Untrusted intermediates, any order (PEM or DER)");
  cmd->add_option("--leaf", o->leaf, "The certificate to verify (PEM or DER)")->required();
  auto* host = cmd->add_option("--hostname", o->hostname, "Expected DNS name (matched against DNS SANs)");
  auto* ip = cmd->add_option("--ip", o->ip, "Expected IP address (matched against IP SANs)");
  host->excludes(ip);
  ip->excludes(host);
  cmd->add_option("--at", o->at, "Validation time: Unix seconds or RFC 3339 (default: now)");
  cmd->add_option("--purpose", o->purpose, "server|client (the EKU required)")->capture_default_str();
  cmd->add_option("--max-depth", o->max_depth, "Maximum number of intermediates (self-issued ones not counted)")
      ->capture_default_str();
  cmd->add_option("--crl", o->crls, "CRL files (PEM or DER)")->expected(1, -1);
  cmd->add_option("--ocsp", o->ocsp, "OCSP responses (DER, or PEM 'OCSP RESPONSE'), as a server would staple them")
      ->expected(1, -1);
  cmd->add_option("--revocation", o->revocation,
                  "off|soft|hard: soft refuses what the evidence shows revoked; hard needs evidence for every "
                  "certificate and fetches it from the URLs in the certificates")
      ->capture_default_str();
  cmd->add_option("--fetch-timeout", o->fetch_timeout, "Seconds allowed for each OCSP or CRL fetch (hard)")
      ->capture_default_str();
  cmd->add_flag("--json", o->json, "Machine-readable result on standard output");
  cmd->callback([o, &exit_code]() {
    Result<int> r = run_verify(*o);
    if (r) {
      exit_code = *r;
      return;
    }
    fmt::print(stderr, "parley verify: {}\n", r.error().message());
    exit_code = kUsage;
  });
}

}  // namespace parley::tools
