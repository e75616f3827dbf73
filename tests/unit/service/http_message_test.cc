// HTTP/1.x request heads, sans I/O: what is a whole head, what is refused and with which status.
#include "service/http/message.h"

#include <gtest/gtest.h>

namespace parley::service::http {
namespace {

ParsedHead parsed(std::string_view text) {
  auto r = parse_request_head(text);
  EXPECT_TRUE(std::holds_alternative<ParsedHead>(r)) << text;
  return std::holds_alternative<ParsedHead>(r) ? std::get<ParsedHead>(r) : ParsedHead{};
}

int refused(std::string_view text, size_t max_head = kMaxHeadBytes) {
  auto r = parse_request_head(text, max_head);
  if (!std::holds_alternative<HeadError>(r)) return 0;
  return std::get<HeadError>(r).status;
}

TEST(HttpMessage, ParsesAPostHeadAndSaysWhereTheBodyStarts) {
  std::string req = "\r\nPOST /ocsp HTTP/1.1\r\nHost: x\r\nContent-Type: application/ocsp-request\r\n"
                    "Content-Length: 5\r\n\r\nhello";
  auto p = parsed(req);
  EXPECT_EQ(p.head.method, "POST");
  EXPECT_EQ(p.head.target, "/ocsp");
  EXPECT_EQ(p.head.line, "POST /ocsp HTTP/1.1");
  EXPECT_EQ(p.head.content_length, 5u);
  EXPECT_FALSE(p.head.close);
  EXPECT_EQ(req.substr(p.consumed), "hello");
}

TEST(HttpMessage, ConnectionRulesOfHttp10And11) {
  EXPECT_TRUE(parsed("GET / HTTP/1.0\r\n\r\n").head.close);
  auto ka = parsed("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").head;
  EXPECT_FALSE(ka.close);
  EXPECT_TRUE(ka.keep_alive_10);
  EXPECT_TRUE(parsed("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").head.close);
  EXPECT_FALSE(parsed("GET / HTTP/1.1\n\n").head.close) << "bare LF line ends";
}

TEST(HttpMessage, WaitsForTheEndOfTheHead) {
  EXPECT_TRUE(std::holds_alternative<NeedMore>(parse_request_head("")));
  EXPECT_TRUE(std::holds_alternative<NeedMore>(parse_request_head("\r\n\r\n")));
  EXPECT_TRUE(std::holds_alternative<NeedMore>(parse_request_head("GET / HTTP/1.1\r\nHost: x\r\n")));
}

TEST(HttpMessage, RefusesWithTheRightStatus) {
  EXPECT_EQ(refused("GET /\r\n\r\n"), 400);
  EXPECT_EQ(refused("GET  / HTTP/1.1\r\n\r\n"), 400);
  EXPECT_EQ(refused("GET / HTTP/2\r\n\r\n"), 505);
  EXPECT_EQ(refused("GET / SMTP\r\n\r\n"), 400);
  EXPECT_EQ(refused("GET / HTTP/1.1\r\nNoColon\r\n\r\n"), 400);
  EXPECT_EQ(refused("GET / HTTP/1.1\r\nHost : x\r\n\r\n"), 400);
  EXPECT_EQ(refused("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n"), 400);
  EXPECT_EQ(refused("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"), 400);
  EXPECT_EQ(refused("POST / HTTP/1.1\r\nContent-Length: 1e3\r\n\r\n"), 400);
  EXPECT_EQ(refused("POST / HTTP/1.1\r\nContent-Length: 1234567890123456789\r\n\r\n"), 400);
  EXPECT_EQ(refused("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"), 400);
  EXPECT_EQ(refused("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"), 501);
}

TEST(HttpMessage, BoundsTheHeadWithOrWithoutItsEnd) {
  std::string big = "GET / HTTP/1.1\r\nX: " + std::string(100, 'a');
  EXPECT_EQ(refused(big, 64), 431) << "no end in sight";
  EXPECT_EQ(refused(big + "\r\n\r\n", 64), 431) << "an end beyond the bound";
  EXPECT_EQ(refused(big + "\r\n\r\n", 200), 0);
}

TEST(HttpMessage, PercentDecoding) {
  EXPECT_EQ(percent_decode("MEUw%2BQ%3d%3D"), "MEUw+Q==");
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_FALSE(percent_decode("%"));
  EXPECT_FALSE(percent_decode("%4"));
  EXPECT_FALSE(percent_decode("%zz"));
}

TEST(HttpMessage, ResponseHeadCarriesLengthAndExtraFields) {
  Header extra[] = {{"Cache-Control", "max-age=60"}};
  auto h = response_head(200, "application/ocsp-response", 7, true, false, extra);
  EXPECT_TRUE(h.starts_with("HTTP/1.1 200 OK\r\n"));
  EXPECT_NE(h.find("Content-Length: 7\r\n"), std::string::npos);
  EXPECT_NE(h.find("Cache-Control: max-age=60\r\n"), std::string::npos);
  EXPECT_NE(h.find("Connection: close\r\n"), std::string::npos);
  EXPECT_TRUE(h.ends_with("\r\n\r\n"));
  EXPECT_EQ(http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
}

}  // namespace
}  // namespace parley::service::http
