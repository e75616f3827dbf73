#include "io/http_fetch.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>

namespace parley::io {
namespace {

using Clock = std::chrono::steady_clock;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// One exchange on one connection, with one deadline.
class Exchange {
 public:
  Exchange(const HttpUrl& url, const FetchLimits& limits, std::string_view what)
      : url_(url), limits_(limits), what_(what), deadline_(Clock::now() + limits.timeout) {}

  Result<std::vector<uint8_t>> run(std::string_view request) {
    PARLEY_TRY(connect());
    PARLEY_TRY(send_all(request));
    return read_response();
  }

 private:
  Unexpected fail(std::string detail) const {
    return err::io("HTTP fetch failed", std::string(what_) + " http://" + url_.host + ":" +
                                            std::to_string(url_.port) + url_.target + ": " + std::move(detail));
  }

  Result<void> wait(short events) {
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now()).count();
      if (left <= 0) {
        return fail("no answer within " + std::to_string(limits_.timeout.count()) + " ms (the total timeout)");
      }
      pollfd p{fd_->get(), events, 0};
      int n = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left, 60'000)));
      if (n > 0) return {};
      if (n < 0 && errno != EINTR) return fail(std::string("poll: ") + std::strerror(errno));
    }
  }

  Result<void> connect() {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(url_.port);
    if (int rc = ::getaddrinfo(url_.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
      return fail(std::string("cannot resolve the host: ") + ::gai_strerror(rc));
    }
    std::string last = "no address";
    for (addrinfo* a = found; a; a = a->ai_next) {
      fd_.emplace(::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol));
      if (fd_->get() < 0) continue;
      if (::connect(fd_->get(), a->ai_addr, a->ai_addrlen) == 0) break;
      if (errno != EINPROGRESS) {
        last = std::strerror(errno);
        fd_.reset();
        continue;
      }
      if (auto w = wait(POLLOUT); !w) {
        ::freeaddrinfo(found);
        return w;
      }
      int so_error = 0;
      socklen_t len = sizeof so_error;
      ::getsockopt(fd_->get(), SOL_SOCKET, SO_ERROR, &so_error, &len);
      if (so_error == 0) break;
      last = std::strerror(so_error);
      fd_.reset();
    }
    ::freeaddrinfo(found);
    if (!fd_ || fd_->get() < 0) return fail("cannot connect: " + last);
    return {};
  }

  Result<void> send_all(std::string_view data) {
    while (!data.empty()) {
      PARLEY_TRY(wait(POLLOUT));
      ssize_t n = ::send(fd_->get(), data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) continue;
        return fail(std::string("send: ") + std::strerror(errno));
      }
      data.remove_prefix(static_cast<size_t>(n));
    }
    return {};
  }

  // Appends what arrives to buf_; false at end of stream.
  Result<bool> read_more(size_t cap) {
    PARLEY_TRY(wait(POLLIN));
    char chunk[16 * 1024];
    ssize_t n = ::recv(fd_->get(), chunk, sizeof chunk, 0);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) return true;
      return fail(std::string("recv: ") + std::strerror(errno));
    }
    if (n == 0) return false;
    if (buf_.size() + static_cast<size_t>(n) > cap) {
      return fail("the response is larger than the " + std::to_string(cap) + "-byte limit");
    }
    buf_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  Result<std::vector<uint8_t>> read_response() {
    const size_t cap = limits_.max_head + limits_.max_body + 64;
    size_t head_end = std::string::npos;
    while ((head_end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (buf_.size() > limits_.max_head) return fail("the response head is over " + std::to_string(limits_.max_head) + " bytes");
      if (!PARLEY_TRY(read_more(cap))) return fail("the server closed the connection before a complete response head");
    }
    const std::string head = buf_.substr(0, head_end);
    buf_.erase(0, head_end + 4);

    // Status-Line = HTTP-version SP status-code SP reason-phrase (RFC 9112 §4).
    const size_t line_end = head.find("\r\n");
    const std::string status_line = head.substr(0, line_end);
    int status = 0;
    if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12 ||
        std::from_chars(status_line.data() + 9, status_line.data() + 12, status).ec != std::errc{}) {
      return fail("not an HTTP/1.x response: '" + status_line.substr(0, 40) + "'");
    }
    std::optional<size_t> content_length;
    bool chunked = false;
    std::string location;
    for (size_t at = line_end; at != std::string::npos && at < head.size();) {
      const size_t start = at + 2;
      const size_t end = head.find("\r\n", start);
      const std::string line = head.substr(start, end == std::string::npos ? std::string::npos : end - start);
      at = end;
      const size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      const std::string name = lower(line.substr(0, colon));
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(" \t"));
      value.erase(value.find_last_not_of(" \t") + 1);
      if (name == "content-length") {
        size_t n = 0;
        if (std::from_chars(value.data(), value.data() + value.size(), n).ec != std::errc{}) {
          return fail("a malformed Content-Length: '" + value + "'");
        }
        content_length = n;
      } else if (name == "transfer-encoding") {
        chunked = lower(value) == "chunked";
        if (!chunked) return fail("unsupported Transfer-Encoding '" + value + "'");
      } else if (name == "location") {
        location = value;
      }
    }
    if (status >= 300 && status < 400) {
      return fail("the server redirects (HTTP " + std::to_string(status) + " to '" + location +
                  "'), and redirects are refused: use the final URL");
    }
    if (status != 200) return fail("HTTP status " + status_line.substr(9));
    if (content_length && *content_length > limits_.max_body) {
      return fail("the body (" + std::to_string(*content_length) + " bytes) is over the " +
                  std::to_string(limits_.max_body) + "-byte limit");
    }
    std::string body = chunked ? PARLEY_TRY(read_chunked(cap)) : PARLEY_TRY(read_body(content_length, cap));
    return std::vector<uint8_t>(body.begin(), body.end());
  }

  Result<std::string> read_body(std::optional<size_t> length, size_t cap) {
    while (!length || buf_.size() < *length) {
      if (!PARLEY_TRY(read_more(cap))) {
        if (length) return fail("the server closed the connection in the middle of the body");
        break;
      }
      if (buf_.size() > limits_.max_body) return fail("the body is over the " + std::to_string(limits_.max_body) + "-byte limit");
    }
    if (length) buf_.resize(*length);
    return std::move(buf_);
  }

  // RFC 9112 §7.1: chunk-size [ext] CRLF data CRLF ... 0 CRLF [trailers] CRLF.
  Result<std::string> read_chunked(size_t cap) {
    std::string body;
    size_t at = 0;
    auto need = [&](size_t n) -> Result<void> {
      while (buf_.size() < at + n) {
        if (!PARLEY_TRY(read_more(cap))) return fail("the server closed the connection inside a chunk");
      }
      return {};
    };
    for (;;) {
      size_t eol;
      while ((eol = buf_.find("\r\n", at)) == std::string::npos) {
        if (buf_.size() - at > 1024) return fail("a chunk-size line over 1024 bytes");
        if (!PARLEY_TRY(read_more(cap))) return fail("the server closed the connection inside a chunk");
      }
      size_t size = 0;
      auto [p, ec] = std::from_chars(buf_.data() + at, buf_.data() + eol, size, 16);
      if (ec != std::errc{} || p == buf_.data() + at) return fail("a malformed chunk size");
      at = eol + 2;
      if (size == 0) return body;  // trailers are not read: the connection closes
      if (body.size() + size > limits_.max_body) {
        return fail("the body is over the " + std::to_string(limits_.max_body) + "-byte limit");
      }
      PARLEY_TRY(need(size + 2));
      body.append(buf_, at, size);
      at += size + 2;
    }
  }

  const HttpUrl& url_;
  const FetchLimits& limits_;
  std::string_view what_;
  Clock::time_point deadline_;
  std::optional<Fd> fd_;
  std::string buf_;
};

std::string host_header(const HttpUrl& url) {
  std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  return url.port == 80 ? host : host + ":" + std::to_string(url.port);
}

Result<std::vector<uint8_t>> exchange(std::string_view url_text, std::string_view method,
                                      std::string_view content_type, std::span<const uint8_t> body,
                                      const FetchLimits& limits) {
  const HttpUrl url = PARLEY_TRY(HttpUrl::parse(url_text));
  std::string request = std::string(method) + " " + url.target + " HTTP/1.1\r\nHost: " + host_header(url) +
                        "\r\nUser-Agent: parley\r\nConnection: close\r\n";
  if (method == "POST") {
    request += "Content-Type: " + std::string(content_type) + "\r\nContent-Length: " + std::to_string(body.size()) +
               "\r\n";
  }
  request += "\r\n";
  request.append(body.begin(), body.end());
  return Exchange(url, limits, method).run(request);
}

}  // namespace

Result<HttpUrl> HttpUrl::parse(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (url.size() < kScheme.size() || lower(url.substr(0, kScheme.size())) != kScheme) {
    return err::api("URL: only http:// is fetched (OCSP responses and CRLs are signed)", std::string(url));
  }
  std::string_view rest = url.substr(kScheme.size());
  const size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  HttpUrl out;
  out.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (out.target.front() == '?') out.target.insert(0, "/");
  if (authority.find('@') != std::string_view::npos) return err::api("URL: user information is not accepted", std::string(url));
  std::string_view port_text;
  if (authority.starts_with("[")) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return err::api("URL: unterminated IPv6 address", std::string(url));
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return err::api("URL: junk after the IPv6 address", std::string(url));
      port_text = after.substr(1);
    }
  } else {
    const size_t colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (out.host.empty()) return err::api("URL: no host", std::string(url));
  if (!port_text.empty()) {
    unsigned port = 0;
    auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || p != port_text.data() + port_text.size() || port == 0 || port > 65535) {
      return err::api("URL: invalid port", std::string(url));
    }
    out.port = static_cast<uint16_t>(port);
  }
  for (char c : out.target) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return err::api("URL: a control character or space in the path", std::string(url));
  }
  return out;
}

Result<std::vector<uint8_t>> http_get(std::string_view url, const FetchLimits& limits) {
  return exchange(url, "GET", {}, {}, limits);
}

Result<std::vector<uint8_t>> http_post(std::string_view url, std::string_view content_type,
                                       std::span<const uint8_t> body, const FetchLimits& limits) {
  return exchange(url, "POST", content_type, body, limits);
}

}  // namespace parley::io
