// async_mtls_server: mtls_server on the event-driven runtime (parley/server.h):
// accepts one mutual-TLS client on 127.0.0.1, prints the client's verified
// identity and answers its line, in a coroutine per connection.
//
//   async_mtls_server SERVER_CHAIN.pem SERVER_KEY.pem CLIENT_CA.pem [PORT]
//
// With PORT 0 (the default) the system picks one; the first line of output
// says which ("listening on 127.0.0.1:PORT").
#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <parley/parley.h>
#include <parley/server.h>

namespace {

int fail(const char* what, const parley::Error& e) {
  std::fprintf(stderr, "async_mtls_server: %s: %s\n", what, e.message().c_str());
  if (e.cert_detail) std::fprintf(stderr, "%s", parley::report_of(*e.cert_detail).text.c_str());
  return 1;
}

// Serves each connection in a coroutine; the server core runs the handshake
// (with its deadline) before serve() and closes with close_notify after it.
class Greeter final : public parley::asio::Service {
 public:
  asio::awaitable<void> serve(parley::asio::Session& s) override {
    const parley::PeerIdentity* client = s.peer();  // never null under ClientAuth::required
    std::printf("client: %s\n  %s\n", client->subject.c_str(), client->verification().c_str());
    for (const auto& uri : client->uris) std::printf("  URI:%s\n", uri.c_str());
    std::array<uint8_t, 1024> buf{};
    size_t n = co_await s.read_some(buf);
    if (n == 0) co_return;
    std::printf("client says: %.*s", static_cast<int>(n), reinterpret_cast<const char*>(buf.data()));
    std::string reply = "hello, " + client->subject + "\n";
    if (co_await s.write({reinterpret_cast<const uint8_t*>(reply.data()), reply.size()})) served = true;
  }
  // One client, then stop: the server's run() returns once it has drained.
  void ended(parley::asio::Session& s) override {
    if (!served) std::fprintf(stderr, "async_mtls_server: %s\n", s.outcome().c_str());
    std::lock_guard lock(m);
    done = true;
    cv.notify_all();
  }

  bool served = false;
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: async_mtls_server SERVER_CHAIN.pem SERVER_KEY.pem CLIENT_CA.pem [PORT]\n");
    return 2;
  }
  auto config = std::make_shared<parley::ServerConfig>();
  auto identity = parley::load_identity(argv[1], argv[2]);
  if (!identity) return fail("server certificate", identity.error());
  config->identities.push_back(std::move(*identity));
  auto client_ca = parley::load_trust_store(argv[3]);
  if (!client_ca) return fail("client CA", client_ca.error());
  config->client_ca = *client_ca;
  config->client_auth = parley::ClientAuth::required;  // mutual TLS: no certificate, no entry

  auto greeter = std::make_shared<Greeter>();
  parley::asio::ServerOptions options{.host = "127.0.0.1",
                                      .port = static_cast<uint16_t>(argc > 4 ? std::atoi(argv[4]) : 0),
                                      .threads = 1};
  auto server = parley::asio::Server::listen(config, options, greeter);
  if (!server) return fail("listen", server.error());
  std::printf("listening on 127.0.0.1:%u\n", static_cast<unsigned>((*server)->port()));
  std::fflush(stdout);

  // Drains after the first connection, or when no client came within 30 s.
  std::thread stopper([&] {
    std::unique_lock lock(greeter->m);
    if (!greeter->cv.wait_for(lock, std::chrono::seconds(30), [&] { return greeter->done; })) {
      std::fprintf(stderr, "async_mtls_server: no client within 30 s\n");
    }
    (*server)->drain();
  });
  (*server)->run();
  stopper.join();
  std::fflush(stdout);
  return greeter->served ? 0 : 1;
}
