// parley/ca.h: the public face of the CA, over ca::Authority.
#include "parley/ca.h"

#include "ca/authority.h"
#include "ca/names.h"
#include "der/pem.h"
#include "parley/credentials.h"
#include "x509/certificate.h"
#include "x509/crl.h"
#include "x509/trust_store.h"

namespace parley {

struct Authority::Impl {
  ca::Authority ca;
};

namespace {

ca::Profile internal_profile(Profile p) {
  switch (p) {
    case Profile::server: return ca::Profile::server;
    case Profile::client: return ca::Profile::client;
    case Profile::server_client: return ca::Profile::server_client;
  }
  return ca::Profile::server;
}

ca::InitOptions init_options(const AuthorityOptions& o) {
  ca::InitOptions init;
  init.name = o.name;
  init.key_spec = o.key;
  init.permit_dns = o.permit_dns;
  return init;
}

IssuedRecord record_of(const ca::LedgerRecord& r) {
  return {r.serial, r.subject, r.sans, r.profile, r.not_before, r.not_after, r.status == ca::CertStatus::revoked};
}

Result<Issued> issued_of(ca::Issued&& in) {
  Issued out;
  out.serial = in.record.serial;
  out.certificate_pem = in.certificate_pem();
  out.chain_pem = in.chain_pem();
  out.identity.chain.push_back(in.certificate);
  out.identity.chain.push_back(PARLEY_TRY(x509::Certificate::parse(in.intermediate_der)));
  if (in.key) {
    out.key_pem = PARLEY_TRY(private_key_pem(*in.key, std::nullopt));
    out.identity.key = std::move(in.key);
  }
  return out;
}

}  // namespace

Authority::Authority(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Authority::Authority(Authority&&) noexcept = default;
Authority& Authority::operator=(Authority&&) noexcept = default;
Authority::~Authority() = default;

Result<Authority> Authority::init(const std::string& dir, const AuthorityOptions& options) {
  const auto& provider = crypto::openssl_provider();
  std::optional<std::string_view> pass;
  if (options.passphrase) pass = *options.passphrase;
  PARLEY_TRY(ca::init_ca_dir(dir, init_options(options), pass, provider));
  return open(dir, pass);
}

Result<Authority> Authority::open(const std::string& dir, std::optional<std::string_view> passphrase) {
  auto ca = PARLEY_TRY(ca::Authority::open(dir, crypto::openssl_provider()));
  PARLEY_TRY(ca.unlock(passphrase));
  return Authority(std::make_unique<Impl>(Impl{std::move(ca)}));
}

Result<Authority> Authority::in_memory(const AuthorityOptions& options) {
  auto ca = PARLEY_TRY(ca::Authority::ephemeral(init_options(options), crypto::openssl_provider()));
  return Authority(std::make_unique<Impl>(Impl{std::move(ca)}));
}

Result<Issued> Authority::issue(const IssueRequest& request) {
  ca::IssueOptions o;
  o.profile = internal_profile(request.profile);
  for (const auto& n : request.names) o.sans.push_back(PARLEY_TRY(ca::parse_san(n)));
  o.common_name = request.common_name;
  o.validity = request.validity;
  o.key_spec = request.key;
  return issued_of(PARLEY_TRY(impl_->ca.issue(o)));
}

Result<Issued> Authority::sign_csr(std::span<const uint8_t> csr, Profile profile, std::optional<int64_t> validity) {
  auto ders = PARLEY_TRY(der::pem_or_der_objects(csr, {"CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"}));
  auto request = PARLEY_TRY(ca::CertificationRequest::parse(ders.front(), *crypto::openssl_provider().keys));
  return issued_of(PARLEY_TRY(impl_->ca.sign(*request, internal_profile(profile), validity)));
}

Result<IssuedRecord> Authority::revoke(std::string_view serial_hex, std::string_view reason) {
  auto r = ca::crl_reason_from_name(reason);
  if (!r) return err::api("unknown revocation reason (RFC 5280 §5.3.1: keyCompromise, superseded, ...)",
                          std::string(reason));
  return record_of(PARLEY_TRY(impl_->ca.revoke(serial_hex, *r)));
}

Result<std::string> Authority::crl_pem(int64_t next_update) {
  auto set = PARLEY_TRY(impl_->ca.crl(next_update));
  return set.pem();
}

Result<std::vector<IssuedRecord>> Authority::list() const {
  std::vector<IssuedRecord> out;
  for (const auto& r : PARLEY_TRY(impl_->ca.list())) out.push_back(record_of(r));
  return out;
}

std::string Authority::root_pem() const { return impl_->ca.root_pem(); }

std::shared_ptr<const x509::TrustStore> Authority::trust_store() const {
  return x509::TrustStore::from_certificates({impl_->ca.root()});
}

}  // namespace parley
