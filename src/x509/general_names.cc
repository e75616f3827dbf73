#include "x509/general_names.h"

#include <string>

#include "der/oid.h"
#include "x509/hex.h"
#include "x509/hostname.h"
#include "x509/name.h"

namespace parley::x509 {
namespace {

Result<void> check_ia5(Input v) {
  for (uint8_t b : v) {
    if (b > 0x7f) return err::decode("GeneralName: IA5String with a non-ASCII octet");
  }
  return {};
}

// The prefix length of a contiguous mask, or -1.
int prefix_len(Input mask) {
  int bits = 0;
  bool zero_seen = false;
  for (uint8_t b : mask) {
    for (int i = 7; i >= 0; --i) {
      bool one = (b >> i) & 1;
      if (one && zero_seen) return -1;
      if (one) ++bits;
      else zero_seen = true;
    }
  }
  return bits;
}

std::string printable(std::string_view text) {
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) {
      out += "\\x";
      detail::append_hex_byte(out, u);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Result<GeneralName> parse_general_name(const der::Element& e, GeneralNameContext ctx) {
  const uint8_t octet = e.tag.octet;
  if (e.tag.tag_class() != der::TagClass::ContextSpecific) return err::decode("GeneralName: not a context tag");
  GeneralName gn{GeneralNameType::other_name, e.value};
  switch (octet) {
    case 0xA0: {  // otherName: SEQUENCE { type-id OID, value [0] EXPLICIT ANY } (IMPLICIT over the SEQUENCE)
      der::Parser p(e.value);
      Input oid = PARLEY_TRY(p.read(der::kOid));
      PARLEY_TRY(der::parse_oid(oid));
      auto v = PARLEY_TRY(p.read_constructed(der::context_constructed(0)));
      PARLEY_TRY(v.read_element());
      PARLEY_TRY(v.expect_end());
      PARLEY_TRY(p.expect_end());
      gn.type = GeneralNameType::other_name;
      return gn;
    }
    case 0x81:
    case 0x82:
    case 0x86:
      PARLEY_TRY(check_ia5(e.value));
      gn.type = octet == 0x81 ? GeneralNameType::rfc822 : octet == 0x82 ? GeneralNameType::dns : GeneralNameType::uri;
      return gn;
    case 0xA3:
      gn.type = GeneralNameType::x400;
      return gn;
    case 0xA4: {  // directoryName [4] EXPLICIT Name (Name is a CHOICE)
      der::Parser p(e.value);
      Input name = PARLEY_TRY(p.read_raw(der::kSequence));
      PARLEY_TRY(p.expect_end());
      PARLEY_TRY(parse_name(name));
      gn.type = GeneralNameType::directory;
      gn.value = name;
      return gn;
    }
    case 0xA5:
      gn.type = GeneralNameType::edi_party;
      return gn;
    case 0x87: {
      size_t n = e.value.size();
      bool ok = ctx == GeneralNameContext::name ? (n == 4 || n == 16) : (n == 8 || n == 32);
      if (!ok) {
        return err::decode(ctx == GeneralNameContext::name ? "GeneralName: iPAddress must be 4 or 16 octets"
                                                           : "GeneralName: iPAddress constraint must be 8 or 32 octets");
      }
      gn.type = GeneralNameType::ip;
      return gn;
    }
    case 0x88:
      PARLEY_TRY(der::parse_oid(e.value));
      gn.type = GeneralNameType::registered_id;
      return gn;
    default:
      return err::decode("GeneralName: unknown tag");
  }
}

Result<std::vector<GeneralName>> parse_general_names(Input contents, GeneralNameContext ctx) {
  der::Parser p(contents);
  std::vector<GeneralName> out;
  while (p.has_more()) {
    auto e = PARLEY_TRY(p.read_element());
    out.push_back(PARLEY_TRY(parse_general_name(e, ctx)));
  }
  if (out.empty()) return err::decode("GeneralNames: empty");
  return out;
}

std::string ip_to_string(Input ip) {
  switch (ip.size()) {
    case 4:
    case 16: return ip_bytes_to_string(ip);
    case 8:
    case 32: {
      size_t half = ip.size() / 2;
      Input addr = ip.first(half), mask = ip.subspan(half);
      int len = prefix_len(mask);
      std::string a = ip_bytes_to_string(addr);
      if (len >= 0) return a + "/" + std::to_string(len);
      return a + "/" + ip_bytes_to_string(mask);
    }
    default: return "<" + detail::hex(ip) + ">";
  }
}

std::string to_string(const GeneralName& name) {
  switch (name.type) {
    case GeneralNameType::rfc822: return "email:" + printable(name.text());
    case GeneralNameType::dns: return "DNS:" + printable(name.text());
    case GeneralNameType::uri: return "URI:" + printable(name.text());
    case GeneralNameType::ip: return "IP:" + ip_to_string(name.value);
    case GeneralNameType::directory: return "DirName:" + to_string(Name{name.value});
    case GeneralNameType::registered_id: return "RID:" + der::oid_name(name.value);
    case GeneralNameType::other_name: {
      der::Parser p(name.value);
      auto oid = p.read(der::kOid);
      return "othername:" + (oid ? der::oid_name(*oid) : std::string("?"));
    }
    case GeneralNameType::x400: return "X400Name:<" + detail::hex(name.value) + ">";
    case GeneralNameType::edi_party: return "EdiPartyName:<" + detail::hex(name.value) + ">";
  }
  return "?";
}

}  // namespace parley::x509
