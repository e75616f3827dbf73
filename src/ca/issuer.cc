#include "ca/issuer.h"

#include "ca/signing.h"
#include "der/oid.h"
#include "x509/certificate.h"

namespace parley::ca {
namespace {

using x509::GeneralNameType;

// Extension ::= SEQUENCE { extnID, critical DEFAULT FALSE, extnValue OCTET STRING }.
// The returned scope is the extnValue: write the value's DER inside it.
class ExtensionWriter {
 public:
  ExtensionWriter(der::Builder& b, Input oid, bool critical) : seq_(b.sequence()) {
    b.oid(oid);
    if (critical) b.boolean(true);  // FALSE is the DEFAULT and must not be encoded
    value_.emplace(b.octet_string_scope());
  }

 private:
  der::Builder::Scope seq_;
  std::optional<der::Builder::Scope> value_;
};

void write_key_usage(der::Builder& b, uint16_t bits) {
  // Named bit list (X.690 §11.2.2): trailing zero bits are dropped.
  int highest = 15;
  while (highest >= 0 && (bits & (1u << highest)) == 0) --highest;
  const size_t nbytes = static_cast<size_t>(highest / 8 + 1);
  uint8_t out[2] = {0, 0};
  for (int i = 0; i <= highest; ++i) {
    if (bits & (1u << i)) out[i / 8] = static_cast<uint8_t>(out[i / 8] | (0x80 >> (i % 8)));
  }
  const auto unused = static_cast<uint8_t>(nbytes * 8 - static_cast<size_t>(highest) - 1);
  b.bit_string(Input(out, nbytes), unused);
}

void write_subtrees(der::Builder& b, uint8_t tag, const std::vector<SanEntry>& names) {
  if (names.empty()) return;
  auto trees = b.constructed(der::context_constructed(tag));
  for (const auto& n : names) {
    auto subtree = b.sequence();
    b.implicit(der::context(static_cast<uint8_t>(n.type)), n.value);
  }
}

Result<void> check_template(const CertificateTemplate& t) {
  const bool leaf = is_leaf(t.profile);
  if (leaf && t.sans.empty()) return err::api("certificate template: a leaf needs at least one SAN");
  if (!leaf && !t.sans.empty()) return err::api("certificate template: CA certificates carry no SANs here");
  if (leaf && !t.name_constraints.empty()) return err::api("certificate template: name constraints on a leaf");
  if (!leaf && t.must_staple) return err::api("certificate template: must-staple is for leaves");
  if (t.not_after <= t.not_before) return err::api("certificate template: notAfter must be after notBefore");
  if (t.serial.empty() || t.serial.size() > 20) return err::api("certificate template: serial of 1 to 20 octets");
  if (t.subject.size() <= 2 && !leaf) return err::api("certificate template: a CA needs a subject name");
  return {};
}

}  // namespace

NameConstraintsSpec dns_only_constraints(const std::vector<std::string>& domains) {
  auto text = [](GeneralNameType type, const std::string& s) { return SanEntry{type, Bytes(s.begin(), s.end())}; };
  NameConstraintsSpec nc;
  for (const auto& d : domains) {
    nc.permitted.push_back(text(GeneralNameType::dns, d));
    nc.permitted.push_back(text(GeneralNameType::uri, d));
    nc.permitted.push_back(text(GeneralNameType::uri, "." + d));
    nc.permitted.push_back(text(GeneralNameType::rfc822, d));
    nc.permitted.push_back(text(GeneralNameType::rfc822, "." + d));
  }
  nc.excluded.push_back(SanEntry{GeneralNameType::ip, Bytes(8, 0)});
  nc.excluded.push_back(SanEntry{GeneralNameType::ip, Bytes(32, 0)});
  return nc;
}

Result<std::vector<uint8_t>> build_certificate(const CertificateTemplate& t, const IssuerIdentity& issuer,
                                               const crypto::Hash& sha256) {
  PARLEY_TRY(check_template(t));
  if (issuer.key == nullptr) return err::api("certificate: no issuer key");
  const ProfileRules& r = rules(t.profile);
  const crypto::SigAlg alg = signature_algorithm_for(issuer.key->type());
  const auto ski = PARLEY_TRY(key_identifier(sha256, t.spki));
  const bool empty_subject = t.subject.size() <= 2;

  der::Builder b;
  {
    auto tbs = b.sequence();
    {
      auto version = b.constructed(der::context_constructed(0));
      b.integer(2);  // v3
    }
    b.unsigned_integer(t.serial);
    write_algorithm_identifier(b, alg);
    b.raw(issuer.subject);
    {
      auto validity = b.sequence();
      b.time(t.not_before);
      b.time(t.not_after);
    }
    b.raw(t.subject);
    b.raw(t.spki);
    auto exts_explicit = b.constructed(der::context_constructed(3));
    auto exts = b.sequence();
    {  // §4.2.1.9
      ExtensionWriter e(b, der::kBasicConstraints, true);
      auto bc = b.sequence();
      if (r.ca) b.boolean(true);
      if (r.ca && r.path_len) b.integer(*r.path_len);
    }
    {  // §4.2.1.3
      ExtensionWriter e(b, der::kKeyUsage, true);
      write_key_usage(b, r.key_usage);
    }
    if (r.server_auth || r.client_auth || r.ocsp_signing) {  // §4.2.1.12
      ExtensionWriter e(b, der::kExtKeyUsage, false);
      auto eku = b.sequence();
      if (r.server_auth) b.oid(der::kServerAuth);
      if (r.client_auth) b.oid(der::kClientAuth);
      if (r.ocsp_signing) b.oid(der::kOcspSigning);
    }
    if (r.ocsp_signing) {  // RFC 6960 §4.2.2.2.1: the value is NULL
      ExtensionWriter e(b, der::kOcspNoCheck, false);
      b.null();
    }
    {  // §4.2.1.2
      ExtensionWriter e(b, der::kSubjectKeyIdentifier, false);
      b.octet_string(ski);
    }
    {  // §4.2.1.1: keyIdentifier [0] IMPLICIT OCTET STRING
      ExtensionWriter e(b, der::kAuthorityKeyIdentifier, false);
      auto aki = b.sequence();
      b.implicit(der::context(0), issuer.key_id);
    }
    if (!t.sans.empty()) {  // §4.2.1.6
      ExtensionWriter e(b, der::kSubjectAltName, empty_subject);
      write_general_names(b, t.sans);
    }
    if (!t.name_constraints.empty()) {  // §4.2.1.10: MUST be critical
      ExtensionWriter e(b, der::kNameConstraints, true);
      auto nc = b.sequence();
      write_subtrees(b, 0, t.name_constraints.permitted);
      write_subtrees(b, 1, t.name_constraints.excluded);
    }
    if (t.crl_url) {  // §4.2.1.13: one DistributionPoint with a fullName URI
      ExtensionWriter e(b, der::kCrlDistributionPoints, false);
      auto dps = b.sequence();
      auto dp = b.sequence();
      auto dpn = b.constructed(der::context_constructed(0));
      auto full = b.constructed(der::context_constructed(0));
      b.implicit(der::context(6), Input(reinterpret_cast<const uint8_t*>(t.crl_url->data()), t.crl_url->size()));
    }
    if (t.ocsp_url) {  // §4.2.2.1
      ExtensionWriter e(b, der::kAuthorityInfoAccess, false);
      auto aia = b.sequence();
      auto ad = b.sequence();
      b.oid(der::kAdOcsp);
      b.implicit(der::context(6), Input(reinterpret_cast<const uint8_t*>(t.ocsp_url->data()), t.ocsp_url->size()));
    }
    if (t.must_staple) {  // RFC 7633 §4: Features ::= SEQUENCE OF INTEGER; status_request is 5; not critical
      ExtensionWriter e(b, der::kTlsFeature, false);
      auto features = b.sequence();
      b.integer(5);
    }
  }
  auto tbs = PARLEY_TRY(std::move(b).finish());
  return sign_structure(*issuer.key, alg, tbs);
}

}  // namespace parley::ca
