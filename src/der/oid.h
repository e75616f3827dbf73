// OBJECT IDENTIFIERs (X.690 §8.19): validation, dotted text, and the named
// OIDs that X.509, PKCS#10, CRLs and OCSP need, as encoded contents octets
// (compare with der::equal(oid, kBasicConstraints)).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "der/parser.h"
#include "parley/error.h"

namespace parley::der {

// Validates OID contents: non-empty, every arc minimal base-128 (no leading
// 0x80 octet) and complete (the last octet has the high bit clear).
Result<Input> parse_oid(Input value);

// "1.2.840.113549.1.1.11"; arcs of any size (2.25.<UUID> included).
Result<std::string> oid_to_string(Input oid);
// The contents octets for a dotted OID (tests and the CLI); arcs up to 2^64-1.
Result<std::vector<uint8_t>> oid_from_string(std::string_view dotted);

// The name of a known OID ("basicConstraints"), or empty.
std::string_view known_oid_name(Input oid);
// For display: the known name, else the dotted form, else "<invalid OID>".
std::string oid_name(Input oid);
// The RFC 4514 short name of an attribute type ("CN", "O", "DC"), or empty.
std::string_view attribute_short_name(Input oid);

// Algorithms
// 1.2.840.113549.1.1.1
inline constexpr uint8_t kRsaEncryption[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
// 1.2.840.113549.1.1.4
inline constexpr uint8_t kMd5WithRsa[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x04};
// 1.2.840.113549.1.1.5
inline constexpr uint8_t kSha1WithRsa[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05};
inline constexpr uint8_t kMgf1[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08};  // 1.2.840.113549.1.1.8
// 1.2.840.113549.1.1.10
inline constexpr uint8_t kRsassaPss[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a};
// 1.2.840.113549.1.1.11
inline constexpr uint8_t kSha256WithRsa[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b};
// 1.2.840.113549.1.1.12
inline constexpr uint8_t kSha384WithRsa[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c};
// 1.2.840.113549.1.1.13
inline constexpr uint8_t kSha512WithRsa[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d};
inline constexpr uint8_t kEcPublicKey[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};            // 1.2.840.10045.2.1
inline constexpr uint8_t kPrime256v1[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};       // 1.2.840.10045.3.1.7
inline constexpr uint8_t kSecp384r1[] = {0x2b, 0x81, 0x04, 0x00, 0x22};                          // 1.3.132.0.34
inline constexpr uint8_t kSecp521r1[] = {0x2b, 0x81, 0x04, 0x00, 0x23};                          // 1.3.132.0.35
inline constexpr uint8_t kEcdsaWithSha1[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01};          // 1.2.840.10045.4.1
inline constexpr uint8_t kEcdsaWithSha256[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02};  // 1.2.840.10045.4.3.2
inline constexpr uint8_t kEcdsaWithSha384[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03};  // 1.2.840.10045.4.3.3
inline constexpr uint8_t kEcdsaWithSha512[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04};  // 1.2.840.10045.4.3.4
inline constexpr uint8_t kEd25519[] = {0x2b, 0x65, 0x70};                                        // 1.3.101.112
inline constexpr uint8_t kSha1[] = {0x2b, 0x0e, 0x03, 0x02, 0x1a};                               // 1.3.14.3.2.26
inline constexpr uint8_t kSha256[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01};  // 2.16.840.1.101.3.4.2.1
inline constexpr uint8_t kSha384[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02};  // 2.16.840.1.101.3.4.2.2
inline constexpr uint8_t kSha512[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03};  // 2.16.840.1.101.3.4.2.3

// X.500 attribute types (RFC 5280 §4.1.2.4, RFC 4519)
inline constexpr uint8_t kCommonName[] = {0x55, 0x04, 0x03};              // 2.5.4.3
inline constexpr uint8_t kSurname[] = {0x55, 0x04, 0x04};                 // 2.5.4.4
inline constexpr uint8_t kSerialNumber[] = {0x55, 0x04, 0x05};            // 2.5.4.5
inline constexpr uint8_t kCountryName[] = {0x55, 0x04, 0x06};             // 2.5.4.6
inline constexpr uint8_t kLocalityName[] = {0x55, 0x04, 0x07};            // 2.5.4.7
inline constexpr uint8_t kStateOrProvinceName[] = {0x55, 0x04, 0x08};     // 2.5.4.8
inline constexpr uint8_t kStreetAddress[] = {0x55, 0x04, 0x09};           // 2.5.4.9
inline constexpr uint8_t kOrganizationName[] = {0x55, 0x04, 0x0a};        // 2.5.4.10
inline constexpr uint8_t kOrganizationalUnitName[] = {0x55, 0x04, 0x0b};  // 2.5.4.11
inline constexpr uint8_t kTitle[] = {0x55, 0x04, 0x0c};                   // 2.5.4.12
inline constexpr uint8_t kGivenName[] = {0x55, 0x04, 0x2a};               // 2.5.4.42
// 1.2.840.113549.1.9.1
inline constexpr uint8_t kEmailAddress[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01};
// 0.9.2342.19200300.100.1.25
inline constexpr uint8_t kDomainComponent[] = {0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19};
// 0.9.2342.19200300.100.1.1
inline constexpr uint8_t kUserId[] = {0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x01};

// Certificate and CRL extensions (RFC 5280 §4.2, §5.2, §5.3)
inline constexpr uint8_t kSubjectKeyIdentifier[] = {0x55, 0x1d, 0x0e};      // 2.5.29.14
inline constexpr uint8_t kKeyUsage[] = {0x55, 0x1d, 0x0f};                  // 2.5.29.15
inline constexpr uint8_t kSubjectAltName[] = {0x55, 0x1d, 0x11};            // 2.5.29.17
inline constexpr uint8_t kIssuerAltName[] = {0x55, 0x1d, 0x12};             // 2.5.29.18
inline constexpr uint8_t kBasicConstraints[] = {0x55, 0x1d, 0x13};          // 2.5.29.19
inline constexpr uint8_t kCrlNumber[] = {0x55, 0x1d, 0x14};                 // 2.5.29.20
inline constexpr uint8_t kReasonCode[] = {0x55, 0x1d, 0x15};                // 2.5.29.21
inline constexpr uint8_t kInvalidityDate[] = {0x55, 0x1d, 0x18};            // 2.5.29.24
inline constexpr uint8_t kDeltaCrlIndicator[] = {0x55, 0x1d, 0x1b};         // 2.5.29.27
inline constexpr uint8_t kIssuingDistributionPoint[] = {0x55, 0x1d, 0x1c};  // 2.5.29.28
inline constexpr uint8_t kNameConstraints[] = {0x55, 0x1d, 0x1e};           // 2.5.29.30
inline constexpr uint8_t kCrlDistributionPoints[] = {0x55, 0x1d, 0x1f};     // 2.5.29.31
inline constexpr uint8_t kCertificatePolicies[] = {0x55, 0x1d, 0x20};       // 2.5.29.32
inline constexpr uint8_t kAnyPolicy[] = {0x55, 0x1d, 0x20, 0x00};           // 2.5.29.32.0
inline constexpr uint8_t kPolicyMappings[] = {0x55, 0x1d, 0x21};            // 2.5.29.33
inline constexpr uint8_t kAuthorityKeyIdentifier[] = {0x55, 0x1d, 0x23};    // 2.5.29.35
inline constexpr uint8_t kPolicyConstraints[] = {0x55, 0x1d, 0x24};         // 2.5.29.36
inline constexpr uint8_t kExtKeyUsage[] = {0x55, 0x1d, 0x25};               // 2.5.29.37
inline constexpr uint8_t kInhibitAnyPolicy[] = {0x55, 0x1d, 0x36};          // 2.5.29.54
// 1.3.6.1.5.5.7.1.1
inline constexpr uint8_t kAuthorityInfoAccess[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01};

// Extended key usages (RFC 5280 §4.2.1.12)
inline constexpr uint8_t kAnyExtendedKeyUsage[] = {0x55, 0x1d, 0x25, 0x00};                      // 2.5.29.37.0
inline constexpr uint8_t kServerAuth[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01};       // 1.3.6.1.5.5.7.3.1
inline constexpr uint8_t kClientAuth[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02};       // 1.3.6.1.5.5.7.3.2
inline constexpr uint8_t kCodeSigning[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x03};      // 1.3.6.1.5.5.7.3.3
inline constexpr uint8_t kEmailProtection[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04};  // 1.3.6.1.5.5.7.3.4
inline constexpr uint8_t kTimeStamping[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08};     // 1.3.6.1.5.5.7.3.8
inline constexpr uint8_t kOcspSigning[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x09};      // 1.3.6.1.5.5.7.3.9

// Access methods (RFC 5280 §4.2.2.1) and OCSP (RFC 6960)
inline constexpr uint8_t kAdOcsp[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01};           // 1.3.6.1.5.5.7.48.1
inline constexpr uint8_t kAdCaIssuers[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02};      // 1.3.6.1.5.5.7.48.2
inline constexpr uint8_t kOcspBasic[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01};  // 1.3.6.1.5.5.7.48.1.1
inline constexpr uint8_t kOcspNonce[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x02};  // 1.3.6.1.5.5.7.48.1.2
inline constexpr uint8_t kOcspNoCheck[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x05};  // 1.3.6.1.5.5.7.48.1.5
// TLS Feature (RFC 7633 §6): must-staple is the feature status_request (5). 1.3.6.1.5.5.7.1.24
inline constexpr uint8_t kTlsFeature[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x18};

// PKCS#9 (RFC 2985)
// 1.2.840.113549.1.9.14
inline constexpr uint8_t kExtensionRequest[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x0e};

}  // namespace parley::der
