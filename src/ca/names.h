// The names a CA puts in certificates: subjectAltName entries as users write
// them ("dns:orders.internal", "ip:10.0.0.7", "uri:spiffe://…", "email:a@b"),
// IP ranges for policy and name constraints, and simple subject DNs.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "der/builder.h"
#include "x509/certificate.h"

namespace parley::ca {

using Bytes = std::vector<uint8_t>;

// One subjectAltName entry the CA issues (RFC 5280 §4.2.1.6). Only the four
// forms TLS peers check are issued: dNSName, iPAddress, URI and rfc822Name.
struct SanEntry {
  x509::GeneralNameType type = x509::GeneralNameType::dns;
  Bytes value;  // IA5 text for dns/uri/rfc822 (DNS lowercased); 4 or 16 octets for ip

  std::string text() const;       // "orders.internal", "10.0.0.7"
  std::string to_string() const;  // "DNS:orders.internal", "IP:10.0.0.7"
  x509::GeneralName view() const { return {type, value}; }
  friend bool operator==(const SanEntry&, const SanEntry&) = default;
};

// "dns:NAME", "ip:ADDR", "uri:URI" or "email:ADDR" (the prefix is case-insensitive).
Result<SanEntry> parse_san(std::string_view spec);
// A GeneralName read from a CSR, checked by the same rules as parse_san.
Result<SanEntry> san_from_general_name(const x509::GeneralName& name);
// "DNS:a, IP:10.0.0.1"
std::string describe_sans(std::span<const SanEntry> sans);

// Syntax checks, also used by policy: LDH labels of 1..63 octets, at most 253
// in all, an optional leading "*." wildcard label; no trailing dot.
bool is_valid_dns_name(std::string_view name, bool allow_wildcard);
// RFC 3986 scheme ":" then printable ASCII without spaces.
bool is_valid_uri(std::string_view uri);
// local@domain: printable ASCII local part, a valid DNS domain.
bool is_valid_email(std::string_view email);

// An IPv4 or IPv6 address (4 or 16 octets) from text, or nullopt.
std::optional<Bytes> parse_ip(std::string_view text);

// An address range: "10.0.0.0/8", "fd00::/8", or a single address (full prefix).
struct IpRange {
  Bytes address;  // 4 or 16 octets, host bits zero
  Bytes mask;     // same length, contiguous ones
  bool contains(std::span<const uint8_t> ip) const;
  std::string to_string() const;  // "10.0.0.0/8"
};
Result<IpRange> parse_ip_range(std::string_view text);

// GeneralNames ::= SEQUENCE OF GeneralName with each entry's [n] IMPLICIT tag.
void write_general_names(der::Builder& b, std::span<const SanEntry> sans);

// A Name with the given attributes, one per RDN in order; values as
// UTF8String (RFC 5280 §4.1.2.4's MUST for new certificates), country as
// PrintableString. An empty list gives the empty Name (30 00).
struct NameAttr {
  Bytes type;  // OID contents
  std::string value;
};
Result<Bytes> build_name(std::span<const NameAttr> attrs);
// The Name without any attribute of this type (an RDN left empty goes too),
// other attributes kept byte for byte and in order.
Result<Bytes> name_without(const x509::Name& name, der::Input attribute_type);
// CN=<cn>, or the empty Name when cn is empty.
Result<Bytes> build_cn_name(std::string_view cn);

}  // namespace parley::ca
