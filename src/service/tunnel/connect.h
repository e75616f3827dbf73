// Connecting to a tunnel's target within a deadline, TCP or unix socket alike.
#pragma once

#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>

#include <chrono>
#include <system_error>

#include "parley/asio.h"

namespace parley::tunnel {

// The deadline races the connect (the loser is cancelled), so nothing is
// left holding the socket when this returns.
template <class Socket, class Endpoint>
::asio::awaitable<std::error_code> connect_within(Socket& socket, const Endpoint& endpoint,
                                                  std::chrono::milliseconds timeout) {
  using namespace ::asio::experimental::awaitable_operators;
  constexpr auto token = ::asio::experimental::as_tuple(::asio::use_awaitable);
  ::asio::steady_timer timer(socket.get_executor(), timeout);
  auto result = co_await (socket.async_connect(endpoint, token) || timer.async_wait(token));
  if (result.index() == 1) co_return ::asio::error::timed_out;
  co_return std::get<0>(std::get<0>(result));
}

}  // namespace parley::tunnel

namespace parley::tunnel {

// The TLS handshake within a deadline: a watchdog closes the socket when the
// deadline passes, which fails whatever the handshake waits for.
template <class Stream>
::asio::awaitable<std::error_code> handshake_within(Stream& tls, std::chrono::milliseconds timeout) {
  using namespace ::asio::experimental::awaitable_operators;
  constexpr auto token = ::asio::experimental::as_tuple(::asio::use_awaitable);
  ::asio::steady_timer timer(tls.get_executor(), timeout);
  bool expired = false;
  auto watchdog = [&]() -> ::asio::awaitable<void> {
    auto [ec] = co_await timer.async_wait(token);
    if (ec) co_return;
    expired = true;
    std::error_code ignored;
    tls.lowest_layer().close(ignored);
  };
  auto handshake = [&]() -> ::asio::awaitable<std::error_code> {
    auto [ec] = co_await tls.async_handshake(token);
    co_return ec;
  };
  auto result = co_await (handshake() || watchdog());
  if (expired || result.index() == 1) co_return ::asio::error::timed_out;
  co_return std::get<0>(result);
}

}  // namespace parley::tunnel
