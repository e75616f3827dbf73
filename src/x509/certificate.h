// An X.509 v3 certificate (RFC 5280 §4.1), parsed once, strictly, into views.
//
// Every Input below points into the certificate's own DER buffer, which the
// Certificate owns and never moves; certificates are shared as
// shared_ptr<const Certificate> and are safe to read from many threads.
// The fields are plain data so that validation code (and its tests) read them
// directly; only Certificate::parse fills them from bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/provider.h"
#include "der/parser.h"

namespace parley::x509 {

using der::Input;

// AlgorithmIdentifier of a signature (RFC 5280 §4.1.1.2, RFC 4055, RFC 5758, RFC 8410).
struct SignatureAlgorithm {
  std::optional<crypto::SigAlg> alg;  // nullopt: an algorithm parley does not verify
  bool weak = false;                  // MD5 or SHA-1: recognised so reports can name them
  std::string_view name;              // "ecdsa-with-SHA256", or the dotted OID text for unknown ones
  Input raw;                          // the whole AlgorithmIdentifier TLV
};

// A distinguished name (RFC 5280 §4.1.2.4), kept as its DER.
struct Name {
  Input raw;  // the whole Name SEQUENCE TLV; an empty name is 30 00
  bool empty() const { return raw.size() <= 2; }
};

// RFC 4514 rendering for messages: "CN=orders,O=Example". Values that are not
// valid for their string type are shown escaped, never dropped.
std::string to_string(const Name& name);
// RFC 5280 §7.1 name matching: byte equality, or equality after the
// normalisation of RFC 4518 applied to ASCII case and white space.
bool names_match(const Name& a, const Name& b);
// The first CN attribute value as UTF-8, for short labels in messages.
std::optional<std::string> common_name(const Name& name);

// GeneralName (RFC 5280 §4.2.1.6). value holds, by type:
//   rfc822 / dns / uri: the IA5String bytes;  ip: 4 or 16 bytes (8 or 32 in
//   name constraints: address then mask);  directory: the Name TLV;
//   other types: the raw contents (recognised, never matched).
enum class GeneralNameType : uint8_t {
  other_name = 0, rfc822 = 1, dns = 2, x400 = 3, directory = 4, edi_party = 5, uri = 6, ip = 7, registered_id = 8,
};
struct GeneralName {
  GeneralNameType type;
  Input value;
  std::string_view text() const { return {reinterpret_cast<const char*>(value.data()), value.size()}; }
};
// "DNS:orders.internal", "IP:10.0.0.1", "IP:fd00::/8", "URI:spiffe://…", "email:a@b", "DirName:CN=…".
std::string to_string(const GeneralName& name);

struct Validity {
  int64_t not_before = 0;  // Unix seconds
  int64_t not_after = 0;
};

struct BasicConstraints {
  bool ca = false;
  std::optional<uint32_t> path_len;
};

// KeyUsage bits (RFC 5280 §4.2.1.3), bit n of the BIT STRING as 1 << n.
enum KeyUsageBit : uint16_t {
  kDigitalSignature = 1 << 0, kNonRepudiation = 1 << 1, kKeyEncipherment = 1 << 2, kDataEncipherment = 1 << 3,
  kKeyAgreement = 1 << 4, kKeyCertSign = 1 << 5, kCrlSign = 1 << 6, kEncipherOnly = 1 << 7, kDecipherOnly = 1 << 8,
};

struct NameConstraints {  // RFC 5280 §4.2.1.10; minimum and maximum must be absent
  std::vector<GeneralName> permitted;
  std::vector<GeneralName> excluded;
};

struct AuthorityKeyIdentifier {  // RFC 5280 §4.2.1.1
  std::optional<Input> key_id;
  std::vector<GeneralName> issuer;
  std::optional<Input> serial;
};

struct Extension {
  Input oid;  // contents of the OBJECT IDENTIFIER
  bool critical = false;
  Input value;  // contents of the extnValue OCTET STRING
};

class Certificate {
 public:
  // Parses and copies der. Strict: DER only, v3 (v1 is accepted only for the
  // caller to allow it as a trust anchor), unknown critical extensions and
  // duplicate extensions are rejected, outer and inner signature algorithms
  // must match. The public key is decoded through keys; a key parley cannot
  // use leaves public_key null with public_key_error set, so the certificate
  // can still be shown and the failure explained.
  static Result<std::shared_ptr<const Certificate>> parse(Input der, const crypto::KeyFactory& keys);
  static Result<std::shared_ptr<const Certificate>> parse(Input der);  // with the OpenSSL provider's keys

  // Only parse() can make the key, so only parse() makes certificates (in one
  // allocation with their shared_ptr control block, through make_shared).
  class Private {
    friend class Certificate;
    Private() = default;
  };
  explicit Certificate(Private) {}
  Certificate(const Certificate&) = delete;
  Certificate& operator=(const Certificate&) = delete;

  Input der() const { return der_; }

  // TBSCertificate (RFC 5280 §4.1.2)
  Input tbs;  // the whole TBSCertificate TLV: the signed bytes
  int version = 3;  // 1, 2 or 3
  Input serial;     // INTEGER contents (big-endian, may have a leading 00)
  SignatureAlgorithm signature_algorithm;
  Name issuer;
  Validity validity;
  Name subject;
  Input spki;  // the whole SubjectPublicKeyInfo TLV
  std::unique_ptr<const crypto::PublicKey> public_key;
  std::string public_key_error;  // why public_key is null
  Input signature;               // BIT STRING contents without the unused-bits octet

  // Extensions parley understands (RFC 5280 §4.2), each present at most once.
  std::vector<Extension> extensions;  // all of them, in order, for display
  std::optional<BasicConstraints> basic_constraints;
  std::optional<uint16_t> key_usage;  // KeyUsageBit set
  std::optional<std::vector<Input>> extended_key_usage;  // KeyPurposeId OID contents
  std::optional<std::vector<GeneralName>> subject_alt_names;
  std::optional<NameConstraints> name_constraints;
  std::optional<Input> subject_key_id;
  std::optional<AuthorityKeyIdentifier> authority_key_id;
  std::vector<std::string> crl_distribution_points;  // fullName URIs
  std::vector<std::string> ocsp_urls;                // AIA id-ad-ocsp
  std::vector<std::string> ca_issuer_urls;           // AIA id-ad-caIssuers
  std::optional<std::vector<Input>> policies;        // certificatePolicies OIDs (parsed, not enforced)
  std::optional<std::vector<uint16_t>> tls_features;  // TLS Feature (RFC 7633): extension code points

  bool self_issued() const { return names_match(issuer, subject); }
  bool is_ca() const { return basic_constraints && basic_constraints->ca; }
  // RFC 7633 must-staple: the TLS Feature lists status_request (5).
  bool must_staple() const;
  // "CN=orders (serial 0a:1b:…)": how reports name this certificate.
  std::string label() const;
  // Colon-separated hex of the serial, without a leading 00 pad.
  std::string serial_hex() const;

 private:
  std::vector<uint8_t> der_;
};

using CertificatePtr = std::shared_ptr<const Certificate>;

}  // namespace parley::x509
