#include "service/tunnel/endpoint.h"

#include <charconv>

namespace parley::tunnel {

Result<Endpoint> Endpoint::parse(std::string_view text, bool allow_unix) {
  Endpoint e;
  if (text.starts_with("unix:")) {
    if (!allow_unix) return err::api("endpoint: unix:PATH is not accepted here; expected HOST:PORT", std::string(text));
    e.kind = Kind::unix_socket;
    e.path = std::string(text.substr(5));
    if (e.path.empty()) return err::api("endpoint: unix: needs a socket path", std::string(text));
    return e;
  }
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return err::api("endpoint: expected HOST:PORT (or [IPv6]:PORT)", std::string(text));
  }
  auto host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  auto port = text.substr(colon + 1);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc{} || end != port.data() + port.size() || value > 65535) {
    return err::api("endpoint: the port is a number from 0 to 65535", std::string(text));
  }
  e.host = std::string(host);
  e.port = static_cast<uint16_t>(value);
  return e;
}

std::string Endpoint::text() const {
  if (kind == Kind::unix_socket) return "unix:" + path;
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace parley::tunnel
