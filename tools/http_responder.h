// The small HTTP/1.0 and HTTP/1.1 server behind `parley serve`, sans I/O:
// plaintext from the TLS connection goes in, whole responses come out.
//
// One request at a time, in order (pipelined requests wait in the buffer).
// A request line and headers may take up to 16 KiB (431 beyond); a request
// may arrive in any number of pieces. A request body (Content-Length) is
// streamed through SHA-256 and dropped, never buffered whole: POST answers
// with its byte count and digest; beyond the body limit, 413. HTTP/1.1 connections stay open unless
// the client says "Connection: close"; HTTP/1.0 ones close unless it says
// "Connection: keep-alive". Without a root directory every GET gets the page
// describing the TLS connection; with one, GET and HEAD serve the files under
// it and nothing outside it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <utility>
#include <string>
#include <vector>

#include "crypto/provider.h"
#include "service/http/message.h"

namespace parley::tools {

// What the page tells the client about its connection.
struct ConnectionSummary {
  std::string peer_address;  // "127.0.0.1:51234"
  std::string version = "TLS 1.3";
  std::string suite;
  std::string group;
  std::string alpn;  // empty: none
  std::string sni;   // empty: none
  bool hello_retry = false;
  bool client_certificate = false;
  std::string client_subject;
  std::vector<std::string> client_sans;  // "URI:spiffe://…", "DNS:…"
  std::string client_verification;       // the verifier's one-line account
  // Before the client's Finished (answering 0-RTT data): the handshake's
  // values above are not published yet.
  bool handshake_complete = true;
};

// An open file to send after a response head; closed on destruction.
class OpenFile {
 public:
  OpenFile() = default;
  explicit OpenFile(int fd, uint64_t size) : fd_(fd), size_(size) {}
  OpenFile(OpenFile&& o) noexcept : fd_(std::exchange(o.fd_, -1)), size_(o.size_) {}
  OpenFile& operator=(OpenFile&& o) noexcept;
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  ~OpenFile();
  int fd() const { return fd_; }
  uint64_t size() const { return size_; }

 private:
  int fd_ = -1;
  uint64_t size_ = 0;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string head;  // status line, headers and the empty line
  std::string body;  // the whole body, unless `file` is set
  OpenFile file;     // a file body of file.size() bytes (HEAD: not sent)
  bool send_file = false;
  bool close = false;        // close the connection after this response
  std::string request_line;  // for the log ("GET /x HTTP/1.1"), may be empty for garbage
  bool early_data = false;   // answered from 0-RTT data, before the client's Finished
};

class HttpResponder {
 public:
  static constexpr size_t kMaxHeaderBytes = service::http::kMaxHeadBytes;
  static constexpr uint64_t kDefaultMaxBody = uint64_t{1} << 30;

  HttpResponder(ConnectionSummary summary, std::optional<std::filesystem::path> root,
                uint64_t max_body = kDefaultMaxBody);

  void add(std::span<const uint8_t> plaintext);
  // The response to the next complete request, or nullopt when the buffer
  // does not hold one yet. After a response with close set, nothing more.
  std::optional<HttpResponse> next();
  // next() for plaintext that came as 0-RTT early data, which an attacker
  // may replay (RFC 8446 §8, RFC 8470 §2): only a whole GET or HEAD without a
  // body (safe methods, RFC 9110 §9.2.1) is answered; for anything else
  // nullopt, and the request waits for next() once the handshake is complete.
  std::optional<HttpResponse> next_from_early_data();
  // The handshake completed: later pages describe it.
  void set_summary(ConnectionSummary summary) { summary_ = std::move(summary); }
  // Bytes of an unfinished request are waiting.
  bool has_partial_request() const { return !buffer_.empty() || body_.has_value(); }

  // A request whose head is parsed, while its body streams through.
  struct Pending {
    std::string method, target, line;
    bool close = false, keep_alive_10 = false;
    uint64_t length = 0, left = 0;
    std::unique_ptr<crypto::HashCtx> sha256;
  };

 private:
  HttpResponse respond(const Pending& req, std::string body_digest);
  HttpResponse page(const std::string& request_line, const std::string& body_line) const;
  void describe_handshake(std::string& b) const;
  HttpResponse file(const std::string& target) const;

  ConnectionSummary summary_;
  std::optional<std::filesystem::path> root_;  // canonical
  uint64_t max_body_;
  std::string buffer_;
  std::optional<Pending> body_;
  bool done_ = false;
};

// "/a/b%20c.txt?x" under root -> the canonical path of an existing regular file
// inside root, or nullopt: no "..", NUL, bad escapes or symlinks leaving root.
std::optional<std::filesystem::path> resolve_under_root(const std::filesystem::path& root, std::string_view target);

}  // namespace parley::tools
