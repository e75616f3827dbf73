#include "der/oid.h"

#include <algorithm>
#include <charconv>

namespace parley::der {
namespace {

struct OidInfo {
  Input oid;
  std::string_view name;
  std::string_view short_name;  // RFC 4514 attribute keyword, or empty
};

// The one table of known OIDs.
const OidInfo kKnownOids[] = {
    {kRsaEncryption, "rsaEncryption", ""},
    {kMd5WithRsa, "md5WithRSAEncryption", ""},
    {kSha1WithRsa, "sha1WithRSAEncryption", ""},
    {kMgf1, "MGF1", ""},
    {kRsassaPss, "RSASSA-PSS", ""},
    {kSha256WithRsa, "sha256WithRSAEncryption", ""},
    {kSha384WithRsa, "sha384WithRSAEncryption", ""},
    {kSha512WithRsa, "sha512WithRSAEncryption", ""},
    {kEcPublicKey, "ecPublicKey", ""},
    {kPrime256v1, "prime256v1", ""},
    {kSecp384r1, "secp384r1", ""},
    {kSecp521r1, "secp521r1", ""},
    {kEcdsaWithSha1, "ecdsa-with-SHA1", ""},
    {kEcdsaWithSha256, "ecdsa-with-SHA256", ""},
    {kEcdsaWithSha384, "ecdsa-with-SHA384", ""},
    {kEcdsaWithSha512, "ecdsa-with-SHA512", ""},
    {kEd25519, "Ed25519", ""},
    {kSha1, "sha1", ""},
    {kSha256, "sha256", ""},
    {kSha384, "sha384", ""},
    {kSha512, "sha512", ""},
    {kCommonName, "commonName", "CN"},
    {kSurname, "surname", "SN"},
    {kSerialNumber, "serialNumber", "serialNumber"},
    {kCountryName, "countryName", "C"},
    {kLocalityName, "localityName", "L"},
    {kStateOrProvinceName, "stateOrProvinceName", "ST"},
    {kStreetAddress, "streetAddress", "street"},
    {kOrganizationName, "organizationName", "O"},
    {kOrganizationalUnitName, "organizationalUnitName", "OU"},
    {kTitle, "title", "title"},
    {kGivenName, "givenName", "GN"},
    {kEmailAddress, "emailAddress", "emailAddress"},
    {kDomainComponent, "domainComponent", "DC"},
    {kUserId, "userId", "UID"},
    {kSubjectKeyIdentifier, "subjectKeyIdentifier", ""},
    {kKeyUsage, "keyUsage", ""},
    {kSubjectAltName, "subjectAltName", ""},
    {kIssuerAltName, "issuerAltName", ""},
    {kBasicConstraints, "basicConstraints", ""},
    {kCrlNumber, "cRLNumber", ""},
    {kReasonCode, "reasonCode", ""},
    {kInvalidityDate, "invalidityDate", ""},
    {kDeltaCrlIndicator, "deltaCRLIndicator", ""},
    {kIssuingDistributionPoint, "issuingDistributionPoint", ""},
    {kNameConstraints, "nameConstraints", ""},
    {kCrlDistributionPoints, "cRLDistributionPoints", ""},
    {kCertificatePolicies, "certificatePolicies", ""},
    {kAnyPolicy, "anyPolicy", ""},
    {kPolicyMappings, "policyMappings", ""},
    {kAuthorityKeyIdentifier, "authorityKeyIdentifier", ""},
    {kPolicyConstraints, "policyConstraints", ""},
    {kExtKeyUsage, "extKeyUsage", ""},
    {kInhibitAnyPolicy, "inhibitAnyPolicy", ""},
    {kAuthorityInfoAccess, "authorityInfoAccess", ""},
    {kAnyExtendedKeyUsage, "anyExtendedKeyUsage", ""},
    {kServerAuth, "serverAuth", ""},
    {kClientAuth, "clientAuth", ""},
    {kCodeSigning, "codeSigning", ""},
    {kEmailProtection, "emailProtection", ""},
    {kTimeStamping, "timeStamping", ""},
    {kOcspSigning, "OCSPSigning", ""},
    {kAdOcsp, "id-ad-ocsp", ""},
    {kAdCaIssuers, "id-ad-caIssuers", ""},
    {kOcspBasic, "id-pkix-ocsp-basic", ""},
    {kOcspNonce, "id-pkix-ocsp-nonce", ""},
    {kOcspNoCheck, "id-pkix-ocsp-nocheck", ""},
    {kTlsFeature, "tlsFeature", ""},
    {kExtensionRequest, "extensionRequest", ""},
};

const OidInfo* find_known(Input oid) {
  for (const auto& info : kKnownOids) {
    if (equal(info.oid, oid)) return &info;
  }
  return nullptr;
}

// Arbitrary-size unsigned decimal, least significant digit first.
class Decimal {
 public:
  void mul_add(uint32_t mul, uint32_t add) {
    uint32_t carry = add;
    for (auto& d : digits_) {
      const uint32_t v = d * mul + carry;
      d = static_cast<uint8_t>(v % 10);
      carry = v / 10;
    }
    for (; carry != 0; carry /= 10) digits_.push_back(static_cast<uint8_t>(carry % 10));
  }
  // Requires *this >= sub.
  void subtract(uint32_t sub) {
    uint32_t borrow = sub;
    for (size_t i = 0; i < digits_.size() && borrow != 0; ++i) {
      const uint32_t take = borrow % 10;
      borrow /= 10;
      if (digits_[i] >= take) {
        digits_[i] = static_cast<uint8_t>(digits_[i] - take);
      } else {
        digits_[i] = static_cast<uint8_t>(digits_[i] + 10 - take);
        ++borrow;
      }
    }
    while (!digits_.empty() && digits_.back() == 0) digits_.pop_back();
  }
  bool less_than(uint32_t v) const { return digits_.size() <= 9 && value() < v; }
  uint64_t value() const {  // only when it fits
    uint64_t v = 0;
    for (auto it = digits_.rbegin(); it != digits_.rend(); ++it) v = v * 10 + *it;
    return v;
  }
  void append_to(std::string& out) const {
    if (digits_.empty()) out += '0';
    for (auto it = digits_.rbegin(); it != digits_.rend(); ++it) out += static_cast<char>('0' + *it);
  }

 private:
  std::vector<uint8_t> digits_;
};

void append_base128(std::vector<uint8_t>& out, uint64_t v) {
  uint8_t tmp[10];
  size_t n = 0;
  do {
    tmp[n++] = static_cast<uint8_t>(v & 0x7F);
    v >>= 7;
  } while (v != 0);
  while (n > 1) out.push_back(static_cast<uint8_t>(tmp[--n] | 0x80));
  out.push_back(tmp[0]);
}

}  // namespace

Result<Input> parse_oid(Input value) {
  if (value.empty()) return err::decode("DER: empty OBJECT IDENTIFIER");
  // X.690 §8.19.2: each subidentifier in the fewest octets, high bit set on all but its last.
  bool at_arc_start = true;
  for (uint8_t b : value) {
    if (at_arc_start && b == 0x80) return err::decode("DER: non-minimal OID arc");
    at_arc_start = (b & 0x80) == 0;
  }
  if (!at_arc_start) return err::decode("DER: truncated OID arc");
  return value;
}

Result<std::string> oid_to_string(Input oid) {
  PARLEY_TRY(parse_oid(oid));
  std::string out;
  Decimal arc;
  bool first = true;
  for (uint8_t b : oid) {
    arc.mul_add(128, b & 0x7Fu);
    if ((b & 0x80) != 0) continue;
    if (first) {
      // X.690 §8.19.4: the first subidentifier is 40 * arc1 + arc2, arc1 in 0..2.
      const uint32_t top = arc.less_than(40) ? 0 : arc.less_than(80) ? 1 : 2;
      out += static_cast<char>('0' + top);
      out += '.';
      arc.subtract(40 * top);
      first = false;
    } else {
      out += '.';
    }
    arc.append_to(out);
    arc = Decimal();
  }
  return out;
}

Result<std::vector<uint8_t>> oid_from_string(std::string_view dotted) {
  std::vector<uint64_t> arcs;
  size_t pos = 0;
  while (true) {
    const size_t dot = std::min(dotted.find('.', pos), dotted.size());
    const std::string_view part = dotted.substr(pos, dot - pos);
    if (part.empty()) return err::decode("OID: empty arc", std::string(dotted));
    if (!std::ranges::all_of(part, [](char c) { return c >= '0' && c <= '9'; })) {
      return err::decode("OID: non-digit in arc", std::string(dotted));
    }
    if (part.size() > 1 && part[0] == '0') return err::decode("OID: arc with leading zero", std::string(dotted));
    uint64_t v = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (ec != std::errc() || end != part.data() + part.size()) {
      return err::decode("OID: arc too large", std::string(dotted));
    }
    arcs.push_back(v);
    if (dot == dotted.size()) break;
    pos = dot + 1;
  }
  if (arcs.size() < 2) return err::decode("OID: needs at least two arcs", std::string(dotted));
  if (arcs[0] > 2) return err::decode("OID: first arc must be 0, 1 or 2", std::string(dotted));
  if (arcs[0] < 2 && arcs[1] >= 40) return err::decode("OID: second arc must be below 40", std::string(dotted));
  if (arcs[1] > UINT64_MAX - 80) return err::decode("OID: arc too large", std::string(dotted));

  std::vector<uint8_t> out;
  append_base128(out, arcs[0] * 40 + arcs[1]);
  for (size_t i = 2; i < arcs.size(); ++i) append_base128(out, arcs[i]);
  return out;
}

std::string_view known_oid_name(Input oid) {
  const OidInfo* info = find_known(oid);
  return info != nullptr ? info->name : std::string_view();
}

std::string oid_name(Input oid) {
  if (auto name = known_oid_name(oid); !name.empty()) return std::string(name);
  auto dotted = oid_to_string(oid);
  return dotted ? *std::move(dotted) : std::string("<invalid OID>");
}

std::string_view attribute_short_name(Input oid) {
  const OidInfo* info = find_known(oid);
  return info != nullptr ? info->short_name : std::string_view();
}

}  // namespace parley::der
