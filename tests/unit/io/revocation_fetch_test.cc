// io::HttpRevocationFetcher against a one-thread HTTP server on 127.0.0.1:
// OCSP first, the CRL when the responder cannot be reached, each certificate
// fetched once, and the URL kept as the evidence's origin.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

#include "io/revocation_fetch.h"
#include "pki_fixture.h"

namespace parley::io {
namespace {

using x509::testing::kInterExt;
using x509::testing::kRootExt;
using x509::testing::leaf_ext;
using x509::testing::Pki;

// A TCP socket bound to 127.0.0.1 on a free port.
int bound_loopback(uint16_t& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), len), 0);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  port = ntohs(a.sin_port);
  return fd;
}

// Answers every request with 200 and `body` until stopped; counts the requests.
class TinyHttp {
 public:
  explicit TinyHttp(std::vector<uint8_t> body) : body_(std::move(body)) {
    fd_ = bound_loopback(port_);
    EXPECT_EQ(::listen(fd_, 8), 0);
    thread_ = std::thread([this] { serve(); });
  }
  ~TinyHttp() {
    ::shutdown(fd_, SHUT_RDWR);
    thread_.join();
    ::close(fd_);
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  int requests() const { return requests_; }

 private:
  void serve() {
    for (int i = 0; i < 16; ++i) {  // bounded: a test makes a few requests
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      ++requests_;
      char buf[4096];
      (void)::recv(c, buf, sizeof buf, 0);  // the request head (and a small body) in one read is enough here
      const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body_.size()) +
                               "\r\nConnection: close\r\n\r\n";
      (void)::send(c, head.data(), head.size(), MSG_NOSIGNAL);
      (void)::send(c, body_.data(), body_.size(), MSG_NOSIGNAL);
      ::close(c);
    }
  }
  std::vector<uint8_t> body_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<int> requests_{0};
};

// A port nobody listens on (bound, then closed).
std::string refused_url() {
  uint16_t port = 0;
  ::close(bound_loopback(port));
  return "http://127.0.0.1:" + std::to_string(port) + "/ocsp";
}

x509::CertificatePtr root() { return Pki::get().cert({"root", "/CN=Fetch Root", "", kRootExt}); }
x509::CertificatePtr inter() {
  root();
  return Pki::get().cert({"inter", "/CN=Fetch Inter", "root", kInterExt});
}

FetchLimits short_limits() {
  FetchLimits l;
  l.timeout = std::chrono::milliseconds(2000);
  return l;
}

TEST(HttpRevocationFetcher, FetchesOcspOnceAndKeepsTheUrl) {
  inter();
  Pki::get().cert({"ocsp-leaf", "/CN=ocsp-leaf", "inter", leaf_ext("DNS:a.example")});
  TinyHttp server(Pki::get().ocsp("inter", "ocsp-leaf", "good", "inter"));
  const auto leaf = Pki::get().cert(
      {"ocsp-leaf-url", "/CN=ocsp-leaf", "inter",
       leaf_ext("DNS:a.example", "authorityInfoAccess=OCSP;URI:" + server.url("/ocsp") + "\n")});
  const HttpRevocationFetcher fetcher(short_limits(), *crypto::openssl_provider().rng);
  const auto first = fetcher.fetch(*leaf, *inter());
  const auto second = fetcher.fetch(*leaf, *inter());
  EXPECT_EQ(server.requests(), 1);
  ASSERT_EQ(first.ocsp.size(), 1u);
  EXPECT_EQ(first.ocsp[0].source, x509::EvidenceSource::ocsp_fetched);
  EXPECT_EQ(first.ocsp[0].origin, server.url("/ocsp"));
  EXPECT_EQ(second.ocsp.size(), 1u);
  ASSERT_EQ(fetcher.log().size(), 1u);
  EXPECT_NE(fetcher.log()[0].find("successful response fetched"), std::string::npos) << fetcher.log()[0];
}

TEST(HttpRevocationFetcher, FallsBackToTheCrlWhenTheResponderIsUnreachable) {
  const auto crl = Pki::get().crl("inter", {});
  TinyHttp server(std::vector<uint8_t>(crl->der().begin(), crl->der().end()));
  const auto leaf = Pki::get().cert(
      {"crl-leaf", "/CN=crl-leaf", "inter",
       leaf_ext("DNS:b.example", "authorityInfoAccess=OCSP;URI:" + refused_url() +
                                     "\ncrlDistributionPoints=URI:" + server.url("/inter.crl") + "\n")});
  const HttpRevocationFetcher fetcher(short_limits(), *crypto::openssl_provider().rng);
  const auto e = fetcher.fetch(*leaf, *inter());
  EXPECT_TRUE(e.ocsp.empty());
  ASSERT_EQ(e.crls.size(), 1u);
  EXPECT_EQ(e.crls[0].origin, server.url("/inter.crl"));
  const auto log = fetcher.log();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_NE(log[0].find("failed"), std::string::npos) << log[0];
  EXPECT_NE(log[1].find(": fetched"), std::string::npos) << log[1];
}

TEST(HttpRevocationFetcher, SaysWhenACertificateNamesNoUrl) {
  const auto leaf = Pki::get().cert({"no-url-leaf", "/CN=no-url", "inter", leaf_ext("DNS:c.example")});
  inter();
  const HttpRevocationFetcher fetcher(short_limits(), *crypto::openssl_provider().rng);
  const auto e = fetcher.fetch(*leaf, *inter());
  EXPECT_TRUE(e.ocsp.empty() && e.crls.empty());
  ASSERT_EQ(fetcher.log().size(), 1u);
  EXPECT_NE(fetcher.log()[0].find("names no OCSP responder and no CRL distribution point"), std::string::npos);
}

}  // namespace
}  // namespace parley::io
