// Observer descriptions of handshake messages (events.h lists the field names).
#include <string>
#include <variant>

#include "crypto/scheme.h"
#include "tls/handshake/common.h"
#include "x509/certificate.h"

namespace parley::tls::handshake {
namespace {

std::string hex16(uint16_t v) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s = "0x";
  for (int shift = 12; shift >= 0; shift -= 4) s += kHex[(v >> shift) & 0xf];
  return s;
}

std::string suite_name(uint16_t id, const crypto::Provider& p) {
  if (const auto* s = p.suite(static_cast<crypto::Suite>(id))) return std::string(s->name);
  return wire::is_grease(id) ? "GREASE" : hex16(id);
}
std::string group_name(uint16_t id, const crypto::Provider& p) {
  if (const auto* g = p.group(static_cast<crypto::Group>(id))) return std::string(g->name());
  return wire::is_grease(id) ? "GREASE" : hex16(id);
}
std::string scheme_text(uint16_t id) {
  auto n = crypto::scheme_name(id);
  return n == "unknown" ? hex16(id) : std::string(n);
}
std::string version_name(uint16_t v) {
  switch (v) {
    case 0x0304: return "TLS 1.3";
    case 0x0303: return "TLS 1.2";
    case 0x0302: return "TLS 1.1";
    case 0x0301: return "TLS 1.0";
    default: return wire::is_grease(v) ? "GREASE" : hex16(v);
  }
}
std::string text(ByteView b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

template <class F>
std::vector<std::string> map(const auto& list, F f) {
  std::vector<std::string> out;
  for (const auto& x : list) out.push_back(f(x));
  return out;
}

void add_common(std::vector<EventField>& f, const wire::Extensions& e, const crypto::Provider& p) {
  if (e.supported_versions) f.push_back({"versions", map(*e.supported_versions, version_name)});
  if (e.selected_version) f.push_back({"version", {version_name(*e.selected_version)}});
  if (e.supported_groups) f.push_back({"groups", map(*e.supported_groups, [&](uint16_t g) { return group_name(g, p); })});
  if (e.key_shares) {
    f.push_back({"key_share_groups", map(*e.key_shares, [&](const wire::KeyShareEntry& k) { return group_name(k.group, p); })});
  }
  if (e.server_share) f.push_back({"key_share_group", {group_name(e.server_share->group, p)}});
  if (e.hrr_group) f.push_back({"selected_group", {group_name(*e.hrr_group, p)}});
  if (e.signature_algorithms) f.push_back({"signature_algorithms", map(*e.signature_algorithms, scheme_text)});
  if (e.signature_algorithms_cert) {
    f.push_back({"signature_algorithms_cert", map(*e.signature_algorithms_cert, scheme_text)});
  }
  if (e.server_name) {
    if (e.server_name->empty()) {
      f.push_back({"sni_acknowledged", {"yes"}});
    } else {
      f.push_back({"sni", {std::string(*e.server_name)}});
    }
  }
  if (e.alpn) f.push_back({"alpn", map(*e.alpn, text)});
  if (e.cookie) f.push_back({"cookie", {std::to_string(e.cookie->size()) + " bytes"}});
  if (e.certificate_authorities) {
    f.push_back({"certificate_authorities", map(*e.certificate_authorities, [](ByteView dn) {
                   return x509::to_string(x509::Name{dn});
                 })});
  }
}

}  // namespace

std::string_view describe_name(const wire::HandshakeMessage& msg) {
  static constexpr std::string_view kNames[] = {
      "ClientHello", "ServerHello", "HelloRetryRequest", "EncryptedExtensions", "CertificateRequest",
      "Certificate", "CertificateVerify", "Finished", "NewSessionTicket", "KeyUpdate"};
  return kNames[msg.index()];
}

std::vector<EventField> describe(const wire::HandshakeMessage& msg, const crypto::Provider& p) {
  std::vector<EventField> f;
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, wire::ClientHello>) {
          f.push_back({"cipher_suites", map(m.cipher_suites, [&](uint16_t s) { return suite_name(s, p); })});
          f.push_back({"session_id_length", {std::to_string(m.legacy_session_id.size())}});
          add_common(f, m.extensions, p);
        } else if constexpr (std::is_same_v<T, wire::ServerHello> || std::is_same_v<T, wire::HelloRetryRequest>) {
          f.push_back({"cipher_suite", {suite_name(m.cipher_suite, p)}});
          add_common(f, m.extensions, p);
        } else if constexpr (std::is_same_v<T, wire::EncryptedExtensions> ||
                             std::is_same_v<T, wire::CertificateRequest>) {
          add_common(f, m.extensions, p);
        } else if constexpr (std::is_same_v<T, wire::Certificate>) {
          EventField subjects{"subjects", {}}, issuers{"issuers", {}}, nb{"not_before", {}}, na{"not_after", {}};
          for (const auto& entry : m.certificate_list) {
            auto c = x509::Certificate::parse(entry.cert_data, *p.keys);
            if (!c) {
              subjects.values.push_back("(unparsable certificate)");
              continue;
            }
            subjects.values.push_back(x509::to_string((*c)->subject));
            issuers.values.push_back(x509::to_string((*c)->issuer));
            nb.values.push_back(iso8601((*c)->validity.not_before));
            na.values.push_back(iso8601((*c)->validity.not_after));
          }
          f.push_back(std::move(subjects));
          f.push_back(std::move(issuers));
          f.push_back(std::move(nb));
          f.push_back(std::move(na));
        } else if constexpr (std::is_same_v<T, wire::CertificateVerify>) {
          f.push_back({"signature_scheme", {scheme_text(m.algorithm)}});
        } else if constexpr (std::is_same_v<T, wire::KeyUpdate>) {
          f.push_back({"update_requested",
                       {m.request_update == wire::KeyUpdateRequest::update_requested ? "yes" : "no"}});
        } else if constexpr (std::is_same_v<T, wire::NewSessionTicket>) {
          f.push_back({"lifetime_seconds", {std::to_string(m.ticket_lifetime)}});
        }
      },
      msg);
  return f;
}

}  // namespace parley::tls::handshake
