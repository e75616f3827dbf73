// Handshakes, bulk transfer and memory: parley against OpenSSL 3's libssl, in
// one process, client and server joined by memory buffers, so only the
// two stacks are timed, not sockets (docs/PERFORMANCE.md).
//
// Own timing loop, not Google Benchmark: each side's work is timed separately
// with the thread CPU clock (CLOCK_THREAD_CPUTIME_ID) around every call into
// that side, the two stacks (and the raw-EVP "primitive floor") are
// interleaved round by round, and each figure is the median of the rounds
// with min and max. See docs/PERFORMANCE.md and scripts/bench.sh.
//
//   parley_bench_handshake                 all sections, table
//   parley_bench_handshake --json          JSON lines instead
//   parley_bench_handshake --smoke         every scenario once, no timing claims (CTest)
//   parley_bench_handshake --rounds=N --iters=N --bulk-mib=N --only=handshake|bulk|memory|resumption
//       (resumption: only the resumed, 0-RTT and ticket rows of the handshake section)
//   parley_bench_handshake --callgrind=SCENARIO --stack=parley|openssl --iters=N
//       for scripts/bench.sh --callgrind: runs SCENARIO, with the side wrappers
//       run_client_side/run_server_side entered only for the measured iterations;
//       --tickets=N: parley's server sends N tickets per handshake (full scenarios send none)
//   parley_bench_memory ...                the same program with a counting malloc (memory section)
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <time.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench_mem.h"
#include "ca/authority.h"
#include "ca/names.h"
#include "parley/config.h"
#include "parley/connection.h"
#include "parley/session.h"
#include "tls/session/session_state.h"
#include "x509/trust_store.h"

namespace {

using namespace parley;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "parley_bench_handshake: %s\n", what.c_str());
  ERR_print_errors_fp(stderr);
  std::exit(1);
}

template <class T>
T must(Result<T> r, const char* what) {
  if (!r) die(std::string(what) + ": " + r.error().message());
  return std::move(*r);
}

int64_t cpu_ns() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
}

// ---------------------------------------------------------------- side attribution

enum Side : int { kClient = 0, kServer = 1 };
using Thunk = void (*)(void*);

// Entered only for measured work in --callgrind mode; scripts/bench.sh toggles
// collection on these two names and reads their inclusive instruction counts.
// noipa: GCC would otherwise fold the three identical bodies into one symbol (-fipa-icf).
__attribute__((noinline, noipa)) void run_client_side(Thunk f, void* a) {
  f(a);
  asm volatile("# client" ::: "memory");
}
__attribute__((noinline, noipa)) void run_server_side(Thunk f, void* a) {
  f(a);
  asm volatile("# server" ::: "memory");
}
__attribute__((noinline, noipa)) void run_uncollected(Thunk f, void* a) {
  f(a);
  asm volatile("# uncollected" ::: "memory");
}

bool g_collect = false;  // --callgrind: measured phase

bool have_mem_hook() { return &bench_mem != nullptr; }

// Reading the thread CPU clock is a system call (~0.3-1 µs here). on_side counts its calls per side so the
// handshake figures can subtract the clock's own cost (calibrated at start-up as what on_side charges for an
// empty call); the bulk section does not time per side at all (g_side_clock = false) and times whole transfers.
int64_t g_calls[2] = {0, 0};
bool g_side_clock = true;
double g_clock_bias_ns = 0;

// Runs f as `side`, adding its thread CPU time to acc[side] and charging its heap use to the side.
template <class F>
void on_side(Side side, int64_t* acc, F&& f) {
  using Fn = std::remove_reference_t<F>;
  Thunk thunk = [](void* p) { (*static_cast<Fn*>(p))(); };
  if (have_mem_hook()) bench_mem_side = side + 1;
  int64_t t0 = g_side_clock ? cpu_ns() : 0;
  if (!g_collect) {
    run_uncollected(thunk, &f);
  } else if (side == kClient) {
    run_client_side(thunk, &f);
  } else {
    run_server_side(thunk, &f);
  }
  if (g_side_clock) {
    acc[side] += cpu_ns() - t0;
    ++g_calls[side];
  }
  if (have_mem_hook()) bench_mem_side = 0;
}

// ---------------------------------------------------------------- the world: one CA, the same DER for both stacks

constexpr const char* kHost = "server.test";

struct Cred {
  x509::CertificatePtr leaf;
  std::shared_ptr<const crypto::PrivateKey> key;
  X509* ossl_leaf = nullptr;
  EVP_PKEY* ossl_key = nullptr;
};

X509* to_x509(std::span<const uint8_t> der) {
  const unsigned char* p = der.data();
  X509* x = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  if (!x) die("d2i_X509");
  return x;
}

struct World {
  std::optional<ca::Authority> ca;
  x509::CertificatePtr root, inter;
  X509* ossl_root = nullptr;
  X509* ossl_inter = nullptr;
  Cred server_ec, server_rsa, client_ec;
  // parley's trust stores. store has no signature cache, so every handshake
  // verifies both chain signatures, as the floor counts them;
  // warm_store has the default cache, for the warm-cache rows.
  std::shared_ptr<const x509::TrustStore> store, warm_store;

  Cred issue(ca::Profile profile, const char* san, crypto::KeySpec spec) {
    ca::IssueOptions o;
    o.profile = profile;
    o.sans = {must(ca::parse_san(san), "parse_san")};
    o.key_spec = spec;
    auto issued = must(ca->issue(o), "issue");
    Cred c;
    c.leaf = issued.certificate;
    c.key = std::shared_ptr<const crypto::PrivateKey>(std::move(issued.key));
    c.ossl_leaf = to_x509(c.leaf->der());
    auto pk8 = must(c.key->to_pkcs8(std::nullopt), "to_pkcs8");
    const unsigned char* p = pk8.view().data();
    c.ossl_key = d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(pk8.size()));
    if (!c.ossl_key) die("d2i_AutoPrivateKey");
    return c;
  }

  explicit World(bool need_rsa) {
    ca::InitOptions io;
    io.name = "Bench Root CA";
    ca.emplace(must(ca::Authority::ephemeral(io, crypto::openssl_provider()), "ephemeral CA"));
    root = ca->root();
    inter = ca->intermediate();
    ossl_root = to_x509(root->der());
    ossl_inter = to_x509(inter->der());
    store = x509::TrustStore::from_certificates({root}, {.signature_cache_entries = 0});
    warm_store = x509::TrustStore::from_certificates({root});
    server_ec = issue(ca::Profile::server, "dns:server.test", crypto::KeySpec::ec_p256);
    if (need_rsa) server_rsa = issue(ca::Profile::server, "dns:server.test", crypto::KeySpec::rsa_2048);
    client_ec = issue(ca::Profile::client, "uri:spiffe://example.org/ns/default/sa/orders", crypto::KeySpec::ec_p256);
  }
};

// ---------------------------------------------------------------- scenarios

// The full handshakes (with a primitive floor), then the resumed ones: an ECDSA server's session resumed from
// a ticket of the previous handshake (psk_dhe_ke, RFC 8446 §2.2), and the same carrying a request as 0-RTT data
// (§2.3). Resumed handshakes have no floor row: their primitives are an X25519 exchange, the key schedule and
// one ticket seal and open, which the tables compare stack to stack.
enum class Scenario { ecdsa, rsa, mtls, hrr, resumed, zero_rtt };
constexpr Scenario kScenarios[] = {Scenario::ecdsa, Scenario::rsa, Scenario::mtls, Scenario::hrr};
constexpr Scenario kResumedScenarios[] = {Scenario::resumed, Scenario::zero_rtt};
bool resumes(Scenario s) { return s == Scenario::resumed || s == Scenario::zero_rtt; }
// The 0-RTT row's early data: an HTTP request of a typical size.
constexpr std::string_view kEarlyRequest =
    "GET /orders/42 HTTP/1.1\r\nHost: server.test\r\nUser-Agent: bench\r\nAccept: */*\r\n\r\n";
constexpr uint32_t kMaxEarlyData = 16384;

const char* scenario_name(Scenario s) {
  switch (s) {
    case Scenario::ecdsa: return "full-ecdsa";
    case Scenario::rsa: return "full-rsa2048";
    case Scenario::mtls: return "mtls";
    case Scenario::hrr: return "hrr";
    case Scenario::resumed: return "resumed";
    case Scenario::zero_rtt: return "resumed-0rtt";
  }
  return "?";
}
const char* scenario_title(Scenario s) {
  switch (s) {
    case Scenario::ecdsa: return "full, ECDSA P-256";
    case Scenario::rsa: return "full, RSA-2048";
    case Scenario::mtls: return "mTLS (ECDSA both)";
    case Scenario::hrr: return "HelloRetryRequest";
    case Scenario::resumed: return "resumed (PSK+ECDHE)";
    case Scenario::zero_rtt: return "resumed + 0-RTT";
  }
  return "?";
}
std::optional<Scenario> scenario_from(std::string_view n) {
  for (auto s : kScenarios)
    if (n == scenario_name(s)) return s;
  for (auto s : kResumedScenarios)
    if (n == scenario_name(s)) return s;
  return std::nullopt;
}

// ---------------------------------------------------------------- parley

struct ParleyCfg {
  std::shared_ptr<const ClientConfig> client;
  std::shared_ptr<const ServerConfig> server;
  ServerName name;
  std::span<const uint8_t> early;  // sent as 0-RTT when the client's ticket allows it
};

std::span<const uint8_t> early_request() {
  return {reinterpret_cast<const uint8_t*>(kEarlyRequest.data()), kEarlyRequest.size()};
}

ParleyCfg parley_cfg(const World& w, Scenario s, crypto::Suite suite = crypto::Suite::aes_128_gcm_sha256) {
  auto c = std::make_shared<ClientConfig>();
  auto sv = std::make_shared<ServerConfig>();
  c->trust_store = w.store;
  c->suites = {suite};
  sv->suites = {suite};
  c->groups = {crypto::Group::x25519};
  sv->groups = {crypto::Group::x25519};
  const Cred& id = s == Scenario::rsa ? w.server_rsa : w.server_ec;
  sv->identities.push_back(Identity{{id.leaf, w.inter}, id.key});
  if (s == Scenario::mtls) {
    sv->client_auth = ClientAuth::required;
    sv->client_ca = w.store;
    c->identity = Identity{{w.client_ec.leaf, w.inter}, w.client_ec.key};
  }
  if (s == Scenario::hrr) c->groups = {crypto::Group::secp256r1, crypto::Group::x25519};  // share for P-256 only
  // Full handshakes: no tickets, as OpenSSL is configured (SSL_OP_NO_TICKET); ticket_rows measures what they cost.
  // Resumed ones: one ticket per handshake on both stacks (each is used once, so one keeps the client resuming).
  sv->tickets = resumes(s) ? 1 : 0;
  std::span<const uint8_t> early;
  if (resumes(s)) {
    c->session_cache = std::make_shared<ClientSessionCache>();
    sv->ticket_keys = TicketKeys::generate(crypto::openssl_provider());
  }
  if (s == Scenario::zero_rtt) {
    sv->max_early_data = kMaxEarlyData;  // with the default in-memory replay register (§8.1), as OpenSSL's below
    early = early_request();
  }
  return ParleyCfg{c, sv, must(ServerName::parse(kHost), "ServerName"), early};
}

struct ParleyPair {
  std::optional<Connection> c, s;
  size_t bytes = 0;  // handshake bytes on the wire, both ways
};

bool parley_move(Connection& from, Side fs, Connection& to, Side ts, int64_t* ns, size_t* bytes) {
  std::span<const uint8_t> out;
  on_side(fs, ns, [&] { out = from.pending_output(); });
  if (out.empty()) return false;
  if (bytes) *bytes += out.size();
  size_t n = out.size();
  on_side(ts, ns, [&] { (void)to.feed(out); });
  on_side(fs, ns, [&] { from.consume_output(n); });
  return true;
}

void parley_connect(const ParleyCfg& cfg, ParleyPair& p, int64_t* ns) {
  const bool has_ticket = cfg.client->session_cache && cfg.client->session_cache->size() > 0;
  on_side(kClient, ns, [&] { p.c.emplace(must(Connection::client(cfg.client, cfg.name, cfg.early), "client")); });
  on_side(kServer, ns, [&] { p.s.emplace(must(Connection::server(cfg.server), "server")); });
  for (int i = 0; i < 32; ++i) {
    bool moved = parley_move(*p.c, kClient, *p.s, kServer, ns, &p.bytes);
    moved = parley_move(*p.s, kServer, *p.c, kClient, ns, &p.bytes) || moved;
    if (!moved) break;
  }
  if (p.c->error()) die("parley client: " + p.c->error()->message());
  if (p.s->error()) die("parley server: " + p.s->error()->message());
  if (p.c->is_handshaking() || p.s->is_handshaking()) die("parley handshake did not finish");
  if (!cfg.early.empty()) {  // the server takes the request (early, or after the handshake without a ticket)
    size_t got = 0;
    on_side(kServer, ns, [&] {
      uint8_t buf[256];
      for (size_t n; (n = p.s->read(buf)) > 0;) got += n;
    });
    if (got != cfg.early.size()) die("parley server: the request did not arrive whole");
  }
  if (has_ticket && !p.c->negotiated()->resumed) die("parley client: the handshake was not resumed");
  if (has_ticket && !cfg.early.empty() && p.c->negotiated()->early_data != EarlyDataStatus::accepted) {
    die("parley client: 0-RTT was not accepted");
  }
}

size_t parley_handshake(const ParleyCfg& cfg, int64_t* ns) {
  ParleyPair p;
  parley_connect(cfg, p, ns);
  on_side(kClient, ns, [&] { p.c.reset(); });
  on_side(kServer, ns, [&] { p.s.reset(); });
  return p.bytes;
}

// ---------------------------------------------------------------- OpenSSL libssl

struct OsslCtx {
  SSL_CTX* client = nullptr;
  SSL_CTX* server = nullptr;
  bool resume = false;             // the client offers its newest ticket (g_ossl_ticket)
  std::span<const uint8_t> early;  // sent as 0-RTT when that ticket allows it
};

// The OpenSSL client's newest ticket: libssl hands each NewSessionTicket's session to ossl_new_session. Each is
// used once, as parley's cache does. One resumption context is in use at a time, so one slot serves all.
struct {
  SSL_SESSION* session = nullptr;
  int64_t received = 0;
} g_ossl_ticket;

int ossl_new_session(SSL*, SSL_SESSION* session) {
  SSL_SESSION_free(g_ossl_ticket.session);
  g_ossl_ticket.session = session;
  ++g_ossl_ticket.received;
  return 1;  // the reference is ours
}

X509_STORE* store_with(X509* root) {
  X509_STORE* st = X509_STORE_new();
  if (!st || X509_STORE_add_cert(st, root) != 1) die("X509_STORE");
  return st;
}

constexpr const char* kSigalgs =
    "ECDSA+SHA256:ECDSA+SHA384:ed25519:rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pss_rsae_sha512";

void common_ctx(SSL_CTX* ctx, const char* suite, const char* groups) {
  SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
  SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
  if (SSL_CTX_set_ciphersuites(ctx, suite) != 1) die("ciphersuites");
  if (SSL_CTX_set1_groups_list(ctx, groups) != 1) die("groups");
  if (SSL_CTX_set1_sigalgs_list(ctx, kSigalgs) != 1) die("sigalgs");
  SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
  SSL_CTX_set_num_tickets(ctx, 0);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_mode(ctx, SSL_MODE_NO_AUTO_CHAIN);
}

void use_identity(SSL_CTX* ctx, const Cred& c, X509* inter) {
  if (SSL_CTX_use_certificate(ctx, c.ossl_leaf) != 1 || SSL_CTX_use_PrivateKey(ctx, c.ossl_key) != 1 ||
      SSL_CTX_add1_chain_cert(ctx, inter) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
    die("OpenSSL identity");
  }
}

OsslCtx ossl_ctx(const World& w, Scenario s, const char* suite = "TLS_AES_128_GCM_SHA256",
                 bool release_buffers = false) {
  OsslCtx o;
  o.client = SSL_CTX_new(TLS_client_method());
  o.server = SSL_CTX_new(TLS_server_method());
  if (!o.client || !o.server) die("SSL_CTX_new");
  common_ctx(o.client, suite, s == Scenario::hrr ? "P-256:X25519" : "X25519");
  common_ctx(o.server, suite, "X25519");
  if (release_buffers) {
    SSL_CTX_set_mode(o.client, SSL_MODE_RELEASE_BUFFERS);
    SSL_CTX_set_mode(o.server, SSL_MODE_RELEASE_BUFFERS);
  }
  SSL_CTX_set_cert_store(o.client, store_with(w.ossl_root));
  SSL_CTX_set_verify(o.client, SSL_VERIFY_PEER, nullptr);
  use_identity(o.server, s == Scenario::rsa ? w.server_rsa : w.server_ec, w.ossl_inter);
  if (s == Scenario::mtls) {
    SSL_CTX_set_cert_store(o.server, store_with(w.ossl_root));
    SSL_CTX_set_verify(o.server, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    STACK_OF(X509_NAME)* names = sk_X509_NAME_new_null();
    sk_X509_NAME_push(names, X509_NAME_dup(X509_get_subject_name(w.ossl_root)));
    SSL_CTX_set_client_CA_list(o.server, names);  // parley sends the same certificate_authorities hint
    use_identity(o.client, w.client_ec, w.ossl_inter);
  }
  if (resumes(s)) {
    SSL_CTX_clear_options(o.client, SSL_OP_NO_TICKET);
    SSL_CTX_clear_options(o.server, SSL_OP_NO_TICKET);
    SSL_CTX_set_num_tickets(o.server, 1);  // stateless tickets (AES-256-CBC + HMAC-SHA256), one per handshake
    SSL_CTX_set_session_cache_mode(o.client, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(o.client, ossl_new_session);
    o.resume = true;
  }
  if (s == Scenario::zero_rtt) {
    SSL_CTX_set_max_early_data(o.server, kMaxEarlyData);
    // OpenSSL's anti-replay (single-use tickets, §8.1) keeps the tickets that allow 0-RTT in the server's
    // session cache and takes each out when used; with the cache off it resumes none of them.
    SSL_CTX_set_session_cache_mode(o.server, SSL_SESS_CACHE_SERVER);
    o.early = early_request();
  }
  return o;
}

struct OsslEnd {
  SSL* ssl = nullptr;
  BIO* rbio = nullptr;  // what the peer sent us (owned by ssl)
  BIO* wbio = nullptr;  // what we send (owned by ssl)
  bool done = false;
  bool reading_early = false;  // server: SSL_read_early_data until it says the early data is over
  size_t early_got = 0;
};

void ossl_new(OsslEnd& e, SSL_CTX* ctx, bool client) {
  e.ssl = SSL_new(ctx);
  e.rbio = BIO_new(BIO_s_mem());
  e.wbio = BIO_new(BIO_s_mem());
  if (!e.ssl || !e.rbio || !e.wbio) die("SSL_new");
  SSL_set_bio(e.ssl, e.rbio, e.wbio);
  if (client) {
    SSL_set_connect_state(e.ssl);
    SSL_ctrl(e.ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(kHost));
    if (SSL_set1_host(e.ssl, kHost) != 1) die("SSL_set1_host");
  } else {
    SSL_set_accept_state(e.ssl);
  }
}

void ossl_step(OsslEnd& e, Side side, int64_t* ns) {
  if (e.done) return;
  int r = 0, err = 0;
  on_side(side, ns, [&] {
    while (e.reading_early) {
      uint8_t buf[512];
      size_t n = 0;
      const int er = SSL_read_early_data(e.ssl, buf, sizeof buf, &n);
      e.early_got += n;
      if (er == SSL_READ_EARLY_DATA_FINISH) e.reading_early = false;
      if (er == SSL_READ_EARLY_DATA_ERROR) {
        err = SSL_get_error(e.ssl, 0);
        return;
      }
    }
    r = SSL_do_handshake(e.ssl);
    if (r != 1) err = SSL_get_error(e.ssl, r);
  });
  if (r == 1) {
    e.done = true;
  } else if (err != SSL_ERROR_WANT_READ) {
    die(std::string("OpenSSL ") + (side == kClient ? "client" : "server") + " handshake failed");
  }
}

bool ossl_move(OsslEnd& from, Side fs, OsslEnd& to, Side ts, int64_t* ns, size_t* bytes) {
  char* data = nullptr;
  long n = 0;
  on_side(fs, ns, [&] { n = BIO_ctrl(from.wbio, BIO_CTRL_INFO, 0, static_cast<void*>(&data)); });
  if (n <= 0) return false;
  if (bytes) *bytes += static_cast<size_t>(n);
  on_side(ts, ns, [&] { BIO_write(to.rbio, data, static_cast<int>(n)); });
  on_side(fs, ns, [&] { (void)BIO_reset(from.wbio); });
  return true;
}

struct OsslPair {
  OsslEnd c, s;
  size_t bytes = 0;
};

void ossl_connect(const OsslCtx& ctx, OsslPair& p, int64_t* ns) {
  SSL_SESSION* ticket = ctx.resume ? std::exchange(g_ossl_ticket.session, nullptr) : nullptr;
  const int64_t tickets_before = g_ossl_ticket.received;
  const bool early = ticket && !ctx.early.empty() && SSL_SESSION_get_max_early_data(ticket) >= ctx.early.size();
  on_side(kClient, ns, [&] {
    ossl_new(p.c, ctx.client, true);
    if (!ticket) return;
    if (SSL_set_session(p.c.ssl, ticket) != 1) die("SSL_set_session");
    SSL_SESSION_free(ticket);  // the SSL holds it now
    size_t written = 0;
    if (early && SSL_write_early_data(p.c.ssl, ctx.early.data(), ctx.early.size(), &written) != 1) {
      die("SSL_write_early_data");
    }
  });
  on_side(kServer, ns, [&] { ossl_new(p.s, ctx.server, false); });
  p.s.reading_early = !ctx.early.empty();
  ossl_step(p.c, kClient, ns);
  for (int i = 0; i < 32 && !(p.c.done && p.s.done); ++i) {
    if (ossl_move(p.c, kClient, p.s, kServer, ns, &p.bytes)) ossl_step(p.s, kServer, ns);
    if (ossl_move(p.s, kServer, p.c, kClient, ns, &p.bytes)) ossl_step(p.c, kClient, ns);
  }
  if (!p.c.done || !p.s.done) die("OpenSSL handshake did not finish");
  if (SSL_get_verify_result(p.c.ssl) != X509_V_OK) die("OpenSSL client did not verify");
  if (!ctx.resume) return;
  // The server's NewSessionTicket follows its handshake; the client takes it in with a read (parley's does in feed).
  (void)ossl_move(p.s, kServer, p.c, kClient, ns, &p.bytes);
  on_side(kClient, ns, [&] {
    uint8_t b[1];
    if (SSL_read(p.c.ssl, b, sizeof b) > 0) die("OpenSSL client: unexpected application data");
  });
  if (g_ossl_ticket.received == tickets_before) die("OpenSSL client: no ticket");
  if (ticket && !SSL_session_reused(p.c.ssl)) die("OpenSSL: the handshake was not resumed");
  if (early && (SSL_get_early_data_status(p.c.ssl) != SSL_EARLY_DATA_ACCEPTED || p.s.early_got != ctx.early.size())) {
    die("OpenSSL: 0-RTT was not accepted");
  }
}

void ossl_free(OsslPair& p, int64_t* ns) {
  // Marked as closed (no close_notify is exchanged, as with parley): SSL_free of an SSL that was not shut down
  // drops its session from the cache, which makes the client's newest ticket non-resumable and, on a server
  // with anti-replay, the ticket it just issued unusable.
  auto free_closed = [](SSL* ssl) {
    SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    SSL_free(ssl);
  };
  on_side(kClient, ns, [&] { free_closed(p.c.ssl); });
  on_side(kServer, ns, [&] { free_closed(p.s.ssl); });
  p.c.ssl = p.s.ssl = nullptr;
}

size_t ossl_handshake(const OsslCtx& ctx, int64_t* ns) {
  OsslPair p;
  ossl_connect(ctx, p, ns);
  ossl_free(p, ns);
  return p.bytes;
}

// ---------------------------------------------------------------- the primitive floor (raw EVP)
//
// What a handshake cannot avoid, per side, written as a competent libcrypto
// user would (algorithms fetched once, per-key contexts per operation):
//   both:   X25519 keygen + derive; 3 HKDF-Extract + 16 HKDF-Expand (the TLS 1.3
//           schedule up to the exporter secret); SHA-256 over the transcript
//           bytes plus 6 digest snapshots; 2 HMACs (Finished); 4 AEAD key
//           installs and AES-128-GCM over the encrypted handshake bytes
//   client: verify the server's CertificateVerify (ECDSA or RSA-PSS) and the 2
//           chain signatures (ECDSA: leaf <- intermediate <- root);
//           HRR: one discarded P-256 key share; mTLS: one ECDSA sign
//   server: sign CertificateVerify (ECDSA or RSA-PSS);
//           mTLS: verify the client's CertificateVerify + 2 chain signatures

struct Floor {
  EVP_PKEY* ec = nullptr;   // P-256 key pair (sign and verify)
  EVP_PKEY* rsa = nullptr;  // RSA-2048
  EVP_PKEY* peer_x25519 = nullptr;
  std::vector<uint8_t> peer_x25519_pub;
  EVP_PKEY_CTX* x25519_gen = nullptr;
  EVP_PKEY_CTX* p256_gen = nullptr;
  const EVP_MD* sha256 = nullptr;
  EVP_KDF_CTX* hkdf = nullptr;
  const EVP_CIPHER* gcm = nullptr;
  EVP_CIPHER_CTX* aead = nullptr;
  EVP_MD_CTX* md = nullptr;
  EVP_MD_CTX* md_copy = nullptr;
  std::vector<uint8_t> cv_msg = std::vector<uint8_t>(130, 0x20), tbs = std::vector<uint8_t>(420, 0x30);
  std::vector<uint8_t> ec_cv_sig, ec_tbs_sig, rsa_cv_sig;
  std::vector<uint8_t> transcript = std::vector<uint8_t>(4096, 0x16), aead_buf = std::vector<uint8_t>(8192);
  size_t transcript_bytes = 2000;  // set from the parley run of each scenario

  std::vector<uint8_t> sign(EVP_PKEY* k, bool pss, const std::vector<uint8_t>& m) {
    EVP_MD_CTX* c = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pc = nullptr;
    if (EVP_DigestSignInit_ex(c, &pc, "SHA256", nullptr, nullptr, k, nullptr) != 1) die("floor sign init");
    if (pss) {
      EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING);
      EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, RSA_PSS_SALTLEN_DIGEST);
    }
    size_t len = static_cast<size_t>(EVP_PKEY_get_size(k));
    std::vector<uint8_t> sig(len);
    if (EVP_DigestSign(c, sig.data(), &len, m.data(), m.size()) != 1) die("floor sign");
    EVP_MD_CTX_free(c);
    sig.resize(len);
    return sig;
  }
  void verify(EVP_PKEY* k, bool pss, const std::vector<uint8_t>& m, const std::vector<uint8_t>& sig) {
    EVP_MD_CTX* c = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pc = nullptr;
    if (EVP_DigestVerifyInit_ex(c, &pc, "SHA256", nullptr, nullptr, k, nullptr) != 1) die("floor verify init");
    if (pss) {
      EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING);
      EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, RSA_PSS_SALTLEN_DIGEST);
    }
    if (EVP_DigestVerify(c, sig.data(), sig.size(), m.data(), m.size()) != 1) die("floor verify");
    EVP_MD_CTX_free(c);
  }

  Floor() {
    ec = EVP_EC_gen("P-256");
    rsa = EVP_RSA_gen(2048);
    peer_x25519 = EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519");
    if (!ec || !rsa || !peer_x25519) die("floor keys");
    size_t n = 32;
    peer_x25519_pub.resize(32);
    EVP_PKEY_get_raw_public_key(peer_x25519, peer_x25519_pub.data(), &n);
    x25519_gen = EVP_PKEY_CTX_new_from_name(nullptr, "X25519", nullptr);
    EVP_PKEY_keygen_init(x25519_gen);
    p256_gen = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
    EVP_PKEY_keygen_init(p256_gen);
    EVP_PKEY_CTX_set_group_name(p256_gen, "P-256");
    sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
    hkdf = EVP_KDF_CTX_new(kdf);
    EVP_KDF_free(kdf);
    OSSL_PARAM p[] = {OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>("SHA256"), 0),
                      OSSL_PARAM_construct_end()};
    EVP_KDF_CTX_set_params(hkdf, p);
    gcm = EVP_CIPHER_fetch(nullptr, "AES-128-GCM", nullptr);
    aead = EVP_CIPHER_CTX_new();
    md = EVP_MD_CTX_new();
    md_copy = EVP_MD_CTX_new();
    ec_cv_sig = sign(ec, false, cv_msg);
    ec_tbs_sig = sign(ec, false, tbs);
    rsa_cv_sig = sign(rsa, true, cv_msg);
  }

  void x25519() {
    EVP_PKEY* k = nullptr;
    if (EVP_PKEY_keygen(x25519_gen, &k) != 1) die("x25519 keygen");
    uint8_t pub[32];
    size_t n = 32;
    EVP_PKEY_get_raw_public_key(k, pub, &n);  // our share, to send
    EVP_PKEY* peer = EVP_PKEY_new_raw_public_key_ex(nullptr, "X25519", nullptr, peer_x25519_pub.data(), 32);
    EVP_PKEY_CTX* d = EVP_PKEY_CTX_new_from_pkey(nullptr, k, nullptr);
    uint8_t out[32];
    n = 32;
    if (!peer || !d || EVP_PKEY_derive_init(d) != 1 || EVP_PKEY_derive_set_peer(d, peer) != 1 ||
        EVP_PKEY_derive(d, out, &n) != 1) {
      die("x25519 derive");
    }
    EVP_PKEY_CTX_free(d);
    EVP_PKEY_free(peer);
    EVP_PKEY_free(k);
  }
  void p256_share() {
    EVP_PKEY* k = nullptr;
    if (EVP_PKEY_keygen(p256_gen, &k) != 1) die("p256 keygen");
    EVP_PKEY_free(k);
  }
  void hkdf_call(bool extract, size_t out_len) {
    static uint8_t key[48] = {1}, salt[32] = {2}, info[64] = {3}, out[48];
    int mode = extract ? EVP_KDF_HKDF_MODE_EXTRACT_ONLY : EVP_KDF_HKDF_MODE_EXPAND_ONLY;
    OSSL_PARAM p[4];
    p[0] = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode);
    p[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, key, 32);
    p[2] = extract ? OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt, 32)
                   : OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info, 50);
    p[3] = OSSL_PARAM_construct_end();
    if (EVP_KDF_derive(hkdf, out, extract ? 32 : out_len, p) != 1) die("hkdf");
  }
  void schedule_and_records() {
    for (int i = 0; i < 3; ++i) hkdf_call(true, 32);
    for (int i = 0; i < 8; ++i) hkdf_call(false, 32);           // derived x2, traffic x4, exporter, finished-ish
    for (int i = 0; i < 4; ++i) hkdf_call(false, 16), hkdf_call(false, 12);  // key + iv x4
    uint8_t d[32];
    unsigned dl = 32;
    EVP_DigestInit_ex2(md, sha256, nullptr);
    size_t left = std::min(transcript_bytes, transcript.size()), chunk = (left + 5) / 6;
    for (int i = 0; i < 6 && left; ++i) {
      size_t n = std::min(chunk, left);
      EVP_DigestUpdate(md, transcript.data(), n);
      left -= n;
      EVP_MD_CTX_copy_ex(md_copy, md);
      EVP_DigestFinal_ex(md_copy, d, &dl);
    }
    for (int i = 0; i < 2; ++i) HMAC(sha256, d, 32, d, 32, d, &dl);
    static const uint8_t key[16] = {}, iv[12] = {};
    for (int i = 0; i < 4; ++i) EVP_CipherInit_ex2(aead, gcm, key, iv, 1, nullptr);
    size_t enc = transcript_bytes > 400 ? transcript_bytes - 400 : transcript_bytes;  // all but ClientHello/ServerHello
    int outl = 0;
    uint8_t tag[16];
    EVP_CipherUpdate(aead, nullptr, &outl, transcript.data(), 5);
    EVP_CipherUpdate(aead, aead_buf.data(), &outl, transcript.data(), static_cast<int>(std::min(enc, aead_buf.size())));
    EVP_CipherFinal_ex(aead, aead_buf.data() + outl, &outl);
    EVP_CIPHER_CTX_ctrl(aead, EVP_CTRL_AEAD_GET_TAG, 16, tag);
  }
  void client(Scenario s) {
    if (s == Scenario::hrr) p256_share();
    x25519();
    if (s == Scenario::rsa) {
      verify(rsa, true, cv_msg, rsa_cv_sig);
    } else {
      verify(ec, false, cv_msg, ec_cv_sig);
    }
    verify(ec, false, tbs, ec_tbs_sig);
    verify(ec, false, tbs, ec_tbs_sig);
    if (s == Scenario::mtls) (void)sign(ec, false, cv_msg);
    schedule_and_records();
  }
  void server(Scenario s) {
    x25519();
    (void)sign(s == Scenario::rsa ? rsa : ec, s == Scenario::rsa, cv_msg);
    if (s == Scenario::mtls) {
      verify(ec, false, cv_msg, ec_cv_sig);
      verify(ec, false, tbs, ec_tbs_sig);
      verify(ec, false, tbs, ec_tbs_sig);
    }
    schedule_and_records();
  }
};

// ---------------------------------------------------------------- statistics and output

struct Stat {
  double med = 0, min = 0, max = 0;
};
Stat stat_of(std::vector<double> v) {
  if (v.empty()) return {};
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  double med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  return {med, v.front(), v.back()};
}

struct Options {
  int rounds = 7;
  int iters = 20;  // handshakes per stack per round
  int bulk_mib = 64;
  int bulk_rounds = 3;
  int mem_conns = 1000;
  bool json = false;
  bool smoke = false;
  std::string only;
  std::string callgrind;  // scenario name
  std::string stack = "parley";
  int tickets = -1;  // --callgrind with parley: the server sends this many tickets (default: the scenario's)
  int hold = 0;
};

bool want(const Options& o, const char* section) { return o.only.empty() || o.only == section; }

void print_json_kv(const char* k, double v, bool last = false) {
  std::printf("\"%s\":%.3f%s", k, v, last ? "" : ",");
}

// ---------------------------------------------------------------- handshake section

double calibrate_clock_bias() {
  std::vector<double> v;
  for (int r = 0; r < 7; ++r) {
    int64_t acc[2] = {0, 0};
    for (int i = 0; i < 2000; ++i) on_side(kClient, acc, [] {});
    v.push_back(static_cast<double>(acc[0]) / 2000);
  }
  g_calls[0] = g_calls[1] = 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// One row of the handshake table (or one JSON line). `floor` is null for
// rows without a primitive floor (the warm-cache rows).
void print_handshake_row(const Options& o, const char* name, const char* title, Side s, const Stat& p, const Stat& os,
                         const Stat* floor) {
  const char* side = s == kClient ? "client" : "server";
  if (o.json) {
    std::printf("{\"bench\":\"handshake\",\"scenario\":\"%s\",\"side\":\"%s\",", name, side);
    print_json_kv("parley_us", p.med);
    print_json_kv("parley_min_us", p.min);
    print_json_kv("parley_max_us", p.max);
    print_json_kv("openssl_us", os.med);
    print_json_kv("openssl_min_us", os.min);
    print_json_kv("openssl_max_us", os.max);
    if (floor) {
      print_json_kv("floor_us", floor->med);
      print_json_kv("ratio_floor", p.med / floor->med);
    }
    print_json_kv("ratio_openssl", p.med / os.med);
    print_json_kv("parley_per_s", 1e6 / p.med);
    print_json_kv("openssl_per_s", 1e6 / os.med, true);
    std::printf(",\"rounds\":%d,\"iters\":%d}\n", o.rounds, o.iters);
    return;
  }
  char pb[64], ob[64], fb[16] = "-", rb[16] = "-";
  std::snprintf(pb, sizeof pb, "%.1f [%.1f–%.1f]", p.med, p.min, p.max);
  std::snprintf(ob, sizeof ob, "%.1f [%.1f–%.1f]", os.med, os.min, os.max);
  if (floor) {
    std::snprintf(fb, sizeof fb, "%.1f", floor->med);
    std::snprintf(rb, sizeof rb, "%.2f", p.med / floor->med);
  }
  std::printf("%-20s %-6s %24s %24s %10s %9.2f %9s %10.0f %10.0f\n", title, side, pb, ob, fb, p.med / os.med, rb,
              1e6 / p.med, 1e6 / os.med);
}

using Handshakes = std::function<void(int64_t* ns)>;  // one handshake, each side's CPU ns added to ns

// Per side, one figure per round: CPU µs per handshake of stack a, of stack b and of the floor.
struct Rounds {
  std::vector<double> a[2], b[2], floor[2];
};

// o.rounds rounds of o.iters handshakes of a and of b (which goes first alternates between rounds) and, when
// given, of the floor; the clock's own cost taken off each side.
Rounds interleave(const Options& o, const Handshakes& a, const Handshakes& b, const Handshakes& floor = {}) {
  Rounds out;
  auto run = [&](const Handshakes& h, std::vector<double>* us) {
    int64_t ns[2] = {0, 0};
    const int64_t before[2] = {g_calls[0], g_calls[1]};
    for (int i = 0; i < o.iters; ++i) h(ns);
    for (int s = 0; s < 2; ++s) {
      const double bias = g_clock_bias_ns * static_cast<double>(g_calls[s] - before[s]);
      us[s].push_back((static_cast<double>(ns[s]) - bias) / 1e3 / o.iters);
    }
  };
  for (int r = 0; r < o.rounds; ++r) {
    if (r % 2) run(b, out.b);
    run(a, out.a);
    if (!(r % 2)) run(b, out.b);
    if (floor) run(floor, out.floor);
  }
  return out;
}

// Times one scenario on both stacks (and the floor, when given) after a warm-up handshake of each, which fills
// caches and gives the resumption rows their first ticket; prints the sides `sides` lists.
void stack_rows(const World& w, const Options& o, Scenario sc, const ParleyCfg& pc, const char* name,
                const char* title, std::initializer_list<Side> sides, Floor* floor = nullptr) {
  OsslCtx oc = ossl_ctx(w, sc);
  int64_t scratch[2] = {0, 0};
  const size_t bytes = parley_handshake(pc, scratch);
  (void)ossl_handshake(oc, scratch);
  Handshakes floor_run;
  if (floor) {
    floor->transcript_bytes = bytes;
    floor_run = [&](int64_t* ns) {
      on_side(kClient, ns, [&] { floor->client(sc); });
      on_side(kServer, ns, [&] { floor->server(sc); });
    };
  }
  const Rounds r = interleave(
      o, [&](int64_t* ns) { (void)parley_handshake(pc, ns); }, [&](int64_t* ns) { (void)ossl_handshake(oc, ns); },
      floor_run);
  for (Side s : sides) {
    const Stat f = stat_of(r.floor[s]);
    print_handshake_row(o, name, title, s, stat_of(r.a[s]), stat_of(r.b[s]), floor ? &f : nullptr);
  }
  SSL_CTX_free(oc.client);
  SSL_CTX_free(oc.server);
  SSL_SESSION_free(std::exchange(g_ossl_ticket.session, nullptr));
}

// The warm-cache rows: parley with the default trust store
// (x509/signature_cache.h) after one handshake filled its cache, as a
// long-running client reconnecting to a server, or an mTLS server meeting a
// client again, sees it: the peer's two chain signatures come from the cache
// (CertificateVerify is still verified). One side each: the client of a full
// ECDSA handshake, the server of an mTLS one; OpenSSL has no such cache and is
// measured again beside it. No floor: the floor counts both chain signatures.
void warm_cache_rows(const World& w, const Options& o) {
  struct Row {
    Scenario sc;
    Side side;
    const char* title;
    const char* name;
  };
  const Row rows[] = {{Scenario::ecdsa, kClient, "full ECDSA, warm", "full-ecdsa-warm-cache"},
                      {Scenario::mtls, kServer, "mTLS, warm", "mtls-warm-cache"}};
  for (const Row& row : rows) {
    ParleyCfg pc = parley_cfg(w, row.sc);
    auto client = std::make_shared<ClientConfig>(*pc.client);
    auto server = std::make_shared<ServerConfig>(*pc.server);
    client->trust_store = w.warm_store;
    if (server->client_ca) server->client_ca = w.warm_store;
    pc.client = client;
    pc.server = server;
    stack_rows(w, o, row.sc, pc, row.name, row.title, {row.side});
  }
}

// `config` sending `n` tickets after each handshake, sealed with keys of its own.
std::shared_ptr<ServerConfig> with_tickets(const ServerConfig& config, size_t n) {
  auto c = std::make_shared<ServerConfig>(config);
  c->tickets = n;
  c->ticket_keys = TicketKeys::generate(crypto::openssl_provider());
  return c;
}

// What issuing tickets costs a full handshake (ECDSA, parley only): the server sending 2 NewSessionTickets
// (ServerConfig::tickets, the default) against 0, interleaved like the stacks above; beside it, what one
// ticket's AEAD seal costs alone (TicketKeys::seal of a session state of this scenario's size). The client
// has no session cache, so it parses the tickets and drops them.
void ticket_rows(const World& w, const Options& o) {
  const ParleyCfg none = parley_cfg(w, Scenario::ecdsa);
  ParleyCfg two = none;
  const auto server = with_tickets(*none.server, 2);
  two.server = server;
  int64_t scratch[2] = {0, 0};
  (void)parley_handshake(none, scratch);
  (void)parley_handshake(two, scratch);
  const Rounds r = interleave(
      o, [&](int64_t* ns) { (void)parley_handshake(two, ns); }, [&](int64_t* ns) { (void)parley_handshake(none, ns); });

  tls::session::SessionState state;
  state.suite = 0x1301;
  state.issued_at = std::time(nullptr);
  state.lifetime = 24 * 3600;
  state.resumption_secret = SecretBytes::zeroed(32);
  state.sni = kHost;
  const auto bytes = must(tls::session::encode_session_state(state), "encode_session_state");
  std::vector<double> seal_us;
  for (int round = 0; round < o.rounds; ++round) {
    const int n = o.iters * 20;
    const int64_t t0 = cpu_ns();
    for (int i = 0; i < n; ++i) (void)must(server->ticket_keys->seal(bytes.view(), state.issued_at), "seal");
    seal_us.push_back(static_cast<double>(cpu_ns() - t0) / 1e3 / n);
  }
  const Stat seal = stat_of(seal_us);
  if (!o.json) {
    std::printf("\n== Tickets: full ECDSA handshake, parley, the server sending 2 NewSessionTickets against 0 "
                "(CPU µs per handshake, median of %d rounds [min–max]); one ticket seal alone: %.2f µs\n",
                o.rounds, seal.med);
    std::printf("%-6s %24s %24s %16s %16s\n", "side", "2 tickets µs", "0 tickets µs", "per ticket µs",
                "per ticket/seal");
  }
  for (int s = 0; s < 2; ++s) {
    const Stat t2 = stat_of(r.a[s]), t0 = stat_of(r.b[s]);
    const double per_ticket = (t2.med - t0.med) / 2;
    const char* side = s == kClient ? "client" : "server";
    if (o.json) {
      std::printf("{\"bench\":\"tickets\",\"side\":\"%s\",", side);
      print_json_kv("two_tickets_us", t2.med);
      print_json_kv("no_tickets_us", t0.med);
      print_json_kv("per_ticket_us", per_ticket);
      print_json_kv("seal_us", seal.med, true);
      std::printf(",\"rounds\":%d,\"iters\":%d}\n", o.rounds, o.iters);
    } else {
      char a[64], b[64];
      std::snprintf(a, sizeof a, "%.1f [%.1f–%.1f]", t2.med, t2.min, t2.max);
      std::snprintf(b, sizeof b, "%.1f [%.1f–%.1f]", t0.med, t0.min, t0.max);
      std::printf("%-6s %26s %26s %16.2f %16.2f\n", side, a, b, per_ticket, per_ticket / seal.med);
    }
  }
}

void handshake_section(const World& w, const Options& o) {
  Floor floor;
  g_clock_bias_ns = calibrate_clock_bias();
  if (!o.json) {
    std::printf("\n(clock cost per timed call, subtracted: %.0f ns)", g_clock_bias_ns);
    std::printf("\n== Handshake: CPU µs per handshake per side (median of %d rounds [min–max], %d handshakes "
                "per stack per round, stacks interleaved)\n",
                o.rounds, o.iters);
    std::printf("%-20s %-6s %22s %22s %10s %9s %9s %10s %10s\n", "scenario", "side", "parley µs", "OpenSSL µs",
                "floor µs", "p/OpenSSL", "p/floor", "parley/s", "OpenSSL/s");
  }
  if (o.only != "resumption") {
    for (Scenario sc : kScenarios) {
      if (sc == Scenario::rsa && !w.server_rsa.leaf) continue;
      stack_rows(w, o, sc, parley_cfg(w, sc), scenario_name(sc), scenario_title(sc), {kClient, kServer}, &floor);
    }
    warm_cache_rows(w, o);
  }
  for (Scenario sc : kResumedScenarios) {
    stack_rows(w, o, sc, parley_cfg(w, sc), scenario_name(sc), scenario_title(sc), {kClient, kServer});
  }
  ticket_rows(w, o);
}

// ---------------------------------------------------------------- bulk section

constexpr size_t kRecord = 16384;

// Moves `total` bytes c->s then s->c in 16 KiB writes; returns the CPU ns of both sides.
int64_t parley_bulk(ParleyPair& p, size_t total, std::vector<uint8_t>& buf) {
  int64_t ns[2] = {0, 0};
  g_side_clock = false;
  const int64_t t0 = cpu_ns();
  for (int dir = 0; dir < 2; ++dir) {
    Connection& from = dir == 0 ? *p.c : *p.s;
    Connection& to = dir == 0 ? *p.s : *p.c;
    Side fs = dir == 0 ? kClient : kServer, ts = dir == 0 ? kServer : kClient;
    size_t got = 0;
    for (size_t sent = 0; sent < total; sent += kRecord) {
      on_side(fs, ns, [&] {
        if (!from.write({buf.data(), kRecord})) die("parley write");
      });
      parley_move(from, fs, to, ts, ns, nullptr);
      on_side(ts, ns, [&] {
        size_t n;
        while ((n = to.read(buf)) > 0) got += n;
      });
    }
    if (got != total) die("parley bulk: short read");
  }
  g_side_clock = true;
  return cpu_ns() - t0;
}

int64_t ossl_bulk(OsslPair& p, size_t total, std::vector<uint8_t>& buf) {
  int64_t ns[2] = {0, 0};
  g_side_clock = false;
  const int64_t t0 = cpu_ns();
  for (int dir = 0; dir < 2; ++dir) {
    OsslEnd& from = dir == 0 ? p.c : p.s;
    OsslEnd& to = dir == 0 ? p.s : p.c;
    Side fs = dir == 0 ? kClient : kServer, ts = dir == 0 ? kServer : kClient;
    size_t got = 0;
    for (size_t sent = 0; sent < total; sent += kRecord) {
      on_side(fs, ns, [&] {
        if (SSL_write(from.ssl, buf.data(), static_cast<int>(kRecord)) != static_cast<int>(kRecord)) {
          die("SSL_write");
        }
      });
      ossl_move(from, fs, to, ts, ns, nullptr);
      on_side(ts, ns, [&] {
        int n;
        while ((n = SSL_read(to.ssl, buf.data(), static_cast<int>(buf.size()))) > 0) got += static_cast<size_t>(n);
      });
    }
    if (got != total) die("OpenSSL bulk: short read");
  }
  g_side_clock = true;
  return cpu_ns() - t0;
}

// The bare AEAD: seal and open every record once (16 KiB + the content-type byte, 5-byte AAD), key installed once.
int64_t aead_bulk(const char* cipher_name, size_t total, std::vector<uint8_t>& buf) {
  EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, cipher_name, nullptr);
  EVP_CIPHER_CTX* enc = EVP_CIPHER_CTX_new();
  EVP_CIPHER_CTX* dec = EVP_CIPHER_CTX_new();
  uint8_t key[32] = {7}, nonce[12] = {}, aad[5] = {23, 3, 3, 0x40, 0x11}, tag[16];
  EVP_CipherInit_ex2(enc, cipher, key, nullptr, 1, nullptr);
  EVP_CipherInit_ex2(dec, cipher, key, nullptr, 0, nullptr);
  std::vector<uint8_t> rec(kRecord + 1);
  int64_t t0 = cpu_ns();
  uint64_t seq = 0;
  for (int dir = 0; dir < 2; ++dir) {
    for (size_t sent = 0; sent < total; sent += kRecord, ++seq) {
      std::memcpy(nonce + 4, &seq, 8);
      int outl = 0;
      std::memcpy(rec.data(), buf.data(), kRecord);
      rec[kRecord] = 23;
      EVP_CipherInit_ex2(enc, nullptr, nullptr, nonce, 1, nullptr);
      EVP_CipherUpdate(enc, nullptr, &outl, aad, 5);
      EVP_CipherUpdate(enc, rec.data(), &outl, rec.data(), static_cast<int>(rec.size()));
      EVP_CipherFinal_ex(enc, rec.data() + outl, &outl);
      EVP_CIPHER_CTX_ctrl(enc, EVP_CTRL_AEAD_GET_TAG, 16, tag);
      EVP_CipherInit_ex2(dec, nullptr, nullptr, nonce, 0, nullptr);
      EVP_CipherUpdate(dec, nullptr, &outl, aad, 5);
      EVP_CipherUpdate(dec, rec.data(), &outl, rec.data(), static_cast<int>(rec.size()));
      EVP_CIPHER_CTX_ctrl(dec, EVP_CTRL_AEAD_SET_TAG, 16, tag);
      if (EVP_CipherFinal_ex(dec, rec.data() + outl, &outl) != 1) die("bare AEAD open");
      std::memcpy(buf.data(), rec.data(), kRecord);
    }
  }
  int64_t ns = cpu_ns() - t0;
  EVP_CIPHER_CTX_free(enc);
  EVP_CIPHER_CTX_free(dec);
  EVP_CIPHER_free(cipher);
  return ns;
}

void bulk_section(const World& w, const Options& o) {
  struct S {
    const char* title;
    crypto::Suite suite;
    const char* ossl_suite;
    const char* evp;
  } suites[] = {{"AES-128-GCM", crypto::Suite::aes_128_gcm_sha256, "TLS_AES_128_GCM_SHA256", "AES-128-GCM"},
                {"ChaCha20-Poly1305", crypto::Suite::chacha20_poly1305_sha256, "TLS_CHACHA20_POLY1305_SHA256",
                 "ChaCha20-Poly1305"}};
  size_t total = static_cast<size_t>(o.bulk_mib) << 20;
  std::vector<uint8_t> buf(kRecord * 2, 0x5a);
  if (!o.json) {
    std::printf("\n== Bulk: %d MiB each way in 16 KiB records, GB/s of application data over the CPU time of the "
                "whole transfer (median of %d rounds [min–max], interleaved)\n",
                o.bulk_mib, o.bulk_rounds);
    std::printf("%-18s %20s %20s %20s %12s %12s\n", "suite", "parley GB/s", "OpenSSL GB/s", "bare AEAD GB/s",
                "p/AEAD", "OpenSSL/AEAD");
  }
  for (const auto& s : suites) {
    ParleyCfg pc = parley_cfg(w, Scenario::ecdsa, s.suite);
    OsslCtx oc = ossl_ctx(w, Scenario::ecdsa, s.ossl_suite);
    int64_t scratch[2] = {0, 0};
    ParleyPair pp;
    parley_connect(pc, pp, scratch);
    OsslPair op;
    ossl_connect(oc, op, scratch);
    std::vector<double> pg, og, ag;
    auto gbs = [&](int64_t ns) { return 2.0 * static_cast<double>(total) / static_cast<double>(ns); };
    for (int r = 0; r < o.bulk_rounds; ++r) {
      if (r % 2) {
        og.push_back(gbs(ossl_bulk(op, total, buf)));
        pg.push_back(gbs(parley_bulk(pp, total, buf)));
      } else {
        pg.push_back(gbs(parley_bulk(pp, total, buf)));
        og.push_back(gbs(ossl_bulk(op, total, buf)));
      }
      ag.push_back(gbs(aead_bulk(s.evp, total, buf)));
    }
    Stat p = stat_of(pg), os = stat_of(og), a = stat_of(ag);
    if (o.json) {
      std::printf("{\"bench\":\"bulk\",\"suite\":\"%s\",\"mib_each_way\":%d,", s.title, o.bulk_mib);
      print_json_kv("parley_gbps", p.med);
      print_json_kv("openssl_gbps", os.med);
      print_json_kv("aead_gbps", a.med);
      print_json_kv("parley_vs_aead", p.med / a.med);
      print_json_kv("openssl_vs_aead", os.med / a.med, true);
      std::printf("}\n");
    } else {
      char pb[64], ob[64], ab[64];
      std::snprintf(pb, sizeof pb, "%.2f [%.2f–%.2f]", p.med, p.min, p.max);
      std::snprintf(ob, sizeof ob, "%.2f [%.2f–%.2f]", os.med, os.min, os.max);
      std::snprintf(ab, sizeof ab, "%.2f [%.2f–%.2f]", a.med, a.min, a.max);
      std::printf("%-18s %22s %22s %22s %12.2f %12.2f\n", s.title, pb, ob, ab, p.med / a.med, os.med / a.med);
    }
    pp.c.reset();
    pp.s.reset();
    ossl_free(op, scratch);
    SSL_CTX_free(oc.client);
    SSL_CTX_free(oc.server);
  }
}

// ---------------------------------------------------------------- memory section (parley_bench_memory only)

void mem_reset() {
  bench_mem.enabled = 0;
  for (int i = 0; i < 3; ++i) bench_mem.live[i] = bench_mem.peak[i] = bench_mem.allocs[i] = 0;
}

struct MemResult {
  double idle[2];
  double peak[2];
  double allocs[2];  // allocation calls per handshake
};

template <class Connect, class Keep, class Drop>
MemResult measure_memory(int conns, Connect connect, Keep keep, Drop drop) {
  MemResult m{};
  for (int i = 0; i < 20; ++i) drop(connect());  // warm-up: lazy initialisation of both libraries
  // Peak of one handshake.
  mem_reset();
  bench_mem.enabled = 1;
  auto one = connect();
  bench_mem.enabled = 0;
  for (int s = 0; s < 2; ++s) {
    m.peak[s] = static_cast<double>(bench_mem.peak[s + 1]);
    m.allocs[s] = static_cast<double>(bench_mem.allocs[s + 1]);
  }
  drop(std::move(one));
  // Idle: conns established connections held at once.
  mem_reset();
  bench_mem.enabled = 1;
  for (int i = 0; i < conns; ++i) keep(connect());
  bench_mem.enabled = 0;
  for (int s = 0; s < 2; ++s) m.idle[s] = static_cast<double>(bench_mem.live[s + 1]) / conns;
  return m;
}

void memory_section(const World& w, const Options& o) {
  if (!have_mem_hook()) {
    if (!o.json) std::printf("\n== Memory: run parley_bench_memory (the same program with a counting malloc)\n");
    return;
  }
  int conns = o.smoke ? 10 : o.mem_conns;
  ParleyCfg pc = parley_cfg(w, Scenario::ecdsa);
  OsslCtx oc = ossl_ctx(w, Scenario::ecdsa);
  OsslCtx oc_rel = ossl_ctx(w, Scenario::ecdsa, "TLS_AES_128_GCM_SHA256", true);
  int64_t scratch[2] = {0, 0};

  std::vector<std::unique_ptr<ParleyPair>> pkeep;
  pkeep.reserve(conns);
  MemResult pm = measure_memory(
      conns,
      [&] {
        auto p = std::make_unique<ParleyPair>();
        parley_connect(pc, *p, scratch);
        return p;
      },
      [&](std::unique_ptr<ParleyPair> p) { pkeep.push_back(std::move(p)); },
      [&](std::unique_ptr<ParleyPair> p) {
        on_side(kClient, scratch, [&] { p->c.reset(); });
        on_side(kServer, scratch, [&] { p->s.reset(); });
      });
  pkeep.clear();

  auto ossl_mem = [&](const OsslCtx& ctx) {
    std::vector<std::unique_ptr<OsslPair>> keep;
    keep.reserve(conns);
    MemResult m = measure_memory(
        conns,
        [&] {
          auto p = std::make_unique<OsslPair>();
          ossl_connect(ctx, *p, scratch);
          return p;
        },
        [&](std::unique_ptr<OsslPair> p) { keep.push_back(std::move(p)); },
        [&](std::unique_ptr<OsslPair> p) { ossl_free(*p, scratch); });
    for (auto& p : keep) ossl_free(*p, scratch);
    return m;
  };
  MemResult om = ossl_mem(oc);
  MemResult orl = ossl_mem(oc_rel);

  struct Row {
    const char* name;
    const MemResult* m;
    const char* io;
  } rows[] = {{"parley", &pm, "whatever parley keeps after the handshake (its record buffers included)"},
              {"OpenSSL", &om, "SSL + its 2 memory BIOs; read/write buffers kept (default)"},
              {"OpenSSL RELEASE_BUFFERS", &orl, "SSL + its 2 memory BIOs; SSL_MODE_RELEASE_BUFFERS frees idle buffers"}};
  if (!o.json) {
    std::printf("\n== Memory: heap bytes per established idle connection (%d connections held, ECDSA scenario; "
                "malloc_usable_size of every block) and the peak during one handshake\n",
                conns);
    std::printf("%-24s %12s %12s %12s %12s %10s %10s  %s\n", "stack", "idle client", "idle server", "peak client",
                "peak server", "mallocs c", "mallocs s", "what is counted");
  }
  for (const auto& r : rows) {
    if (o.json) {
      std::printf("{\"bench\":\"memory\",\"stack\":\"%s\",", r.name);
      print_json_kv("idle_client_bytes", r.m->idle[0]);
      print_json_kv("idle_server_bytes", r.m->idle[1]);
      print_json_kv("peak_client_bytes", r.m->peak[0]);
      print_json_kv("peak_server_bytes", r.m->peak[1]);
      print_json_kv("allocs_client", r.m->allocs[0]);
      print_json_kv("allocs_server", r.m->allocs[1], true);
      std::printf(",\"connections\":%d}\n", conns);
    } else {
      std::printf("%-24s %12.0f %12.0f %12.0f %12.0f %10.0f %10.0f  %s\n", r.name, r.m->idle[0], r.m->idle[1],
                  r.m->peak[0], r.m->peak[1], r.m->allocs[0], r.m->allocs[1], r.io);
    }
  }
  for (auto* c : {&oc, &oc_rel}) {
    SSL_CTX_free(c->client);
    SSL_CTX_free(c->server);
  }
}

// ---------------------------------------------------------------- callgrind mode

// --hold=N: N established parley pairs held at exit, for a heap profiler
// (valgrind --tool=massif) to attribute the idle memory to allocation sites.
int hold_mode(const World& w, int n) {
  ParleyCfg pc = parley_cfg(w, Scenario::ecdsa);
  int64_t scratch[2] = {0, 0};
  std::vector<std::unique_ptr<ParleyPair>> keep;
  for (int i = 0; i < n; ++i) {
    keep.push_back(std::make_unique<ParleyPair>());
    parley_connect(pc, *keep.back(), scratch);
  }
  std::printf("holding %d parley pairs\n", n);
  return 0;
}

int callgrind_mode(const World& w, const Options& o) {
  auto sc = scenario_from(o.callgrind);
  if (!sc) die("unknown scenario " + o.callgrind);
  int64_t scratch[2] = {0, 0};
  if (o.stack == "parley") {
    ParleyCfg pc = parley_cfg(w, *sc);
    if (o.tickets >= 0) pc.server = with_tickets(*pc.server, static_cast<size_t>(o.tickets));
    for (int i = 0; i < 3; ++i) parley_handshake(pc, scratch);
    g_collect = true;
    for (int i = 0; i < o.iters; ++i) parley_handshake(pc, scratch);
  } else if (o.stack == "openssl") {
    OsslCtx oc = ossl_ctx(w, *sc);
    for (int i = 0; i < 3; ++i) ossl_handshake(oc, scratch);
    g_collect = true;
    for (int i = 0; i < o.iters; ++i) ossl_handshake(oc, scratch);
  } else if (o.stack == "floor") {
    if (resumes(*sc)) die("the resumed scenarios have no primitive floor");
    Floor f;
    for (int i = 0; i < 3; ++i) f.client(*sc), f.server(*sc);
    g_collect = true;
    for (int i = 0; i < o.iters; ++i) {
      on_side(kClient, scratch, [&] { f.client(*sc); });
      on_side(kServer, scratch, [&] { f.server(*sc); });
    }
  } else {
    die("unknown stack " + o.stack);
  }
  g_collect = false;
  return 0;
}

std::string machine() {
  std::string model = "?";
  if (FILE* f = std::fopen("/proc/cpuinfo", "r")) {
    char line[512];
    while (std::fgets(line, sizeof line, f)) {
      if (std::strncmp(line, "model name", 10) == 0) {
        const char* c = std::strchr(line, ':');
        model = c ? c + 2 : line;
        if (!model.empty() && model.back() == '\n') model.pop_back();
        break;
      }
    }
    std::fclose(f);
  }
  return model;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto val = [&](std::string_view key) -> std::optional<std::string> {
      if (a.substr(0, key.size()) == key) return std::string(a.substr(key.size()));
      return std::nullopt;
    };
    std::optional<std::string> v;
    if (a == "--json") {
      o.json = true;
    } else if (a == "--smoke") {
      o.smoke = true;
    } else if ((v = val("--rounds="))) {
      o.rounds = std::max(1, std::atoi(v->c_str()));
    } else if ((v = val("--iters="))) {
      o.iters = std::max(1, std::atoi(v->c_str()));
    } else if ((v = val("--bulk-mib="))) {
      o.bulk_mib = std::max(1, std::atoi(v->c_str()));
    } else if ((v = val("--bulk-rounds="))) {
      o.bulk_rounds = std::max(1, std::atoi(v->c_str()));
    } else if ((v = val("--connections="))) {
      o.mem_conns = std::max(1, std::atoi(v->c_str()));
    } else if ((v = val("--only="))) {
      o.only = *v;
    } else if ((v = val("--callgrind="))) {
      o.callgrind = *v;
    } else if ((v = val("--hold="))) {
      o.hold = std::max(1, std::atoi(v->c_str()));
    } else if ((v = val("--stack="))) {
      o.stack = *v;
    } else if ((v = val("--tickets="))) {
      o.tickets = std::max(0, std::atoi(v->c_str()));
    } else {
      std::fprintf(stderr, "usage: %s [--json] [--smoke] [--rounds=N] [--iters=N] [--bulk-mib=N] [--bulk-rounds=N] "
                   "[--connections=N] [--only=handshake|bulk|memory|resumption] [--callgrind=SCENARIO --stack=parley|openssl|floor [--tickets=N]]\n",
                   argv[0]);
      return 2;
    }
  }
  if (o.smoke) {
    o.rounds = 1;
    o.iters = 1;
    o.bulk_mib = 1;
    o.bulk_rounds = 1;
  }
  bool need_rsa = (o.callgrind.empty() && o.hold == 0) || o.callgrind == "full-rsa2048";
  World w(need_rsa);
  if (!o.callgrind.empty()) return callgrind_mode(w, o);
  if (o.hold) return hold_mode(w, o.hold);
  if (!o.json) {
    std::printf("parley vs %s, in memory, one thread (%s)%s\n", OpenSSL_version(OPENSSL_VERSION), machine().c_str(),
                o.smoke ? " -- SMOKE RUN, figures meaningless" : "");
    std::printf("CPU time: CLOCK_THREAD_CPUTIME_ID around every call into each side; the machine is shared and noisy.\n");
  }
  if (want(o, "handshake") || o.only == "resumption") handshake_section(w, o);
  if (want(o, "bulk")) bulk_section(w, o);
  if (want(o, "memory")) memory_section(w, o);
  return 0;
}
