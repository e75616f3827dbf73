#include "ca/init.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "ca/duration.h"
#include "ca/issuer.h"
#include "ca/serial.h"
#include "ca/signing.h"
#include "der/oid.h"
#include "der/pem.h"
#include "parley/credentials.h"

namespace parley::ca {
namespace {

namespace fs = std::filesystem;

// "Example Root CA" -> "Example Intermediate CA"; other names get " Intermediate".
std::string intermediate_name(const std::string& root) {
  constexpr std::string_view kRoot = "Root CA";
  if (root.ends_with(kRoot)) return root.substr(0, root.size() - kRoot.size()) + "Intermediate CA";
  return root + " Intermediate";
}

Result<std::vector<uint8_t>> ca_name(const std::string& cn, const std::string& org) {
  std::vector<NameAttr> attrs = {
      {Bytes(std::begin(der::kOrganizationName), std::end(der::kOrganizationName)), org},
      {Bytes(std::begin(der::kCommonName), std::end(der::kCommonName)), cn},
  };
  return build_name(attrs);
}

LedgerRecord record_for(const std::vector<uint8_t>& der, Profile profile, const char* issuer, int64_t now) {
  LedgerRecord r;
  auto cert = x509::Certificate::parse(der);
  if (cert) {
    r.serial = serial_to_hex((*cert)->serial);
    r.subject = x509::to_string((*cert)->subject);
    r.not_before = (*cert)->validity.not_before;
    r.not_after = (*cert)->validity.not_after;
  }
  r.issuer = issuer;
  r.profile = std::string(profile_name(profile));
  r.der = der;
  r.created_at = now;
  return r;
}

Result<void> make_dir_0700(const std::string& path) {
  if (::mkdir(path.c_str(), 0700) != 0) return err::io("cannot create directory", path + ": " + std::strerror(errno));
  return {};
}

Result<void> fsync_dir(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return err::io("cannot open directory", path);
  ::fsync(fd);
  ::close(fd);
  return {};
}

// `ca serve` publishes each CA's CRL at /crl/<ca>.crl: when the leaves'
// distribution point is the intermediate's there, the root's is beside it.
std::optional<std::string> root_crl_beside(const std::optional<std::string>& crl_url) {
  constexpr std::string_view kIntermediate = "/crl/intermediate.crl";
  if (!crl_url || !crl_url->ends_with(kIntermediate)) return std::nullopt;
  return crl_url->substr(0, crl_url->size() - kIntermediate.size()) + "/crl/root.crl";
}

}  // namespace

Result<CaMaterial> make_ca_material(const InitOptions& o, const crypto::Provider& provider) {
  if (o.name.empty() || o.name.size() > 52) return err::api("--name must be 1 to 52 characters", o.name);
  for (const auto& d : o.permit_dns) {
    if (!is_valid_dns_name(d, false)) return err::api("--permit-dns needs a DNS domain like example.internal", d);
  }
  if (o.intermediate_validity > o.root_validity) {
    return err::api("the intermediate cannot outlive the root: make --intermediate-validity shorter than --validity");
  }
  for (const auto* url : {&o.crl_url, &o.ocsp_url, &o.root_crl_url}) {
    if (*url && !is_valid_uri(**url)) return err::api("not a URL", **url);
  }
  const auto& sha256 = *provider.sha256;
  const int64_t now = provider.clock->unix_seconds();
  // One minute of backdating absorbs clock skew between the CA and verifiers.
  const int64_t not_before = now - kMinute;

  CaMaterial m;
  m.config.name = o.name;
  m.config.key_type = std::string(crypto::key_spec_name(o.key_spec));
  m.config.crl_url = o.crl_url;
  m.config.ocsp_url = o.ocsp_url;
  m.config.permitted_dns = o.permit_dns;
  if (!o.permit_dns.empty()) {
    m.config.policy.dns_suffixes = o.permit_dns;
    m.config.policy.ip_ranges.emplace();  // the name constraints exclude every IP address
  }

  m.root_key = PARLEY_TRY(provider.keys->generate(o.key_spec));
  m.intermediate_key = PARLEY_TRY(provider.keys->generate(o.key_spec));

  CertificateTemplate root;
  root.profile = Profile::root;
  root.serial = random_serial(*provider.rng);
  root.subject = PARLEY_TRY(ca_name(o.name, o.name));
  auto root_spki = m.root_key->public_key().spki_der();
  root.spki.assign(root_spki.begin(), root_spki.end());
  root.not_before = not_before;
  root.not_after = now + o.root_validity;
  IssuerIdentity root_id{root.subject, PARLEY_TRY(key_identifier(sha256, root.spki)), m.root_key.get()};
  m.root_der = PARLEY_TRY(build_certificate(root, root_id, sha256));

  CertificateTemplate inter;
  inter.profile = Profile::intermediate;
  inter.serial = random_serial(*provider.rng);
  inter.subject = PARLEY_TRY(ca_name(intermediate_name(o.name), o.name));
  auto inter_spki = m.intermediate_key->public_key().spki_der();
  inter.spki.assign(inter_spki.begin(), inter_spki.end());
  inter.not_before = not_before;
  inter.not_after = now + o.intermediate_validity;
  if (!o.permit_dns.empty()) inter.name_constraints = dns_only_constraints(o.permit_dns);
  inter.crl_url = o.root_crl_url ? o.root_crl_url : root_crl_beside(o.crl_url);
  m.intermediate_der = PARLEY_TRY(build_certificate(inter, root_id, sha256));

  // Our own parser must accept what we just made before anything is written.
  auto root_cert = x509::Certificate::parse(m.root_der, *provider.keys);
  auto inter_cert = x509::Certificate::parse(m.intermediate_der, *provider.keys);
  if (!root_cert || !inter_cert) return err::internal("init: a CA certificate parley made does not parse");

  m.root_record = record_for(m.root_der, Profile::root, "root", now);
  m.intermediate_record = record_for(m.intermediate_der, Profile::intermediate, "root", now);
  return m;
}

Result<CaMaterial> init_ca_dir(const std::string& dir, const InitOptions& options,
                               std::optional<std::string_view> passphrase, const crypto::Provider& provider) {
  std::error_code ec;
  const fs::path target = fs::absolute(dir, ec);
  if (fs::exists(target, ec)) {
    if (!fs::is_directory(target, ec)) return err::io("--dir exists and is not a directory: choose a new path", dir);
    if (!fs::is_empty(target, ec)) {
      return err::io("--dir is not empty: init only creates new CAs; choose a new or empty directory", dir);
    }
  }
  const fs::path parent = target.parent_path();
  if (!fs::is_directory(parent, ec)) return err::io("the parent of --dir does not exist: create it first", dir);

  auto m = PARLEY_TRY(make_ca_material(options, provider));
  const std::string root_key_pem = PARLEY_TRY(private_key_pem(*m.root_key, passphrase));
  const std::string inter_key_pem = PARLEY_TRY(private_key_pem(*m.intermediate_key, passphrase));

  const std::string tmp = (parent / ("." + target.filename().string() + ".init-" + std::to_string(getpid()))).string();
  PARLEY_TRY(make_dir_0700(tmp));
  auto written = [&]() -> Result<void> {
    CaDir t(tmp);
    auto text = [](const std::string& s) { return std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size()); };
    PARLEY_TRY(write_file_atomic(t.root_cert(), text(der::pem_encode("CERTIFICATE", m.root_der)),
                                 FileMode::public_data));
    PARLEY_TRY(write_file_atomic(t.root_key(), text(root_key_pem), FileMode::secret));
    PARLEY_TRY(write_file_atomic(t.intermediate_cert(), text(der::pem_encode("CERTIFICATE", m.intermediate_der)),
                                 FileMode::public_data));
    PARLEY_TRY(write_file_atomic(t.intermediate_key(), text(inter_key_pem), FileMode::secret));
    PARLEY_TRY(write_file_atomic(t.config(), text(config_to_json(m.config)), FileMode::public_data));
    {
      auto ledger = PARLEY_TRY(Ledger::create(t.ledger()));
      PARLEY_TRY(ledger.insert(m.root_record));
      PARLEY_TRY(ledger.insert(m.intermediate_record));
    }
    PARLEY_TRY(fsync_dir(tmp));
    // rename(2) replaces an empty directory atomically, or creates the name.
    if (::rename(tmp.c_str(), target.c_str()) != 0) {
      return err::io("cannot move the new CA into place", dir + ": " + std::strerror(errno));
    }
    return fsync_dir(parent.string());
  }();
  if (!written) {
    fs::remove_all(tmp, ec);
    return Unexpected(std::move(written).error());
  }
  return m;
}

}  // namespace parley::ca
