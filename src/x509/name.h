// Distinguished names (RFC 5280 §4.1.2.4): structural validation, RFC 4514
// rendering and RFC 5280 §7.1 comparison. to_string, names_match and
// common_name are declared in certificate.h.
#pragma once

#include <string>
#include <vector>

#include "x509/certificate.h"

namespace parley::x509 {

// One AttributeTypeAndValue: the type OID contents and the whole value TLV.
struct NameAttribute {
  Input type;
  der::Element value;
};
using RelativeDistinguishedName = std::vector<NameAttribute>;  // never empty

// Validates a Name TLV: a SEQUENCE of non-empty SETs of SEQUENCE { OID, ANY }.
// Attribute values are not checked against their string types here (they are
// shown escaped); the DER SET OF ordering of multi-valued RDNs is not enforced.
Result<Name> parse_name(Input tlv);

// The RDNs in DER order (the first is the most significant, e.g. C=...).
Result<std::vector<RelativeDistinguishedName>> name_rdns(const Name& name);

// One attribute value as UTF-8, when it is a character string of a type X.509
// allows (PrintableString, UTF8String, IA5String, TeletexString, BMPString,
// UniversalString) and valid for that type.
Result<std::string> attribute_value_to_utf8(const der::Element& value);

}  // namespace parley::x509
