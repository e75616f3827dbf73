// Reference identities and their matching against subjectAltName entries
// (RFC 6125 §6, as updated by RFC 9525; CA/Browser Forum BRs §7.1.4.2).
//
// DNS reference identities match dNSName SANs only (never the subject CN),
// case-insensitively in ASCII, with a wildcard allowed only as the whole
// left-most label of the presented name and matching exactly one non-empty
// label, and never over fewer than two remaining labels ("*.com" matches
// nothing). IDNA A-labels ("xn--…") are compared as ASCII; U-labels are not
// processed, so a non-ASCII reference name is an error. IP reference
// identities match iPAddress SANs by exact bytes; a DNS reference never
// matches an IP SAN and an IP reference never matches a DNS SAN.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "parley/error.h"
#include "parley/types.h"
#include "x509/certificate.h"

namespace parley::x509 {

using parley::IpAddress;  // parley/types.h

// Dotted-quad IPv4 (each part 0-255, decimal, no leading zeros) or RFC 4291
// §2.2 IPv6 text (with "::" and an optional trailing dotted quad). No zone ids.
Result<IpAddress> parse_ip_address(std::string_view text);
// "10.0.0.1"; IPv6 in RFC 5952 form ("fd00::1").
std::string to_string(const IpAddress& ip);
// The same for raw bytes of length 4 or 16 (anything else is shown as hex).
std::string ip_bytes_to_string(std::span<const uint8_t> bytes);

// A reference hostname checked and normalised for matching: lower-case ASCII,
// no trailing dot, LDH labels of 1-63 octets, at most 253 octets in all.
// Errors say what is wrong ("non-ASCII hostname: convert it to its A-label
// (xn--) form").
Result<std::string> normalize_reference_hostname(std::string_view name);

// True when a presented dNSName is syntactically valid as a SAN entry: LDH
// labels (a "*" left-most label allowed), ≤63 octets each, ≤253 in all, an
// optional trailing dot. Underscores are not allowed (RFC 5280 §4.2.1.6
// "preferred name syntax").
bool is_valid_presented_dns_name(std::string_view name);

// RFC 6125 §6.4 match of a normalised reference (see above) against one
// presented dNSName. Invalid presented names never match.
bool dns_name_matches(std::string_view reference, std::string_view presented);

// ASCII lower-casing and comparison helpers shared with name constraints.
char ascii_lower(char c);
bool ascii_iequal(std::string_view a, std::string_view b);
bool ascii_iends_with(std::string_view s, std::string_view suffix);

}  // namespace parley::x509
