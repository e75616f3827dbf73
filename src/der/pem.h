// PEM textual encoding (RFC 7468) and the base64 under it (RFC 4648 §4).
//
// Decoding follows RFC 7468 §3's lax reading where it is harmless (text
// before, between and after blocks; CRLF or LF; whitespace inside the base64)
// and is strict otherwise: matching BEGIN/END labels, a valid label, canonical
// base64 with correct padding. Temporary buffers are wiped, since blocks may
// hold private keys; the caller owns (and should wipe) what it gets back.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "der/parser.h"
#include "parley/error.h"

namespace parley::der {

struct PemBlock {
  std::string label;  // "CERTIFICATE", "PRIVATE KEY", ...
  std::vector<uint8_t> data;
};

// Every block in order; an error when there is none or any block is malformed.
Result<std::vector<PemBlock>> pem_decode_all(std::string_view text);
// The data of the one block labelled expected_label. Blocks with other labels
// are skipped (and wiped); none or several with that label is an error.
Result<std::vector<uint8_t>> pem_decode_one(std::string_view text, std::string_view expected_label);
// "-----BEGIN label-----", base64 in 64-character lines, "-----END label-----", LF endings.
std::string pem_encode(std::string_view label, Input der);

// True when the bytes look like PEM text rather than one DER element, so that
// tools can accept either.
bool looks_like_pem(Input bytes);

// The objects of a file that is either PEM or one DER element (what people
// hand to every command and loader): the data of each block whose label is
// one of `labels`, in order, or the whole input when it is not PEM (it must
// then start like a DER SEQUENCE). Errors name what was expected and found.
Result<std::vector<std::vector<uint8_t>>> pem_or_der_objects(Input bytes,
                                                             std::initializer_list<std::string_view> labels);

// RFC 7468 §3 label: printable ASCII without '-', single '-' or ' ' between.
bool is_valid_pem_label(std::string_view label);

// Strict base64 with padding and no whitespace.
Result<std::vector<uint8_t>> base64_decode(std::string_view text);
std::string base64_encode(Input bytes);

}  // namespace parley::der
