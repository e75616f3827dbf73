// HTTP/1.x messages (RFC 9112), sans I/O: the request head as a client sends
// it, parsed strictly and within a bound, and the response head we send.
// Shared by the plain HTTP server (server.h) and the HTTPS responder behind
// `parley serve`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace parley::service::http {

// What a request line and its header fields may take together (431 beyond).
inline constexpr size_t kMaxHeadBytes = 16 * 1024;

struct RequestHead {
  std::string method, target, version;
  std::string line;             // "GET /x HTTP/1.1", for logs
  bool close = false;           // the connection closes after the response
  bool keep_alive_10 = false;   // an HTTP/1.0 client asked to keep the connection
  uint64_t content_length = 0;  // the body that follows the head
};

// The buffer does not hold a whole head yet (and is within the bound).
struct NeedMore {};
// A head was found: `consumed` bytes of the buffer (empty lines before the
// request line included) make it up; the body, if any, follows.
struct ParsedHead {
  RequestHead head;
  size_t consumed = 0;
};
// The request cannot be answered: reply `status` and close the connection.
// 400 malformed, 431 head too large, 501 Transfer-Encoding (no chunked bodies
// here), 505 an HTTP version other than 1.0 and 1.1.
struct HeadError {
  int status = 400;
  std::string line;  // the request line when one was read, for logs
};
using HeadResult = std::variant<NeedMore, ParsedHead, HeadError>;

// The request head at the start of buffer. RFC 9112 §2.2: empty lines before
// the request line are skipped; bare LF line ends are accepted. HTTP/1.1
// connections persist unless "Connection: close"; HTTP/1.0 ones close unless
// "Connection: keep-alive" (§9.3). Content-Length must be digits only (§6.3).
HeadResult parse_request_head(std::string_view buffer, size_t max_head = kMaxHeadBytes);

// The octets of a percent-encoded string (RFC 3986 §2.1); nullopt when a "%"
// is not followed by two hex digits. "+" stays "+" (it is not form data).
std::optional<std::string> percent_decode(std::string_view text);

// "OK", "Not Found", ... ("Error" for codes not listed).
std::string_view reason_phrase(int status);
// The IMF-fixdate of a Unix time (RFC 9110 §5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date(int64_t unix_seconds);

struct Header {
  std::string name, value;
};

// Status line, Server, Date, Content-Type, Content-Length, the extra fields,
// Connection when it must be said, and the empty line.
std::string response_head(int status, std::string_view content_type, uint64_t content_length, bool close,
                          bool keep_alive_10, std::span<const Header> extra = {});

}  // namespace parley::service::http
