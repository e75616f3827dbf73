#include "service/http/message.h"

#include <algorithm>
#include <cctype>
#include <ctime>

namespace parley::service::http {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

// Splits "METHOD SP target SP version" (RFC 9112 §3); false when malformed.
bool split_request_line(RequestHead& req) {
  size_t a = req.line.find(' ');
  size_t b = a == std::string::npos ? a : req.line.find(' ', a + 1);
  if (b == std::string::npos || req.line.find(' ', b + 1) != std::string::npos) return false;
  req.method = req.line.substr(0, a);
  req.target = req.line.substr(a + 1, b - a - 1);
  req.version = req.line.substr(b + 1);
  return !req.method.empty() && !req.target.empty();
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (text.size() - i < 3) return std::nullopt;
      int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    out.push_back(c);
  }
  return out;
}

HeadResult parse_request_head(std::string_view buffer, size_t max_head) {
  const size_t skip = std::min(buffer.find_first_not_of("\r\n"), buffer.size());
  std::string_view rest = buffer.substr(skip);
  if (rest.empty()) return NeedMore{};

  size_t end = rest.find("\r\n\r\n");
  size_t sep = 4;
  if (size_t lf = rest.find("\n\n"); lf != std::string_view::npos && (end == std::string_view::npos || lf < end)) {
    end = lf;
    sep = 2;
  }
  if (end == std::string_view::npos) {
    if (rest.size() > max_head) return HeadError{431, {}};
    return NeedMore{};
  }
  if (end + sep > max_head) return HeadError{431, {}};

  std::string_view head = rest.substr(0, end);
  RequestHead req;
  size_t line_end = head.find('\n');
  req.line = trim(head.substr(0, line_end));
  auto bad = [&](int status) { return HeadError{status, req.line}; };
  if (!split_request_line(req)) return bad(400);
  if (req.version != "HTTP/1.1" && req.version != "HTTP/1.0") return bad(req.version.starts_with("HTTP/") ? 505 : 400);
  const bool http10 = req.version == "HTTP/1.0";
  req.close = http10;
  bool chunked = false, have_length = false;
  size_t pos = line_end == std::string_view::npos ? head.size() : line_end + 1;
  while (pos < head.size()) {
    size_t nl = head.find('\n', pos);
    if (nl == std::string_view::npos) nl = head.size();
    std::string_view line = head.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t colon = line.find(':');
    // RFC 9112 §5.1-5.2: no space before the colon, no obsolete line folding.
    if (colon == std::string_view::npos || colon == 0 || line.front() == ' ' || line.front() == '\t') return bad(400);
    std::string name = lower(line.substr(0, colon));
    if (name.find_first_of(" \t") != std::string::npos) return bad(400);
    std::string value = lower(trim(line.substr(colon + 1)));
    if (name == "connection") {
      if (value.find("close") != std::string::npos) req.close = true;
      if (http10 && value.find("keep-alive") != std::string::npos) {
        req.close = false;
        req.keep_alive_10 = true;
      }
    } else if (name == "content-length") {
      // Two lengths could be read differently by a proxy in front (§6.3):
      // refused. 18 digits cannot overflow 64 bits; any real limit is far below.
      if (have_length || value.empty() || value.size() > 18 ||
          value.find_first_not_of("0123456789") != std::string::npos) {
        return bad(400);
      }
      req.content_length = std::stoull(value);
      have_length = true;
    } else if (name == "transfer-encoding") {
      chunked = true;
    }
  }
  if (chunked) return bad(501);
  return ParsedHead{std::move(req), skip + end + sep};
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
  }
  return "Error";
}

std::string http_date(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::string response_head(int status, std::string_view content_type, uint64_t content_length, bool close,
                          bool keep_alive_10, std::span<const Header> extra) {
  std::string h = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason_phrase(status)) +
                  "\r\nServer: parley/0.1\r\nDate: " + http_date(std::time(nullptr)) + "\r\nContent-Type: " +
                  std::string(content_type) + "\r\nContent-Length: " + std::to_string(content_length) + "\r\n";
  for (const auto& f : extra) h += f.name + ": " + f.value + "\r\n";
  if (close) {
    h += "Connection: close\r\n";
  } else if (keep_alive_10) {
    h += "Connection: keep-alive\r\n";
  }
  return h + "\r\n";
}

}  // namespace parley::service::http
