#include "x509/crl.h"

#include <algorithm>

#include "der/oid.h"
#include "der/time.h"
#include "x509/algorithm.h"
#include "x509/extensions.h"
#include "x509/name.h"

namespace parley::x509 {
namespace {

// certificateIssuer (2.5.29.29): an entry extension of indirect CRLs, which parley does not support.
constexpr uint8_t kFreshestCrl[] = {0x55, 0x1d, 0x2e};  // 2.5.29.46

// A serial without its 0x00 sign pad, so that equal numbers compare equal.
Input magnitude(Input serial) {
  while (serial.size() > 1 && serial[0] == 0) serial = serial.subspan(1);
  return serial;
}

bool serial_less(Input a, Input b) {
  a = magnitude(a);
  b = magnitude(b);
  if (a.size() != b.size()) return a.size() < b.size();
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
}

Result<void> check_serial_like(Input v, const char* what) {
  PARLEY_TRY(der::parse_integer(v));
  if (der::is_negative(v)) return err::decode(what, "negative");
  if (magnitude(v).size() > 20) return err::decode(what, "longer than 20 octets");
  return {};
}

Result<void> parse_entry_extensions(RevokedCertificate& r, Input list_tlv) {
  auto exts = PARLEY_TRY(parse_extension_list(list_tlv));
  for (const auto& e : exts) {
    if (der::equal(e.oid, der::kReasonCode)) {
      // §5.3.1: CRLReason ::= ENUMERATED; 7 is not used.
      der::Parser p(e.value);
      Input v = PARLEY_TRY(p.read(der::kEnumerated));
      PARLEY_TRY(p.expect_end());
      uint64_t code = PARLEY_TRY(der::parse_uint64(v));
      if (code == 7 || code > 10) return err::decode("CRL entry: invalid reasonCode", std::to_string(code));
      r.reason = static_cast<CrlReason>(code);
    } else if (der::equal(e.oid, der::kInvalidityDate)) {
      // §5.3.2: InvalidityDate ::= GeneralizedTime
      der::Parser p(e.value);
      Input v = PARLEY_TRY(p.read(der::kGeneralizedTime));
      PARLEY_TRY(p.expect_end());
      r.invalidity_date = PARLEY_TRY(der::parse_generalized_time(v));
    } else if (e.critical) {
      return err::decode("CRL entry: unknown critical extension", der::oid_name(e.oid));
    }
  }
  return {};
}

Result<IssuingDistributionPoint> parse_idp(Input value) {
  der::Parser outer(value);
  auto seq = PARLEY_TRY(outer.read_sequence());
  PARLEY_TRY(outer.expect_end());
  // §5.2.5: the DER encoding MUST NOT be an empty sequence.
  if (!seq.has_more()) return err::decode("issuingDistributionPoint: empty");
  IssuingDistributionPoint idp;
  auto dp = PARLEY_TRY(seq.read_optional(der::context_constructed(0)));
  if (dp) idp.uris = PARLEY_TRY(parse_distribution_point_name(*dp));
  // BOOLEAN DEFAULT FALSE fields: an encoded FALSE breaks DER.
  auto flag = [&](uint8_t n, bool& out) -> Result<void> {
    auto v = PARLEY_TRY(seq.read_optional(der::context(n)));
    if (!v) return {};
    out = PARLEY_TRY(der::parse_boolean(*v));
    if (!out) return err::decode("issuingDistributionPoint: FALSE is the DEFAULT and must be omitted");
    return {};
  };
  PARLEY_TRY(flag(1, idp.only_user_certs));
  PARLEY_TRY(flag(2, idp.only_ca_certs));
  auto reasons = PARLEY_TRY(seq.read_optional(der::context(3)));
  if (reasons) {
    PARLEY_TRY(der::parse_bit_string(*reasons));
    idp.only_some_reasons = true;
  }
  PARLEY_TRY(flag(4, idp.indirect));
  PARLEY_TRY(flag(5, idp.only_attribute_certs));
  PARLEY_TRY(seq.expect_end());
  // §5.2.5: at most one of the onlyContains... fields may be TRUE.
  if (int{idp.only_user_certs} + int{idp.only_ca_certs} + int{idp.only_attribute_certs} > 1) {
    return err::decode("issuingDistributionPoint: more than one onlyContains flag");
  }
  return idp;
}

Result<void> apply_crl_extension(Crl& c, const Extension& e) {
  auto is = [&](Input known) { return der::equal(e.oid, known); };
  if (is(der::kCrlNumber)) {
    der::Parser p(e.value);
    Input v = PARLEY_TRY(p.read(der::kInteger));
    PARLEY_TRY(p.expect_end());
    PARLEY_TRY(check_serial_like(v, "cRLNumber: invalid"));
    c.crl_number = v;
  } else if (is(der::kAuthorityKeyIdentifier)) {
    c.authority_key_id = PARLEY_TRY(parse_authority_key_id(e.value));
  } else if (is(der::kIssuingDistributionPoint)) {
    c.issuing_distribution_point = PARLEY_TRY(parse_idp(e.value));
  } else if (is(der::kDeltaCrlIndicator)) {
    der::Parser p(e.value);
    Input v = PARLEY_TRY(p.read(der::kInteger));
    PARLEY_TRY(p.expect_end());
    PARLEY_TRY(check_serial_like(v, "deltaCRLIndicator: invalid"));
    c.delta_crl = true;
  } else if (is(der::kIssuerAltName) || is(kFreshestCrl) || is(der::kAuthorityInfoAccess)) {
    if (e.critical) return err::decode("CRL: unsupported critical extension", der::oid_name(e.oid));
  } else if (e.critical) {
    return err::decode("CRL: unknown critical extension", der::oid_name(e.oid));
  }
  return {};
}

}  // namespace

std::string_view crl_reason_name(CrlReason r) {
  switch (r) {
    case CrlReason::unspecified: return "unspecified";
    case CrlReason::key_compromise: return "keyCompromise";
    case CrlReason::ca_compromise: return "cACompromise";
    case CrlReason::affiliation_changed: return "affiliationChanged";
    case CrlReason::superseded: return "superseded";
    case CrlReason::cessation_of_operation: return "cessationOfOperation";
    case CrlReason::certificate_hold: return "certificateHold";
    case CrlReason::remove_from_crl: return "removeFromCRL";
    case CrlReason::privilege_withdrawn: return "privilegeWithdrawn";
    case CrlReason::aa_compromise: return "aACompromise";
  }
  return "unknown";
}

Result<std::shared_ptr<const Crl>> Crl::parse(Input der) {
  std::shared_ptr<Crl> c(new Crl());
  c->der_.assign(der.begin(), der.end());
  Input all(c->der_);

  der::Parser top(all);
  auto list = PARLEY_TRY(top.read_sequence());
  if (top.has_more()) return err::decode("CRL: trailing data after the CertificateList");
  c->tbs = PARLEY_TRY(list.read_raw(der::kSequence));
  Input outer_alg = PARLEY_TRY(list.read_raw(der::kSequence));
  Input sig_bits = PARLEY_TRY(list.read(der::kBitString));
  c->signature = PARLEY_TRY(der::parse_bit_string_bytes(sig_bits));
  PARLEY_TRY(list.expect_end());

  der::Parser tbs_outer(c->tbs);
  auto tbs = PARLEY_TRY(tbs_outer.read_sequence());
  PARLEY_TRY(tbs_outer.expect_end());

  // version Version OPTIONAL; if present it MUST be v2 (§5.1.2.1).
  auto version = PARLEY_TRY(tbs.read_optional(der::kInteger));
  if (version) {
    uint64_t v = PARLEY_TRY(der::parse_uint64(*version));
    if (v != 1) return err::decode("CRL: version must be v2 when present");
    c->version = 2;
  } else {
    c->version = 1;
  }

  Input inner_alg = PARLEY_TRY(tbs.read_raw(der::kSequence));
  // §5.1.1.2: signatureAlgorithm MUST equal tbsCertList.signature.
  if (!der::equal(inner_alg, outer_alg)) {
    return err::decode("CRL: signatureAlgorithm differs from tbsCertList.signature");
  }
  c->signature_algorithm = PARLEY_TRY(parse_signature_algorithm(inner_alg));

  Input issuer = PARLEY_TRY(tbs.read_raw(der::kSequence));
  c->issuer = PARLEY_TRY(parse_name(issuer));
  if (c->issuer.empty()) return err::decode("CRL: empty issuer name");  // §5.1.2.3

  c->this_update = PARLEY_TRY(der::read_time(tbs));
  if (tbs.next_is(der::kUtcTime) || tbs.next_is(der::kGeneralizedTime)) {
    c->next_update = PARLEY_TRY(der::read_time(tbs));
  }

  // revokedCertificates: tolerated when empty although §5.1.2.6 says to omit it.
  auto revoked = PARLEY_TRY(tbs.read_optional_constructed(der::kSequence));
  if (revoked) {
    while (revoked->has_more()) {
      auto entry = PARLEY_TRY(revoked->read_sequence());
      RevokedCertificate r;
      r.serial = PARLEY_TRY(entry.read(der::kInteger));
      PARLEY_TRY(der::parse_integer(r.serial));
      r.revocation_date = PARLEY_TRY(der::read_time(entry));
      if (entry.has_more()) {
        if (c->version != 2) return err::decode("CRL: entry extensions in a v1 CRL");
        Input exts = PARLEY_TRY(entry.read_raw(der::kSequence));
        PARLEY_TRY(parse_entry_extensions(r, exts));
      }
      PARLEY_TRY(entry.expect_end());
      c->revoked.push_back(r);
    }
  }

  auto exts = PARLEY_TRY(tbs.read_optional_constructed(der::context_constructed(0)));
  if (exts) {
    if (c->version != 2) return err::decode("CRL: extensions in a v1 CRL");
    Input list_tlv = PARLEY_TRY(exts->read_raw(der::kSequence));
    PARLEY_TRY(exts->expect_end());
    c->extensions = PARLEY_TRY(parse_extension_list(list_tlv));
    for (const auto& e : c->extensions) PARLEY_TRY(apply_crl_extension(*c, e));
  }
  PARLEY_TRY(tbs.expect_end());

  c->index_.resize(c->revoked.size());
  for (size_t i = 0; i < c->index_.size(); ++i) c->index_[i] = i;
  std::sort(c->index_.begin(), c->index_.end(),
            [&](size_t a, size_t b) { return serial_less(c->revoked[a].serial, c->revoked[b].serial); });
  return std::shared_ptr<const Crl>(std::move(c));
}

const RevokedCertificate* Crl::find(Input serial) const {
  auto it = std::lower_bound(index_.begin(), index_.end(), serial,
                             [&](size_t i, Input s) { return serial_less(revoked[i].serial, s); });
  if (it == index_.end()) return nullptr;
  const RevokedCertificate& r = revoked[*it];
  return der::equal(magnitude(r.serial), magnitude(serial)) ? &r : nullptr;
}

}  // namespace parley::x509
