// What an established connection keeps, and what a handshake costs
// beyond its cryptography, on the usual chain (leaf and intermediate sent,
// the root as trust anchor). Heap is measured by the counting heap
// (counting_heap.h): libcrypto's allocations included, each block by
// malloc_usable_size, as parley_bench_memory counts it.
#include <gtest/gtest.h>

#include <functional>
#include <optional>

#include "../pair/ca_chain.h"
#include "counting_heap.h"

namespace parley::pairtest {
namespace {

using alloctest::heap_counts;

struct Side {
  std::optional<Connection> conn;
  uint64_t news = 0;  // operator new calls made by this side's calls
};

// One call into a side, its allocations counted.
void on(Side& side, const std::function<void()>& call) {
  const uint64_t before = heap_counts().news;
  alloctest::set_counting(true);
  call();
  alloctest::set_counting(false);
  side.news += heap_counts().news - before;
}

void move_bytes(Side& from, Side& to, bool& moved) {
  std::span<const uint8_t> out;
  on(from, [&] { out = from.conn->pending_output(); });
  if (out.empty()) return;
  const std::vector<uint8_t> bytes(out.begin(), out.end());
  moved = true;
  on(to, [&] { (void)to.conn->feed(bytes); });
  on(from, [&] { from.conn->consume_output(bytes.size()); });
}

struct Pair {
  Side client, server;
};

// A handshake with every call of each side counted; both sides established.
void handshake(Pair& p, bool mutual) {
  auto ccfg = ca_chain().client_config(mutual);
  auto scfg = ca_chain().server_config(mutual);
  on(p.client, [&] { p.client.conn.emplace(Connection::client(ccfg, ServerName::parse("server.test").value()).value()); });
  on(p.server, [&] { p.server.conn.emplace(Connection::server(scfg).value()); });
  for (bool moved = true; moved;) {
    moved = false;
    move_bytes(p.client, p.server, moved);
    move_bytes(p.server, p.client, moved);
  }
  ASSERT_EQ(p.client.conn->error(), nullptr) << p.client.conn->error()->message();
  ASSERT_EQ(p.server.conn->error(), nullptr) << p.server.conn->error()->message();
  ASSERT_FALSE(p.client.conn->is_handshaking());
  ASSERT_FALSE(p.server.conn->is_handshaking());
  while (p.client.conn->next_event()) {}
  while (p.server.conn->next_event()) {}
}

// The heap a side holds: what freeing it gives back.
int64_t held(Side& side) {
  const int64_t before = heap_counts().live;
  side.conn.reset();
  return before - heap_counts().live;
}

// 8 KiB is the budget for what a connection keeps besides its I/O buffers
// (docs/PERFORMANCE.md), so a server holds many idle connections cheaply. An
// established idle connection holds no I/O buffer (the record layer frees its
// empty buffers once the handshake is done), so here everything counts.
constexpr int64_t kIdleTarget = 8 * 1024;

class Footprint : public ::testing::TestWithParam<bool> {};  // mutual TLS or not

TEST_P(Footprint, IdleConnectionHoldsAtMost8KiB) {
  ASSERT_TRUE(alloctest::ossl_functions_installed());
  Pair warm;
  handshake(warm, GetParam());  // libraries' one-time initialisation stays out of the figures
  Pair p;
  handshake(p, GetParam());
  const int64_t client = held(p.client), server = held(p.server);
  EXPECT_LE(client, kIdleTarget) << "client holds " << client << " bytes";
  EXPECT_LE(server, kIdleTarget) << "server holds " << server << " bytes";
}

// Our own allocations (operator new: our code and the standard library; not
// libcrypto's) per handshake. The server-auth handshake once made
// about 210 (client) and 80 (server): it copied messages to report them to
// absent observers, built text nobody asked for and grew lists one element
// at a time. Each of the server's two NewSessionTickets (ServerConfig::tickets)
// adds 3: the session state, the sealed ticket and the AEAD context sealing it.
// A verified client adds the strings of its PeerIdentity (the issuer and the
// admitting rule) and the shared identity a ticket refers to.
TEST_P(Footprint, HandshakeAllocationsStayFew) {
  Pair warm;
  handshake(warm, GetParam());
  Pair p;
  handshake(p, GetParam());
  const bool mutual = GetParam();
  EXPECT_LE(p.client.news, mutual ? 125u : 110u);
  EXPECT_LE(p.server.news, mutual ? 130u : 66u);
}

INSTANTIATE_TEST_SUITE_P(Modes, Footprint, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& mode) { return mode.param ? "mutual" : "server_auth"; });

}  // namespace
}  // namespace parley::pairtest
