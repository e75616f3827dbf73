#include "trace/doctor_probe.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "parley/io.h"
#include "trace/dissect.h"

namespace parley::trace {
namespace {

using Clock = std::chrono::steady_clock;

struct Socket {
  int fd = -1;
  ~Socket() {
    if (fd >= 0) ::close(fd);
  }
};

int millis_left(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::max<int64_t>(left, 0));
}

// Records the real verifier's verdict and accepts the chain as sent, so the
// probe learns what the server does after its certificate.
class RecordingVerifier final : public tls::verify::ServerCertVerifier {
 public:
  RecordingVerifier(std::shared_ptr<const tls::verify::ServerCertVerifier> real, HandshakeProbe& out)
      : real_(std::move(real)), out_(out) {}

  Result<tls::verify::VerifiedChain> verify_server(const tls::verify::VerifyInput& input) const override {
    auto chain = PARLEY_TRY(tls::verify::parse_chain(input.chain, *crypto::openssl_provider().keys));
    out_.chain = chain;
    auto verdict = real_->verify_server(input);
    if (verdict) {
      out_.verified = *verdict;
      return verdict;
    }
    out_.rejected = verdict.error().cert_detail;
    tls::verify::VerifiedChain accepted;
    accepted.path = std::move(chain);
    return accepted;
  }

 private:
  std::shared_ptr<const tls::verify::ServerCertVerifier> real_;
  HandshakeProbe& out_;
};

class ProbeObserver final : public HandshakeObserver {
 public:
  explicit ProbeObserver(HandshakeProbe& out) : out_(out) {}
  void on_event(const HandshakeEvent& e) override {
    const auto* m = e.get<MessageEvent>();
    if (m == nullptr || e.kind != HandshakeEvent::Kind::message_received) return;
    if (const auto* cr = std::get_if<message::CertificateRequest>(&m->message)) out_.certificate_request = *cr;
    if (const auto* t = std::get_if<message::NewSessionTicket>(&m->message)) {
      out_.tickets.push_back(*t);
      // §4.6.1: a ticket that allows 0-RTT carries early_data with max_early_data_size.
      for (const auto& f : dissect(m->bytes)) {
        if (f.label == "max_early_data_size") out_.early_data_in_ticket = true;
      }
    }
  }

 private:
  HandshakeProbe& out_;
};

}  // namespace

Dialed dial(const Target& t) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* res = nullptr;
  if (int rc = ::getaddrinfo(t.host.c_str(), t.port.c_str(), &hints, &res); rc != 0) {
    return {-1, std::string("cannot resolve ") + t.host + ": " + ::gai_strerror(rc), false};
  }
  Dialed out{-1, "no address", false};
  for (addrinfo* a = res; a != nullptr && out.fd < 0; a = a->ai_next) {
    Socket s{::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol)};
    if (s.fd < 0) {
      out.error = std::strerror(errno);
      continue;
    }
    int rc = ::connect(s.fd, a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd p{s.fd, POLLOUT, 0};
      rc = ::poll(&p, 1, static_cast<int>(t.timeout.count()));
      int so_error = 0;
      socklen_t len = sizeof so_error;
      if (rc == 0) {
        out.error = "timed out";
        out.timed_out = true;
        rc = -1;
      } else if (rc > 0 && ::getsockopt(s.fd, SOL_SOCKET, SO_ERROR, &so_error, &len) == 0 && so_error == 0) {
        rc = 0;
      } else {
        out.error = std::strerror(so_error != 0 ? so_error : errno);
        rc = -1;
      }
    } else if (rc != 0) {
      out.error = std::strerror(errno);
    }
    if (rc == 0) {
      out = {s.fd, "", false};
      s.fd = -1;
    }
  }
  ::freeaddrinfo(res);
  return out;
}

RawAnswer raw_probe(const Target& t, std::span<const uint8_t> client_hello, std::string& error) {
  RawAnswer out;
  auto d = dial(t);
  if (d.fd < 0) {
    error = d.error;
    return out;
  }
  Socket s{d.fd};
  if (::send(s.fd, client_hello.data(), client_hello.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(client_hello.size())) {
    error = "cannot send the ClientHello";
    return out;
  }
  // The first record, whole (a ServerHello fits in a few hundred bytes), or what came within the timeout.
  auto deadline = Clock::now() + t.timeout;
  std::vector<uint8_t>& b = out.bytes;
  size_t want = 5;
  while (b.size() < want) {
    pollfd p{s.fd, POLLIN, 0};
    if (::poll(&p, 1, millis_left(deadline)) <= 0) break;
    uint8_t buf[4096];
    ssize_t n = ::recv(s.fd, buf, std::min(sizeof buf, want - b.size()), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    b.insert(b.end(), buf, buf + n);
    // §5.1: a record is a type, 0x03 0x0N and a 16-bit length (at most 2^14 + 256).
    if (b.size() == 5 && b[1] == 0x03) want = 5 + std::min<size_t>(static_cast<size_t>(b[3] << 8 | b[4]), 16384 + 256);
    // Not TLS: a little more of it, to say what it is, without waiting long.
    if (b.size() == 5 && b[1] != 0x03) {
      want = 64;
      deadline = std::min(deadline, Clock::now() + std::chrono::milliseconds(500));
    }
  }
  if (b.empty()) {
    out.kind = RawAnswer::Kind::closed;
    return out;
  }
  const bool tls = b.size() >= 3 && b[1] == 0x03 && b[2] <= 0x04;
  if (tls && b[0] == 21 && b.size() >= 7) {
    out.kind = RawAnswer::Kind::tls_alert;
    out.alert_description = b[6];
  } else if (tls && b[0] == 22) {
    out.kind = RawAnswer::Kind::tls_handshake;
    // A ServerHello (type 2): §4.2.1 says supported_versions picks TLS 1.3;
    // without it the server chose its legacy_version.
    if (b.size() >= 11 && b[5] == 2) {
      out.server_version = static_cast<uint16_t>(b[9] << 8 | b[10]);
      const size_t length = 4 + static_cast<size_t>(b[6] << 16 | b[7] << 8 | b[8]);
      for (const auto& f : dissect(std::span(b).subspan(5, std::min(length, b.size() - 5)))) {
        if (f.label == "selected_version" && f.offset + 2 <= b.size() - 5) {
          out.server_version = static_cast<uint16_t>(b[5 + f.offset] << 8 | b[5 + f.offset + 1]);
        }
      }
    }
  } else {
    out.kind = RawAnswer::Kind::not_tls;
  }
  return out;
}

HandshakeProbe handshake_probe(const Target& t, std::shared_ptr<ClientConfig> cfg, bool linger) {
  HandshakeProbe out;
  auto real = cfg->verifier;
  if (!real) {  // the verifier the Connection would build (connection.cc)
    tls::verify::X509VerifierOptions o;
    o.crls = cfg->crls;
    o.revocation = cfg->revocation;
    o.keys = cfg->provider->keys;
    real = tls::verify::x509_server_verifier(cfg->trust_store, std::move(o));
  }
  cfg->verifier = std::make_shared<RecordingVerifier>(real, out);
  auto d = dial(t);
  if (d.fd < 0) {
    out.connect_error = d.error;
    return out;
  }
  Socket s{d.fd};
  auto conn = Connection::client(cfg, t.name);
  if (!conn) {
    out.error = conn.error();
    return out;
  }
  ProbeObserver observer(out);
  conn->set_observer(&observer);
  io::BlockingDriver driver(s.fd, *conn, io::Timeouts{t.timeout, t.timeout, t.timeout});
  if (auto hs = driver.handshake(); !hs) {
    out.error = hs.error();
    return out;
  }
  out.completed = true;
  out.negotiated = *conn->negotiated();
  if (!linger) return out;
  // §4.4.2.4: a server that rejects our certificate (or its absence) says so
  // after our Finished; tickets (§4.6.1) come then too. A short wait sees both.
  const auto deadline = Clock::now() + std::min(t.timeout, std::chrono::milliseconds(1500));
  while (Clock::now() < deadline) {
    auto r = driver.receive(std::chrono::milliseconds(millis_left(deadline)));
    if (!r) {
      out.error = r.error();
      break;
    }
    if (*r != io::BlockingDriver::Received::data) break;
  }
  return out;
}

}  // namespace parley::trace
