#include "ca/authority.h"

#include <algorithm>
#include <filesystem>

#include "ca/duration.h"
#include "ca/issuer.h"
#include "ca/policy.h"
#include "ca/serial.h"
#include "ca/signing.h"
#include "der/oid.h"
#include "der/pem.h"
#include "der/time.h"
#include "x509/extensions.h"

namespace parley::ca {
namespace {

std::string hex(std::span<const uint8_t> bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

std::vector<uint8_t> copy(der::Input in) { return {in.begin(), in.end()}; }

Result<void> key_matches(const crypto::PrivateKey& key, const x509::Certificate& cert, const std::string& what) {
  if (!der::equal(key.public_key().spki_der(), cert.spki)) {
    return err::crypto("the CA key does not belong to its certificate: restore the CA directory from a backup", what);
  }
  return {};
}

}  // namespace

std::string Issued::certificate_pem() const { return der::pem_encode("CERTIFICATE", certificate->der()); }

std::string Issued::chain_pem() const { return certificate_pem() + der::pem_encode("CERTIFICATE", intermediate_der); }

std::string CrlSet::pem() const {
  std::string out = der::pem_encode("X509 CRL", intermediate_crl);
  if (root_crl) out += der::pem_encode("X509 CRL", *root_crl);
  return out;
}

std::string Authority::root_pem() const { return der::pem_encode("CERTIFICATE", root_->der()); }

Result<Authority> Authority::open(const std::string& dir, const crypto::Provider& provider, int busy_timeout_ms) {
  CaDir d(dir);
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return err::io("no CA directory here: create one with `parley ca init --dir DIR`", dir);
  }
  auto config_text = read_file(d.config());
  if (!config_text) return err::io("no ca.json: is this a CA directory made by `parley ca init`?", dir);
  auto config = PARLEY_TRY(parse_config(
      std::string_view(reinterpret_cast<const char*>(config_text->data()), config_text->size())));
  auto root = PARLEY_TRY(load_certificate(d.root_cert()));
  auto inter = PARLEY_TRY(load_certificate(d.intermediate_cert()));
  if (!inter->subject_key_id) return err::decode("the intermediate certificate has no SKI", d.intermediate_cert());
  auto ledger = PARLEY_TRY(Ledger::open(d.ledger(), busy_timeout_ms));
  Authority a(provider, std::move(config), std::move(root), std::move(inter), std::move(ledger));
  a.dir_ = d;
  return a;
}

Result<Authority> Authority::ephemeral(const InitOptions& options, const crypto::Provider& provider) {
  auto m = PARLEY_TRY(make_ca_material(options, provider));
  auto root = PARLEY_TRY(x509::Certificate::parse(m.root_der, *provider.keys));
  auto inter = PARLEY_TRY(x509::Certificate::parse(m.intermediate_der, *provider.keys));
  auto ledger = PARLEY_TRY(Ledger::in_memory());
  PARLEY_TRY(ledger.insert(m.root_record));
  PARLEY_TRY(ledger.insert(m.intermediate_record));
  Authority a(provider, std::move(m.config), std::move(root), std::move(inter), std::move(ledger));
  a.root_key_ = std::move(m.root_key);
  a.intermediate_key_ = std::move(m.intermediate_key);
  return a;
}

Result<void> Authority::unlock(std::optional<std::string_view> passphrase, bool include_root) {
  if (!dir_) return {};
  auto key = PARLEY_TRY(load_ca_key(dir_->intermediate_key(), passphrase, *provider_->keys));
  PARLEY_TRY(key_matches(*key, *intermediate_, dir_->intermediate_key()));
  std::error_code ec;
  if (include_root && std::filesystem::exists(dir_->root_key(), ec)) {
    auto root_key = PARLEY_TRY(load_ca_key(dir_->root_key(), passphrase, *provider_->keys));
    PARLEY_TRY(key_matches(*root_key, *root_, dir_->root_key()));
    root_key_ = std::move(root_key);
  }
  intermediate_key_ = std::move(key);
  return {};
}

Result<void> Authority::require_key() const {
  if (!intermediate_key_) return err::api("the CA is not unlocked: call Authority::unlock first");
  return {};
}

Result<Issued> Authority::issue_for(const crypto::PublicKey& key, std::span<const uint8_t> subject_name,
                                    const IssueOptions& o, std::optional<std::string> csr_sha256) {
  PARLEY_TRY(require_key());
  if (!is_leaf(o.profile)) return err::api("unknown profile: use server, client or server+client");
  const int64_t validity = o.validity.value_or(config_.default_validity);
  std::optional<std::string> cn = x509::common_name(x509::Name{subject_name});
  PARLEY_TRY(check_request(config_.policy, IssuanceRequest{o.profile, &key, o.sans, cn, validity}));

  const int64_t now = provider_->clock->unix_seconds();
  const int64_t not_after = now + validity;
  if (not_after > intermediate_->validity.not_after) {
    return err::api("the certificate would outlive the intermediate CA: pass a shorter --validity",
                    "intermediate expires " + der::format_rfc3339(intermediate_->validity.not_after));
  }
  if (now < intermediate_->validity.not_before || now > intermediate_->validity.not_after) {
    return err::api("the intermediate CA is not valid now: check the clock, or make a new CA");
  }

  CertificateTemplate t;
  t.profile = o.profile;
  t.subject.assign(subject_name.begin(), subject_name.end());
  t.spki = copy(key.spki_der());
  t.sans = o.sans;
  t.not_before = now - kMinute;
  t.not_after = not_after;
  t.crl_url = config_.crl_url;
  t.ocsp_url = config_.ocsp_url;
  t.must_staple = o.must_staple;
  return sign_and_record(t, now, std::move(csr_sha256));
}

Result<Issued> Authority::sign_and_record(CertificateTemplate& t, int64_t now, std::optional<std::string> csr_sha256) {
  IssuerIdentity issuer{copy(intermediate_->subject.raw), copy(*intermediate_->subject_key_id),
                        intermediate_key_.get()};
  x509::CertificatePtr parsed;
  auto record = PARLEY_TRY(ledger_.issue(*provider_->rng, [&](std::span<const uint8_t> serial) -> Result<LedgerRecord> {
    t.serial.assign(serial.begin(), serial.end());
    auto der = PARLEY_TRY(build_certificate(t, issuer, *provider_->sha256));
    // Our own parser must accept it before it is recorded and handed out.
    auto cert = x509::Certificate::parse(der, *provider_->keys);
    if (!cert) return err::internal("issued certificate does not parse", cert.error().message());
    parsed = *cert;
    LedgerRecord r;
    r.serial = serial_to_hex(serial);
    r.issuer = "intermediate";
    r.subject = x509::to_string(parsed->subject);
    r.sans = describe_sans(t.sans);
    r.not_before = t.not_before;
    r.not_after = t.not_after;
    r.profile = std::string(profile_name(t.profile));
    r.der = std::move(der);
    r.csr_sha256 = csr_sha256;
    r.created_at = now;
    return r;
  }));
  Issued out;
  out.record = std::move(record);
  out.certificate = std::move(parsed);
  out.intermediate_der = copy(intermediate_->der());
  return out;
}

Result<Issued> Authority::issue_ocsp_signer(std::optional<int64_t> validity) {
  PARLEY_TRY(require_key());
  const ProfileRules& r = rules(Profile::ocsp_signing);
  const int64_t lifetime = validity.value_or(r.default_validity);
  if (lifetime <= 0 || lifetime > r.max_validity) {
    return err::api("a delegated OCSP signer's validity must be positive and short",
                    format_duration(lifetime) + " asked, at most " + format_duration(r.max_validity));
  }
  const int64_t now = provider_->clock->unix_seconds();
  if (now < intermediate_->validity.not_before || now >= intermediate_->validity.not_after) {
    return err::api("the intermediate CA is not valid now: check the clock, or make a new CA");
  }
  // "<intermediate CN> OCSP Responder", within RFC 5280's 64-character CN.
  std::string cn = x509::common_name(intermediate_->subject).value_or("parley");
  cn = cn.substr(0, 64 - std::string_view(" OCSP Responder").size()) + " OCSP Responder";
  auto key = PARLEY_TRY(provider_->keys->generate(crypto::KeySpec::ec_p256));
  CertificateTemplate t;
  t.profile = Profile::ocsp_signing;
  t.subject = PARLEY_TRY(build_cn_name(cn));
  t.spki = copy(key->public_key().spki_der());
  t.not_before = now - kMinute;
  t.not_after = std::min(now + lifetime, intermediate_->validity.not_after);
  auto issued = PARLEY_TRY(sign_and_record(t, now, std::nullopt));
  issued.key = std::move(key);
  return issued;
}

Result<Issued> Authority::sign(const CertificationRequest& csr, Profile profile, std::optional<int64_t> validity) {
  PARLEY_TRY(require_key());
  PARLEY_TRY(csr.verify_signature());
  if (!csr.has_extension_request || csr.requested_sans.empty()) {
    return err::api("the CSR requests no subjectAltName: make it again with SANs (parley csr --san dns:NAME, or "
                    "openssl req -addext subjectAltName=DNS:NAME)");
  }
  IssueOptions o;
  o.profile = profile;
  o.validity = validity;
  for (const auto& gn : csr.requested_sans) o.sans.push_back(PARLEY_TRY(san_from_general_name(gn)));
  Bytes subject = copy(csr.subject.raw);
  std::vector<std::string> notes;
  const std::optional<std::string> cn = x509::common_name(csr.subject);
  if (cn && !cn->empty() && rules(profile).server_auth && !cn_among_sans(o.sans, *cn)) {
    if (auto san = cn_as_san(*cn)) {
      notes.push_back("the CN " + *cn + " was added as SAN " + san->to_string() +
                      " (server certificates repeat their CN among the SANs)");
      o.sans.push_back(std::move(*san));
    } else {
      subject = PARLEY_TRY(name_without(csr.subject, der::kCommonName));
      notes.push_back("the CN " + *cn + " was left out of the subject: server certificates repeat their CN among "
                      "the SANs, and " + san.error().message());
    }
  }
  const std::string csr_hash = hex(provider_->sha256->digest(csr.der()).view());
  auto issued = PARLEY_TRY(issue_for(*csr.public_key, subject, o, csr_hash));
  issued.notes = std::move(notes);
  return issued;
}

Result<SanEntry> Authority::cn_as_san(std::string_view cn) const {
  if (!is_valid_dns_name(cn, /*allow_wildcard=*/true)) {
    return err::api("it is not a DNS name", std::string(cn));
  }
  auto san = PARLEY_TRY(parse_san("dns:" + std::string(cn)));
  PARLEY_TRY(check_name(config_.policy, san));
  // The intermediate's name constraints (init --permit-dns): a name outside
  // them would make every verifier refuse the whole certificate.
  const auto& permitted = config_.permitted_dns;
  if (!permitted.empty() && std::none_of(permitted.begin(), permitted.end(), [&](const std::string& d) {
        return dns_within(san.text(), d);
      })) {
    return err::api("it is outside the CA's name constraints", san.to_string());
  }
  return san;
}

Result<Issued> Authority::issue(const IssueOptions& options) {
  PARLEY_TRY(require_key());
  std::string cn = options.common_name;
  if (cn.empty()) {
    for (const auto& s : options.sans) {
      if (s.type != x509::GeneralNameType::ip && s.value.size() <= 64) {
        cn = s.text();
        break;
      }
    }
  }
  auto subject = PARLEY_TRY(build_cn_name(cn));
  auto key = PARLEY_TRY(provider_->keys->generate(options.key_spec));
  auto issued = PARLEY_TRY(issue_for(key->public_key(), subject, options, std::nullopt));
  issued.key = std::move(key);
  return issued;
}

Result<LedgerRecord> Authority::revoke(std::string_view serial_hex, x509::CrlReason reason) {
  PARLEY_TRY(require_key());
  auto found = PARLEY_TRY(ledger_.find(serial_hex));
  if (!found) {
    return err::api("no certificate with this serial in the CA ledger: check it with `parley ca list`",
                    std::string(serial_hex));
  }
  if (found->issuer != "intermediate") {
    return err::api("only certificates issued by the intermediate can be revoked here; to retire the CA itself, "
                    "make a new one with `parley ca init`",
                    std::string(serial_hex));
  }
  if (reason == x509::CrlReason::remove_from_crl) return err::api("removeFromCRL is only for delta CRLs");
  return ledger_.revoke(serial_hex, reason, provider_->clock->unix_seconds());
}

Result<std::vector<uint8_t>> Authority::crl_of(std::string_view issuer_name, int64_t next_update_in) {
  PARLEY_TRY(require_key());
  if (next_update_in <= 0) return err::api("--next-update must be positive");
  const bool root = issuer_name == "root";
  if (!root && issuer_name != "intermediate") return err::api("no such CA here: use root or intermediate", std::string(issuer_name));
  if (root && !root_key_) return err::api("the root's CRL needs the root key (root.key), which is not here");
  const x509::Certificate& issuer_cert = root ? *root_ : *intermediate_;
  const int64_t now = provider_->clock->unix_seconds();
  CrlTemplate t;
  t.this_update = now;
  t.next_update = now + next_update_in;
  for (const auto& r : PARLEY_TRY(ledger_.revoked_by(issuer_name))) {
    auto serial = serial_from_text(r.serial);
    if (!serial) return err::internal("ledger holds an invalid serial", r.serial);
    t.entries.push_back(CrlEntry{*serial, r.revoked_at.value_or(now), r.reason.value_or(x509::CrlReason::unspecified)});
  }
  if (!issuer_cert.subject_key_id) return err::decode("CA certificate without SKI");
  IssuerIdentity id{copy(issuer_cert.subject.raw), copy(*issuer_cert.subject_key_id),
                    root ? root_key_.get() : intermediate_key_.get()};
  // The number is consumed last, once everything else is known to work.
  t.number = PARLEY_TRY(ledger_.next_crl_number(issuer_name));
  return build_crl(t, id);
}

Result<CrlSet> Authority::crl(int64_t next_update_in) {
  CrlSet set;
  set.intermediate_crl = PARLEY_TRY(crl_of("intermediate", next_update_in));
  if (root_key_) set.root_crl = PARLEY_TRY(crl_of("root", next_update_in));
  return set;
}

}  // namespace parley::ca
