// mtls_server: accepts one mutual-TLS client on 127.0.0.1, prints the
// client's verified identity and answers its line.
//
//   mtls_server SERVER_CHAIN.pem SERVER_KEY.pem CLIENT_CA.pem [PORT]
//
// With PORT 0 (the default) the system picks one; the first line of output
// says which ("listening on 127.0.0.1:PORT").
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <parley/parley.h>

namespace {

int fail(const char* what, const parley::Error& e) {
  std::fprintf(stderr, "mtls_server: %s: %s\n", what, e.message().c_str());
  if (e.cert_detail) std::fprintf(stderr, "%s", parley::report_of(*e.cert_detail).text.c_str());
  return 1;
}

// A listening TCP socket on 127.0.0.1:port; the bound port is written back.
int listen_on_loopback(uint16_t& port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(fd, 1) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    return -1;
  }
  port = ntohs(addr.sin_port);
  return fd;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: mtls_server SERVER_CHAIN.pem SERVER_KEY.pem CLIENT_CA.pem [PORT]\n");
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

  uint16_t port = static_cast<uint16_t>(argc > 4 ? std::atoi(argv[4]) : 0);
  int listener = listen_on_loopback(port);
  if (listener < 0) return std::perror("mtls_server: listen"), 1;
  std::printf("listening on 127.0.0.1:%u\n", static_cast<unsigned>(port));
  std::fflush(stdout);

  pollfd waiting{listener, POLLIN, 0};
  if (::poll(&waiting, 1, 30'000) != 1) return std::fprintf(stderr, "mtls_server: no client within 30 s\n"), 1;
  int fd = ::accept(listener, nullptr, nullptr);
  ::close(listener);
  if (fd < 0) return std::perror("mtls_server: accept"), 1;

  auto conn = parley::Connection::server(config);
  if (!conn) return fail("connection", conn.error());
  parley::io::BlockingDriver tls(fd, *conn);
  if (auto r = tls.handshake(); !r) return ::close(fd), fail("handshake", r.error());

  const parley::PeerIdentity* client = conn->peer();  // never null under ClientAuth::required
  std::printf("client: %s\n  %s\n", client->subject.c_str(), client->verification().c_str());
  for (const auto& uri : client->uris) std::printf("  URI:%s\n", uri.c_str());

  std::array<uint8_t, 1024> buf{};
  auto n = tls.read(buf);
  if (!n) return ::close(fd), fail("read", n.error());
  std::string line(reinterpret_cast<const char*>(buf.data()), *n);
  std::printf("client says: %s", line.c_str());
  std::string reply = "hello, " + client->subject + "\n";
  if (auto w = tls.write_all({reinterpret_cast<const uint8_t*>(reply.data()), reply.size()}); !w) {
    return ::close(fd), fail("write", w.error());
  }
  (void)tls.close();
  ::close(fd);
  return 0;
}
