#include "service/tunnel/crl_fetch.h"

#include <algorithm>
#include <ctime>
#include <utility>

#include "der/pem.h"
#include "der/time.h"

namespace parley::tunnel {
namespace {

// CRLs of large CAs run to megabytes; the default 1 MiB body cap is for OCSP.
constexpr size_t kMaxCrlBytes = 16 * 1024 * 1024;

// INTEGER contents as an unsigned magnitude: leading zero octets dropped.
der::Input magnitude(der::Input v) {
  while (!v.empty() && v.front() == 0) v = v.subspan(1);
  return v;
}

// a < b for two cRLNumbers (RFC 5280 §5.2.3: non-negative, monotonically increasing).
bool older_number(der::Input a, der::Input b) {
  a = magnitude(a);
  b = magnitude(b);
  if (a.size() != b.size()) return a.size() < b.size();
  return std::ranges::lexicographical_compare(a, b);
}

Result<x509::CrlPtr> parse_one_crl(std::span<const uint8_t> body) {
  // RFC 5280 §4.2.1.13 publishes DER; PEM is accepted too, as some servers serve it.
  auto ders = PARLEY_TRY(der::pem_or_der_objects(body, {"X509 CRL"}));
  if (ders.size() != 1) {
    return err::decode("expected one CRL in the response", "found " + std::to_string(ders.size()));
  }
  return x509::Crl::parse(ders.front());
}

// A fetched CRL that may not replace the one in force.
Unexpected refused(const char* what, std::string detail) {
  return err::make(Error::Kind::Certificate, std::nullopt, what, std::move(detail));
}

std::chrono::seconds refresh_after(const x509::Crl& crl, int64_t now) {
  const int64_t left = crl.next_update.value_or(now) - now;
  return std::clamp(std::chrono::seconds(left / 2), CrlFetcher::kMinRefresh, CrlFetcher::kMaxRefresh);
}

}  // namespace

bool is_crl_url(std::string_view arg) { return arg.starts_with("http://") || arg.starts_with("https://"); }

Result<void> check_fetched_crl(const x509::Crl& crl, std::span<const x509::CertificatePtr> issuers,
                               const x509::Crl* current, int64_t now) {
  auto signer = std::ranges::find_if(issuers, [&](const x509::CertificatePtr& c) {
    return c->public_key && x509::names_match(c->subject, crl.issuer) && crl.signature_algorithm.alg &&
           !crl.signature_algorithm.weak &&
           c->public_key->verify(*crl.signature_algorithm.alg, crl.tbs, crl.signature).has_value();
  });
  if (signer == issuers.end()) {
    return refused("the CRL's signature does not verify against a CA certificate the tunnel knows",
                       "its issuer '" + x509::to_string(crl.issuer) + "' is not among the trust anchors (--client-ca/--ca) or our own chain's CAs, or the "
                       "signature is wrong; add the CRL issuer's certificate to the CA file");
  }
  if ((*signer)->key_usage && !(*(*signer)->key_usage & x509::kCrlSign)) {
    return refused("the CRL's issuer may not sign CRLs (RFC 5280 §4.2.1.3)", "its keyUsage lacks cRLSign");
  }
  if (crl.delta_crl) return refused("the CRL is a delta CRL, which parley does not process", "deltaCRLIndicator present");
  if (crl.this_update > now) {
    return refused("the CRL is not valid yet", "thisUpdate " + der::format_rfc3339(crl.this_update));
  }
  if (!crl.next_update || *crl.next_update <= now) {
    return refused("the CRL is out of date (RFC 5280 §5.1.2.5)",
                       crl.next_update ? "nextUpdate " + der::format_rfc3339(*crl.next_update) : "no nextUpdate");
  }
  if (current) {
    const bool older = crl.crl_number && current->crl_number ? older_number(*crl.crl_number, *current->crl_number)
                                                             : crl.this_update < current->this_update;
    if (older) {
      return refused("the CRL is older than the one in force (a rollback)",
                         "thisUpdate " + der::format_rfc3339(crl.this_update) + ", in force " +
                             der::format_rfc3339(current->this_update));
    }
  }
  return {};
}

CrlFetcher::CrlFetcher(std::vector<std::string> urls, std::vector<x509::CertificatePtr> issuers, LogSink log)
    : log_(std::move(log)), issuers_(std::move(issuers)) {
  limits_.max_body = kMaxCrlBytes;
  for (auto& url : urls) sources_.push_back(Source{std::move(url), nullptr, {}});
}

Result<std::unique_ptr<CrlFetcher>> CrlFetcher::start(std::vector<std::string> urls, RevocationPolicy policy,
                                                      std::vector<x509::CertificatePtr> issuers, LogSink log) {
  std::unique_ptr<CrlFetcher> f(new CrlFetcher(std::move(urls), std::move(issuers), std::move(log)));
  for (auto& source : f->sources_) {
    if (auto r = f->fetch(source); !r) {
      if (policy == RevocationPolicy::hard) {
        return err::api("--revocation hard needs every --crl, and one did not load",
                        source.url + ": " + r.error().message() +
                            "; make the URL serve a current CRL signed by a CA the tunnel knows, or start with "
                            "--revocation soft");
      }
    }
  }
  return f;
}

CrlFetcher::~CrlFetcher() {
  {
    std::lock_guard lock(m_);
    stop_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::vector<x509::CrlPtr> CrlFetcher::crls() const {
  std::lock_guard lock(m_);
  std::vector<x509::CrlPtr> out;
  for (const auto& s : sources_) {
    if (s.crl) out.push_back(s.crl);
  }
  return out;
}

void CrlFetcher::set_issuers(std::vector<x509::CertificatePtr> issuers) {
  std::lock_guard lock(m_);
  issuers_ = std::move(issuers);
}

void CrlFetcher::run(std::function<void()> changed) {
  changed_ = std::move(changed);
  thread_ = std::thread([this] { loop(); });
}

void CrlFetcher::wake() {
  {
    std::lock_guard lock(m_);
    woken_ = true;
  }
  cv_.notify_one();
}

Result<bool> CrlFetcher::fetch(Source& source) {
  const int64_t now = std::time(nullptr);
  x509::CrlPtr current;
  std::vector<x509::CertificatePtr> issuers;
  {
    std::lock_guard lock(m_);
    current = source.crl;
    issuers = issuers_;
    // Whatever happens, not again before the shortest interval.
    source.due = std::chrono::steady_clock::now() + kMinRefresh;
  }
  auto checked = [&]() -> Result<x509::CrlPtr> {
    auto crl = PARLEY_TRY(parse_one_crl(PARLEY_TRY(io::http_get(source.url, limits_))));
    if (current && std::ranges::equal(crl->der(), current->der())) return crl;
    PARLEY_TRY(check_fetched_crl(*crl, issuers, current.get(), now));
    return crl;
  }();
  if (!checked) {
    log_("CRL from " + source.url + " refused, " + (current ? "the previous one stays" : "none in force") + ": " +
         checked.error().message());
    return Unexpected(checked.error());
  }
  const auto after = refresh_after(**checked, now);
  const bool replaced = !current || !std::ranges::equal((*checked)->der(), current->der());
  {
    std::lock_guard lock(m_);
    source.due = std::chrono::steady_clock::now() + after;
    if (replaced) source.crl = *checked;
  }
  log_("CRL from " + source.url + (replaced ? " loaded: " : " unchanged: ") + std::to_string((*checked)->revoked.size()) +
       " revoked, nextUpdate " + der::format_rfc3339((*checked)->next_update.value_or(0)) + "; next fetch in " +
       std::to_string(after.count()) + " s");
  return replaced;
}

void CrlFetcher::loop() {
  std::unique_lock lock(m_);
  for (;;) {
    auto due = std::chrono::steady_clock::time_point::max();
    for (const auto& s : sources_) due = std::min(due, s.due);
    cv_.wait_until(lock, due, [&] { return stop_ || woken_ || std::chrono::steady_clock::now() >= due; });
    if (stop_) return;
    const bool woken = std::exchange(woken_, false);
    lock.unlock();
    // On a wake every URL is fetched; on schedule, only those due (the others
    // are not yet, and fetching them early costs their publishers).
    const auto now = std::chrono::steady_clock::now();
    bool replaced = false;
    for (auto& source : sources_) {
      bool is_due;
      {
        std::lock_guard guard(m_);
        is_due = source.due <= now;
      }
      if (is_due || woken) replaced = fetch(source).value_or(false) || replaced;
    }
    if (replaced) changed_();
    lock.lock();
  }
}

}  // namespace parley::tunnel
