// Verifying a 3-certificate ECDSA P-256 chain (root, intermediate, leaf) for a
// hostname, parsing included: parley's verifier against OpenSSL's
// X509_verify_cert on the same DER, in the same run. The trust anchor is
// loaded once on both sides (a TrustStore; an X509_STORE).
//
// parley twice (x509/signature_cache.h):
//   BM_ParleyVerify           cold: a store without the signature cache, both
//                             signatures verified every iteration
//   BM_ParleyVerifyWarmCache  warm: the default store, which has seen this
//                             chain before, as a long-running process sees a
//                             server (or an mTLS client) it verified already
//
// The chain is made at start-up with the openssl command in a temporary directory.
#include <benchmark/benchmark.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "der/pem.h"
#include "x509/verify.h"

namespace {

using namespace parley;

struct Chain {
  std::vector<uint8_t> root, inter, leaf;
};

std::vector<uint8_t> load_der(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  auto der = der::pem_decode_one(s.str(), "CERTIFICATE");
  if (!der) throw std::runtime_error("bad PEM " + path);
  return *der;
}

const Chain& chain() {
  static Chain c = [] {
    char tmpl[] = "/tmp/parley-bench-XXXXXX";
    std::string d = mkdtemp(tmpl);
    std::string script =
        "cd " + d + " && for n in root inter leaf; do openssl genpkey -algorithm EC -pkeyopt "
        "ec_paramgen_curve:P-256 -out $n.key; done && "
        "printf '[v3]\\nbasicConstraints=critical,CA:TRUE\\nkeyUsage=critical,keyCertSign\\nsubjectKeyIdentifier=hash\\n' > root.ext && "
        "printf '[v3]\\nbasicConstraints=critical,CA:TRUE\\nkeyUsage=critical,keyCertSign\\nsubjectKeyIdentifier=hash\\nauthorityKeyIdentifier=keyid\\n' > inter.ext && "
        "printf '[v3]\\nbasicConstraints=critical,CA:FALSE\\nkeyUsage=critical,digitalSignature\\nextendedKeyUsage=serverAuth\\n"
        "subjectKeyIdentifier=hash\\nauthorityKeyIdentifier=keyid\\nsubjectAltName=DNS:api.example.com\\n' > leaf.ext && "
        "openssl req -new -key root.key -subj /CN=Bench\\ Root -out root.csr && "
        "openssl x509 -req -in root.csr -signkey root.key -days 365 -sha256 -extfile root.ext -extensions v3 -out root.pem && "
        "openssl req -new -key inter.key -subj /CN=Bench\\ Inter -out inter.csr && "
        "openssl x509 -req -in inter.csr -CA root.pem -CAkey root.key -set_serial 2 -days 365 -sha256 -extfile inter.ext -extensions v3 -out inter.pem && "
        "openssl req -new -key leaf.key -subj /CN=api.example.com -out leaf.csr && "
        "openssl x509 -req -in leaf.csr -CA inter.pem -CAkey inter.key -set_serial 3 -days 365 -sha256 -extfile leaf.ext -extensions v3 -out leaf.pem";
    if (std::system((script + " >/dev/null 2>&1").c_str()) != 0) throw std::runtime_error("openssl failed");
    return Chain{load_der(d + "/root.pem"), load_der(d + "/inter.pem"), load_der(d + "/leaf.pem")};
  }();
  return c;
}

// Parses the leaf and the intermediate, then verifies them against store.
bool parley_verify_once(const Chain& c, const x509::TrustStore& store, benchmark::State& state) {
  x509::VerifyOptions o;
  o.time = static_cast<int64_t>(std::time(nullptr));
  o.hostname = "api.example.com";
  auto leaf = x509::Certificate::parse(c.leaf);
  auto inter = x509::Certificate::parse(c.inter);
  std::vector<x509::CertificatePtr> inters{*inter};
  auto r = x509::verify(*leaf, inters, store, o);
  if (!r) state.SkipWithError(r.error().summary().c_str());
  benchmark::DoNotOptimize(r);
  return r.has_value();
}

void parley_verify(benchmark::State& state, const x509::TrustStore::Options& options) {
  const Chain& c = chain();
  auto store = x509::TrustStore::from_certificates({*x509::Certificate::parse(c.root)}, options);
  if (!parley_verify_once(c, *store, state)) return;  // fills the cache when there is one
  for (auto _ : state) {
    if (!parley_verify_once(c, *store, state)) break;
  }
}

void BM_ParleyVerify(benchmark::State& state) { parley_verify(state, {.signature_cache_entries = 0}); }
BENCHMARK(BM_ParleyVerify);

void BM_ParleyVerifyWarmCache(benchmark::State& state) { parley_verify(state, {}); }
BENCHMARK(BM_ParleyVerifyWarmCache);

void BM_OpenSslVerify(benchmark::State& state) {
  const Chain& c = chain();
  X509_STORE* store = X509_STORE_new();
  const unsigned char* p = c.root.data();
  X509* root = d2i_X509(nullptr, &p, static_cast<long>(c.root.size()));
  X509_STORE_add_cert(store, root);
  for (auto _ : state) {
    const unsigned char* lp = c.leaf.data();
    X509* leaf = d2i_X509(nullptr, &lp, static_cast<long>(c.leaf.size()));
    const unsigned char* ip = c.inter.data();
    X509* inter = d2i_X509(nullptr, &ip, static_cast<long>(c.inter.size()));
    STACK_OF(X509)* untrusted = sk_X509_new_null();
    sk_X509_push(untrusted, inter);
    X509_STORE_CTX* ctx = X509_STORE_CTX_new();
    X509_STORE_CTX_init(ctx, store, leaf, untrusted);
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx);
    X509_VERIFY_PARAM_set1_host(param, "api.example.com", 0);
    X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
    int ok = X509_verify_cert(ctx);
    if (ok != 1) state.SkipWithError("X509_verify_cert failed");
    benchmark::DoNotOptimize(ok);
    X509_STORE_CTX_free(ctx);
    sk_X509_pop_free(untrusted, X509_free);
    X509_free(leaf);
  }
  X509_free(root);
  X509_STORE_free(store);
}
BENCHMARK(BM_OpenSslVerify);

}  // namespace

BENCHMARK_MAIN();
