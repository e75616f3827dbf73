#include "service/tunnel/target.h"

namespace parley::tunnel {

Result<::asio::ip::tcp::endpoint> resolve_tcp(const Endpoint& e) {
  if (e.kind != Endpoint::Kind::tcp) return err::api("expected HOST:PORT", e.text());
  ::asio::io_context io;
  ::asio::ip::tcp::resolver resolver(io);
  std::error_code ec;
  auto results = resolver.resolve(e.host, std::to_string(e.port), ec);
  if (ec || results.empty()) return err::io("cannot resolve", e.text() + ": " + ec.message());
  return results.begin()->endpoint();
}

Result<Target> resolve(const Endpoint& e) {
  if (e.kind == Endpoint::Kind::unix_socket) return Target(::asio::local::stream_protocol::endpoint(e.path));
  return Target(PARLEY_TRY(resolve_tcp(e)));
}

}  // namespace parley::tunnel
