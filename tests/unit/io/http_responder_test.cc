// The HTTP/1.x responder behind `parley serve`: request framing, keep-alive
// rules, limits, and --root confinement.
#include "http_responder.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace parley::tools {
namespace {

namespace fs = std::filesystem;

std::span<const uint8_t> bytes(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

HttpResponder page_responder() {
  ConnectionSummary s;
  s.suite = "TLS_AES_128_GCM_SHA256";
  s.group = "x25519";
  s.client_certificate = true;
  s.client_subject = "CN=orders";
  s.client_sans = {"URI:spiffe://example.org/orders"};
  return HttpResponder(s, std::nullopt);
}

TEST(HttpResponder, AnswersHttp10AndCloses) {
  auto h = page_responder();
  h.add(bytes("GET / HTTP/1.0\r\n\r\n"));
  auto r = h.next();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(r->close);
  EXPECT_NE(r->head.find("Connection: close\r\n"), std::string::npos);
  EXPECT_NE(r->body.find("URI:spiffe://example.org/orders"), std::string::npos);
  EXPECT_NE(r->body.find("TLS_AES_128_GCM_SHA256"), std::string::npos);
  EXPECT_NE(r->head.find("Content-Length: " + std::to_string(r->body.size()) + "\r\n"), std::string::npos);
}

// 0-RTT (RFC 8446 §8, RFC 8470): from early data only whole safe requests
// are answered; the first other one, and all after it, wait for next().
// The answered request's line, and whether it was answered from early data.
std::string answered(const std::optional<HttpResponse>& r) {
  return r ? r->request_line + (r->early_data ? " (early)" : "") : "(waits)";
}

TEST(HttpResponder, FromEarlyDataAnswersOnlyWholeGetAndHeadInOrder) {
  auto h = page_responder();
  h.add(bytes("GET /a HTTP/1.1\r\nHost: x\r\n\r\nHEAD /b HTTP/1.1\r\nHost: x\r\n\r\n"
              "POST /c HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhiGET /d HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(answered(h.next_from_early_data()), "GET /a HTTP/1.1 (early)");
  EXPECT_EQ(answered(h.next_from_early_data()), "HEAD /b HTTP/1.1 (early)");
  EXPECT_EQ(answered(h.next_from_early_data()), "(waits)");  // the POST, and the GET behind it
  EXPECT_EQ(answered(h.next_from_early_data()), "(waits)");
  EXPECT_EQ(answered(h.next()), "POST /c HTTP/1.1");
  EXPECT_EQ(answered(h.next()), "GET /d HTTP/1.1");
}

TEST(HttpResponder, FromEarlyDataAPartialOrBodiedGetWaits) {
  auto partial = page_responder();
  partial.add(bytes("GET /a HTTP/1.1\r\nHost: x\r\n"));
  EXPECT_FALSE(partial.next_from_early_data());
  partial.add(bytes("\r\n"));
  EXPECT_TRUE(partial.next());
  auto bodied = page_responder();
  bodied.add(bytes("GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nz"));
  EXPECT_FALSE(bodied.next_from_early_data());
  EXPECT_TRUE(bodied.next());
  auto garbage = page_responder();
  garbage.add(bytes("GET\r\n\r\n"));
  EXPECT_FALSE(garbage.next_from_early_data());  // answered (400) after the handshake
  auto refused = garbage.next();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
}

TEST(HttpResponder, TheEarlyPageSaysSoAndTheLaterOnesDescribeTheHandshake) {
  ConnectionSummary early;
  early.handshake_complete = false;
  HttpResponder h(early, std::nullopt);
  h.add(bytes("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto a = h.next_from_early_data();
  ASSERT_TRUE(a);
  EXPECT_NE(a->body.find("answered before your Finished"), std::string::npos);
  EXPECT_EQ(a->body.find("cipher suite"), std::string::npos);
  ConnectionSummary done;
  done.suite = "TLS_AES_128_GCM_SHA256";
  h.set_summary(done);
  h.add(bytes("GET /b HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto b = h.next();
  ASSERT_TRUE(b);
  EXPECT_EQ(b->body.find("answered before your Finished"), std::string::npos);
  EXPECT_NE(b->body.find("TLS_AES_128_GCM_SHA256"), std::string::npos);
}

TEST(HttpResponder, KeepsHttp11AliveAndAnswersPipelinedRequestsInOrder) {
  auto h = page_responder();
  h.add(bytes("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  auto a = h.next();
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->close);
  EXPECT_EQ(a->request_line, "GET /a HTTP/1.1");
  auto b = h.next();
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->close);
  EXPECT_EQ(b->request_line, "GET /b HTTP/1.1");
  EXPECT_FALSE(h.next());
}

TEST(HttpResponder, WaitsForARequestSplitIntoSingleBytes) {
  auto h = page_responder();
  std::string req = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  for (size_t i = 0; i + 1 < req.size(); ++i) {
    h.add(bytes(req.substr(i, 1)));
    ASSERT_FALSE(h.next()) << "answered after " << i + 1 << " bytes";
  }
  h.add(bytes(req.substr(req.size() - 1)));
  EXPECT_TRUE(h.next());
}

TEST(HttpResponder, AcceptsHeadersUpTo16KiBAndRefusesMore) {
  auto h = page_responder();
  std::string fits = "GET / HTTP/1.1\r\nX: " + std::string(16 * 1024 - 64, 'a') + "\r\n\r\n";
  h.add(bytes(fits));
  auto ok = h.next();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  auto big = page_responder();
  big.add(bytes("GET / HTTP/1.1\r\nX: " + std::string(17 * 1024, 'a')));
  auto r = big.next();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
  EXPECT_TRUE(r->close);
}

TEST(HttpResponder, RefusesMalformedRequests) {
  for (auto [req, status] : {std::pair{"garbage\r\n\r\n", 400}, {"GET / HTTP/2.0\r\n\r\n", 505},
                             {"PUT / HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi", 405},
                             {"GET / HTTP/1.1\r\nno colon here\r\n\r\n", 400},
                             {"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 501}}) {
    auto h = page_responder();
    h.add(bytes(req));
    auto r = h.next();
    ASSERT_TRUE(r) << req;
    EXPECT_EQ(r->status, status) << req;
  }
}

TEST(HttpResponder, StreamsAPostBodyThroughSha256WithoutHoldingIt) {
  auto h = page_responder();
  std::string body(1 << 20, 'p');
  h.add(bytes("POST /upload HTTP/1.1\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n"));
  for (size_t off = 0; off < body.size(); off += 16384) {
    EXPECT_FALSE(h.next());
    EXPECT_TRUE(h.has_partial_request());
    h.add(bytes(std::string_view(body).substr(off, 16384)));
  }
  auto r = h.next();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  // sha256 of 2^20 'p' bytes, from `head -c 1048576 /dev/zero | tr '\0' p | sha256sum`.
  EXPECT_NE(r->body.find("request body:   1048576 bytes, SHA-256 "
                         "bdcb28a9deb6343e0134eb10449314c675ec8a384e8c556af3c551266966969b"),
            std::string::npos)
      << r->body;
  EXPECT_FALSE(h.has_partial_request());
}

TEST(HttpResponder, RefusesABodyBeyondTheLimitWith413) {
  HttpResponder h(ConnectionSummary{}, std::nullopt, 1000);
  h.add(bytes("POST / HTTP/1.1\r\nContent-Length: 1001\r\n\r\n"));
  auto r = h.next();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_TRUE(r->close);
  HttpResponder fits(ConnectionSummary{}, std::nullopt, 1000);
  fits.add(bytes("POST / HTTP/1.1\r\nContent-Length: 1000\r\n\r\n" + std::string(1000, 'x')));
  auto ok = fits.next();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST(ResolveUnderRoot, ServesFilesInsideAndNothingOutside) {
  fs::path base = fs::temp_directory_path() / ("parley-root-test-" + std::to_string(::getpid()));
  fs::create_directories(base / "www" / "sub");
  fs::create_directories(base / "outside");
  std::ofstream(base / "www" / "sub" / "ok.txt") << "ok";
  std::ofstream(base / "outside" / "secret.txt") << "secret";
  fs::create_symlink(base / "outside" / "secret.txt", base / "www" / "link.txt");
  fs::path root = fs::canonical(base / "www");

  EXPECT_TRUE(resolve_under_root(root, "/sub/ok.txt"));
  EXPECT_TRUE(resolve_under_root(root, "/sub/./ok.txt?x=1"));
  EXPECT_TRUE(resolve_under_root(root, "/sub/%6fk.txt"));
  for (const char* bad : {"/../outside/secret.txt", "/%2e%2e/outside/secret.txt", "/sub/../../outside/secret.txt",
                          "/link.txt", "/sub/ok.txt%00", "/sub", "relative.txt", "/%zz", "/sub\\ok.txt"}) {
    EXPECT_FALSE(resolve_under_root(root, bad)) << bad;
  }
  fs::remove_all(base);
}

}  // namespace
}  // namespace parley::tools
