// A handshake message's bytes as labelled fields, for the page that shows
// them (RFC 8446 §4). Each field says where it is, what it is called in the
// RFC, what it means in plain words and which section defines it.
//
// The bytes come from the peer: every read is bounds-checked, and what does
// not parse is labelled as such instead of guessed at.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace parley::trace {

struct Field {
  size_t offset = 0;  // from the first byte of the handshake header
  size_t length = 0;
  int depth = 0;  // 0: a part of the message; 1: inside an extension or a list entry; ...
  std::string label;    // "legacy_session_id", "extension: key_share"
  std::string value;    // the value in words where it has one ("x25519", "localhost"), else empty
  std::string explain;  // plain words
  std::string section;  // "4.1.2": RFC 8446 section, or empty
};

// The fields of one handshake message (§4: msg_type, length, body). A message
// that is cut short or malformed ends with a field labelled "unparsed".
std::vector<Field> dissect(std::span<const uint8_t> message);

// "https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2"
std::string rfc8446_link(const std::string& section);

}  // namespace parley::trace
