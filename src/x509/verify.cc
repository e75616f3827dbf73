#include "x509/verify.h"

#include <algorithm>

#include "der/oid.h"
#include "der/time.h"
#include "x509/name.h"
#include "x509/name_constraints.h"
#include "x509/path_builder.h"
#include "x509/revocation.h"

namespace parley::x509 {

namespace {

using Path = PathBuilder::Path;

bool has_oid(const std::vector<Input>& list, Input oid) {
  return std::any_of(list.begin(), list.end(), [&](Input o) { return der::equal(o, oid); });
}

const Extension* find_extension(const Certificate& c, Input oid) {
  for (const Extension& e : c.extensions) {
    if (der::equal(e.oid, oid)) return &e;
  }
  return nullptr;
}

Input purpose_oid(Purpose p) {
  return p == Purpose::server_auth ? Input(der::kServerAuth) : Input(der::kClientAuth);
}

std::string eku_list(const std::vector<Input>& ekus) {
  std::string s;
  for (Input o : ekus) s += (s.empty() ? "" : ", ") + der::oid_name(o);
  return s.empty() ? "(empty)" : s;
}

class Checker {
 public:
  Checker(const VerifyOptions& o) : o_(o) { nc_budget_.limit = o.budget.name_constraint_comparisons; }

  PathBuilder* builder = nullptr;

  // Rules for one certificate alone, by role.
  void validity(const Certificate& c, int pos, std::vector<Finding>& out) const {
    const int64_t now = o_.time;
    if (now < c.validity.not_before) {
      out.push_back(make_finding(
          pos, c, Rule::not_yet_valid,
          "certificate " + quoted(c) + " is not valid yet: it becomes valid " +
              relative_time(c.validity.not_before, now) + " (not before " +
              der::format_rfc3339(c.validity.not_before) + ")",
          "not before ≤ " + der::format_rfc3339(now), "not before " + der::format_rfc3339(c.validity.not_before),
          "check the clock of this machine and of the issuing CA"));
    }
    if (now > c.validity.not_after) {
      out.push_back(make_finding(pos, c, Rule::expired,
                                 "certificate " + quoted(c) + " expired " + relative_time(c.validity.not_after, now) +
                                     " (not after " + der::format_rfc3339(c.validity.not_after) + ")",
                                 "not after ≥ " + der::format_rfc3339(now),
                                 "not after " + der::format_rfc3339(c.validity.not_after), "renew the certificate"));
    }
  }

  void key(const Certificate& c, int pos, std::vector<Finding>& out) const {
    if (!c.public_key) {
      out.push_back(make_finding(pos, c, Rule::public_key_unsupported,
                                 "the public key of " + quoted(c) + " cannot be used: " + c.public_key_error,
                                 "RSA ≥ " + std::to_string(o_.policy.min_rsa_bits) + " bits, P-256, P-384, P-521 or Ed25519",
                                 c.public_key_error, "reissue the certificate with a supported key"));
      return;
    }
    if (c.public_key->type() == crypto::KeyType::rsa) {
      size_t bits = c.public_key->bits();
      if (bits < o_.policy.min_rsa_bits || bits % 8 != 0) {
        out.push_back(make_finding(pos, c, Rule::public_key_too_small,
                                   "the RSA key of " + quoted(c) + " has " + std::to_string(bits) + " bits",
                                   "a multiple of 8, at least " + std::to_string(o_.policy.min_rsa_bits) + " bits",
                                   std::to_string(bits) + " bits", "reissue the certificate with a 2048-bit or larger key"));
      }
    }
  }

  // RFC 5280 §4.2 profile rules on extensions that parsing alone cannot see.
  void profile(const Certificate& c, int pos, bool issuer, bool anchor, std::vector<Finding>& out) const {
    auto bad = [&](std::string what, std::string hint = {}) {
      out.push_back(make_finding(pos, c, Rule::malformed_extension, "certificate " + quoted(c) + ": " + what,
                                 "an RFC 5280 profile", what, std::move(hint)));
    };
    if (c.version == 1 && anchor) return;  // a v1 anchor: no extensions to check
    if (c.issuer.empty()) bad("the issuer name is empty (RFC 5280 §4.1.2.4)");
    if (issuer && c.subject.empty()) bad("a CA with an empty subject name (RFC 5280 §4.1.2.6)");
    const Extension* aki = find_extension(c, der::kAuthorityKeyIdentifier);
    if (aki && aki->critical) bad("authorityKeyIdentifier is critical (RFC 5280 §4.2.1.1 says MUST NOT)");
    if (c.authority_key_id) {
      if (!c.authority_key_id->key_id) bad("authorityKeyIdentifier without keyIdentifier (RFC 5280 §4.2.1.1)");
      if (!c.authority_key_id->issuer.empty() || c.authority_key_id->serial) {
        bad("authorityKeyIdentifier with authorityCertIssuer/SerialNumber (CABF BRs §7.1.2)");
      }
      if (anchor && c.self_issued() && c.authority_key_id->key_id && c.subject_key_id &&
          !der::equal(*c.authority_key_id->key_id, *c.subject_key_id)) {
        bad("a self-signed certificate whose authorityKeyIdentifier differs from its subjectKeyIdentifier");
      }
    } else if (!c.self_issued() && !anchor) {
      // An anchor is trusted as a name and key; one that is itself cross-signed
      // need not carry an AKI (x509-limbo cve-2024-0567).
      bad("no authorityKeyIdentifier (RFC 5280 §4.2.1.1 requires it except on self-signed certificates)",
          "reissue the certificate with an authorityKeyIdentifier");
    }
    const Extension* ski = find_extension(c, der::kSubjectKeyIdentifier);
    if (ski && ski->critical) bad("subjectKeyIdentifier is critical (RFC 5280 §4.2.1.2 says MUST NOT)");
    if (issuer && !c.subject_key_id) bad("a CA certificate without subjectKeyIdentifier (RFC 5280 §4.2.1.2)");
    const Extension* bc = find_extension(c, der::kBasicConstraints);
    if (issuer && bc && !bc->critical && c.is_ca()) bad("basicConstraints of a CA is not critical (RFC 5280 §4.2.1.9)");
    if (c.basic_constraints && c.basic_constraints->path_len &&
        (!c.basic_constraints->ca || (c.key_usage && !(*c.key_usage & kKeyCertSign)))) {
      bad("pathLenConstraint without cA and keyCertSign (RFC 5280 §4.2.1.9)");
    }
    if (c.key_usage && (*c.key_usage & kKeyCertSign) && !c.is_ca()) {
      out.push_back(make_finding(pos, c, Rule::key_usage_inconsistent,
                                 "certificate " + quoted(c) + " asserts keyCertSign without being a CA",
                                 "keyCertSign only with basicConstraints cA", "keyCertSign without cA"));
    }
    if (c.name_constraints && !c.is_ca()) bad("nameConstraints on a certificate that is not a CA (RFC 5280 §4.2.1.10)");
    const Extension* san = find_extension(c, der::kSubjectAltName);
    if (san) {
      if (c.subject.empty() && !san->critical) bad("empty subject with a non-critical subjectAltName (RFC 5280 §4.2.1.6)");
      if (!c.subject.empty() && san->critical) bad("critical subjectAltName with a non-empty subject (CABF BRs §7.1.2.7.12)");
    } else if (c.subject.empty()) {
      bad("empty subject and no subjectAltName (RFC 5280 §4.1.2.6)");
    }
    const Extension* aia = find_extension(c, der::kAuthorityInfoAccess);
    if (aia && aia->critical) bad("authorityInfoAccess is critical (RFC 5280 §4.2.2.1 says MUST NOT)");
  }

  void eku(const Certificate& c, int pos, bool leaf, std::vector<Finding>& out) const {
    if (!c.extended_key_usage) return;
    const auto& ekus = *c.extended_key_usage;
    Input want = purpose_oid(o_.purpose);
    // CABF BRs §7.1.2.7.10: a TLS leaf lists the purpose itself; a CA may also
    // say anyExtendedKeyUsage.
    if (has_oid(ekus, want) || (!leaf && has_oid(ekus, der::kAnyExtendedKeyUsage))) return;
    out.push_back(make_finding(pos, c, Rule::extended_key_usage_mismatch,
                               "certificate " + quoted(c) + " is not for " + std::string(purpose_name(o_.purpose)) +
                                   ": its extendedKeyUsage lists " + eku_list(ekus),
                               std::string(purpose_name(o_.purpose)), eku_list(ekus),
                               leaf ? "reissue it with the " + std::string(purpose_name(o_.purpose)) + " EKU"
                                    : "this CA is restricted to other purposes"));
  }

  void identity(const Certificate& c, std::vector<Finding>& out) const {
    if (!o_.hostname && !o_.ip) return;
    std::string asked;
    bool matched = false;
    std::string have;
    size_t shown = 0;
    std::optional<std::string> ref;
    std::string ref_error;
    if (o_.hostname) {
      auto n = normalize_reference_hostname(*o_.hostname);
      if (n) {
        ref = *n;
      } else {
        ref_error = n.error().message();
      }
      asked = *o_.hostname;
    } else {
      asked = to_string(*o_.ip);
    }
    if (c.subject_alt_names) {
      for (const GeneralName& g : *c.subject_alt_names) {
        if (g.type == GeneralNameType::dns && ref) matched = matched || dns_name_matches(*ref, g.text());
        if (g.type == GeneralNameType::ip && o_.ip) matched = matched || der::equal(g.value, o_.ip->view());
        if (g.type == GeneralNameType::dns || g.type == GeneralNameType::ip) {
          if (shown++ < 12) have += (have.empty() ? "" : ", ") + to_string(g);
        }
      }
      if (shown > 12) have += ", … (" + std::to_string(shown) + " in all)";
    }
    if (matched) return;
    Rule rule = o_.ip ? Rule::ip_mismatch : Rule::hostname_mismatch;
    std::string msg = "name mismatch: asked for " + asked + ", certificate has ";
    if (!ref_error.empty()) {
      msg = "name mismatch: the hostname asked for is not valid (" + ref_error + ")";
    } else if (!c.subject_alt_names) {
      msg += "no subjectAltName (parley never matches the subject CN)";
    } else {
      msg += have.empty() ? "no DNS or IP names" : have;
    }
    out.push_back(make_finding(0, c, rule, std::move(msg), asked, have.empty() ? "no DNS or IP names" : have,
                               "reissue the certificate with " + std::string(o_.ip ? "IP:" : "DNS:") + asked +
                                   " in its subjectAltName, or connect by a name it has"));
  }

  // Path-independent rules of the leaf.
  void leaf(const Certificate& c, std::vector<Finding>& out) const {
    if (c.version != 3) {
      out.push_back(make_finding(0, c, Rule::unsupported_version,
                                 "certificate " + quoted(c) + " is X.509 v" + std::to_string(c.version) +
                                     "; only v3 certificates are accepted below the trust anchor",
                                 "v3", "v" + std::to_string(c.version), "reissue it as a v3 certificate"));
    }
    validity(c, 0, out);
    key(c, 0, out);
    profile(c, 0, false, false, out);
    if (c.is_ca() && !o_.policy.allow_ca_leaf) {
      out.push_back(make_finding(0, c, Rule::ca_used_as_leaf,
                                 "certificate " + quoted(c) + " is a CA certificate (basicConstraints cA) used as a leaf",
                                 "an end-entity certificate", "cA=TRUE",
                                 "present the server's own certificate, or pin this CA certificate explicitly"));
    }
    if (c.key_usage && !(*c.key_usage & kDigitalSignature)) {
      out.push_back(make_finding(0, c, Rule::key_usage_no_digital_signature,
                                 "certificate " + quoted(c) + " may not sign TLS handshakes: its keyUsage lacks digitalSignature",
                                 "digitalSignature", "keyUsage without digitalSignature",
                                 "reissue it with keyUsage digitalSignature"));
    }
    eku(c, 0, true, out);
    if (o_.purpose == Purpose::server_auth) common_names(c, out);
    identity(c, out);
  }

  // A subject CN that spells one of the certificate's identities differently
  // (another case, a hex or zero-padded IPv4, a non-canonical IPv6, a U-label
  // hostname) is rejected: parley ignores the CN, but a client that falls back
  // to it would read the certificate differently, and CABF BRs §7.1.4.3 says
  // the CN, if present, is one of the SAN values. A CN unrelated to the SANs
  // is ignored (BetterTLS and most x509-limbo cases expect that).
  void common_names(const Certificate& c, std::vector<Finding>& out) const {
    auto rdns = name_rdns(c.subject);
    if (!rdns || !c.subject_alt_names) return;
    for (const auto& rdn : *rdns) {
      for (const auto& atv : rdn) {
        if (!der::equal(atv.type, der::kCommonName)) continue;
        auto cn = attribute_value_to_utf8(atv.value);
        if (!cn) continue;
        if (auto why = confusable_cn(*cn, *c.subject_alt_names)) {
          out.push_back(make_finding(0, c, Rule::invalid_subject_alt_name,
                                     "certificate " + quoted(c) + " has the common name '" + *cn +
                                         "', another spelling of " + *why + " (CABF BRs §7.1.4.3)",
                                     "a CN byte-for-byte equal to a SAN, or no CN", *cn,
                                     "reissue it with the CN copied exactly from a SAN, or without a CN"));
          return;
        }
      }
    }
  }

  std::optional<std::string> confusable_cn(const std::string& cn, const std::vector<GeneralName>& sans) const {
    bool has_dot = cn.find('.') != std::string::npos;
    for (char ch : cn) {
      if (static_cast<unsigned char>(ch) >= 0x80 && has_dot) return std::string("a hostname in Unicode (U-label) form");
    }
    auto lenient_ip = lenient_ip_address(cn);
    for (const GeneralName& g : sans) {
      if (g.type == GeneralNameType::dns) {
        if (g.text() == cn) return std::nullopt;
        if (ascii_iequal(g.text(), cn)) return "DNS:" + std::string(g.text()) + " (case differs)";
      }
      if (g.type == GeneralNameType::ip && (g.value.size() == 4 || g.value.size() == 16)) {
        std::string canonical = ip_bytes_to_string(g.value);
        if (canonical == cn) return std::nullopt;
        if (lenient_ip && der::equal(lenient_ip->view(), g.value)) return "IP:" + canonical;
      }
    }
    if (o_.hostname && ascii_iequal(*o_.hostname, cn) && *o_.hostname != cn) return "the name asked for";
    if (o_.ip && lenient_ip && *lenient_ip == *o_.ip) return "the address asked for";
    return std::nullopt;
  }

  // IPv4 also as one hex number (0xC0A80101) or with zero-padded parts
  // (192.168.001.001), the forms inet_aton-style parsers accept; IPv6 in any form.
  static std::optional<IpAddress> lenient_ip_address(const std::string& s) {
    if (auto ip = parse_ip_address(s)) return *ip;
    IpAddress ip;
    ip.len = 4;
    if (s.size() > 2 && s.size() <= 10 && (s.starts_with("0x") || s.starts_with("0X"))) {
      uint32_t v = 0;
      for (size_t i = 2; i < s.size(); ++i) {
        char ch = ascii_lower(s[i]);
        int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
        if (d < 0) return std::nullopt;
        v = v << 4 | static_cast<uint32_t>(d);
      }
      for (int i = 0; i < 4; ++i) ip.bytes[static_cast<size_t>(i)] = static_cast<uint8_t>(v >> (24 - 8 * i));
      return ip;
    }
    size_t part = 0, start = 0;
    for (size_t i = 0; i <= s.size(); ++i) {
      if (i < s.size() && s[i] != '.') {
        if (s[i] < '0' || s[i] > '9' || i - start >= 4) return std::nullopt;
        continue;
      }
      if (i == start || part >= 4) return std::nullopt;
      unsigned v = static_cast<unsigned>(std::stoul(s.substr(start, i - start)));
      if (v > 255) return std::nullopt;
      ip.bytes[part++] = static_cast<uint8_t>(v);
      start = i + 1;
    }
    if (part != 4) return std::nullopt;
    return ip;
  }

  // Rules for `issuer` on top of path (position = path.size()).
  void issuer(const Path& path, const CertificatePtr& ip, bool anchor, std::vector<Finding>& out) {
    const Certificate& c = *ip;
    const int pos = static_cast<int>(path.size());
    if (!anchor && c.version != 3) {
      out.push_back(make_finding(pos, c, Rule::unsupported_version,
                                 "intermediate " + quoted(c) + " is X.509 v" + std::to_string(c.version) +
                                     "; only trust anchors may be v1",
                                 "v3", "v" + std::to_string(c.version)));
    }
    validity(c, pos, out);
    key(c, pos, out);
    profile(c, pos, true, anchor, out);
    if (anchor && c.version == 1) return;  // v1 anchors: no extensions, no constraints
    if (!c.is_ca()) {
      out.push_back(make_finding(pos, c, Rule::not_a_ca,
                                 quoted(c) + " issued " + quoted(*path.back()) + " but is not a CA" +
                                     (c.basic_constraints ? " (basicConstraints cA is FALSE)" : " (no basicConstraints)"),
                                 "basicConstraints cA=TRUE", c.basic_constraints ? "cA=FALSE" : "no basicConstraints",
                                 "a certificate can only be issued by a CA certificate"));
    }
    if (c.key_usage && !(*c.key_usage & kKeyCertSign)) {
      out.push_back(make_finding(pos, c, Rule::key_usage_no_cert_sign,
                                 "CA " + quoted(c) + " may not sign certificates: its keyUsage lacks keyCertSign",
                                 "keyCertSign", "keyUsage without keyCertSign", "reissue the CA with keyCertSign"));
    }
    // RFC 5280 §6.1.4 (l)/(m): pathLenConstraint counts the non-self-issued
    // intermediates below this CA (the leaf is not counted).
    if (c.basic_constraints && c.basic_constraints->path_len) {
      uint32_t below = 0;
      for (size_t i = 1; i < path.size(); ++i) below += path[i]->self_issued() ? 0 : 1;
      if (below > *c.basic_constraints->path_len) {
        out.push_back(make_finding(pos, c, Rule::path_length_exceeded,
                                   "CA " + quoted(c) + " allows " + std::to_string(*c.basic_constraints->path_len) +
                                       " intermediate(s) below it (pathLenConstraint) but the path has " +
                                       std::to_string(below),
                                   "≤ " + std::to_string(*c.basic_constraints->path_len) + " intermediates below",
                                   std::to_string(below) + " intermediates below"));
      }
    }
    eku(c, pos, false, out);
    if (c.name_constraints) name_constraints(path, c, pos, out);
  }

  void name_constraints(const Path& path, const Certificate& ca, int pos, std::vector<Finding>& out) {
    if (auto invalid = validate_name_constraints(*ca.name_constraints)) {
      out.push_back(make_finding(pos, ca, Rule::name_constraint_invalid,
                                 "CA " + quoted(ca) + " has invalid name constraints: " + *invalid,
                                 "well-formed name constraints", *invalid));
      return;
    }
    // RFC 5280 §6.1.3 (b)/(c): every certificate below, except self-issued
    // intermediates; the leaf always.
    for (size_t i = 0; i < path.size(); ++i) {
      const Certificate& c = *path[i];
      if (i > 0 && c.self_issued()) continue;
      NcResult r = check_name_constraints(*ca.name_constraints, c, true, nc_budget_);
      if (builder) builder->used().name_constraint_comparisons = nc_budget_.used;
      switch (r.verdict) {
        case NcVerdict::ok:
          continue;
        case NcVerdict::budget_exhausted:
          if (builder) {
            builder->exhaust("name-constraint comparisons (" + std::to_string(nc_budget_.limit) + ")");
          }
          return;
        case NcVerdict::violation:
          out.push_back(make_finding(static_cast<int>(i), c, Rule::name_constraint_violation,
                                     "name " + r.name + " of " + quoted(c) + " is outside the name constraints of CA " +
                                         quoted(ca) + " (" + r.constraint + ")",
                                     r.constraint, r.name, "this CA may only issue for the names it permits"));
          return;
        case NcVerdict::unsupported:
        case NcVerdict::invalid_constraint:
          out.push_back(make_finding(static_cast<int>(i), c, Rule::name_constraint_unsupported,
                                     "name " + r.name + " of " + quoted(c) + " is of a form that CA " + quoted(ca) +
                                         " constrains and parley cannot evaluate",
                                     "names of forms parley evaluates", r.name));
          return;
      }
    }
  }

 private:
  const VerifyOptions& o_;
  NcBudget nc_budget_;
};

}  // namespace

std::string_view purpose_name(Purpose p) { return p == Purpose::server_auth ? "serverAuth" : "clientAuth"; }

VerifyReport malformed_leaf_report(const Error& parse_error) {
  VerifyReport r;
  CandidatePath p;
  Finding f;
  f.position = 0;
  f.label = "the leaf certificate";
  f.rule = Rule::malformed_certificate;
  f.message = "the leaf certificate is malformed: " + parse_error.message();
  f.expected = "a DER X.509 v3 certificate (RFC 5280)";
  f.found = parse_error.message();
  f.hint = "reissue the certificate with a conforming CA";
  p.findings.push_back(std::move(f));
  r.paths.push_back(std::move(p));
  return r;
}

std::expected<VerifiedPath, VerifyReport> verify(const CertificatePtr& leaf,
                                                 std::span<const CertificatePtr> intermediates,
                                                 const TrustStore& store, const VerifyOptions& options) {
  Checker checker(options);
  RevocationCheck revocation(options);
  std::vector<Finding> leaf_findings;
  checker.leaf(*leaf, leaf_findings);

  PathBuilder builder(
      leaf, intermediates, store, options,
      [&](const Path& path, const CertificatePtr& c, bool anchor, std::vector<Finding>& out) {
        checker.issuer(path, c, anchor, out);
      },
      [&](const Path& path, std::vector<Finding>& out) { revocation.check(path, out); });
  checker.builder = &builder;
  revocation.builder = &builder;
  auto path = builder.build();
  if (path && leaf_findings.empty()) {
    return VerifiedPath{std::move(*path), std::move(revocation).take_statuses(), builder.used()};
  }
  VerifyReport report = std::move(builder).take_report();
  if (path) {
    // The path was fine; only the leaf's own rules failed.
    report.paths.insert(report.paths.begin(), CandidatePath{std::move(*path), true, {}});
  }
  if (!leaf_findings.empty()) {
    // Path-independent findings about the leaf belong to every path; they lead the best one.
    if (report.paths.empty()) report.paths.push_back(CandidatePath{{leaf}, false, {}});
    auto& best = report.paths.front().findings;
    bool budget_first = !best.empty() && best.front().rule == Rule::budget_exhausted;
    best.insert(best.begin() + (budget_first ? 1 : 0), leaf_findings.begin(), leaf_findings.end());
  }
  return std::unexpected(std::move(report));
}

}  // namespace parley::x509
