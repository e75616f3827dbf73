// A small, bounded HTTP/1.1 client for fetching revocation evidence: OCSP
// responses (RFC 6960 Appendix A: POST of application/ocsp-request) and CRLs
// (RFC 5280 §4.2.1.13) from the http:// URLs in certificates. Both are signed
// objects, so plain HTTP is what the RFCs use and the only scheme here.
//
// Bounded in every way a hostile or broken server could stretch it: one
// deadline for the whole exchange (name lookup aside: getaddrinfo is not
// interruptible; use addresses or a local resolver), a cap on the response
// head and body, redirects refused (a 3xx is an error naming the Location),
// and only "200 OK" accepted. Bodies come with Content-Length, chunked, or
// until the server closes. Blocking; one request per connection
// (Connection: close).
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parley/error.h"

namespace parley::io {

struct HttpUrl {
  std::string host;  // a name, an IPv4 address, or an IPv6 address without brackets
  uint16_t port = 80;
  std::string target;  // path and query, "/" when empty

  // http://host[:port][/path]; https and other schemes are refused.
  static Result<HttpUrl> parse(std::string_view url);
};

struct FetchLimits {
  std::chrono::milliseconds timeout{5000};  // the whole exchange
  size_t max_body = 1024 * 1024;
  size_t max_head = 16 * 1024;
};

// GET url; the body of a 200 response.
Result<std::vector<uint8_t>> http_get(std::string_view url, const FetchLimits& limits = {});
// POST body with content_type to url; the body of a 200 response.
Result<std::vector<uint8_t>> http_post(std::string_view url, std::string_view content_type,
                                       std::span<const uint8_t> body, const FetchLimits& limits = {});

}  // namespace parley::io
