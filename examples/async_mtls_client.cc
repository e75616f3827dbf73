// async_mtls_client: mtls_client with Asio coroutines and parley::asio::stream:
// connects to a mutual-TLS server on 127.0.0.1, checks its certificate for
// SERVER_NAME, prints the server's verified identity, sends one line and
// prints the answer.
//
//   async_mtls_client CLIENT_CHAIN.pem CLIENT_KEY.pem SERVER_CA.pem SERVER_NAME PORT
#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <parley/asio.h>
#include <parley/parley.h>

namespace {

using asio::ip::tcp;

int fail(const char* what, const parley::Error& e) {
  std::fprintf(stderr, "async_mtls_client: %s: %s\n", what, e.message().c_str());
  if (e.cert_detail) std::fprintf(stderr, "%s", parley::report_of(*e.cert_detail).text.c_str());
  return 1;
}

// Errors arrive as exceptions (use_awaitable) carrying a std::error_code; a
// TLS failure's full text is in the Connection (connection().error()).
asio::awaitable<int> talk(parley::asio::stream<tcp::socket>& tls, uint16_t port) {
  co_await tls.next_layer().async_connect({asio::ip::make_address("127.0.0.1"), port}, asio::use_awaitable);
  // Our Finished waits to leave in one write with the line below.
  tls.hold_last_flight(true);
  co_await tls.async_handshake(asio::use_awaitable);

  const parley::PeerIdentity* server = tls.connection().peer();
  const parley::Negotiated* negotiated = tls.connection().negotiated();
  std::printf("server: %s\n  %s\n  %s with %s\n", server->subject.c_str(), server->verification().c_str(),
              parley::crypto::suite_name(negotiated->suite).data(),
              parley::crypto::group_name(negotiated->group).data());

  std::string line = "hello from async_mtls_client\n";
  co_await asio::async_write(tls, asio::buffer(line), asio::use_awaitable);
  std::array<char, 1024> buf{};
  size_t n = co_await tls.async_read_some(asio::buffer(buf), asio::use_awaitable);
  std::printf("server says: %.*s", static_cast<int>(n), buf.data());
  co_await tls.async_shutdown(asio::use_awaitable);
  co_return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: async_mtls_client CLIENT_CHAIN.pem CLIENT_KEY.pem SERVER_CA.pem SERVER_NAME PORT\n");
    return 2;
  }
  auto config = std::make_shared<parley::ClientConfig>();
  auto identity = parley::load_identity(argv[1], argv[2]);
  if (!identity) return fail("client certificate", identity.error());
  config->identity = std::move(*identity);
  auto server_ca = parley::load_trust_store(argv[3]);
  if (!server_ca) return fail("server CA", server_ca.error());
  config->trust_store = *server_ca;
  auto server_name = parley::ServerName::parse(argv[4]);  // "localhost" or "127.0.0.1"
  if (!server_name) return fail("server name", server_name.error());
  auto conn = parley::Connection::client(config, *server_name);
  if (!conn) return fail("connection", conn.error());

  asio::io_context io;
  parley::asio::stream<tcp::socket> tls(io, std::move(*conn));
  int status = 1;
  asio::co_spawn(io, talk(tls, static_cast<uint16_t>(std::atoi(argv[5]))), [&](std::exception_ptr e, int result) {
    if (!e) {
      status = result;
      return;
    }
    try {
      std::rethrow_exception(e);
    } catch (const std::system_error& se) {
      if (const parley::Error* tls_error = tls.connection().error()) {
        status = fail("TLS", *tls_error);
      } else {
        std::fprintf(stderr, "async_mtls_client: %s\n", se.code().message().c_str());
      }
    }
  });
  io.run_for(std::chrono::seconds(30));  // a server that never answers ends the example, not the wait
  return status;
}
