// The shared state behind parley::asio::Server (include/parley/server.h): one
// Worker (io_context, acceptor, its sessions) per thread, the connection
// budget and the drain.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "parley/server.h"

namespace parley::asio {

class ServerCore {
 public:
  struct Worker {
    ::asio::io_context io{1};
    ::asio::ip::tcp::acceptor acceptor{io};
    ::asio::steady_timer pause{io};        // the budget is reached: accept again later
    ::asio::steady_timer drain_end{io};    // the drain deadline
    std::unordered_set<Session*> sessions;  // touched on this worker's thread only
  };

  ServerCore(std::shared_ptr<const ServerConfig> config, ServerOptions options, std::shared_ptr<Service> service);

  Result<void> listen();
  void run();
  void drain();
  void handle_signals();
  void log(std::string line) const;

  ServerOptions options;
  std::shared_ptr<Service> service;
  std::atomic<std::shared_ptr<const ServerConfig>> config;
  std::vector<std::unique_ptr<Worker>> workers;
  std::function<void()> reload;
  std::function<void(std::string)> sink;
  std::atomic<size_t> active{0};
  std::atomic<size_t> memory{0};  // the connections' Session::memory_estimate(), summed
  std::atomic<bool> draining{false};
  std::atomic<bool> budget_reported{false};
  std::atomic<uint64_t> next_id{1};
  uint16_t port = 0;

 private:
  ::asio::awaitable<void> accept_loop(Worker& w);
  // Why a new connection must wait (a budget reached), or empty.
  std::string over_budget() const;
  ::asio::awaitable<void> run_session(Worker& w, ::asio::ip::tcp::socket socket);
  void drain_worker(Worker& w);
  void wait_for_signal();

  std::optional<::asio::signal_set> signals_;  // on the first worker
};

}  // namespace parley::asio
