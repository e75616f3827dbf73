#include "x509/name_constraints.h"

#include <array>
#include <vector>

#include "der/builder.h"
#include "der/oid.h"
#include "der/strings.h"
#include "x509/hostname.h"

namespace parley::x509 {

namespace {

using Type = GeneralNameType;

std::string_view strip_dot(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  return s;
}

// A constraint or mailbox domain: LDH host syntax (no wildcard, no leading dot).
bool valid_host(std::string_view s) {
  return !s.empty() && s.front() != '*' && is_valid_presented_dns_name(s) && s.front() != '.';
}

size_t label_count(std::string_view s) {
  size_t n = 1;
  for (char c : s) n += c == '.';
  return n;
}

bool contiguous_mask(Input mask) {
  bool zero_seen = false;
  for (uint8_t byte : mask) {
    for (int bit = 7; bit >= 0; --bit) {
      bool one = (byte >> bit) & 1;
      if (one && zero_seen) return false;
      if (!one) zero_seen = true;
    }
  }
  return true;
}

std::optional<std::string> invalid_subtree(const GeneralName& g) {
  switch (g.type) {
    case Type::dns: {
      // RFC 5280 §4.2.1.10: a DNS constraint is a name to which labels may be
      // added on the left; an empty one matches every name.
      std::string_view c = g.text();
      if (c.empty()) return std::nullopt;
      if (!valid_host(strip_dot(c)) || c.front() == '.') return "malformed DNS name constraint '" + std::string(c) + "'";
      return std::nullopt;
    }
    case Type::ip:
      if (g.value.size() != 8 && g.value.size() != 32) return "iPAddress constraint is not address+mask (8 or 32 bytes)";
      if (!contiguous_mask(g.value.subspan(g.value.size() / 2))) return "iPAddress constraint has a non-contiguous mask";
      return std::nullopt;
    case Type::rfc822: {
      std::string_view c = g.text();
      if (c.empty()) return std::nullopt;
      size_t at = c.rfind('@');
      bool ok = at != std::string_view::npos ? (at > 0 && c.find('@') == at && valid_host(c.substr(at + 1)))
                : c.front() == '.'            ? valid_host(c.substr(1))
                                              : valid_host(c);
      if (!ok) return "malformed rfc822Name constraint '" + std::string(c) + "'";
      return std::nullopt;
    }
    case Type::uri: {
      std::string_view c = g.text();
      if (c.empty()) return std::nullopt;
      bool ok = c.front() == '.' ? valid_host(c.substr(1)) : valid_host(c);
      if (!ok) return "malformed URI constraint '" + std::string(c) + "' (expected a host or .domain)";
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

// The RDNs of a Name, each as its whole SET TLV.
bool rdns_of(const Name& name, std::vector<Input>& out) {
  der::Parser outer(name.raw);
  auto seq = outer.read_sequence();
  if (!seq) return false;
  while (seq->has_more()) {
    auto rdn = seq->read_raw(der::kSet);
    if (!rdn) return false;
    out.push_back(*rdn);
  }
  return true;
}

// RFC 5280 §4.2.1.10: the constraint's RDNs are a prefix of the name's.
bool dn_in_subtree(const Name& name, const Name& constraint) {
  std::vector<Input> n, c;
  if (!rdns_of(name, n) || !rdns_of(constraint, c)) return false;
  if (c.size() > n.size()) return false;
  if (c.empty()) return true;
  der::Builder b;
  {
    auto s = b.sequence();
    for (size_t i = 0; i < c.size(); ++i) b.raw(n[i]);
  }
  auto prefix = std::move(b).finish();
  if (!prefix) return false;
  return names_match(Name{*prefix}, constraint);
}

// emailAddress attribute values (PKCS #9) of a subject name.
std::vector<std::string> subject_emails(const Name& name) {
  std::vector<std::string> out;
  std::vector<Input> rdns;
  if (!rdns_of(name, rdns)) return out;
  for (Input rdn : rdns) {
    der::Parser set_outer(rdn);
    auto set = set_outer.read_set();
    if (!set) continue;
    while (set->has_more()) {
      auto atv = set->read_sequence();
      if (!atv) break;
      auto oid = atv->read(der::kOid);
      auto value = atv->read_element();
      if (!oid || !value) break;
      if (!der::equal(*oid, der::kEmailAddress)) continue;
      auto text = der::string_to_utf8(value->tag, value->value);
      out.push_back(text ? *text : std::string("<invalid>"));
    }
  }
  return out;
}

bool evaluated_type(Type t) {
  return t == Type::dns || t == Type::ip || t == Type::rfc822 || t == Type::uri || t == Type::directory;
}

struct NameToCheck {
  Type type;
  std::string text;  // dns, rfc822, uri
  Input bytes;       // ip
  Name dn;           // directory
  std::string shown;
};

bool wildcard_may_cover(std::string_view name, std::string_view constraint) {
  // "*.X" stands for any "y.X": it collides with a constraint of that shape.
  std::string_view n = strip_dot(name), c = strip_dot(constraint);
  if (!n.starts_with("*.")) return false;
  std::string_view base = n.substr(2);
  return label_count(c) == label_count(base) + 1 && ascii_iends_with(c, base) &&
         c.size() > base.size() && c[c.size() - base.size() - 1] == '.';
}

bool matches(const NameToCheck& n, const GeneralName& c, bool excluded) {
  switch (n.type) {
    case Type::dns:
      if (!is_valid_presented_dns_name(n.text) || n.text.starts_with(".")) return excluded;
      return dns_in_subtree(n.text, c.text()) || (excluded && wildcard_may_cover(n.text, c.text()));
    case Type::ip:
      if (n.bytes.size() != 4 && n.bytes.size() != 16) return excluded;
      return ip_in_subtree(n.bytes, c.value);
    case Type::rfc822:
      // A malformed mailbox is in no permitted subtree and in every excluded one.
      return excluded ? (!email_in_subtree(n.text, "") || email_in_subtree(n.text, c.text()))
                      : email_in_subtree(n.text, c.text());
    case Type::uri:
      return uri_in_subtree(n.text, c.text()) || (excluded && !uri_host(n.text));
    case Type::directory:
      return dn_in_subtree(n.dn, Name{c.value});
    default:
      return false;
  }
}

std::string shown(const GeneralName& g) { return to_string(g); }

}  // namespace

bool dns_in_subtree(std::string_view name, std::string_view constraint) {
  std::string_view n = strip_dot(name), c = strip_dot(constraint);
  if (c.empty()) return true;
  if (ascii_iequal(n, c)) return true;
  return n.size() > c.size() && ascii_iends_with(n, c) && n[n.size() - c.size() - 1] == '.';
}

bool ip_in_subtree(Input address, Input address_and_mask) {
  if (address_and_mask.size() != address.size() * 2) return false;  // IPv4 and IPv6 never cross-match
  Input base = address_and_mask.first(address.size());
  Input mask = address_and_mask.subspan(address.size());
  for (size_t i = 0; i < address.size(); ++i) {
    if ((address[i] & mask[i]) != (base[i] & mask[i])) return false;
  }
  return true;
}

bool email_in_subtree(std::string_view mailbox, std::string_view c) {
  // A mailbox (RFC 5280 §4.2.1.6, RFC 5321 §4.1.2) has one '@' and a local
  // part of printable characters; quoted local parts are not accepted.
  size_t at = mailbox.rfind('@');
  if (at == std::string_view::npos || at == 0 || mailbox.find('@') != at) return false;
  for (char ch : mailbox.substr(0, at)) {
    if (ch <= ' ' || ch >= 0x7f || ch == '"' || ch == '(' || ch == ')' || ch == ',' || ch == ':' || ch == ';' ||
        ch == '<' || ch == '>' || ch == '[' || ch == ']' || ch == '\\') {
      return false;
    }
  }
  std::string_view local = mailbox.substr(0, at), domain = mailbox.substr(at + 1);
  if (!valid_host(domain)) return false;
  if (c.empty()) return true;
  size_t cat = c.rfind('@');
  if (cat != std::string_view::npos) {
    // A whole mailbox: the local part exactly (every character literal, '*' too),
    // the host case-insensitively.
    return local == c.substr(0, cat) && ascii_iequal(domain, c.substr(cat + 1));
  }
  if (c.front() == '.') return domain.size() > c.size() - 1 && ascii_iends_with(domain, c);
  return ascii_iequal(domain, c);
}

std::optional<std::string_view> uri_host(std::string_view uri) {
  size_t colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view rest = uri.substr(colon + 1);
  if (!rest.starts_with("//")) return std::nullopt;
  rest.remove_prefix(2);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (authority.starts_with("[")) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    return authority.substr(0, close + 1);
  }
  if (size_t port = authority.rfind(':'); port != std::string_view::npos) authority = authority.substr(0, port);
  if (authority.empty()) return std::nullopt;
  return authority;
}

bool uri_in_subtree(std::string_view uri, std::string_view c) {
  auto host = uri_host(uri);
  if (!host || !valid_host(strip_dot(*host))) return false;
  if (c.empty()) return true;
  std::string_view h = strip_dot(*host);
  if (c.front() == '.') return h.size() > c.size() - 1 && ascii_iends_with(h, c);
  return ascii_iequal(h, c);
}

std::optional<std::string> validate_name_constraints(const NameConstraints& nc) {
  if (nc.permitted.empty() && nc.excluded.empty()) return "name constraints with no permitted or excluded subtrees";
  for (const auto* list : {&nc.permitted, &nc.excluded}) {
    for (const GeneralName& g : *list) {
      if (auto bad = invalid_subtree(g)) return bad;
    }
  }
  return std::nullopt;
}

NcResult check_name_constraints(const NameConstraints& nc, const Certificate& cert, bool check_subject,
                                NcBudget& budget) {
  std::vector<NameToCheck> names;
  if (cert.subject_alt_names) {
    for (const GeneralName& g : *cert.subject_alt_names) {
      NameToCheck n{g.type, std::string(g.text()), g.value, Name{g.value}, shown(g)};
      names.push_back(std::move(n));
    }
  }
  if (check_subject) {
    if (!cert.subject.empty()) {
      names.push_back(NameToCheck{Type::directory, {}, {}, cert.subject, "DirName:" + to_string(cert.subject)});
    }
    for (std::string& e : subject_emails(cert.subject)) {
      std::string s = "emailAddress:" + e;
      names.push_back(NameToCheck{Type::rfc822, std::move(e), {}, {}, std::move(s)});
    }
  }

  for (const NameToCheck& n : names) {
    bool constrained = false;
    bool permitted_hit = false;
    bool has_permitted = false;
    for (const GeneralName& c : nc.excluded) {
      if (c.type != n.type) continue;
      constrained = true;
      if (!evaluated_type(n.type)) break;
      if (++budget.used > budget.limit) return {NcVerdict::budget_exhausted, n.shown, ""};
      if (matches(n, c, true)) return {NcVerdict::violation, n.shown, "excluded " + shown(c)};
    }
    std::string permitted_list;
    for (const GeneralName& c : nc.permitted) {
      if (c.type != n.type) continue;
      // IPv4 and IPv6 are one name form: an address must fall in one of the
      // iPAddress subtrees, so IPv6-only subtrees permit no IPv4 address.
      constrained = true;
      has_permitted = true;
      if (!evaluated_type(n.type)) break;
      if (permitted_list.size() < 200) permitted_list += (permitted_list.empty() ? "" : ", ") + shown(c);
      if (++budget.used > budget.limit) return {NcVerdict::budget_exhausted, n.shown, ""};
      if (matches(n, c, false)) {
        permitted_hit = true;
        break;
      }
    }
    if (constrained && !evaluated_type(n.type)) {
      return {NcVerdict::unsupported, n.shown, "a constraint on a name form parley does not evaluate"};
    }
    if (has_permitted && !permitted_hit) return {NcVerdict::violation, n.shown, "permitted: " + permitted_list};
  }
  return {};
}

}  // namespace parley::x509
