#include "tls/handshake/cert_selection.h"

#include "tls/handshake/common.h"
#include "x509/hostname.h"

namespace parley::tls::handshake {
namespace {

bool leaf_matches(const x509::Certificate& leaf, std::string_view sni) {
  if (!leaf.subject_alt_names) return false;
  auto reference = x509::normalize_reference_hostname(sni);
  if (!reference) return false;
  for (const auto& n : *leaf.subject_alt_names) {
    if (n.type == x509::GeneralNameType::dns && x509::dns_name_matches(*reference, n.text())) return true;
  }
  return false;
}

}  // namespace

std::optional<Selected> select_server_identity(std::span<const Identity> identities,
                                               std::optional<std::string_view> sni,
                                               std::span<const uint16_t> client_schemes,
                                               std::span<const uint16_t> our_schemes) {
  std::optional<Selected> fallback;
  for (const auto& id : identities) {
    if (id.chain.empty() || !id.key) continue;
    auto scheme = choose_signature_scheme(*id.key, client_schemes, our_schemes);
    if (!scheme) continue;
    if (sni && leaf_matches(*id.chain.front(), *sni)) return Selected{&id, *scheme};
    if (!fallback) fallback = Selected{&id, *scheme};
  }
  return fallback;
}

std::optional<Selected> select_client_identity(const Identity* identity, const wire::Extensions& request,
                                               std::span<const uint16_t> our_schemes) {
  if (!identity || identity->chain.empty() || !identity->key || !request.signature_algorithms) return std::nullopt;
  auto scheme = choose_signature_scheme(*identity->key, *request.signature_algorithms, our_schemes);
  if (!scheme) return std::nullopt;
  if (request.certificate_authorities && !request.certificate_authorities->empty()) {
    // §4.2.4: the CAs the server accepts; any issuer on our chain will do.
    bool hinted = false;
    for (const auto& cert : identity->chain) {
      for (auto dn : *request.certificate_authorities) {
        if (x509::names_match(cert->issuer, x509::Name{dn}) || x509::names_match(cert->subject, x509::Name{dn})) {
          hinted = true;
        }
      }
    }
    if (!hinted) return std::nullopt;
  }
  return Selected{identity, *scheme};
}

}  // namespace parley::tls::handshake
