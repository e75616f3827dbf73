#include "x509/hostname.h"

#include <cstdio>
#include <vector>

namespace parley::x509 {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool ascii_iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

bool ascii_iends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && ascii_iequal(s.substr(s.size() - suffix.size()), suffix);
}

namespace {

bool is_ldh(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

// One LDH label: 1-63 octets, no leading or trailing hyphen (RFC 1123 §2.1).
bool is_ldh_label(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  for (char c : label) {
    if (!is_ldh(c)) return false;
  }
  return true;
}

std::string_view strip_trailing_dot(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  return s;
}

// Splits on '.'; empty labels are kept (and rejected by the callers).
std::vector<std::string_view> labels_of(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t dot = s.find('.', start);
    if (dot == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, dot - start));
    start = dot + 1;
  }
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

Result<IpAddress> parse_ipv4(std::string_view text) {
  IpAddress ip;
  ip.len = 4;
  auto parts = labels_of(text);
  if (parts.size() != 4) return err::api("invalid IPv4 address: expected four dotted parts", std::string(text));
  for (size_t i = 0; i < 4; ++i) {
    std::string_view p = parts[i];
    if (!all_digits(p) || p.size() > 3 || (p.size() > 1 && p[0] == '0')) {
      return err::api("invalid IPv4 address: each part must be a decimal 0-255 without leading zeros",
                      std::string(text));
    }
    unsigned v = 0;
    for (char c : p) v = v * 10 + static_cast<unsigned>(c - '0');
    if (v > 255) return err::api("invalid IPv4 address: part above 255", std::string(text));
    ip.bytes[i] = static_cast<uint8_t>(v);
  }
  return ip;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = ascii_lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

Result<IpAddress> parse_ipv6(std::string_view text) {
  auto bad = [&](const char* why) { return err::api(why, std::string(text)); };
  IpAddress ip;
  ip.len = 16;
  std::vector<uint16_t> head, tail;
  bool compressed = false;
  std::string_view rest = text;
  if (rest.starts_with("::")) {
    compressed = true;
    rest.remove_prefix(2);
  } else if (rest.starts_with(":")) {
    return bad("invalid IPv6 address: leading single colon");
  }
  std::vector<uint16_t>* cur = compressed ? &tail : &head;
  while (!rest.empty()) {
    size_t colon = rest.find(':');
    std::string_view group = rest.substr(0, colon);
    if (group.find('.') != std::string_view::npos) {
      if (colon != std::string_view::npos) return bad("invalid IPv6 address: dotted quad not at the end");
      auto v4 = parse_ipv4(group);
      if (!v4) return bad("invalid IPv6 address: bad embedded IPv4 part");
      cur->push_back(static_cast<uint16_t>(v4->bytes[0] << 8 | v4->bytes[1]));
      cur->push_back(static_cast<uint16_t>(v4->bytes[2] << 8 | v4->bytes[3]));
      rest = {};
      break;
    }
    if (group.empty() || group.size() > 4) return bad("invalid IPv6 address: groups are 1-4 hex digits");
    unsigned v = 0;
    for (char c : group) {
      int h = hex_value(c);
      if (h < 0) return bad("invalid IPv6 address: not a hex digit");
      v = v * 16 + static_cast<unsigned>(h);
    }
    cur->push_back(static_cast<uint16_t>(v));
    if (colon == std::string_view::npos) {
      rest = {};
      break;
    }
    rest.remove_prefix(colon + 1);
    if (rest.starts_with(":")) {
      if (compressed) return bad("invalid IPv6 address: more than one '::'");
      compressed = true;
      rest.remove_prefix(1);
      cur = &tail;
    } else if (rest.empty()) {
      return bad("invalid IPv6 address: trailing colon");
    }
  }
  size_t total = head.size() + tail.size();
  if (compressed ? total > 7 : total != 8) return bad("invalid IPv6 address: wrong number of groups");
  std::array<uint16_t, 8> groups{};
  for (size_t i = 0; i < head.size(); ++i) groups[i] = head[i];
  for (size_t i = 0; i < tail.size(); ++i) groups[8 - tail.size() + i] = tail[i];
  for (size_t i = 0; i < 8; ++i) {
    ip.bytes[2 * i] = static_cast<uint8_t>(groups[i] >> 8);
    ip.bytes[2 * i + 1] = static_cast<uint8_t>(groups[i] & 0xff);
  }
  return ip;
}

}  // namespace

Result<IpAddress> parse_ip_address(std::string_view text) {
  if (text.find(':') != std::string_view::npos) return parse_ipv6(text);
  return parse_ipv4(text);
}

std::string ip_bytes_to_string(std::span<const uint8_t> b) {
  char buf[8];
  std::string out;
  if (b.size() == 4) {
    for (size_t i = 0; i < 4; ++i) {
      std::snprintf(buf, sizeof buf, "%s%u", i ? "." : "", unsigned{b[i]});
      out += buf;
    }
    return out;
  }
  if (b.size() == 16) {
    // RFC 5952 §4.2: compress the longest run (≥2) of zero groups, the first on a tie.
    unsigned g[8];
    for (size_t i = 0; i < 8; ++i) g[i] = static_cast<unsigned>(b[2 * i] << 8 | b[2 * i + 1]);
    int best = -1, best_len = 0;
    for (int i = 0; i < 8;) {
      if (g[i] != 0) {
        ++i;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) ++j;
      if (j - i > best_len && j - i >= 2) {
        best = i;
        best_len = j - i;
      }
      i = j;
    }
    for (int i = 0; i < 8; ++i) {
      if (i == best) {
        out += "::";
        i += best_len - 1;
        continue;
      }
      if (!out.empty() && out.back() != ':') out += ':';
      std::snprintf(buf, sizeof buf, "%x", g[i]);
      out += buf;
    }
    return out;
  }
  for (uint8_t x : b) {
    std::snprintf(buf, sizeof buf, "%02x", unsigned{x});
    out += buf;
  }
  return out;
}

std::string to_string(const IpAddress& ip) { return ip_bytes_to_string(ip.view()); }

Result<std::string> normalize_reference_hostname(std::string_view name) {
  for (char c : name) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      return err::api("non-ASCII hostname: give its IDNA A-label (xn--) form", std::string(name));
    }
  }
  std::string_view s = strip_trailing_dot(name);
  if (s.empty()) return err::api("empty hostname");
  if (s.size() > 253) return err::api("hostname longer than 253 octets", std::string(name));
  for (auto label : labels_of(s)) {
    if (!is_ldh_label(label)) {
      return err::api("invalid hostname: labels are 1-63 letters, digits or inner hyphens", std::string(name));
    }
  }
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool is_valid_presented_dns_name(std::string_view name) {
  std::string_view s = strip_trailing_dot(name);
  if (s.empty() || s.size() > 253) return false;
  auto labels = labels_of(s);
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i == 0 && labels[i] == "*" && labels.size() > 1) continue;
    if (!is_ldh_label(labels[i])) return false;
  }
  return true;
}

bool dns_name_matches(std::string_view reference, std::string_view presented) {
  if (!is_valid_presented_dns_name(presented)) return false;
  std::string_view ref = strip_trailing_dot(reference);
  std::string_view pre = strip_trailing_dot(presented);
  if (!pre.starts_with("*.")) return ascii_iequal(ref, pre);
  // RFC 6125 §6.4.3 as narrowed by RFC 9525 §6.3: "*" is the whole left-most
  // label and stands for exactly one non-empty label. BRs: at least two
  // labels must follow it ("*.com" and "*" match nothing).
  std::string_view base = pre.substr(2);
  if (base.find('.') == std::string_view::npos) return false;
  size_t dot = ref.find('.');
  if (dot == 0 || dot == std::string_view::npos) return false;
  return ascii_iequal(ref.substr(dot + 1), base);
}

}  // namespace parley::x509

namespace parley {

Result<IpAddress> IpAddress::parse(std::string_view text) { return x509::parse_ip_address(text); }
std::string IpAddress::to_string() const { return x509::ip_bytes_to_string(view()); }

}  // namespace parley
