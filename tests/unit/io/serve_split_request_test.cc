// `parley serve` as TLS conformance probes (tlsfuzzer) drive it, without a
// socket: a TLS server Connection feeding the HttpResponder behind `serve`.
// The client splits its request over many records with zero-length
// application-data records and KeyUpdates in between; the responder sees the
// request only once it is whole, answers it once, and the answer (head and
// body) goes back in one TLS record.
#include <gtest/gtest.h>

#include <string>

#include "http_responder.h"
#include "unit/tls/pair/pair_util.h"

namespace parley::pairtest {
namespace {

std::span<const uint8_t> bytes_of(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

TEST(ServeSplitRequest, ResponderAnswersOnceTheSplitRequestIsWholeInOneRecord) {
  auto [client, server] = established_pair("Serve Split CA");
  ASSERT_EQ(client.error(), nullptr) << client.error()->message();
  ASSERT_EQ(server.error(), nullptr) << server.error()->message();

  tools::ConnectionSummary summary;
  summary.suite = "TLS_AES_128_GCM_SHA256";
  tools::HttpResponder http(summary, std::nullopt);

  const std::string request = "GET / HTTP/1.1\r\nHost: server.test\r\nX-Pad: " + std::string(600, 'p') + "\r\n\r\n";
  std::optional<tools::HttpResponse> response;
  size_t answered_at = 0;
  for (size_t at = 0, i = 0; at < request.size(); ++i) {
    const size_t n = std::min<size_t>(1 + i % 5, request.size() - at);
    ASSERT_TRUE(client.write(bytes_of(std::string_view(request).substr(at, n))));
    at += n;
    ASSERT_TRUE(tls::ConnectionInternals::send_record(client, tls::wire::ContentType::application_data, {}));
    if (i % 40 == 39) {
      ASSERT_TRUE(client.key_update(i % 80 == 79));
    }
    pump(client, server);
    ASSERT_EQ(server.error(), nullptr) << server.error()->message();
    uint8_t buf[256];
    while (size_t got = server.read(buf)) http.add({buf, got});
    if (auto r = http.next()) {
      ASSERT_FALSE(response) << "answered twice";
      response = std::move(r);
      answered_at = at;
    }
  }
  ASSERT_TRUE(response) << "the whole request never produced a response";
  EXPECT_EQ(answered_at, request.size()) << "answered before the request was whole";
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->request_line, "GET / HTTP/1.1");
  EXPECT_FALSE(response->close);
  EXPECT_FALSE(http.has_partial_request());

  // As cmd_serve's send_response: head and body in one write, one record.
  const std::string whole = response->head + response->body;
  ASSERT_LT(whole.size(), size_t{16384});
  ASSERT_TRUE(server.write(bytes_of(whole)));
  auto out = server.pending_output();
  ASSERT_GE(out.size(), 5u);
  const size_t record_len = size_t{out[3]} << 8 | out[4];
  EXPECT_EQ(out.size(), 5 + record_len) << "the response took more than one record";
  pump(client, server);
  std::string got;
  uint8_t buf[512];
  while (size_t n = client.read(buf)) got.append(reinterpret_cast<const char*>(buf), n);
  EXPECT_EQ(got, whole);
}

}  // namespace
}  // namespace parley::pairtest
