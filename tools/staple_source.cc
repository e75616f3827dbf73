#include "staple_source.h"

#include <algorithm>

#include "files.h"
#include "io/revocation_fetch.h"
#include "parley/credentials.h"

namespace parley::tools {

Result<std::shared_ptr<const OcspStaple>> load_staple(const std::string& source, const Identity& identity, int64_t now,
                                                      std::chrono::milliseconds fetch_timeout) {
  if (source != kAutoStaple) {
    const auto der = PARLEY_TRY(read_file(source));
    auto staple = make_ocsp_staple(identity, der, now);
    if (!staple) return err::api("--ocsp-staple: not stapled", source + ": " + staple.error().message());
    return staple;
  }
  if (identity.chain.size() < 2) {
    return err::api("--ocsp-staple auto: the OCSP request names the issuer, so --cert must carry the chain",
                    identity.chain.empty() ? "no certificate" : identity.chain.front()->label());
  }
  if (identity.chain.front()->ocsp_urls.empty()) {
    return err::api("--ocsp-staple auto: the certificate names no OCSP responder (authorityInfoAccess)",
                    identity.chain.front()->label());
  }
  io::FetchLimits limits;
  limits.timeout = fetch_timeout;
  const io::HttpRevocationFetcher fetcher(limits, *crypto::openssl_provider().rng);
  auto fetched = fetcher.fetch(*identity.chain[0], *identity.chain[1]);
  if (fetched.ocsp.empty()) {
    const auto log = fetcher.log();
    std::string why = log.empty() ? "nothing fetched" : log.front();
    return err::io("--ocsp-staple auto: no OCSP response", why);
  }
  auto staple = make_ocsp_staple(identity, fetched.ocsp.front().response->der(), now, identity.chain[1]);
  if (!staple) return err::io("--ocsp-staple auto: the fetched response is not stapled", staple.error().message());
  return staple;
}

std::optional<int64_t> staple_refresh_time(const ServerConfig& config) {
  std::optional<int64_t> when;
  for (const auto& s : config.ocsp_staples) {
    const int64_t half = s->this_update + (s->expires - s->this_update) / 2;
    when = when ? std::min(*when, half) : half;
  }
  return when;
}

}  // namespace parley::tools
