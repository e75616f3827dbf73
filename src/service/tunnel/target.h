// A tunnel's target, resolved once at start: a TCP endpoint or a unix socket.
#pragma once

#include <asio.hpp>

#include <variant>

#include "parley/error.h"
#include "service/tunnel/endpoint.h"

namespace parley::tunnel {

using Target = std::variant<::asio::ip::tcp::endpoint, ::asio::local::stream_protocol::endpoint>;

// Names are resolved now, once (the first address): a sidecar's target is local and fixed.
Result<Target> resolve(const Endpoint& e);
Result<::asio::ip::tcp::endpoint> resolve_tcp(const Endpoint& e);

}  // namespace parley::tunnel
