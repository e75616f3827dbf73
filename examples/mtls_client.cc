// mtls_client: connects to a mutual-TLS server on 127.0.0.1, checks its
// certificate for SERVER_NAME, prints the server's verified identity, sends
// one line and prints the answer.
//
//   mtls_client CLIENT_CHAIN.pem CLIENT_KEY.pem SERVER_CA.pem SERVER_NAME PORT
#include <netinet/in.h>
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
  std::fprintf(stderr, "mtls_client: %s: %s\n", what, e.message().c_str());
  if (e.cert_detail) std::fprintf(stderr, "%s", parley::report_of(*e.cert_detail).text.c_str());
  return 1;
}

int connect_to_loopback(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: mtls_client CLIENT_CHAIN.pem CLIENT_KEY.pem SERVER_CA.pem SERVER_NAME PORT\n");
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

  int fd = connect_to_loopback(static_cast<uint16_t>(std::atoi(argv[5])));
  if (fd < 0) return std::perror("mtls_client: connect"), 1;
  auto conn = parley::Connection::client(config, *server_name);
  if (!conn) return ::close(fd), fail("connection", conn.error());
  parley::io::BlockingDriver tls(fd, *conn);
  if (auto r = tls.handshake(); !r) return ::close(fd), fail("handshake", r.error());

  const parley::PeerIdentity* server = conn->peer();
  const parley::Negotiated* negotiated = conn->negotiated();
  std::printf("server: %s\n  %s\n  %s with %s\n", server->subject.c_str(), server->verification().c_str(),
              parley::crypto::suite_name(negotiated->suite).data(),
              parley::crypto::group_name(negotiated->group).data());

  std::string line = "hello from mtls_client\n";
  if (auto w = tls.write_all({reinterpret_cast<const uint8_t*>(line.data()), line.size()}); !w) {
    return ::close(fd), fail("write", w.error());
  }
  std::array<uint8_t, 1024> buf{};
  auto n = tls.read(buf);
  if (!n) return ::close(fd), fail("read", n.error());
  std::printf("server says: %.*s", static_cast<int>(*n), reinterpret_cast<const char*>(buf.data()));
  (void)tls.close();
  ::close(fd);
  return 0;
}
