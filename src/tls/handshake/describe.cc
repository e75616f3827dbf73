// Observer summaries of handshake messages (events.h): code points become the
// public enums (an unknown value keeps its number), names become text.
#include <string>
#include <variant>

#include "tls/handshake/common.h"
#include "x509/certificate.h"

namespace parley::tls::handshake {
namespace {

std::string text(ByteView b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

template <class To>
std::vector<To> codes(const std::optional<std::vector<uint16_t>>& list) {
  std::vector<To> out;
  if (list) {
    for (uint16_t c : *list) out.push_back(static_cast<To>(c));
  }
  return out;
}

std::optional<size_t> cookie_length(const wire::Extensions& e) {
  return e.cookie ? std::optional<size_t>(e.cookie->size()) : std::nullopt;
}

message::ClientHello client_hello(const wire::ClientHello& m) {
  const wire::Extensions& e = m.extensions;
  message::ClientHello s;
  if (e.supported_versions) s.versions = *e.supported_versions;
  for (uint16_t c : m.cipher_suites) s.cipher_suites.push_back(static_cast<crypto::Suite>(c));
  s.groups = codes<crypto::Group>(e.supported_groups);
  if (e.key_shares) {
    for (const auto& k : *e.key_shares) s.key_share_groups.push_back(static_cast<crypto::Group>(k.group));
  }
  s.signature_algorithms = codes<crypto::SignatureScheme>(e.signature_algorithms);
  s.signature_algorithms_cert = codes<crypto::SignatureScheme>(e.signature_algorithms_cert);
  if (e.server_name) s.sni = std::string(*e.server_name);
  if (e.alpn) {
    for (ByteView p : *e.alpn) s.alpn.push_back(text(p));
  }
  s.session_id_length = m.legacy_session_id.size();
  s.cookie_length = cookie_length(e);
  return s;
}

message::CertificateRequest certificate_request(const wire::CertificateRequest& m) {
  message::CertificateRequest s;
  s.signature_algorithms = codes<crypto::SignatureScheme>(m.extensions.signature_algorithms);
  s.signature_algorithms_cert = codes<crypto::SignatureScheme>(m.extensions.signature_algorithms_cert);
  if (m.extensions.certificate_authorities) {
    for (ByteView dn : *m.extensions.certificate_authorities) {
      s.certificate_authorities.push_back(x509::to_string(x509::Name{dn}));
    }
  }
  return s;
}

message::Certificate certificate(const wire::Certificate& m, const crypto::Provider& p) {
  message::Certificate s;
  for (const auto& entry : m.certificate_list) {
    auto c = x509::Certificate::parse(entry.cert_data, *p.keys);
    if (!c) {
      s.certificates.emplace_back().parsed = false;
      continue;
    }
    s.certificates.push_back({true, x509::to_string((*c)->subject), x509::to_string((*c)->issuer),
                              iso8601((*c)->validity.not_before), iso8601((*c)->validity.not_after)});
  }
  return s;
}

}  // namespace

message::Summary describe(const wire::HandshakeMessage& msg, const crypto::Provider& p) {
  return std::visit(
      [&](const auto& m) -> message::Summary {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, wire::ClientHello>) {
          return client_hello(m);
        } else if constexpr (std::is_same_v<T, wire::ServerHello>) {
          message::ServerHello s;
          s.cipher_suite = static_cast<crypto::Suite>(m.cipher_suite);
          if (m.extensions.selected_version) s.version = *m.extensions.selected_version;
          if (const auto& share = m.extensions.server_share) s.key_share_group = static_cast<crypto::Group>(share->group);
          return s;
        } else if constexpr (std::is_same_v<T, wire::HelloRetryRequest>) {
          message::HelloRetryRequest s;
          s.cipher_suite = static_cast<crypto::Suite>(m.cipher_suite);
          s.cookie_length = cookie_length(m.extensions);
          if (m.extensions.hrr_group) s.selected_group = static_cast<crypto::Group>(*m.extensions.hrr_group);
          return s;
        } else if constexpr (std::is_same_v<T, wire::EncryptedExtensions>) {
          message::EncryptedExtensions s;
          if (m.extensions.alpn && !m.extensions.alpn->empty()) s.alpn = text(m.extensions.alpn->front());
          s.sni_acknowledged = m.extensions.server_name.has_value();
          return s;
        } else if constexpr (std::is_same_v<T, wire::CertificateRequest>) {
          return certificate_request(m);
        } else if constexpr (std::is_same_v<T, wire::Certificate>) {
          return certificate(m, p);
        } else if constexpr (std::is_same_v<T, wire::CertificateVerify>) {
          return message::CertificateVerify{static_cast<crypto::SignatureScheme>(m.algorithm)};
        } else if constexpr (std::is_same_v<T, wire::Finished>) {
          return message::Finished{};
        } else if constexpr (std::is_same_v<T, wire::NewSessionTicket>) {
          return message::NewSessionTicket{m.ticket_lifetime, m.extensions.max_early_data_size};
        } else if constexpr (std::is_same_v<T, wire::EndOfEarlyData>) {
          return message::EndOfEarlyData{};
        } else {
          static_assert(std::is_same_v<T, wire::KeyUpdate>);
          return message::KeyUpdate{m.request_update == wire::KeyUpdateRequest::update_requested};
        }
      },
      msg);
}

}  // namespace parley::tls::handshake
