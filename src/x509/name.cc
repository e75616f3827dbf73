#include "x509/name.h"

#include <utility>

#include "der/oid.h"
#include "der/strings.h"
#include "x509/hex.h"

namespace parley::x509 {
namespace {

bool is_string_tag(der::Tag t) {
  return t == der::kPrintableString || t == der::kUtf8String || t == der::kIa5String || t == der::kT61String ||
         t == der::kBmpString || t == der::kUniversalString;
}

// The parser over a Name's RDN SETs (the contents of its SEQUENCE).
Result<der::Parser> rdn_sequence(Input tlv) {
  der::Parser outer(tlv);
  auto seq = PARLEY_TRY(outer.read_sequence());
  PARLEY_TRY(outer.expect_end());
  return seq;
}

// One AttributeTypeAndValue of an RDN SET: SEQUENCE { OID, ANY }.
Result<NameAttribute> read_attribute(der::Parser& set) {
  auto atv = PARLEY_TRY(set.read_sequence());
  Input type = PARLEY_TRY(atv.read(der::kOid));
  PARLEY_TRY(der::parse_oid(type));
  auto value = PARLEY_TRY(atv.read_element());
  PARLEY_TRY(atv.expect_end());
  return NameAttribute{type, value};
}

// How many attributes an RDN SET holds, every one checked; an empty SET is an error.
Result<size_t> attribute_count(der::Parser set) {
  size_t n = 0;
  for (; set.has_more(); ++n) PARLEY_TRY(read_attribute(set));
  if (n == 0) return err::decode("Name: empty RelativeDistinguishedName");
  return n;
}

Result<std::vector<RelativeDistinguishedName>> read_rdns(Input tlv) {
  auto seq = PARLEY_TRY(rdn_sequence(tlv));
  std::vector<RelativeDistinguishedName> rdns;
  while (seq.has_more()) {
    auto set = PARLEY_TRY(seq.read_set());
    RelativeDistinguishedName rdn;
    rdn.reserve(PARLEY_TRY(attribute_count(set)));
    while (set.has_more()) rdn.push_back(PARLEY_TRY(read_attribute(set)));
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

// A value whose UTF-8 form is its own bytes: 7-bit text in a string type
// that maps ASCII to itself and valid for that type.
bool is_plain_ascii(const der::Element& v) {
  if (!is_string_tag(v.tag) || v.tag == der::kBmpString || v.tag == der::kUniversalString) return false;
  for (uint8_t b : v.value) {
    if (b >= 0x80 || (v.tag == der::kPrintableString && !der::is_printable_char(static_cast<char>(b)))) return false;
  }
  return true;
}

// The characters of normalise(s), one at a time, so two values compare
// without copies.
class NormalisedChars {
 public:
  explicit NormalisedChars(std::string_view s) : s_(s) {}
  // The next character, or -1 at the end.
  int next() {
    if (held_ >= 0) return std::exchange(held_, -1);
    bool spaces = false;
    for (; pos_ < s_.size() && s_[pos_] == ' '; ++pos_) spaces = true;
    if (pos_ == s_.size()) return -1;
    const char c = s_[pos_++];
    const int folded = (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : static_cast<unsigned char>(c);
    if (spaces && emitted_) {
      held_ = folded;
      return ' ';
    }
    emitted_ = true;
    return folded;
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
  int held_ = -1;
  bool emitted_ = false;
};

std::string_view text_of(Input value) { return {reinterpret_cast<const char*>(value.data()), value.size()}; }

bool values_match(const der::Element& a, const der::Element& b) {
  if (der::equal(a.raw, b.raw)) return true;
  if (!is_string_tag(a.tag) || !is_string_tag(b.tag)) return false;
  if (is_plain_ascii(a) && is_plain_ascii(b)) {
    NormalisedChars x(text_of(a.value)), y(text_of(b.value));
    for (;;) {
      const int cx = x.next();
      if (cx != y.next()) return false;
      if (cx < 0) return true;
    }
  }
  auto ua = attribute_value_to_utf8(a);
  auto ub = attribute_value_to_utf8(b);
  if (!ua || !ub) return false;
  return normalise(*ua) == normalise(*ub);
}

// A multi-valued RDN is a SET: each attribute of a matches a distinct one of
// b. The bitmap of used attributes is needed, and allocated, only for
// multi-valued RDNs, which are rare.
bool rdns_match(der::Parser a, const der::Parser& b) {
  const auto count = attribute_count(b);
  if (!count) return false;
  std::vector<bool> used(*count > 1 ? *count : 0, false);
  size_t matched = 0;
  while (a.has_more()) {
    auto x = read_attribute(a);
    if (!x || ++matched > *count) return false;
    der::Parser scan = b;
    bool found = false;
    for (size_t j = 0; j < *count && !found; ++j) {
      auto y = read_attribute(scan);
      if (!y) return false;
      if ((used.empty() || !used[j]) && der::equal(x->type, y->type) && values_match(x->value, y->value)) {
        if (!used.empty()) used[j] = true;
        found = true;
      }
    }
    if (!found) return false;
  }
  return matched == *count;
}

}  // namespace

Result<Name> parse_name(Input tlv) {
  auto seq = PARLEY_TRY(rdn_sequence(tlv));
  while (seq.has_more()) PARLEY_TRY(attribute_count(PARLEY_TRY(seq.read_set())));
  return Name{tlv};
}

Result<std::vector<RelativeDistinguishedName>> name_rdns(const Name& name) { return read_rdns(name.raw); }

Result<std::string> attribute_value_to_utf8(const der::Element& value) {
  if (!is_string_tag(value.tag)) return err::decode("Name: attribute value is not a character string");
  return der::string_to_utf8(value.tag, value.value);
}

std::string to_string(const Name& name) {
  // RFC 4514 §2.1: the last RDN of the SEQUENCE comes first, so the SETs
  // are collected (checked, and counted first for one allocation).
  auto seq = rdn_sequence(name.raw);
  if (!seq) return "<malformed name>";
  size_t count = 0;
  for (der::Parser scan = *seq; scan.has_more(); ++count) {
    auto set = scan.read_set();
    if (!set || !attribute_count(*set)) return "<malformed name>";
  }
  std::vector<der::Parser> rdns;
  rdns.reserve(count);
  while (seq->has_more()) rdns.push_back(*seq->read_set());
  std::string out;
  for (auto it = rdns.rbegin(); it != rdns.rend(); ++it) {
    if (!out.empty()) out += ',';
    for (bool first = true; it->has_more(); first = false) {
      const NameAttribute atv = *read_attribute(*it);  // checked above
      if (!first) out += '+';
      std::string_view short_name = der::attribute_short_name(atv.type);
      if (!short_name.empty()) {
        out += short_name;
      } else {
        auto dotted = der::oid_to_string(atv.type);
        out += dotted ? *dotted : "?";
      }
      out += '=';
      // RFC 4514 §2.4: values that are not strings (or not valid ones) as #hex of the BER.
      if (is_plain_ascii(atv.value)) {
        append_escaped(out, text_of(atv.value.value));
      } else if (auto text = attribute_value_to_utf8(atv.value)) {
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
  auto sa = rdn_sequence(a.raw);
  auto sb = rdn_sequence(b.raw);
  if (!sa || !sb) return false;
  while (sa->has_more() && sb->has_more()) {
    auto ra = sa->read_set();
    auto rb = sb->read_set();
    if (!ra || !rb || !rdns_match(*ra, *rb)) return false;
  }
  return !sa->has_more() && !sb->has_more();
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
