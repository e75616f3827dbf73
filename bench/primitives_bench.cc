// parley's crypto provider against the same operations written directly
// against libcrypto's EVP API, side by side in one run. Each Raw* benchmark is
// the reference: what a competent libcrypto user writes (algorithms fetched
// once, contexts reused where that is natural). parley's target is <= 3%
// overhead over the reference; figures go to docs/PERFORMANCE.md.
#include <benchmark/benchmark.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/x509.h>

#include <array>
#include <cstdlib>
#include <string>
#include <vector>

#include "crypto/provider.h"

namespace {

using namespace parley;
using namespace parley::crypto;

constexpr size_t kRecord = 16384;  // a full TLS record's plaintext (2^14)

void check(bool ok) {
  if (!ok) std::abort();
}

const Provider& P() { return openssl_provider(); }

// A TLS 1.3 record header as AAD (RFC 8446 §5.2).
const std::array<uint8_t, 5> kAad = {0x17, 0x03, 0x03, 0x40, 0x11};

// ---------------------------------------------------------------- AEAD seal, 16 KiB

void ParleySeal(benchmark::State& state, AeadAlg alg) {
  const Aead& aead = *P().aead(alg);
  std::vector<uint8_t> key(aead.key_len(), 0x11), buf(kRecord, 0x22), tag(16), nonce(12, 0);
  auto ctx = aead.make(key);
  check(ctx.has_value());
  uint64_t seq = 0;
  for (auto _ : state) {
    nonce[11] = static_cast<uint8_t>(++seq);
    check((*ctx)->seal(nonce, kAad, buf, {}, buf, tag).has_value());
    benchmark::DoNotOptimize(tag.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(kRecord));
}

void RawSeal(benchmark::State& state, const char* name) {
  EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, name, nullptr);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  std::vector<uint8_t> key(static_cast<size_t>(EVP_CIPHER_get_key_length(cipher)), 0x11), buf(kRecord, 0x22),
      tag(16), nonce(12, 0);
  check(EVP_EncryptInit_ex2(ctx, cipher, key.data(), nullptr, nullptr) == 1);
  uint64_t seq = 0;
  for (auto _ : state) {
    nonce[11] = static_cast<uint8_t>(++seq);
    int n = 0;
    check(EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, nonce.data()) == 1);
    check(EVP_EncryptUpdate(ctx, nullptr, &n, kAad.data(), static_cast<int>(kAad.size())) == 1);
    check(EVP_EncryptUpdate(ctx, buf.data(), &n, buf.data(), static_cast<int>(buf.size())) == 1);
    check(EVP_EncryptFinal_ex(ctx, buf.data() + buf.size(), &n) == 1);
    check(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, tag.data()) == 1);
    benchmark::DoNotOptimize(tag.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(kRecord));
  EVP_CIPHER_CTX_free(ctx);
  EVP_CIPHER_free(cipher);
}

BENCHMARK_CAPTURE(ParleySeal, aes_128_gcm_16k, AeadAlg::aes_128_gcm);
BENCHMARK_CAPTURE(RawSeal, aes_128_gcm_16k, "AES-128-GCM");
BENCHMARK_CAPTURE(ParleySeal, chacha20_poly1305_16k, AeadAlg::chacha20_poly1305);
BENCHMARK_CAPTURE(RawSeal, chacha20_poly1305_16k, "ChaCha20-Poly1305");

// ---------------------------------------------------------------- X25519 keygen + derive

// A fixed peer share (RFC 7748 §6.1, Bob).
const std::array<uint8_t, 32> kPeer = {0xde, 0x9e, 0xdb, 0x7d, 0x7b, 0x7d, 0xc1, 0xb4, 0xd3, 0x5b, 0x61,
                                       0xc2, 0xec, 0xe4, 0x35, 0x37, 0x3f, 0x83, 0x43, 0xc8, 0x5b, 0x78,
                                       0x67, 0x4d, 0xad, 0xfc, 0x7e, 0x14, 0x6f, 0x88, 0x2b, 0x4f};

void ParleyX25519(benchmark::State& state) {
  const KxGroup& g = *P().group(Group::x25519);
  for (auto _ : state) {
    auto share = g.start(*P().rng);
    check(share.has_value());
    benchmark::DoNotOptimize((*share)->public_key().data());
    auto secret = std::move(**share).complete(kPeer);
    check(secret.has_value());
    benchmark::DoNotOptimize(secret->view().data());
  }
}

void RawX25519(benchmark::State& state) {
  EVP_PKEY_CTX* kctx = EVP_PKEY_CTX_new_from_name(nullptr, "X25519", nullptr);
  check(EVP_PKEY_keygen_init(kctx) == 1);
  for (auto _ : state) {
    EVP_PKEY* priv = nullptr;
    check(EVP_PKEY_keygen(kctx, &priv) == 1);
    uint8_t pub[32];
    size_t pub_len = sizeof pub;
    check(EVP_PKEY_get_raw_public_key(priv, pub, &pub_len) == 1);
    benchmark::DoNotOptimize(pub);
    EVP_PKEY* peer = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, kPeer.data(), kPeer.size());
    EVP_PKEY_CTX* dctx = EVP_PKEY_CTX_new_from_pkey(nullptr, priv, nullptr);
    uint8_t secret[32];
    size_t len = sizeof secret;
    check(EVP_PKEY_derive_init(dctx) == 1 && EVP_PKEY_derive_set_peer(dctx, peer) == 1 &&
          EVP_PKEY_derive(dctx, secret, &len) == 1);
    benchmark::DoNotOptimize(secret);
    EVP_PKEY_CTX_free(dctx);
    EVP_PKEY_free(peer);
    EVP_PKEY_free(priv);
  }
  EVP_PKEY_CTX_free(kctx);
}

BENCHMARK(ParleyX25519);
BENCHMARK(RawX25519);

// ---------------------------------------------------------------- ECDSA P-256

// A TLS 1.3 CertificateVerify input: 64 spaces, the context string, 0, a SHA-256 transcript hash.
std::vector<uint8_t> cv_message() {
  std::string m(64, ' ');
  m += "TLS 1.3, server CertificateVerify";
  m.push_back('\0');
  m.append(32, '\xab');
  return {m.begin(), m.end()};
}

struct EcdsaFixture {
  std::unique_ptr<PrivateKey> key;
  EVP_PKEY* raw = nullptr;  // the same key for the reference
  std::vector<uint8_t> msg = cv_message();
  std::vector<uint8_t> sig;
  EcdsaFixture() {
    auto k = P().keys->generate(KeySpec::ec_p256);
    check(k.has_value());
    key = std::move(*k);
    auto der = key->to_pkcs8(std::nullopt);
    check(der.has_value());
    const unsigned char* p = der->view().data();
    raw = d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(der->size()));
    check(raw != nullptr);
    auto s = key->sign(SigAlg::ecdsa_sha256, msg);
    check(s.has_value());
    sig = *s;
  }
};

EcdsaFixture& ecdsa() {
  static EcdsaFixture f;
  return f;
}

void ParleyEcdsaP256Sign(benchmark::State& state) {
  auto& f = ecdsa();
  for (auto _ : state) {
    auto s = f.key->sign(SigAlg::ecdsa_sha256, f.msg);
    check(s.has_value());
    benchmark::DoNotOptimize(s->data());
  }
}

void RawEcdsaP256Sign(benchmark::State& state) {
  auto& f = ecdsa();
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
  EVP_MD_CTX* mctx = EVP_MD_CTX_new();
  std::vector<uint8_t> sig(static_cast<size_t>(EVP_PKEY_get_size(f.raw)));
  for (auto _ : state) {
    size_t len = sig.size();
    check(EVP_DigestSignInit(mctx, nullptr, md, nullptr, f.raw) == 1);
    check(EVP_DigestSign(mctx, sig.data(), &len, f.msg.data(), f.msg.size()) == 1);
    benchmark::DoNotOptimize(sig.data());
    EVP_MD_CTX_reset(mctx);
  }
  EVP_MD_CTX_free(mctx);
  EVP_MD_free(md);
}

void ParleyEcdsaP256Verify(benchmark::State& state) {
  auto& f = ecdsa();
  const PublicKey& pub = f.key->public_key();
  for (auto _ : state) check(pub.verify(SigAlg::ecdsa_sha256, f.msg, f.sig).has_value());
}

void RawEcdsaP256Verify(benchmark::State& state) {
  auto& f = ecdsa();
  // The reference verifies with a public-only key object, as parley does.
  const unsigned char* p = f.key->public_key().spki_der().data();
  EVP_PKEY* pub = d2i_PUBKEY(nullptr, &p, static_cast<long>(f.key->public_key().spki_der().size()));
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
  EVP_MD_CTX* mctx = EVP_MD_CTX_new();
  for (auto _ : state) {
    check(EVP_DigestVerifyInit(mctx, nullptr, md, nullptr, pub) == 1);
    check(EVP_DigestVerify(mctx, f.sig.data(), f.sig.size(), f.msg.data(), f.msg.size()) == 1);
    EVP_MD_CTX_reset(mctx);
  }
  EVP_MD_CTX_free(mctx);
  EVP_MD_free(md);
  EVP_PKEY_free(pub);
}

BENCHMARK(ParleyEcdsaP256Sign);
BENCHMARK(RawEcdsaP256Sign);
BENCHMARK(ParleyEcdsaP256Verify);
BENCHMARK(RawEcdsaP256Verify);

// ---------------------------------------------------------------- HKDF, TLS 1.3 key schedule sizes

// HkdfLabel for "tls13 key", 16 bytes, empty context (RFC 8446 §7.1): the info
// bytes are what matter here; the label encoding itself is the TLS layer's.
std::vector<uint8_t> label(uint16_t len, const char* name) {
  std::vector<uint8_t> info = {static_cast<uint8_t>(len >> 8), static_cast<uint8_t>(len)};
  std::string full = std::string("tls13 ") + name;
  info.push_back(static_cast<uint8_t>(full.size()));
  info.insert(info.end(), full.begin(), full.end());
  info.push_back(0);
  return info;
}

const std::vector<uint8_t> kInfoSecret = label(32, "c hs traffic");
const std::vector<uint8_t> kInfoKey = label(16, "key");
const std::vector<uint8_t> kInfoIv = label(12, "iv");

// One step of the schedule: Extract, then a traffic secret and its key and IV.
void ParleyHkdf(benchmark::State& state) {
  const Hash& h = *P().sha256;
  std::vector<uint8_t> salt(32, 1), ikm(32, 2);
  std::array<uint8_t, 32> secret{};
  std::array<uint8_t, 16> key{};
  std::array<uint8_t, 12> iv{};
  for (auto _ : state) {
    SecretBytes prk = h.hkdf_extract(salt, ikm);
    check(h.hkdf_expand(prk.view(), kInfoSecret, secret).has_value());
    check(h.hkdf_expand(secret, kInfoKey, key).has_value());
    check(h.hkdf_expand(secret, kInfoIv, iv).has_value());
    benchmark::DoNotOptimize(iv.data());
  }
}

// The reference uses EVP_KDF "HKDF" with one reused context, digest set once.
void RawHkdf(benchmark::State& state) {
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  EVP_KDF_CTX* ctx = EVP_KDF_CTX_new(kdf);
  char digest[] = "SHA2-256";
  OSSL_PARAM setup[] = {OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0), OSSL_PARAM_construct_end()};
  check(EVP_KDF_CTX_set_params(ctx, setup) == 1);
  std::vector<uint8_t> salt(32, 1), ikm(32, 2);
  std::array<uint8_t, 32> prk{}, secret{};
  std::array<uint8_t, 16> key{};
  std::array<uint8_t, 12> iv{};
  auto expand = [&](std::span<uint8_t> k, const std::vector<uint8_t>& info, std::span<uint8_t> out) {
    int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;
    OSSL_PARAM p[] = {OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
                      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, k.data(), k.size()),
                      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<uint8_t*>(info.data()),
                                                        info.size()),
                      OSSL_PARAM_construct_end()};
    check(EVP_KDF_derive(ctx, out.data(), out.size(), p) == 1);
  };
  for (auto _ : state) {
    int mode = EVP_KDF_HKDF_MODE_EXTRACT_ONLY;
    OSSL_PARAM p[] = {OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
                      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, ikm.data(), ikm.size()),
                      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt.data(), salt.size()),
                      OSSL_PARAM_construct_end()};
    check(EVP_KDF_derive(ctx, prk.data(), prk.size(), p) == 1);
    expand(prk, kInfoSecret, secret);
    expand(secret, kInfoKey, key);
    expand(secret, kInfoIv, iv);
    benchmark::DoNotOptimize(iv.data());
  }
  EVP_KDF_CTX_free(ctx);
  EVP_KDF_free(kdf);
}

BENCHMARK(ParleyHkdf);
BENCHMARK(RawHkdf);

// ---------------------------------------------------------------- SHA-256, 16 KiB

void ParleySha256(benchmark::State& state) {
  std::vector<uint8_t> buf(kRecord, 0x33);
  for (auto _ : state) {
    SecretBytes d = P().sha256->digest(buf);
    benchmark::DoNotOptimize(d.view().data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(kRecord));
}

void RawSha256(benchmark::State& state) {
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::vector<uint8_t> buf(kRecord, 0x33);
  uint8_t out[32];
  for (auto _ : state) {
    unsigned int n = 0;
    check(EVP_DigestInit_ex2(ctx, md, nullptr) == 1 && EVP_DigestUpdate(ctx, buf.data(), buf.size()) == 1 &&
          EVP_DigestFinal_ex(ctx, out, &n) == 1);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(kRecord));
  EVP_MD_CTX_free(ctx);
  EVP_MD_free(md);
}

BENCHMARK(ParleySha256);
BENCHMARK(RawSha256);

}  // namespace

BENCHMARK_MAIN();
