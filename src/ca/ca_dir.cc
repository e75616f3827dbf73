#include "ca/ca_dir.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "ca/duration.h"
#include "der/pem.h"
#include "parley/credentials.h"

namespace parley::ca {
namespace {

using nlohmann::json;

Unexpected bad_config(std::string detail) {
  return err::api("ca.json is not valid: fix it (see src/ca/ca_dir.h for the format)", std::move(detail));
}

Result<std::optional<std::vector<std::string>>> string_list(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::optional<std::vector<std::string>>();
  if (!it->is_array()) return bad_config(std::string(key) + " must be a list of strings or null");
  std::vector<std::string> out;
  for (const auto& v : *it) {
    if (!v.is_string()) return bad_config(std::string(key) + " must be a list of strings or null");
    out.push_back(v.get<std::string>());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

Result<std::optional<std::string>> opt_string(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return bad_config(std::string(key) + " must be a string or null");
  return std::optional<std::string>(it->get<std::string>());
}

Result<void> only_keys(const json& obj, std::initializer_list<std::string_view> known, const char* where) {
  for (const auto& [k, v] : obj.items()) {
    bool ok = false;
    for (auto n : known) ok = ok || n == k;
    if (!ok) return bad_config(std::string("unknown setting \"") + k + "\" in " + where);
  }
  return {};
}

Result<IssuancePolicy> parse_policy(const json& p) {
  if (!p.is_object()) return bad_config("policy must be an object");
  PARLEY_TRY(only_keys(p,
                       {"dns_suffixes", "ip_ranges", "uri_prefixes", "email_domains", "key_types", "min_rsa_bits",
                        "max_rsa_bits", "max_validity", "max_sans"},
                       "policy"));
  IssuancePolicy policy;
  policy.dns_suffixes = PARLEY_TRY(string_list(p, "dns_suffixes"));
  if (policy.dns_suffixes) {
    for (auto& d : *policy.dns_suffixes) {
      if (!is_valid_dns_name(d, false)) return bad_config("policy.dns_suffixes: not a DNS name: " + d);
    }
  }
  if (auto ranges = PARLEY_TRY(string_list(p, "ip_ranges"))) {
    policy.ip_ranges.emplace();
    for (const auto& r : *ranges) {
      auto range = parse_ip_range(r);
      if (!range) return bad_config("policy.ip_ranges: " + range.error().message());
      policy.ip_ranges->push_back(*range);
    }
  }
  policy.uri_prefixes = PARLEY_TRY(string_list(p, "uri_prefixes"));
  policy.email_domains = PARLEY_TRY(string_list(p, "email_domains"));
  if (auto types = PARLEY_TRY(string_list(p, "key_types"))) policy.key_types = *types;
  for (const char* key : {"min_rsa_bits", "max_rsa_bits", "max_sans"}) {
    auto it = p.find(key);
    if (it == p.end()) continue;
    if (!it->is_number_unsigned()) return bad_config(std::string("policy.") + key + " must be a positive number");
    size_t v = it->get<size_t>();
    if (std::string_view(key) == "min_rsa_bits") policy.min_rsa_bits = v;
    if (std::string_view(key) == "max_rsa_bits") policy.max_rsa_bits = v;
    if (std::string_view(key) == "max_sans") policy.max_sans = v;
  }
  if (auto mv = PARLEY_TRY(opt_string(p, "max_validity"))) {
    auto d = parse_duration(*mv);
    if (!d) return bad_config("policy.max_validity: " + d.error().message());
    policy.max_validity = *d;
  }
  return policy;
}

json list_or_null(const std::optional<std::vector<std::string>>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

Result<CaConfig> parse_config(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return bad_config("not a JSON object");
  PARLEY_TRY(only_keys(j,
                       {"format", "name", "key_type", "default_validity", "crl_url", "ocsp_url", "permitted_dns",
                        "policy"},
                       "ca.json"));
  auto fmt = j.find("format");
  if (fmt == j.end() || !fmt->is_number_integer()) return bad_config("\"format\": 1 is missing");
  if (fmt->get<int64_t>() != 1) return bad_config("format " + fmt->dump() + " is not known to this parley: upgrade");
  CaConfig c;
  if (auto v = PARLEY_TRY(opt_string(j, "name"))) c.name = *v;
  if (auto v = PARLEY_TRY(opt_string(j, "key_type"))) c.key_type = *v;
  if (auto v = PARLEY_TRY(opt_string(j, "default_validity"))) {
    auto d = parse_duration(*v);
    if (!d) return bad_config("default_validity: " + d.error().message());
    c.default_validity = *d;
  }
  c.crl_url = PARLEY_TRY(opt_string(j, "crl_url"));
  c.ocsp_url = PARLEY_TRY(opt_string(j, "ocsp_url"));
  for (const auto* url : {&c.crl_url, &c.ocsp_url}) {
    if (*url && !is_valid_uri(**url)) return bad_config("not a URL: " + **url);
  }
  if (auto v = PARLEY_TRY(string_list(j, "permitted_dns"))) c.permitted_dns = *v;
  if (auto it = j.find("policy"); it != j.end() && !it->is_null()) c.policy = PARLEY_TRY(parse_policy(*it));
  return c;
}

std::string config_to_json(const CaConfig& c) {
  json policy = json::object();
  policy["dns_suffixes"] = list_or_null(c.policy.dns_suffixes);
  if (c.policy.ip_ranges) {
    std::vector<std::string> r;
    for (const auto& range : *c.policy.ip_ranges) r.push_back(range.to_string());
    policy["ip_ranges"] = r;
  } else {
    policy["ip_ranges"] = nullptr;
  }
  policy["uri_prefixes"] = list_or_null(c.policy.uri_prefixes);
  policy["email_domains"] = list_or_null(c.policy.email_domains);
  policy["key_types"] = c.policy.key_types;
  policy["min_rsa_bits"] = c.policy.min_rsa_bits;
  policy["max_rsa_bits"] = c.policy.max_rsa_bits;
  policy["max_sans"] = c.policy.max_sans;
  policy["max_validity"] = format_duration(c.policy.max_validity);
  json j = json::object();
  j["format"] = 1;
  j["name"] = c.name;
  j["key_type"] = c.key_type;
  j["default_validity"] = format_duration(c.default_validity);
  j["crl_url"] = c.crl_url ? json(*c.crl_url) : json(nullptr);
  j["ocsp_url"] = c.ocsp_url ? json(*c.ocsp_url) : json(nullptr);
  j["permitted_dns"] = c.permitted_dns;
  j["policy"] = policy;
  return j.dump(2) + "\n";
}

Result<x509::CertificatePtr> load_certificate(const std::string& path) {
  return PARLEY_TRY(load_certificates(path)).front();
}

Result<std::unique_ptr<crypto::PrivateKey>> load_ca_key(const std::string& path,
                                                        std::optional<std::string_view> passphrase,
                                                        const crypto::KeyFactory& keys) {
  SecretBuffer file(PARLEY_TRY(read_file(path)));
  std::string_view text(reinterpret_cast<const char*>(file.view().data()), file.size());
  auto blocks = der::pem_decode_all(text);
  if (!blocks) return err::decode("the CA key file is not PEM", path);
  for (auto& block : *blocks) {
    SecretBuffer der(std::move(block.data));
    if (block.label == "PRIVATE KEY") return keys.load_private(der.view(), crypto::PrivateKeyFormat::pkcs8, {});
    if (block.label == "ENCRYPTED PRIVATE KEY") {
      if (!passphrase) {
        return err::api("the CA key is encrypted: pass its passphrase with --passphrase-file", path);
      }
      auto key = keys.load_private(der.view(), crypto::PrivateKeyFormat::pkcs8_encrypted, passphrase);
      if (!key) return err::crypto("wrong passphrase for the CA key (nothing was changed): check --passphrase-file", path);
      return key;
    }
  }
  return err::decode("no private key in the CA key file", path);
}

}  // namespace parley::ca
