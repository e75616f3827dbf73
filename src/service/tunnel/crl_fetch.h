// CRLs published at http:// URLs (--crl URL): fetched when the tunnel starts,
// again before each one's nextUpdate (at half the time left, between one
// minute and one hour; a minute after a failure) and on SIGHUP.
//
// Plain HTTP is what RFC 5280 §4.2.1.13 publishes CRLs over: the CRL is a
// signed object, so a fetched one is taken only when it verifies here, at
// fetch time, against a CA certificate the tunnel knows (the trust anchors,
// or a CA certificate of our own chain), is current (thisUpdate passed,
// nextUpdate ahead) and is not older than the one it replaces. Otherwise the
// previous CRL of that URL stays, with a log line: an attacker on the path
// can withhold a new CRL (until the old one's nextUpdate) but not forge or
// roll one back.
//
// The fetches run on a thread of their own: http_get blocks (up to its
// timeout) and must not hold up the io threads' handshakes.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "io/http_fetch.h"
#include "parley/config.h"
#include "x509/crl.h"

namespace parley::tunnel {

// Whether a --crl argument names a URL to fetch rather than a file.
bool is_crl_url(std::string_view arg);

// Whether crl can replace `current` (null: none yet): signed by one of
// issuers (a CA whose keyUsage, if any, allows cRLSign), current at `now`,
// a complete CRL, and not older than `current`. The error says which rule.
Result<void> check_fetched_crl(const x509::Crl& crl, std::span<const x509::CertificatePtr> issuers,
                               const x509::Crl* current, int64_t now);

class CrlFetcher {
 public:
  using LogSink = std::function<void(std::string)>;
  static constexpr std::chrono::seconds kMinRefresh{60}, kMaxRefresh{3600};

  // Fetches every URL once, now. Under RevocationPolicy::hard a URL that
  // yields no usable CRL refuses the start; otherwise each failure is logged.
  static Result<std::unique_ptr<CrlFetcher>> start(std::vector<std::string> urls, RevocationPolicy policy,
                                                   std::vector<x509::CertificatePtr> issuers, LogSink log);
  ~CrlFetcher();
  CrlFetcher(const CrlFetcher&) = delete;
  CrlFetcher& operator=(const CrlFetcher&) = delete;

  // The CRLs in force: the last good one of each URL.
  std::vector<x509::CrlPtr> crls() const;
  // The CA certificates later CRLs must be signed by (after a reload).
  void set_issuers(std::vector<x509::CertificatePtr> issuers);
  // Starts refreshing on schedule; `changed` runs (on the fetch thread) when
  // a fetch replaced a CRL.
  void run(std::function<void()> changed);
  // Fetch every URL now (SIGHUP); returns at once.
  void wake();

 private:
  struct Source {
    std::string url;
    x509::CrlPtr crl;
    std::chrono::steady_clock::time_point due;
  };
  CrlFetcher(std::vector<std::string> urls, std::vector<x509::CertificatePtr> issuers, LogSink log);
  // Fetches one source; true when its CRL was replaced.
  Result<bool> fetch(Source& source);
  void loop();

  LogSink log_;
  io::FetchLimits limits_;
  mutable std::mutex m_;  // sources_' CRLs and due times, issuers_, the flags
  std::vector<Source> sources_;
  std::vector<x509::CertificatePtr> issuers_;
  std::condition_variable cv_;
  bool stop_ = false, woken_ = false;
  std::function<void()> changed_;
  std::thread thread_;
};

}  // namespace parley::tunnel
