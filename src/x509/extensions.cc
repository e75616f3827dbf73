#include "x509/extensions.h"

#include <algorithm>
#include <limits>

#include "der/oid.h"
#include "x509/general_names.h"

namespace parley::x509 {
namespace {

// The value must be exactly one SEQUENCE; returns a parser over its contents.
Result<der::Parser> whole_sequence(Input value) {
  der::Parser p(value);
  auto seq = PARLEY_TRY(p.read_sequence());
  PARLEY_TRY(p.expect_end());
  return seq;
}

std::string as_string(Input v) { return {reinterpret_cast<const char*>(v.data()), v.size()}; }

}  // namespace

Result<std::vector<Extension>> parse_extension_list(Input tlv) {
  auto seq = PARLEY_TRY(whole_sequence(tlv));
  std::vector<Extension> out;
  size_t count = 0;  // one allocation for the list: count the elements first
  for (der::Parser scan = seq; scan.has_more() && scan.read_element(); ++count) {}
  out.reserve(count);
  while (seq.has_more()) {
    auto ext = PARLEY_TRY(seq.read_sequence());
    Extension e;
    e.oid = PARLEY_TRY(ext.read(der::kOid));
    PARLEY_TRY(der::parse_oid(e.oid));
    auto crit = PARLEY_TRY(ext.read_optional(der::kBoolean));
    if (crit) {
      e.critical = PARLEY_TRY(der::parse_boolean(*crit));
      if (!e.critical) return err::decode("Extension: critical FALSE is the DEFAULT and must be omitted", der::oid_name(e.oid));
    }
    e.value = PARLEY_TRY(ext.read(der::kOctetString));
    PARLEY_TRY(ext.expect_end());
    for (const auto& prev : out) {
      if (der::equal(prev.oid, e.oid)) return err::decode("Extensions: duplicate extension", der::oid_name(e.oid));
    }
    out.push_back(e);
  }
  if (out.empty()) return err::decode("Extensions: empty");
  return out;
}

Result<BasicConstraints> parse_basic_constraints(Input value) {
  auto seq = PARLEY_TRY(whole_sequence(value));
  BasicConstraints bc;
  auto ca = PARLEY_TRY(seq.read_optional(der::kBoolean));
  if (ca) {
    bc.ca = PARLEY_TRY(der::parse_boolean(*ca));
    if (!bc.ca) return err::decode("basicConstraints: cA FALSE is the DEFAULT and must be omitted");
  }
  auto len = PARLEY_TRY(seq.read_optional(der::kInteger));
  if (len) {
    uint64_t n = PARLEY_TRY(der::parse_uint64(*len));
    if (n > std::numeric_limits<uint32_t>::max()) return err::decode("basicConstraints: pathLenConstraint too large");
    bc.path_len = static_cast<uint32_t>(n);
  }
  PARLEY_TRY(seq.expect_end());
  return bc;
}

Result<uint16_t> parse_key_usage(Input value) {
  der::Parser p(value);
  Input contents = PARLEY_TRY(p.read(der::kBitString));
  PARLEY_TRY(p.expect_end());
  auto bits = PARLEY_TRY(der::parse_bit_string(contents));
  if (bits.bit_count() == 0) return err::decode("keyUsage: empty BIT STRING");
  uint16_t out = 0;
  bool any = false;
  for (size_t i = 0; i < bits.bit_count(); ++i) {
    if (!bits.bit(i)) continue;
    any = true;
    if (i <= 8) out = static_cast<uint16_t>(out | (1u << i));
  }
  if (!any) return err::decode("keyUsage: no bit set");
  return out;
}

Result<std::vector<Input>> parse_ext_key_usage(Input value) {
  auto seq = PARLEY_TRY(whole_sequence(value));
  std::vector<Input> out;
  while (seq.has_more()) {
    Input oid = PARLEY_TRY(seq.read(der::kOid));
    out.push_back(PARLEY_TRY(der::parse_oid(oid)));
  }
  if (out.empty()) return err::decode("extKeyUsage: empty");
  return out;
}

Result<std::vector<GeneralName>> parse_subject_alt_name(Input value) {
  der::Parser p(value);
  Input contents = PARLEY_TRY(p.read(der::kSequence));
  PARLEY_TRY(p.expect_end());
  auto names = parse_general_names(contents, GeneralNameContext::name);
  if (!names) return err::decode("subjectAltName: invalid GeneralNames", names.error().message());
  return names;
}

namespace {

// GeneralSubtrees ::= SEQUENCE SIZE (1..MAX) OF GeneralSubtree, given the contents.
Result<std::vector<GeneralName>> parse_subtrees(der::Parser p) {
  std::vector<GeneralName> out;
  while (p.has_more()) {
    auto subtree = PARLEY_TRY(p.read_sequence());
    auto base = PARLEY_TRY(subtree.read_element());
    out.push_back(PARLEY_TRY(parse_general_name(base, GeneralNameContext::constraint)));
    // minimum [0] DEFAULT 0 and maximum [1]: RFC 5280 says both MUST be absent
    // (an encoded 0 would also break DER).
    if (subtree.has_more()) return err::decode("nameConstraints: minimum and maximum must be absent");
  }
  if (out.empty()) return err::decode("nameConstraints: empty subtrees");
  return out;
}

}  // namespace

Result<NameConstraints> parse_name_constraints(Input value) {
  auto seq = PARLEY_TRY(whole_sequence(value));
  NameConstraints nc;
  auto permitted = PARLEY_TRY(seq.read_optional_constructed(der::context_constructed(0)));
  if (permitted) nc.permitted = PARLEY_TRY(parse_subtrees(*permitted));
  auto excluded = PARLEY_TRY(seq.read_optional_constructed(der::context_constructed(1)));
  if (excluded) nc.excluded = PARLEY_TRY(parse_subtrees(*excluded));
  PARLEY_TRY(seq.expect_end());
  if (!permitted && !excluded) return err::decode("nameConstraints: neither permitted nor excluded subtrees");
  return nc;
}

Result<AuthorityKeyIdentifier> parse_authority_key_id(Input value) {
  auto seq = PARLEY_TRY(whole_sequence(value));
  AuthorityKeyIdentifier aki;
  auto key_id = PARLEY_TRY(seq.read_optional(der::context(0)));
  if (key_id) aki.key_id = *key_id;
  auto issuer = PARLEY_TRY(seq.read_optional(der::context_constructed(1)));
  if (issuer) aki.issuer = PARLEY_TRY(parse_general_names(*issuer, GeneralNameContext::name));
  auto serial = PARLEY_TRY(seq.read_optional(der::context(2)));
  if (serial) aki.serial = PARLEY_TRY(der::parse_integer(*serial));
  PARLEY_TRY(seq.expect_end());
  return aki;
}

Result<Input> parse_subject_key_id(Input value) {
  der::Parser p(value);
  Input id = PARLEY_TRY(p.read(der::kOctetString));
  PARLEY_TRY(p.expect_end());
  return id;
}

Result<std::vector<std::string>> parse_distribution_point_name(Input explicit_contents) {
  der::Parser p(explicit_contents);
  auto e = PARLEY_TRY(p.read_element());
  PARLEY_TRY(p.expect_end());
  std::vector<std::string> uris;
  if (e.tag == der::context_constructed(0)) {  // fullName [0] GeneralNames
    auto names = PARLEY_TRY(parse_general_names(e.value, GeneralNameContext::name));
    for (const auto& n : names) {
      if (n.type == GeneralNameType::uri) uris.emplace_back(n.text());
    }
  } else if (e.tag == der::context_constructed(1)) {  // nameRelativeToCRLIssuer [1] RDN (a SET body)
    der::Parser rdn(e.value);
    if (!rdn.has_more()) return err::decode("DistributionPointName: empty RDN");
    while (rdn.has_more()) {
      auto atv = PARLEY_TRY(rdn.read_sequence());
      PARLEY_TRY(der::parse_oid(PARLEY_TRY(atv.read(der::kOid))));
      PARLEY_TRY(atv.read_element());
      PARLEY_TRY(atv.expect_end());
    }
  } else {
    return err::decode("DistributionPointName: unknown choice");
  }
  return uris;
}

Result<std::vector<std::string>> parse_crl_distribution_points(Input value) {
  auto seq = PARLEY_TRY(whole_sequence(value));
  std::vector<std::string> uris;
  size_t count = 0;
  while (seq.has_more()) {
    auto dp = PARLEY_TRY(seq.read_sequence());
    ++count;
    auto name = PARLEY_TRY(dp.read_optional(der::context_constructed(0)));
    if (name) {
      auto found = PARLEY_TRY(parse_distribution_point_name(*name));
      uris.insert(uris.end(), found.begin(), found.end());
    }
    auto reasons = PARLEY_TRY(dp.read_optional(der::context(1)));
    if (reasons) PARLEY_TRY(der::parse_bit_string(*reasons));
    auto issuer = PARLEY_TRY(dp.read_optional(der::context_constructed(2)));
    if (issuer) PARLEY_TRY(parse_general_names(*issuer, GeneralNameContext::name));
    PARLEY_TRY(dp.expect_end());
    // §4.2.1.13: a DistributionPoint MUST NOT consist of only the reasons field.
    if (!name && !issuer) return err::decode("cRLDistributionPoints: neither distributionPoint nor cRLIssuer");
  }
  if (count == 0) return err::decode("cRLDistributionPoints: empty");
  return uris;
}

Result<AuthorityInfoAccess> parse_authority_info_access(Input value) {
  auto seq = PARLEY_TRY(whole_sequence(value));
  AuthorityInfoAccess aia;
  size_t count = 0;
  while (seq.has_more()) {
    auto ad = PARLEY_TRY(seq.read_sequence());
    ++count;
    Input method = PARLEY_TRY(ad.read(der::kOid));
    PARLEY_TRY(der::parse_oid(method));
    auto loc = PARLEY_TRY(ad.read_element());
    auto name = PARLEY_TRY(parse_general_name(loc, GeneralNameContext::name));
    PARLEY_TRY(ad.expect_end());
    if (name.type != GeneralNameType::uri) continue;
    if (der::equal(method, der::kAdOcsp)) aia.ocsp.push_back(as_string(name.value));
    if (der::equal(method, der::kAdCaIssuers)) aia.ca_issuers.push_back(as_string(name.value));
  }
  if (count == 0) return err::decode("authorityInfoAccess: empty");
  return aia;
}

Result<std::vector<uint16_t>> parse_tls_feature(Input value) {
  auto seq = PARLEY_TRY(whole_sequence(value));
  std::vector<uint16_t> out;
  while (seq.has_more()) {
    uint64_t v = PARLEY_TRY(der::parse_uint64(PARLEY_TRY(seq.read(der::kInteger))));
    if (v > 0xffff) return err::decode("tlsFeature: not a TLS extension code point", std::to_string(v));
    const auto feature = static_cast<uint16_t>(v);
    if (std::find(out.begin(), out.end(), feature) != out.end()) {
      return err::decode("tlsFeature: duplicate feature", std::to_string(v));
    }
    out.push_back(feature);
  }
  if (out.empty()) return err::decode("tlsFeature: empty");
  return out;
}

Result<std::vector<Input>> parse_certificate_policies(Input value) {
  auto seq = PARLEY_TRY(whole_sequence(value));
  std::vector<Input> out;
  while (seq.has_more()) {
    auto info = PARLEY_TRY(seq.read_sequence());
    Input oid = PARLEY_TRY(info.read(der::kOid));
    PARLEY_TRY(der::parse_oid(oid));
    for (const auto& prev : out) {
      if (der::equal(prev, oid)) return err::decode("certificatePolicies: duplicate policy", der::oid_name(oid));
    }
    auto qualifiers = PARLEY_TRY(info.read_optional_constructed(der::kSequence));
    if (qualifiers) {
      if (!qualifiers->has_more()) return err::decode("certificatePolicies: empty policyQualifiers");
      while (qualifiers->has_more()) {
        auto q = PARLEY_TRY(qualifiers->read_sequence());
        PARLEY_TRY(der::parse_oid(PARLEY_TRY(q.read(der::kOid))));
        PARLEY_TRY(q.read_element());
        PARLEY_TRY(q.expect_end());
      }
    }
    PARLEY_TRY(info.expect_end());
    out.push_back(oid);
  }
  if (out.empty()) return err::decode("certificatePolicies: empty");
  return out;
}

std::vector<std::string> key_usage_names(uint16_t bits) {
  static const char* kNames[] = {"digitalSignature", "nonRepudiation", "keyEncipherment",
                                 "dataEncipherment", "keyAgreement",   "keyCertSign",
                                 "cRLSign",          "encipherOnly",   "decipherOnly"};
  std::vector<std::string> out;
  for (unsigned i = 0; i < 9; ++i) {
    if (bits & (1u << i)) out.emplace_back(kNames[i]);
  }
  return out;
}

}  // namespace parley::x509
