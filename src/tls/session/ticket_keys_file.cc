#include "tls/session/ticket_keys_file.h"

#include <sys/stat.h>

#include <charconv>
#include <string>

#include "base/file_io.h"

namespace parley::tls::session {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Exactly out.size() bytes of hex.
bool parse_hex(std::string_view text, std::span<uint8_t> out) {
  if (text.size() != 2 * out.size()) return false;
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = hex_digit(text[2 * i]), lo = hex_digit(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return true;
}

std::string_view next_field(std::string_view& line) {
  const size_t start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos) {
    line = {};
    return {};
  }
  line.remove_prefix(start);
  const size_t end = std::min(line.find_first_of(" \t"), line.size());
  std::string_view field = line.substr(0, end);
  line.remove_prefix(end);
  return field;
}

Unexpected bad_line(size_t number, const char* what) {
  return err::make(Error::Kind::ApiMisuse, std::nullopt, "ticket keys file: malformed line",
                   "line " + std::to_string(number) + ": " + what +
                       "; expected '<id: 16 hex> <key: 64 hex> <start: Unix seconds>' (docs/RESUMPTION.md)");
}

}  // namespace

Result<std::vector<TicketKey>> parse_ticket_keys(std::string_view text) {
  std::vector<TicketKey> keys;
  size_t number = 0;
  while (!text.empty()) {
    ++number;
    const size_t eol = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(std::min(eol + 1, text.size()));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view probe = line;
    const std::string_view first = next_field(probe);
    if (first.empty() || first.front() == '#') continue;
    line = probe;
    TicketKey& k = keys.emplace_back();
    k.key = SecretBytes::zeroed(kTicketKeyLen);
    if (!parse_hex(first, k.id)) return bad_line(number, "the id is not 16 hex digits");
    if (!parse_hex(next_field(line), k.key.data())) return bad_line(number, "the key is not 64 hex digits");
    const std::string_view start = next_field(line);
    auto [end, ec] = std::from_chars(start.data(), start.data() + start.size(), k.start);
    if (start.empty() || ec != std::errc() || end != start.data() + start.size() || k.start < 0) {
      return bad_line(number, "the start is not a Unix time in seconds");
    }
    if (!next_field(line).empty()) return bad_line(number, "more than three fields");
    for (size_t i = 0; i + 1 < keys.size(); ++i) {
      if (keys[i].id == k.id) return bad_line(number, "an id used by an earlier line");
    }
  }
  if (keys.empty()) {
    return err::make(Error::Kind::ApiMisuse, std::nullopt, "ticket keys file: no keys",
                     "add a line '<id: 16 hex> <key: 64 hex> <start: Unix seconds>' (docs/RESUMPTION.md)");
  }
  return keys;
}

Result<std::vector<TicketKey>> load_ticket_keys(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return err::make(Error::Kind::Io, std::nullopt, "ticket keys file: cannot stat", path);
  }
  if ((st.st_mode & 077) != 0) {
    return err::make(Error::Kind::ApiMisuse, std::nullopt, "ticket keys file: group or others have access",
                     path + ": its keys open every ticket; chmod 600 it");
  }
  const SecretBuffer text{PARLEY_TRY(read_file(path))};  // wiped when done: it holds the keys
  return parse_ticket_keys(std::string_view(reinterpret_cast<const char*>(text.view().data()), text.size()));
}

}  // namespace parley::tls::session
