#include "ca/csr.h"

#include "ca/signing.h"
#include "der/oid.h"
#include "x509/algorithm.h"
#include "x509/extensions.h"
#include "x509/name.h"

namespace parley::ca {
namespace {

// RFC 2986 §4.1 version v1(0).
Result<void> parse_version(der::Parser& info) {
  auto v = PARLEY_TRY(info.read(der::kInteger));
  auto n = der::parse_uint64(v);
  if (!n || *n != 0) return err::decode("CSR: version must be 0 (v1)");
  return {};
}

Result<void> parse_attributes(der::Parser& info, CertificationRequest& csr) {
  auto attrs = PARLEY_TRY(info.read_optional_constructed(der::context_constructed(0)));
  if (!attrs) return err::decode("CSR: the attributes [0] field is missing (RFC 2986 requires it, even empty)");
  while (attrs->has_more()) {
    auto attr = PARLEY_TRY(attrs->read_sequence());
    CsrAttribute a;
    a.type = PARLEY_TRY(attr.read(der::kOid));
    PARLEY_TRY(der::parse_oid(a.type));
    a.values = PARLEY_TRY(attr.read(der::kSet));
    PARLEY_TRY(attr.expect_end());
    if (a.values.empty()) return err::decode("CSR: attribute with no values", der::oid_name(a.type));
    for (const auto& prev : csr.attributes) {
      if (der::equal(prev.type, a.type)) return err::decode("CSR: duplicate attribute", der::oid_name(a.type));
    }
    csr.attributes.push_back(a);
    if (!der::equal(a.type, der::kExtensionRequest)) continue;
    // extensionRequest: SET SIZE (1) OF Extensions.
    der::Parser values(a.values);
    auto exts = PARLEY_TRY(values.read_raw(der::kSequence));
    if (values.has_more()) return err::decode("CSR: extensionRequest must hold exactly one Extensions value");
    csr.has_extension_request = true;
    csr.requested_extensions = PARLEY_TRY(x509::parse_extension_list(exts));
    for (const auto& e : csr.requested_extensions) {
      if (der::equal(e.oid, der::kSubjectAltName)) csr.requested_sans = PARLEY_TRY(x509::parse_subject_alt_name(e.value));
    }
  }
  return {};
}

}  // namespace

Result<std::shared_ptr<const CertificationRequest>> CertificationRequest::parse(Input der,
                                                                                  const crypto::KeyFactory& keys) {
  std::shared_ptr<CertificationRequest> csr(new CertificationRequest());
  csr->der_.assign(der.begin(), der.end());
  Input all = csr->der_;

  der::Parser outer(all);
  auto req = PARLEY_TRY(outer.read_sequence());
  if (outer.has_more()) return err::decode("CSR: trailing bytes after the CertificationRequest");
  csr->info = PARLEY_TRY(req.read_raw(der::kSequence));
  auto alg_tlv = PARLEY_TRY(req.read_raw(der::kSequence));
  csr->signature_algorithm = PARLEY_TRY(x509::parse_signature_algorithm(alg_tlv));
  auto sig = PARLEY_TRY(req.read(der::kBitString));
  csr->signature = PARLEY_TRY(der::parse_bit_string_bytes(sig));
  if (req.has_more()) return err::decode("CSR: unexpected field after the signature");

  der::Parser info_outer(csr->info);
  auto info = PARLEY_TRY(info_outer.read_sequence());
  PARLEY_TRY(parse_version(info));
  csr->subject = PARLEY_TRY(x509::parse_name(PARLEY_TRY(info.read_raw(der::kSequence))));
  csr->spki = PARLEY_TRY(info.read_raw(der::kSequence));
  PARLEY_TRY(parse_attributes(info, *csr));
  if (info.has_more()) return err::decode("CSR: unexpected field after the attributes");

  auto key = keys.load_public(csr->spki);
  if (!key) return err::decode("CSR: unusable public key", key.error().message());
  csr->public_key = std::move(*key);
  return std::shared_ptr<const CertificationRequest>(std::move(csr));
}

Result<void> CertificationRequest::verify_signature() const {
  const auto& alg = signature_algorithm;
  if (!alg.alg) {
    return err::crypto(alg.weak ? "CSR: signed with a weak algorithm (MD5 or SHA-1); make it again with SHA-256"
                                : "CSR: signature algorithm not supported",
                       std::string(alg.name));
  }
  if (auto ok = public_key->verify(*alg.alg, info, signature); !ok) {
    return err::crypto("CSR: the self-signature does not verify (the request was altered or not signed by its key)");
  }
  return {};
}

Result<std::vector<uint8_t>> build_csr(const crypto::PrivateKey& key, Input subject_name,
                                       std::span<const SanEntry> sans) {
  const crypto::SigAlg alg = signature_algorithm_for(key.type());
  const bool empty_subject = subject_name.size() <= 2;
  der::Builder info;
  {
    auto seq = info.sequence();
    info.integer(0);
    info.raw(subject_name);
    info.raw(key.public_key().spki_der());
    auto attrs = info.constructed(der::context_constructed(0));
    if (!sans.empty()) {
      auto attr = info.sequence();
      info.oid(der::kExtensionRequest);
      auto values = info.set();
      auto exts = info.sequence();
      auto ext = info.sequence();
      info.oid(der::kSubjectAltName);
      if (empty_subject) info.boolean(true);
      auto value = info.octet_string_scope();
      write_general_names(info, sans);
    }
  }
  auto tbs = PARLEY_TRY(std::move(info).finish());
  return sign_structure(key, alg, tbs);
}

}  // namespace parley::ca
