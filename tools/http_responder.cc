#include "http_responder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/core.h>

#include <algorithm>
#include <cctype>

namespace parley::tools {
namespace fs = std::filesystem;
namespace http = service::http;

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string make_head(int status, std::string_view content_type, uint64_t length, bool close, bool keep_alive_10) {
  static const http::Header kAllow[] = {{"Allow", "GET, HEAD, POST"}};
  return http::response_head(status, content_type, length, close, keep_alive_10,
                             status == 405 ? std::span<const http::Header>(kAllow) : std::span<const http::Header>());
}

HttpResponse error_response(int status) {
  HttpResponse r;
  r.status = status;
  r.body = fmt::format("{} {}\n", status, http::reason_phrase(status));
  return r;
}

// Fills in the head (and the connection's fate) once the body is known.
HttpResponse finish(HttpResponse r, bool close, bool keep_alive_10, std::string request_line) {
  uint64_t length = r.send_file ? r.file.size() : r.body.size();
  r.head = make_head(r.status, r.content_type, length, close, keep_alive_10 && !close);
  r.close = close;
  r.request_line = std::move(request_line);
  return r;
}

std::string_view content_type(const fs::path& p) {
  std::string ext = lower(p.extension().string());
  if (ext == ".html" || ext == ".htm") return "text/html; charset=utf-8";
  if (ext == ".txt" || ext == ".md") return "text/plain; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".pem" || ext == ".crt") return "application/x-pem-file";
  if (ext == ".crl") return "application/pkix-crl";
  if (ext == ".css") return "text/css";
  return "application/octet-stream";
}

// True when `inner` is `outer` or below it (component by component).
bool is_within(const fs::path& outer, const fs::path& inner) {
  auto o = outer.begin(), i = inner.begin();
  for (; o != outer.end(); ++o, ++i) {
    if (i == inner.end() || *o != *i) return false;
  }
  return true;
}

std::string hex(std::span<const uint8_t> bytes) {
  std::string out;
  for (uint8_t b : bytes) out += fmt::format("{:02x}", b);
  return out;
}

}  // namespace

OpenFile& OpenFile::operator=(OpenFile&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(o.fd_, -1);
    size_ = o.size_;
  }
  return *this;
}

OpenFile::~OpenFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<fs::path> resolve_under_root(const fs::path& root, std::string_view target) {
  // Absolute-form (RFC 7230 §5.3.2): keep the path.
  if (target.starts_with("http://") || target.starts_with("https://")) {
    size_t slash = target.find('/', target.find("//") + 2);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  if (target.empty() || target.front() != '/') return std::nullopt;
  target = target.substr(0, target.find_first_of("?#"));
  auto percent_decoded = http::percent_decode(target);
  if (!percent_decoded || percent_decoded->find_first_of(std::string_view("\0\\", 2)) != std::string::npos) {
    return std::nullopt;
  }
  const std::string& decoded = *percent_decoded;
  fs::path p = root;
  size_t start = 0;
  while (start <= decoded.size()) {
    size_t end = decoded.find('/', start);
    if (end == std::string::npos) end = decoded.size();
    std::string seg = decoded.substr(start, end - start);
    start = end + 1;
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") return std::nullopt;  // never climb, even when it would stay inside
    p /= seg;
  }
  std::error_code ec;
  if (fs::is_directory(p, ec)) p /= "index.html";
  fs::path real = fs::canonical(p, ec);  // resolves every symlink
  if (ec || !is_within(root, real)) return std::nullopt;
  if (!fs::is_regular_file(real, ec)) return std::nullopt;
  return real;
}

HttpResponder::HttpResponder(ConnectionSummary summary, std::optional<fs::path> root, uint64_t max_body)
    : summary_(std::move(summary)), max_body_(max_body) {
  if (root) {
    std::error_code ec;
    fs::path canon = fs::canonical(*root, ec);
    root_ = ec ? *root : canon;
  }
}

void HttpResponder::add(std::span<const uint8_t> plaintext) {
  buffer_.append(reinterpret_cast<const char*>(plaintext.data()), plaintext.size());
}

std::optional<HttpResponse> HttpResponder::next() {
  if (done_) return std::nullopt;
  if (body_) {
    // The body streams through the hash; only what is not yet hashed is held.
    size_t take = static_cast<size_t>(std::min<uint64_t>(body_->left, buffer_.size()));
    body_->sha256->update({reinterpret_cast<const uint8_t*>(buffer_.data()), take});
    buffer_.erase(0, take);
    body_->left -= take;
    if (body_->left > 0) return std::nullopt;
    Pending req = std::move(*body_);
    body_.reset();
    auto digest = req.sha256->digest();
    return respond(req, fmt::format("{} bytes, SHA-256 {}", req.length, hex(digest.view())));
  }
  auto parsed = http::parse_request_head(buffer_, kMaxHeaderBytes);
  if (std::holds_alternative<http::NeedMore>(parsed)) {
    // Only empty lines so far: RFC 9112 §2.2 lets them go.
    if (buffer_.find_first_not_of("\r\n") == std::string::npos) buffer_.clear();
    return std::nullopt;
  }
  if (auto* e = std::get_if<http::HeadError>(&parsed)) {
    done_ = true;
    return finish(error_response(e->status), true, false, e->line);
  }
  auto& [req, consumed] = std::get<http::ParsedHead>(parsed);
  if (req.content_length > max_body_) {
    done_ = true;
    return finish(error_response(413), true, false, req.line);
  }
  buffer_.erase(0, consumed);
  Pending p{req.method, req.target, req.line, req.close, req.keep_alive_10, req.content_length, req.content_length,
            crypto::openssl_provider().sha256->start()};
  if (p.left > 0) {
    body_ = std::move(p);
    return next();
  }
  return respond(p, {});
}

std::optional<HttpResponse> HttpResponder::next_from_early_data() {
  if (done_ || body_) return std::nullopt;
  const auto parsed = http::parse_request_head(buffer_, kMaxHeaderBytes);
  const auto* whole = std::get_if<http::ParsedHead>(&parsed);
  if (!whole) return std::nullopt;
  const auto& req = whole->head;
  if ((req.method != "GET" && req.method != "HEAD") || req.content_length > 0) return std::nullopt;
  auto r = next();
  if (r) r->early_data = true;
  return r;
}

// The response to a whole request; body_digest describes its body, if any.
HttpResponse HttpResponder::respond(const Pending& req, std::string body_digest) {
  HttpResponse r;
  if (req.method == "POST") {
    r = page(req.line, body_digest.empty() ? "0 bytes" : body_digest);
  } else if (req.method != "GET" && req.method != "HEAD") {
    r = error_response(405);
  } else if (root_) {
    r = file(req.target);
  } else {
    r = page(req.line, {});
  }
  r = finish(std::move(r), req.close, req.keep_alive_10, req.line);
  if (req.method == "HEAD") {  // the head says how long the body would be
    r.body.clear();
    r.send_file = false;
  }
  done_ = req.close;
  return r;
}

// The handshake's values, for a page answered after it completed.
void HttpResponder::describe_handshake(std::string& b) const {
  const ConnectionSummary& s = summary_;
  b += fmt::format("cipher suite:   {}\n", s.suite);
  b += fmt::format("key exchange:   {}{}\n", s.group, s.hello_retry ? " (after a HelloRetryRequest)" : "");
  b += fmt::format("ALPN protocol:  {}\n", s.alpn.empty() ? "none" : s.alpn);
  b += fmt::format("server name:    {}\n", s.sni.empty() ? "none sent" : s.sni);
  if (s.client_certificate) {
    b += fmt::format("client subject: {}\n", s.client_subject.empty() ? "(empty)" : s.client_subject);
    for (const auto& san : s.client_sans) b += fmt::format("client SAN:     {}\n", san);
    if (!s.client_verification.empty()) b += fmt::format("verification:   {}\n", s.client_verification);
  } else {
    b += "client:         no client certificate\n";
  }
}

HttpResponse HttpResponder::page(const std::string& request_line, const std::string& body_line) const {
  const ConnectionSummary& s = summary_;
  std::string b = "Hello from parley, a TLS 1.3 server.\n\n";
  b += fmt::format("your address:   {}\n", s.peer_address);
  b += fmt::format("TLS version:    {}\n", s.version);
  if (!s.handshake_complete) {
    b += "0-RTT:          this request came as early data and is answered before your Finished\n";
  } else {
    describe_handshake(b);
  }
  b += fmt::format("request:        {}\n", request_line);
  if (!body_line.empty()) b += fmt::format("request body:   {}\n", body_line);
  HttpResponse r;
  r.body = std::move(b);
  return r;
}

HttpResponse HttpResponder::file(const std::string& target) const {
  auto path = resolve_under_root(*root_, target);
  if (!path) return error_response(404);
  int fd = ::open(path->c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0) ::close(fd);
    return error_response(404);
  }
  HttpResponse r;
  r.file = OpenFile(fd, static_cast<uint64_t>(st.st_size));
  r.send_file = true;
  r.content_type = std::string(content_type(*path));
  return r;
}

}  // namespace parley::tools
