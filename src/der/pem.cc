#include "der/pem.h"

#include <utility>

#include "base/secret.h"

namespace parley::der {
namespace {

constexpr std::string_view kBegin = "-----BEGIN";
constexpr std::string_view kEnd = "-----END";
constexpr std::string_view kDashes = "-----";
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// RFC 7468 §3: W = WSP / CR / LF / HTAB / VT / FF.
bool is_w(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_w(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_w(s.back())) s.remove_suffix(1);
  return s;
}

// The value of a base64 character, or -1.
int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

struct Line {
  std::string_view text;  // trimmed
  size_t number;          // 1-based
};

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  size_t number = 1;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    lines.push_back({trim(line), number++});
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

// The label of a "-----BEGIN label-----" or "-----END label-----" line (trimmed);
// false when the line is not of that shape.
bool boundary_label(std::string_view line, std::string_view keyword, std::string_view& label) {
  if (!line.starts_with(keyword)) return false;
  line.remove_prefix(keyword.size());
  if (!line.ends_with(kDashes)) return false;
  line.remove_suffix(kDashes.size());
  if (line.empty()) {  // "-----BEGIN-----": no space, so not the RFC shape
    return false;
  }
  if (line.front() != ' ') return false;
  label = line.substr(1);
  return true;
}

std::string where(size_t block, size_t line) {
  return "block " + std::to_string(block) + ", line " + std::to_string(line);
}

Unexpected at(Unexpected e, size_t block, size_t line) {
  Error error = std::move(e).error();
  error.detail = where(block, line);
  return Unexpected(std::move(error));
}

void wipe(std::string& s) { secure_wipe(s.data(), s.size()); }
void wipe(std::vector<uint8_t>& v) { secure_wipe(v.data(), v.size()); }

// Decodes the base64 body between lines[first] and lines[last) of block `index`.
Result<std::vector<uint8_t>> decode_body(const std::vector<Line>& lines, size_t first, size_t last, size_t index) {
  size_t total = 0;
  for (size_t i = first; i < last; ++i) total += lines[i].text.size();
  std::string b64;
  b64.reserve(total);  // never reallocates, so no stale copy of a key is left behind
  for (size_t i = first; i < last; ++i) {
    const std::string_view t = lines[i].text;
    if (t.find(':') != std::string_view::npos) {
      wipe(b64);
      return err::decode("PEM: RFC 1421 headers not supported (legacy encrypted key?)", where(index, lines[i].number));
    }
    for (char c : t) {
      if (is_w(c)) continue;
      if (b64_value(c) < 0 && c != '=') {
        wipe(b64);
        return err::decode("PEM: invalid base64 character", where(index, lines[i].number));
      }
      b64 += c;
    }
  }
  auto data = base64_decode(b64);
  wipe(b64);
  if (!data) return at(Unexpected(std::move(data).error()), index, lines[first - 1].number);
  return data;
}

}  // namespace

bool is_valid_pem_label(std::string_view label) {
  // label = [ labelchar *( ["-" / SP] labelchar ) ]; labelchar = %x21-2C / %x2E-7E
  auto labelchar = [](char c) { return c >= 0x21 && c <= 0x7E && c != '-'; };
  bool after_separator = true;  // at the start, or just after '-' or ' '
  for (char c : label) {
    if (labelchar(c)) {
      after_separator = false;
    } else if ((c == '-' || c == ' ') && !after_separator) {
      after_separator = true;
    } else {
      return false;
    }
  }
  return label.empty() || !after_separator;
}

Result<std::vector<uint8_t>> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return err::decode("base64: length not a multiple of 4 (missing padding?)");
  size_t pad = 0;
  while (pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  if (pad > 2) return err::decode("base64: too much padding");
  const std::string_view body = text.substr(0, text.size() - pad);
  if (body.find('=') != std::string_view::npos) return err::decode("base64: data after padding");

  std::vector<uint8_t> out;
  out.reserve(text.size() / 4 * 3 - pad);
  uint32_t acc = 0;
  size_t bits = 0;
  for (char c : body) {
    const int v = b64_value(c);
    if (v < 0) {
      wipe(out);
      return err::decode("base64: invalid character");
    }
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>(acc >> bits));
      acc &= (1u << bits) - 1;
    }
  }
  // RFC 4648 §3.5: the pad bits of the last character must be zero.
  if (acc != 0) {
    wipe(out);
    return err::decode("base64: non-canonical encoding (nonzero trailing bits)");
  }
  return out;
}

std::string base64_encode(Input bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = (uint32_t{bytes[i]} << 16) | (uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (const size_t rest = bytes.size() - i; rest > 0) {
    const uint32_t v = (uint32_t{bytes[i]} << 16) | (rest == 2 ? uint32_t{bytes[i + 1]} << 8 : 0);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

Result<std::vector<PemBlock>> pem_decode_all(std::string_view text) {
  const std::vector<Line> lines = split_lines(text);
  std::vector<PemBlock> blocks;
  auto fail = [&blocks](Unexpected e) {
    for (auto& b : blocks) wipe(b.data);
    return e;
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& line = lines[i];
    const size_t index = blocks.size() + 1;
    if (line.text.starts_with(kEnd)) return fail(err::decode("PEM: END line without BEGIN", where(index, line.number)));
    if (!line.text.starts_with(kBegin)) continue;  // explanatory text

    std::string_view label;
    if (!boundary_label(line.text, kBegin, label)) {
      return fail(err::decode("PEM: malformed BEGIN line", where(index, line.number)));
    }
    if (!is_valid_pem_label(label)) return fail(err::decode("PEM: invalid label", where(index, line.number)));

    size_t end = i + 1;
    while (end < lines.size() && !lines[end].text.starts_with(kEnd)) {
      if (lines[end].text.starts_with(kBegin)) {
        return fail(err::decode("PEM: BEGIN inside a block (missing END line)", where(index, lines[end].number)));
      }
      ++end;
    }
    if (end == lines.size()) {
      return fail(err::decode("PEM: missing END line", "block " + std::to_string(index) + " (BEGIN " +
                                                           std::string(label) + " at line " +
                                                           std::to_string(line.number) + ")"));
    }
    std::string_view end_label;
    if (!boundary_label(lines[end].text, kEnd, end_label)) {
      return fail(err::decode("PEM: malformed END line", where(index, lines[end].number)));
    }
    if (end_label != label) {
      return fail(err::decode(
          "PEM: END label does not match BEGIN",
          where(index, lines[end].number) + ": BEGIN " + std::string(label) + ", END " + std::string(end_label)));
    }
    auto data = decode_body(lines, i + 1, end, index);
    if (!data) return fail(Unexpected(std::move(data).error()));
    blocks.push_back({std::string(label), *std::move(data)});
    i = end;
  }
  if (blocks.empty()) return err::decode("PEM: no PEM block found");
  return blocks;
}

Result<std::vector<uint8_t>> pem_decode_one(std::string_view text, std::string_view expected_label) {
  auto blocks = PARLEY_TRY(pem_decode_all(text));
  size_t matches = 0;
  std::string found;
  for (const auto& b : blocks) {
    if (b.label == expected_label) ++matches;
    if (!found.empty()) found += ", ";
    found += b.label;
  }
  std::vector<uint8_t> out;
  for (auto& b : blocks) {
    if (matches == 1 && b.label == expected_label) {
      out = std::move(b.data);
    } else {
      wipe(b.data);
    }
  }
  if (matches == 0) {
    return err::decode("PEM: no block with the expected label",
                       "expected " + std::string(expected_label) + ", found " + found);
  }
  if (matches > 1) {
    return err::decode("PEM: more than one block with the expected label",
                       "expected one " + std::string(expected_label) + ", found " + std::to_string(matches));
  }
  return out;
}

std::string pem_encode(std::string_view label, Input der) {
  std::string b64 = base64_encode(der);
  const size_t lines = (b64.size() + 63) / 64;
  std::string out;
  out.reserve(2 * (label.size() + 17) + b64.size() + lines);
  out += "-----BEGIN ";
  out += label;
  out += "-----\n";
  for (size_t i = 0; i < b64.size(); i += 64) {
    out.append(b64, i, 64);
    out += '\n';
  }
  out += "-----END ";
  out += label;
  out += "-----\n";
  wipe(b64);
  return out;
}

bool looks_like_pem(Input bytes) {
  Parser p(bytes);
  if (p.read_element() && !p.has_more()) return false;
  const std::string_view s(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return s.find("-----BEGIN ") != std::string_view::npos;
}

Result<std::vector<std::vector<uint8_t>>> pem_or_der_objects(Input bytes,
                                                             std::initializer_list<std::string_view> labels) {
  std::vector<std::vector<uint8_t>> out;
  if (!looks_like_pem(bytes)) {
    // X.509 structures, CRLs, CSRs and keys are all SEQUENCEs (tag 0x30).
    if (bytes.empty() || bytes[0] != 0x30) return err::decode("neither PEM nor DER", "the input is empty or not a DER SEQUENCE");
    out.emplace_back(bytes.begin(), bytes.end());
    return out;
  }
  std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  auto blocks = PARLEY_TRY(pem_decode_all(text));
  std::string seen;
  for (auto& b : blocks) {
    bool wanted = false;
    for (auto l : labels) wanted = wanted || b.label == l;
    if (wanted) {
      out.push_back(std::move(b.data));
    } else {
      seen += (seen.empty() ? "" : ", ") + b.label;
    }
  }
  if (out.empty()) {
    std::string expected;
    for (auto l : labels) expected += (expected.empty() ? "" : " or ") + std::string(l);
    return err::decode("no PEM block of the expected kind", "expected " + expected + ", found " + seen);
  }
  return out;
}

}  // namespace parley::der
