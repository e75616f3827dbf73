// parley inspect FILE [--json]: every certificate, CRL, OCSP response and CSR in a PEM or DER
// file, human-readably (with expiry and staleness warnings) or as JSON.
//
// Each item is described once as JSON; the text output is rendered from that
// description, so both forms always say the same thing.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_util.h"
#include "command.h"
#include "der/oid.h"
#include "der/pem.h"
#include "der/time.h"
#include "files.h"
#include "inspect_ocsp.h"
#include "keys.h"
#include "x509/certificate.h"
#include "x509/crl.h"
#include "x509/extensions.h"
#include "x509/name.h"

namespace parley::tools {
namespace {

using nlohmann::json;
using x509::Certificate;
using x509::Crl;

std::string hex_colon(der::Input bytes, bool upper = false) {
  std::string out;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i) out += ':';
    out += upper ? fmt::format("{:02X}", bytes[i]) : fmt::format("{:02x}", bytes[i]);
  }
  return out;
}

std::string integer_hex(der::Input v) {
  if (v.size() > 1 && v[0] == 0) v = v.subspan(1);
  return hex_colon(v);
}

// "3 days", "5 hours", "12 minutes".
std::string span_text(int64_t seconds) {
  if (seconds < 0) seconds = -seconds;
  auto unit = [](int64_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); };
  if (seconds >= 86400) return unit(seconds / 86400, "day");
  if (seconds >= 3600) return unit(seconds / 3600, "hour");
  return unit(seconds / 60, "minute");
}

// The validity status line and a warning level: ok, soon, expired, not_yet_valid.
std::pair<std::string, std::string> validity_status(const x509::Validity& v, int64_t now) {
  if (now < v.not_before) {
    return {"not_yet_valid", fmt::format("NOT YET VALID: starts in {} on {}", span_text(v.not_before - now),
                                         der::format_rfc3339(v.not_before))};
  }
  if (now > v.not_after) {
    return {"expired",
            fmt::format("EXPIRED {} ago on {}", span_text(now - v.not_after), der::format_rfc3339(v.not_after))};
  }
  int64_t left = v.not_after - now;
  if (left < 30 * 86400) return {"expires_soon", fmt::format("expires in {}", span_text(left))};
  return {"valid", fmt::format("valid, expires in {}", span_text(left))};
}

std::vector<std::string> general_names(const std::vector<x509::GeneralName>& names) {
  std::vector<std::string> out;
  for (const auto& n : names) out.push_back(x509::to_string(n));
  return out;
}

std::vector<std::string> oid_names(const std::vector<der::Input>& oids) {
  std::vector<std::string> out;
  for (const auto& o : oids) out.push_back(der::oid_name(o));
  return out;
}

// Extensions shown in their own fields; the rest are listed as "other".
bool displayed_elsewhere(der::Input oid) {
  for (der::Input known : {der::Input(der::kBasicConstraints), der::Input(der::kKeyUsage),
                           der::Input(der::kExtKeyUsage), der::Input(der::kSubjectAltName),
                           der::Input(der::kNameConstraints), der::Input(der::kSubjectKeyIdentifier),
                           der::Input(der::kAuthorityKeyIdentifier), der::Input(der::kCrlDistributionPoints),
                           der::Input(der::kAuthorityInfoAccess), der::Input(der::kCertificatePolicies),
                           der::Input(der::kCrlNumber), der::Input(der::kIssuingDistributionPoint),
                           der::Input(der::kDeltaCrlIndicator)}) {
    if (der::equal(oid, known)) return true;
  }
  return false;
}

json other_extensions(const std::vector<x509::Extension>& exts) {
  json out = json::array();
  for (const auto& e : exts) {
    if (displayed_elsewhere(e.oid)) continue;
    auto dotted = der::oid_to_string(e.oid);
    out.push_back({{"oid", dotted ? *dotted : "?"}, {"name", der::oid_name(e.oid)}, {"critical", e.critical}});
  }
  return out;
}

json aki_json(const x509::AuthorityKeyIdentifier& aki) {
  json j = json::object();
  if (aki.key_id) j["key_id"] = hex_colon(*aki.key_id);
  if (!aki.issuer.empty()) j["issuer"] = general_names(aki.issuer);
  if (aki.serial) j["serial"] = integer_hex(*aki.serial);
  return j;
}

json describe_certificate(const Certificate& c, int64_t now) {
  json j;
  j["type"] = "certificate";
  j["version"] = c.version;
  j["subject"] = x509::to_string(c.subject);
  j["issuer"] = x509::to_string(c.issuer);
  j["serial"] = c.serial_hex();
  j["self_issued"] = c.self_issued();
  auto [state, text] = validity_status(c.validity, now);
  j["validity"] = {{"not_before", der::format_rfc3339(c.validity.not_before)},
                   {"not_after", der::format_rfc3339(c.validity.not_after)},
                   {"status", state},
                   {"summary", text}};
  if (c.public_key) {
    j["public_key"] = {{"type", std::string(crypto::key_type_name(c.public_key->type()))}, {"bits", c.public_key->bits()}};
  } else {
    j["public_key"] = {{"type", "unsupported"}, {"error", c.public_key_error}};
  }
  j["signature_algorithm"] = {{"name", std::string(c.signature_algorithm.name)},
                              {"supported", c.signature_algorithm.alg.has_value()},
                              {"weak", c.signature_algorithm.weak}};
  if (c.subject_alt_names) j["subject_alt_names"] = general_names(*c.subject_alt_names);
  if (c.basic_constraints) {
    json bc = {{"ca", c.basic_constraints->ca}};
    if (c.basic_constraints->path_len) bc["path_len"] = *c.basic_constraints->path_len;
    j["basic_constraints"] = bc;
  }
  if (c.key_usage) j["key_usage"] = x509::key_usage_names(*c.key_usage);
  if (c.extended_key_usage) j["extended_key_usage"] = oid_names(*c.extended_key_usage);
  if (c.name_constraints) {
    j["name_constraints"] = {{"permitted", general_names(c.name_constraints->permitted)},
                             {"excluded", general_names(c.name_constraints->excluded)}};
  }
  if (c.subject_key_id) j["subject_key_id"] = hex_colon(*c.subject_key_id);
  if (c.authority_key_id) j["authority_key_id"] = aki_json(*c.authority_key_id);
  if (!c.crl_distribution_points.empty()) j["crl_distribution_points"] = c.crl_distribution_points;
  if (!c.ocsp_urls.empty()) j["ocsp"] = c.ocsp_urls;
  if (!c.ca_issuer_urls.empty()) j["ca_issuers"] = c.ca_issuer_urls;
  if (c.policies) j["policies"] = oid_names(*c.policies);
  j["other_extensions"] = other_extensions(c.extensions);
  auto digest = crypto::openssl_provider().sha256->digest(c.der());
  j["sha256_fingerprint"] = hex_colon(digest.view(), true);
  return j;
}

json describe_crl(const Crl& c, int64_t now) {
  json j;
  j["type"] = "crl";
  j["version"] = c.version;
  j["issuer"] = x509::to_string(c.issuer);
  j["this_update"] = der::format_rfc3339(c.this_update);
  if (c.next_update) {
    j["next_update"] = der::format_rfc3339(*c.next_update);
    j["stale"] = now > *c.next_update;
    if (now > *c.next_update) {
      j["status"] = fmt::format("STALE: nextUpdate passed {} ago", span_text(now - *c.next_update));
    } else {
      j["status"] = fmt::format("fresh, next update in {}", span_text(*c.next_update - now));
    }
  } else {
    j["stale"] = false;
    j["status"] = "no nextUpdate";
  }
  j["signature_algorithm"] = std::string(c.signature_algorithm.name);
  if (c.crl_number) j["crl_number"] = integer_hex(*c.crl_number);
  if (c.authority_key_id) j["authority_key_id"] = aki_json(*c.authority_key_id);
  if (c.issuing_distribution_point) {
    const auto& idp = *c.issuing_distribution_point;
    j["issuing_distribution_point"] = {{"uris", idp.uris},
                                       {"only_user_certs", idp.only_user_certs},
                                       {"only_ca_certs", idp.only_ca_certs},
                                       {"only_some_reasons", idp.only_some_reasons},
                                       {"indirect", idp.indirect}};
  }
  j["delta_crl"] = c.delta_crl;
  json revoked = json::array();
  for (const auto& r : c.revoked) {
    json e = {{"serial", integer_hex(r.serial)}, {"revoked_at", der::format_rfc3339(r.revocation_date)}};
    if (r.reason) e["reason"] = std::string(x509::crl_reason_name(*r.reason));
    if (r.invalidity_date) e["invalidity_date"] = der::format_rfc3339(*r.invalidity_date);
    revoked.push_back(e);
  }
  j["revoked"] = revoked;
  j["other_extensions"] = other_extensions(c.extensions);
  return j;
}

// ---------------------------------------------------------------- text rendering

std::string joined(const json& list) {
  std::string out;
  for (const auto& v : list) {
    if (!out.empty()) out += ", ";
    out += v.get<std::string>();
  }
  return out;
}

void line(const char* label, const std::string& value) { fmt::print("  {:<22} {}\n", label, value); }

void print_certificate(const json& j) {
  line("subject:", j["subject"].get<std::string>().empty() ? "(empty)" : j["subject"].get<std::string>());
  line("issuer:", j["issuer"].get<std::string>() + (j["self_issued"].get<bool>() ? "  (self-issued)" : ""));
  line("serial:", j["serial"].get<std::string>());
  line("version:", fmt::format("v{}", j["version"].get<int>()));
  const auto& v = j["validity"];
  line("not before:", v["not_before"].get<std::string>());
  line("not after:", v["not_after"].get<std::string>());
  std::string status = v["status"].get<std::string>();
  line("validity:", (status == "valid" ? "" : "WARNING: ") + v["summary"].get<std::string>());
  const auto& pk = j["public_key"];
  if (pk.contains("error")) {
    line("public key:", "unsupported (" + pk["error"].get<std::string>() + ")");
  } else {
    line("public key:", fmt::format("{} ({} bits)", pk["type"].get<std::string>(), pk["bits"].get<size_t>()));
  }
  const auto& sa = j["signature_algorithm"];
  std::string alg = sa["name"].get<std::string>();
  if (sa["weak"].get<bool>()) alg += "  (WEAK: not accepted for verification)";
  else if (!sa["supported"].get<bool>()) alg += "  (not supported for verification)";
  line("signature algorithm:", alg);
  if (j.contains("subject_alt_names")) line("subject alt names:", joined(j["subject_alt_names"]));
  if (j.contains("basic_constraints")) {
    const auto& bc = j["basic_constraints"];
    std::string s = bc["ca"].get<bool>() ? "CA" : "not a CA";
    if (bc.contains("path_len")) s += fmt::format(", pathLen {}", bc["path_len"].get<uint32_t>());
    line("basic constraints:", s);
  }
  if (j.contains("key_usage")) line("key usage:", joined(j["key_usage"]));
  if (j.contains("extended_key_usage")) line("extended key usage:", joined(j["extended_key_usage"]));
  if (j.contains("name_constraints")) {
    const auto& nc = j["name_constraints"];
    if (!nc["permitted"].empty()) line("permitted names:", joined(nc["permitted"]));
    if (!nc["excluded"].empty()) line("excluded names:", joined(nc["excluded"]));
  }
  if (j.contains("subject_key_id")) line("subject key id:", j["subject_key_id"].get<std::string>());
  if (j.contains("authority_key_id")) {
    const auto& aki = j["authority_key_id"];
    line("authority key id:", aki.contains("key_id") ? aki["key_id"].get<std::string>() : aki.dump());
  }
  if (j.contains("crl_distribution_points")) line("CRL distribution:", joined(j["crl_distribution_points"]));
  if (j.contains("ocsp")) line("OCSP:", joined(j["ocsp"]));
  if (j.contains("ca_issuers")) line("CA issuers:", joined(j["ca_issuers"]));
  if (j.contains("policies")) line("policies:", joined(j["policies"]));
  for (const auto& e : j["other_extensions"]) {
    line("extension:", e["name"].get<std::string>() + (e["critical"].get<bool>() ? " (critical)" : ""));
  }
  line("SHA-256 fingerprint:", j["sha256_fingerprint"].get<std::string>());
  if (j.contains("chain")) line("chain:", j["chain"].get<std::string>());
}

void print_crl(const json& j) {
  line("issuer:", j["issuer"].get<std::string>());
  line("version:", fmt::format("v{}", j["version"].get<int>()));
  line("this update:", j["this_update"].get<std::string>());
  if (j.contains("next_update")) line("next update:", j["next_update"].get<std::string>());
  line("status:", (j["stale"].get<bool>() ? "WARNING: " : "") + j["status"].get<std::string>());
  line("signature algorithm:", j["signature_algorithm"].get<std::string>());
  if (j.contains("crl_number")) line("CRL number:", j["crl_number"].get<std::string>());
  if (j.contains("authority_key_id") && j["authority_key_id"].contains("key_id")) {
    line("authority key id:", j["authority_key_id"]["key_id"].get<std::string>());
  }
  if (j.contains("issuing_distribution_point")) line("issuing dist. point:", j["issuing_distribution_point"].dump());
  if (j["delta_crl"].get<bool>()) line("delta CRL:", "yes (parley does not use delta CRLs)");
  for (const auto& e : j["other_extensions"]) {
    line("extension:", e["name"].get<std::string>() + (e["critical"].get<bool>() ? " (critical)" : ""));
  }
  line("revoked:", fmt::format("{} certificate(s)", j["revoked"].size()));
  for (const auto& r : j["revoked"]) {
    std::string s = fmt::format("serial {} at {}", r["serial"].get<std::string>(), r["revoked_at"].get<std::string>());
    if (r.contains("reason")) s += ", reason " + r["reason"].get<std::string>();
    if (r.contains("invalidity_date")) s += ", invalid since " + r["invalidity_date"].get<std::string>();
    fmt::print("    - {}\n", s);
  }
}

// ---------------------------------------------------------------- input

struct Block {
  std::string label;  // PEM label, or "DER"
  std::vector<uint8_t> der;
};

Unexpected block_error(size_t index, const std::string& label, const Error& e) {
  return err::make(Error::Kind::Decode, std::nullopt, "cannot parse input",
                   fmt::format("block {} ({}): {}", index, label, e.message()));
}

Result<json> describe_file(const std::string& path, int64_t now) {
  auto bytes = PARLEY_TRY(read_file(path));
  std::vector<Block> blocks;
  if (der::looks_like_pem(bytes)) {
    std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    auto pem = der::pem_decode_all(text);
    if (!pem) return err::make(Error::Kind::Decode, std::nullopt, "cannot read PEM", pem.error().message());
    for (auto& b : *pem) blocks.push_back({b.label, std::move(b.data)});
  } else {
    blocks.push_back({"DER", std::move(bytes)});
  }

  json items = json::array();
  std::vector<std::shared_ptr<const Certificate>> certs;  // parallel to items (null for non-certificates)
  for (size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    json item;
    if (b.label == "CERTIFICATE" || b.label == "DER") {
      auto c = Certificate::parse(b.der);
      if (c) {
        item = describe_certificate(**c, now);
        certs.push_back(*c);
      } else if (b.label == "DER") {
        auto crl = Crl::parse(b.der);
        auto response = crl ? nullptr : x509::ocsp::Response::parse(b.der).value_or(nullptr);
        if (!crl && !response) {
          return block_error(i + 1, "DER: neither a certificate, a CRL nor an OCSP response", c.error());
        }
        item = crl ? describe_crl(**crl, now) : describe_ocsp_response(*response, now);
        certs.push_back(nullptr);
      } else {
        return block_error(i + 1, b.label, c.error());
      }
    } else if (b.label == "X509 CRL") {
      auto crl = Crl::parse(b.der);
      if (!crl) return block_error(i + 1, b.label, crl.error());
      item = describe_crl(**crl, now);
      certs.push_back(nullptr);
    } else if (b.label == "OCSP RESPONSE") {
      auto response = x509::ocsp::Response::parse(b.der);
      if (!response) return block_error(i + 1, b.label, response.error());
      item = describe_ocsp_response(**response, now);
      certs.push_back(nullptr);
    } else if (b.label == "CERTIFICATE REQUEST" || b.label == "NEW CERTIFICATE REQUEST") {
      item = {{"type", "certificate_request"},
              {"note", "certificate request (PKCS#10): not supported by inspect yet; parsed by `parley csr`/CA later"}};
      certs.push_back(nullptr);
    } else {
      item = {{"type", "skipped"}, {"note", fmt::format("PEM block '{}' is not a certificate, CRL or CSR", b.label)}};
      certs.push_back(nullptr);
    }
    item["index"] = i + 1;
    items.push_back(item);
  }
  // A chain: say whether certificate i is issued by certificate i+1.
  for (size_t i = 0; i + 1 < certs.size(); ++i) {
    if (!certs[i] || !certs[i + 1]) continue;
    if (x509::names_match(certs[i]->issuer, certs[i + 1]->subject)) {
      items[i]["chain"] = fmt::format("issued by #{} (issuer matches its subject)", i + 2);
    } else {
      items[i]["chain"] = fmt::format("NOT issued by #{} (issuer differs from its subject)", i + 2);
    }
  }
  return json{{"file", path}, {"items", items}};
}

void print_text(const json& doc) {
  const auto& items = doc["items"];
  for (const auto& item : items) {
    std::string type = item["type"].get<std::string>();
    if (item["index"].get<size_t>() > 1) fmt::print("\n");
    if (type == "certificate") {
      fmt::print("#{} certificate\n", item["index"].get<size_t>());
      print_certificate(item);
    } else if (type == "crl") {
      fmt::print("#{} certificate revocation list\n", item["index"].get<size_t>());
      print_crl(item);
    } else if (type == "ocsp_response") {
      fmt::print("#{} OCSP response\n", item["index"].get<size_t>());
      print_ocsp_response(item);
    } else {
      fmt::print("#{} {}\n", item["index"].get<size_t>(), item["note"].get<std::string>());
    }
  }
}

}  // namespace

void add_inspect_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("inspect", "Show the certificates, CRLs and CSRs in a PEM or DER file");
  struct Opts {
    std::string file;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("file", o->file, "PEM (any number of blocks) or DER file")->required();
  cmd->add_flag("--json", o->json, "Print JSON instead of text");
  cmd->callback(run(exit_code, [o]() -> Result<int> {
    int64_t now = crypto::openssl_provider().clock->unix_seconds();
    auto doc = PARLEY_TRY(describe_file(o->file, now));
    if (o->json) {
      fmt::print("{}\n", doc.dump(2));
    } else {
      print_text(doc);
    }
    return kOk;
  }));
}

}  // namespace parley::tools
