#include "x509/name.h"

#include "der/oid.h"
#include "der/strings.h"
#include "x509/hex.h"

namespace parley::x509 {
namespace {

bool is_string_tag(der::Tag t) {
  return t == der::kPrintableString || t == der::kUtf8String || t == der::kIa5String || t == der::kT61String ||
         t == der::kBmpString || t == der::kUniversalString;
}

Result<std::vector<RelativeDistinguishedName>> read_rdns(Input tlv) {
  der::Parser outer(tlv);
  auto seq = PARLEY_TRY(outer.read_sequence());
  PARLEY_TRY(outer.expect_end());
  std::vector<RelativeDistinguishedName> rdns;
  while (seq.has_more()) {
    auto set = PARLEY_TRY(seq.read_set());
    RelativeDistinguishedName rdn;
    while (set.has_more()) {
      auto atv = PARLEY_TRY(set.read_sequence());
      Input type = PARLEY_TRY(atv.read(der::kOid));
      PARLEY_TRY(der::parse_oid(type));
      auto value = PARLEY_TRY(atv.read_element());
      PARLEY_TRY(atv.expect_end());
      rdn.push_back({type, value});
    }
    if (rdn.empty()) return err::decode("Name: empty RelativeDistinguishedName");
    rdns.push_back(std::move(rdn));
  }
  return rdns;
}

// RFC 4514 §2.4 escaping of one attribute value already in UTF-8.
void append_escaped(std::string& out, std::string_view v) {
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    auto u = static_cast<unsigned char>(c);
    bool special = c == ',' || c == '+' || c == '"' || c == '\\' || c == '<' || c == '>' || c == ';';
    bool edge = (i == 0 && (c == '#' || c == ' ')) || (i + 1 == v.size() && c == ' ');
    if (special || edge) {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      out += '\\';
      detail::append_hex_byte(out, u, true);
    } else {
      out += c;
    }
  }
}

void append_hex_value(std::string& out, Input raw) {
  out += '#';
  out += detail::hex(raw);
}

// RFC 4518 subset: ASCII case folded, leading and trailing spaces removed,
// inner runs of spaces collapsed to one.
std::string normalise(std::string_view s) {
  std::string out;
  bool pending_space = false;
  for (char c : s) {
    if (c == ' ') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

bool values_match(const der::Element& a, const der::Element& b) {
  if (der::equal(a.raw, b.raw)) return true;
  if (!is_string_tag(a.tag) || !is_string_tag(b.tag)) return false;
  auto ua = attribute_value_to_utf8(a);
  auto ub = attribute_value_to_utf8(b);
  if (!ua || !ub) return false;
  return normalise(*ua) == normalise(*ub);
}

bool rdns_match(const RelativeDistinguishedName& a, const RelativeDistinguishedName& b) {
  if (a.size() != b.size()) return false;
  // A multi-valued RDN is a SET: match each attribute of a to an unused one of b.
  std::vector<bool> used(b.size(), false);
  for (const auto& x : a) {
    bool found = false;
    for (size_t j = 0; j < b.size() && !found; ++j) {
      if (!used[j] && der::equal(x.type, b[j].type) && values_match(x.value, b[j].value)) {
        used[j] = true;
        found = true;
      }
    }
    if (!found) return false;
  }
  return true;
}

}  // namespace

Result<Name> parse_name(Input tlv) {
  PARLEY_TRY(read_rdns(tlv));
  return Name{tlv};
}

Result<std::vector<RelativeDistinguishedName>> name_rdns(const Name& name) { return read_rdns(name.raw); }

Result<std::string> attribute_value_to_utf8(const der::Element& value) {
  if (!is_string_tag(value.tag)) return err::decode("Name: attribute value is not a character string");
  return der::string_to_utf8(value.tag, value.value);
}

std::string to_string(const Name& name) {
  auto rdns = name_rdns(name);
  if (!rdns) return "<malformed name>";
  std::string out;
  // RFC 4514 §2.1: the last RDN of the SEQUENCE comes first.
  for (auto it = rdns->rbegin(); it != rdns->rend(); ++it) {
    if (!out.empty()) out += ',';
    bool first = true;
    for (const auto& atv : *it) {
      if (!first) out += '+';
      first = false;
      std::string_view short_name = der::attribute_short_name(atv.type);
      if (!short_name.empty()) {
        out += short_name;
      } else {
        auto dotted = der::oid_to_string(atv.type);
        out += dotted ? *dotted : "?";
      }
      out += '=';
      // RFC 4514 §2.4: values that are not strings (or not valid ones) as #hex of the BER.
      auto text = attribute_value_to_utf8(atv.value);
      if (text) {
        append_escaped(out, *text);
      } else {
        append_hex_value(out, atv.value.raw);
      }
    }
  }
  return out;
}

bool names_match(const Name& a, const Name& b) {
  if (der::equal(a.raw, b.raw)) return true;
  auto ra = name_rdns(a);
  auto rb = name_rdns(b);
  if (!ra || !rb || ra->size() != rb->size()) return false;
  for (size_t i = 0; i < ra->size(); ++i) {
    if (!rdns_match((*ra)[i], (*rb)[i])) return false;
  }
  return true;
}

std::optional<std::string> common_name(const Name& name) {
  auto rdns = name_rdns(name);
  if (!rdns) return std::nullopt;
  for (const auto& rdn : *rdns) {
    for (const auto& atv : rdn) {
      if (der::equal(atv.type, der::kCommonName)) {
        auto text = attribute_value_to_utf8(atv.value);
        if (text) return *text;
        return std::nullopt;
      }
    }
  }
  return std::nullopt;
}

}  // namespace parley::x509
