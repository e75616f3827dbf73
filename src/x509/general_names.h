// GeneralName and GeneralNames (RFC 5280 §4.2.1.6), as they appear in
// subjectAltName, nameConstraints, authorityKeyIdentifier and CRL
// distribution points. to_string(GeneralName) is declared in certificate.h.
#pragma once

#include <vector>

#include "x509/certificate.h"

namespace parley::x509 {

// Where a GeneralName sits decides the iPAddress length: 4 or 16 octets of an
// address, or 8 or 32 of address and mask in name constraints (§4.2.1.10).
enum class GeneralNameContext : uint8_t { name, constraint };

// One GeneralName element (its tag selects the CHOICE). dNSName, rfc822Name and
// URI must be IA5String (7-bit); directoryName must be a valid Name; otherName
// must be SEQUENCE { OID, [0] EXPLICIT ANY }; registeredID a valid OID.
Result<GeneralName> parse_general_name(const der::Element& e, GeneralNameContext ctx);
// GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName, given the SEQUENCE contents.
Result<std::vector<GeneralName>> parse_general_names(Input contents, GeneralNameContext ctx);

// "10.0.0.1", "fd00::1" (RFC 5952), with "/prefix" (or "/mask") for 8 or 32 octets.
std::string ip_to_string(Input ip);

}  // namespace parley::x509
