// ASN.1 character string types (X.680 §41) validated and converted to UTF-8
// for display and comparison. Each takes the contents octets.
#pragma once

#include <string>
#include <string_view>

#include "der/parser.h"
#include "parley/error.h"

namespace parley::der {

// X.680 §41.4: A-Z a-z 0-9 space ' ( ) + , - . / : = ?
bool is_printable_char(char c);
// Well-formed UTF-8 (RFC 3629): no overlong forms, surrogates or code points above U+10FFFF.
bool is_valid_utf8(std::string_view s);

Result<std::string> printable_string_to_utf8(Input value);
Result<std::string> ia5_string_to_utf8(Input value);        // 7-bit ASCII
Result<std::string> utf8_string_to_utf8(Input value);       // validated copy
Result<std::string> bmp_string_to_utf8(Input value);        // UCS-2 big-endian
Result<std::string> universal_string_to_utf8(Input value);  // UCS-4 big-endian
Result<std::string> t61_string_to_utf8(Input value);        // read as Latin-1, as most software does

// Any of the above by its universal tag; other tags are an error.
Result<std::string> string_to_utf8(Tag tag, Input value);

}  // namespace parley::der
