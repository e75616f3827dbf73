#include "x509/certificate.h"

#include <algorithm>

#include "der/oid.h"
#include "der/time.h"
#include "x509/algorithm.h"
#include "x509/extensions.h"
#include "x509/hex.h"
#include "x509/name.h"

namespace parley::x509 {
namespace {

// RFC 5280 §4.1.2.2: positive, at most 20 octets. Zero is accepted (CAs have
// issued it; it identifies nothing worse than any other value); negative is
// refused. The 20-octet limit counts the magnitude: a 0x00 sign pad before a
// 20-octet value with its high bit set is allowed (21 contents octets).
Result<Input> check_serial(Input serial) {
  PARLEY_TRY(der::parse_integer(serial));
  if (der::is_negative(serial)) return err::decode("certificate: negative serial number");
  size_t magnitude = serial.size() - ((serial.size() > 1 && serial[0] == 0) ? 1 : 0);
  if (magnitude > 20) return err::decode("certificate: serial number longer than 20 octets");
  return serial;
}

Result<void> apply_extension(Certificate& c, const Extension& e) {
  auto is = [&](Input known) { return der::equal(e.oid, known); };
  if (is(der::kBasicConstraints)) {
    c.basic_constraints = PARLEY_TRY(parse_basic_constraints(e.value));
  } else if (is(der::kKeyUsage)) {
    c.key_usage = PARLEY_TRY(parse_key_usage(e.value));
  } else if (is(der::kExtKeyUsage)) {
    c.extended_key_usage = PARLEY_TRY(parse_ext_key_usage(e.value));
  } else if (is(der::kSubjectAltName)) {
    c.subject_alt_names = PARLEY_TRY(parse_subject_alt_name(e.value));
  } else if (is(der::kNameConstraints)) {
    c.name_constraints = PARLEY_TRY(parse_name_constraints(e.value));
  } else if (is(der::kSubjectKeyIdentifier)) {
    c.subject_key_id = PARLEY_TRY(parse_subject_key_id(e.value));
  } else if (is(der::kAuthorityKeyIdentifier)) {
    c.authority_key_id = PARLEY_TRY(parse_authority_key_id(e.value));
  } else if (is(der::kCrlDistributionPoints)) {
    c.crl_distribution_points = PARLEY_TRY(parse_crl_distribution_points(e.value));
  } else if (is(der::kAuthorityInfoAccess)) {
    auto aia = PARLEY_TRY(parse_authority_info_access(e.value));
    c.ocsp_urls = std::move(aia.ocsp);
    c.ca_issuer_urls = std::move(aia.ca_issuers);
  } else if (is(der::kCertificatePolicies)) {
    c.policies = PARLEY_TRY(parse_certificate_policies(e.value));
  } else if (is(der::kTlsFeature)) {
    c.tls_features = PARLEY_TRY(parse_tls_feature(e.value));
  } else if (e.critical) {
    // §4.2: a certificate with an unrecognised critical extension MUST be rejected.
    return err::decode("certificate: unknown critical extension", der::oid_name(e.oid));
  }
  return {};
}

// Errors from nested parsers keep their own text; this adds which part failed.
template <class T>
Result<T> in(std::string_view part, Result<T> r) {
  if (r) return r;
  Error e = std::move(r).error();
  std::string where = "in " + std::string(part);
  e.detail = e.detail.empty() ? where : e.detail + " (" + where + ")";
  return Unexpected(std::move(e));
}

}  // namespace

Result<std::shared_ptr<const Certificate>> Certificate::parse(Input der) {
  return parse(der, *crypto::openssl_provider().keys);
}

Result<std::shared_ptr<const Certificate>> Certificate::parse(Input der, const crypto::KeyFactory& keys) {
  auto c = std::make_shared<Certificate>(Private());
  c->der_.assign(der.begin(), der.end());
  Input all(c->der_);

  der::Parser top(all);
  auto cert = PARLEY_TRY(in("Certificate", top.read_sequence()));
  PARLEY_TRY(in("Certificate: trailing data after the certificate", top.expect_end()));
  c->tbs = PARLEY_TRY(in("tbsCertificate", cert.read_raw(der::kSequence)));
  Input outer_alg = PARLEY_TRY(in("signatureAlgorithm", cert.read_raw(der::kSequence)));
  Input sig_bits = PARLEY_TRY(in("signatureValue", cert.read(der::kBitString)));
  c->signature = PARLEY_TRY(in("signatureValue", der::parse_bit_string_bytes(sig_bits)));
  PARLEY_TRY(in("Certificate", cert.expect_end()));

  der::Parser tbs_outer(c->tbs);
  auto tbs = PARLEY_TRY(tbs_outer.read_sequence());

  // version [0] EXPLICIT Version DEFAULT v1: v1 must be omitted under DER.
  auto version = PARLEY_TRY(in("version", tbs.read_optional_constructed(der::context_constructed(0))));
  if (version) {
    Input v = PARLEY_TRY(in("version", version->read(der::kInteger)));
    PARLEY_TRY(in("version", version->expect_end()));
    uint64_t n = PARLEY_TRY(in("version", der::parse_uint64(v)));
    if (n == 0) return err::decode("certificate: version v1 must be omitted (DEFAULT)");
    if (n > 2) return err::decode("certificate: unknown version", std::to_string(n + 1));
    c->version = static_cast<int>(n) + 1;
  } else {
    c->version = 1;
  }

  Input serial = PARLEY_TRY(in("serialNumber", tbs.read(der::kInteger)));
  c->serial = PARLEY_TRY(check_serial(serial));

  Input inner_alg = PARLEY_TRY(in("signature", tbs.read_raw(der::kSequence)));
  // §4.1.1.2: signatureAlgorithm MUST equal tbsCertificate.signature.
  if (!der::equal(inner_alg, outer_alg)) {
    return err::decode("certificate: signatureAlgorithm differs from tbsCertificate.signature");
  }
  c->signature_algorithm = PARLEY_TRY(in("signatureAlgorithm", parse_signature_algorithm(inner_alg)));

  Input issuer = PARLEY_TRY(in("issuer", tbs.read_raw(der::kSequence)));
  c->issuer = PARLEY_TRY(in("issuer", parse_name(issuer)));
  // §4.1.2.4: the issuer field MUST contain a non-empty distinguished name.
  if (c->issuer.empty()) return err::decode("certificate: empty issuer name");

  auto validity = PARLEY_TRY(in("validity", tbs.read_sequence()));
  // §4.1.2.5 wants UTCTime through 2049; either form is tolerated for any date.
  c->validity.not_before = PARLEY_TRY(in("validity notBefore", der::read_time(validity)));
  c->validity.not_after = PARLEY_TRY(in("validity notAfter", der::read_time(validity)));
  PARLEY_TRY(in("validity", validity.expect_end()));

  Input subject = PARLEY_TRY(in("subject", tbs.read_raw(der::kSequence)));
  c->subject = PARLEY_TRY(in("subject", parse_name(subject)));

  c->spki = PARLEY_TRY(in("subjectPublicKeyInfo", tbs.read_raw(der::kSequence)));
  bool explicit_curve = false;
  {
    der::Parser sp(c->spki);
    auto s = PARLEY_TRY(in("subjectPublicKeyInfo", sp.read_sequence()));
    auto alg = PARLEY_TRY(in("subjectPublicKeyInfo algorithm", s.read_sequence()));
    Input alg_oid = PARLEY_TRY(in("subjectPublicKeyInfo algorithm", alg.read(der::kOid)));
    PARLEY_TRY(in("subjectPublicKeyInfo algorithm", der::parse_oid(alg_oid)));
    // RFC 5480 §2.1.1: EC keys MUST name their curve; explicit parameters
    // (specifiedCurve) are refused before the key reaches the provider.
    if (der::equal(alg_oid, der::kEcPublicKey) && !alg.next_is(der::kOid)) {
      explicit_curve = true;
    }
    Input key = PARLEY_TRY(in("subjectPublicKeyInfo subjectPublicKey", s.read(der::kBitString)));
    PARLEY_TRY(in("subjectPublicKeyInfo subjectPublicKey", der::parse_bit_string_bytes(key)));
    PARLEY_TRY(in("subjectPublicKeyInfo", s.expect_end()));
  }
  if (explicit_curve) {
    c->public_key_error = "EC key with explicit curve parameters (RFC 5480 requires a named curve)";
  } else if (auto key = keys.load_public(c->spki)) {
    c->public_key = std::move(*key);
  } else {
    c->public_key_error = key.error().message();
  }

  // issuerUniqueID [1] and subjectUniqueID [2]: v2 and v3 only; shape checked, ignored.
  for (uint8_t n : {uint8_t{1}, uint8_t{2}}) {
    auto uid = PARLEY_TRY(in("uniqueIdentifier", tbs.read_optional(der::context(n))));
    if (uid) {
      if (c->version < 2) return err::decode("certificate: unique identifier in a v1 certificate");
      PARLEY_TRY(in("uniqueIdentifier", der::parse_bit_string(*uid)));
    }
  }

  auto exts = PARLEY_TRY(in("extensions", tbs.read_optional_constructed(der::context_constructed(3))));
  if (exts) {
    if (c->version != 3) return err::decode("certificate: extensions in a v1 or v2 certificate");
    Input list = PARLEY_TRY(in("extensions", exts->read_raw(der::kSequence)));
    PARLEY_TRY(in("extensions", exts->expect_end()));
    c->extensions = PARLEY_TRY(parse_extension_list(list));
    for (const auto& e : c->extensions) {
      // The error's wording is built only for an extension that fails.
      if (auto r = apply_extension(*c, e); !r) {
        return Unexpected(in("extension " + der::oid_name(e.oid), std::move(r)).error());
      }
    }
  }
  PARLEY_TRY(in("tbsCertificate: trailing data", tbs.expect_end()));
  PARLEY_TRY(in("tbsCertificate", tbs_outer.expect_end()));
  return std::shared_ptr<const Certificate>(std::move(c));
}

std::string Certificate::serial_hex() const {
  Input s = serial;
  if (s.size() > 1 && s[0] == 0) s = s.subspan(1);
  return detail::hex(s, ':');
}

bool Certificate::must_staple() const {
  constexpr uint16_t kStatusRequest = 5;  // RFC 6066 §8 extension code point
  return tls_features && std::find(tls_features->begin(), tls_features->end(), kStatusRequest) != tls_features->end();
}

std::string Certificate::label() const {
  std::string name = subject.empty() ? std::string("<empty subject>") : to_string(subject);
  return name + " (serial " + serial_hex() + ")";
}

}  // namespace parley::x509
