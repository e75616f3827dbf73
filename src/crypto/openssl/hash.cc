// SHA-2 hashing, HMAC and HKDF over libcrypto.
//
// The EVP_MD, the HMAC EVP_MAC and the HKDF EVP_KDF are fetched once per
// algorithm. HKDF-Expand is libcrypto's (EXPAND_ONLY mode), never our own
// composition: it is a primitive. HKDF-Extract is one HMAC by definition
// (RFC 5869 §2.2), made with the keyed HMAC below: libcrypto 3.0's
// EXTRACT_ONLY mode fetches HMAC by name on every call (EVP_Q_mac), three
// times per handshake.
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>

#include <array>

#include "crypto/openssl/backend.h"
#include "crypto/openssl/error.h"
#include "crypto/openssl/ossl_ptr.h"

namespace parley::crypto::ossl {
namespace {

class OsslHashCtx final : public HashCtx {
 public:
  OsslHashCtx(OsslPtr<EVP_MD_CTX> ctx, size_t len) : ctx_(std::move(ctx)), len_(len) {}

  void update(ByteView data) override {
    if (EVP_DigestUpdate(ctx_.get(), data.data(), data.size()) != 1) fatal("EVP_DigestUpdate failed");
  }

  // The transcript asks for the hash so far: finish a copy, never ctx_ itself.
  SecretBytes digest() const override {
    if (!scratch_) {
      scratch_.reset(EVP_MD_CTX_new());
      if (!scratch_) fatal("EVP_MD_CTX_new failed");
    }
    SecretBytes out = SecretBytes::zeroed(len_);
    unsigned int n = 0;
    if (EVP_MD_CTX_copy_ex(scratch_.get(), ctx_.get()) != 1 ||
        EVP_DigestFinal_ex(scratch_.get(), out.data().data(), &n) != 1 || n != len_) {
      fatal("EVP_DigestFinal_ex failed");
    }
    return out;
  }

  std::unique_ptr<HashCtx> clone() const override {
    OsslPtr<EVP_MD_CTX> copy(EVP_MD_CTX_new());
    if (!copy || EVP_MD_CTX_copy_ex(copy.get(), ctx_.get()) != 1) fatal("EVP_MD_CTX_copy_ex failed");
    return std::make_unique<OsslHashCtx>(std::move(copy), len_);
  }

 private:
  OsslPtr<EVP_MD_CTX> ctx_;
  mutable OsslPtr<EVP_MD_CTX> scratch_;  // reused by digest()
  size_t len_;
};

// One-shot digests reuse a context per thread and algorithm (Hash is shared
// between threads, so it cannot hold one itself).
EVP_MD_CTX* thread_md_ctx(HashAlg alg) {
  thread_local std::array<OsslPtr<EVP_MD_CTX>, 3> ctxs;
  auto& slot = ctxs[static_cast<size_t>(alg)];
  if (!slot) {
    slot.reset(EVP_MD_CTX_new());
    if (!slot) fatal("EVP_MD_CTX_new failed");
  }
  return slot.get();
}

// A new HKDF context with its digest set (by name: libcrypto looks it up).
OsslPtr<EVP_KDF_CTX> new_hkdf_ctx(EVP_KDF* kdf, const char* md_name) {
  OsslPtr<EVP_KDF_CTX> ctx(EVP_KDF_CTX_new(kdf));
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>(md_name), 0),
      OSSL_PARAM_construct_end(),
  };
  if (!ctx || EVP_KDF_CTX_set_params(ctx.get(), params) != 1) fatal("HKDF digest setup failed");
  return ctx;
}

// HKDF contexts are kept per thread and algorithm with the digest set once,
// then re-keyed per call: OpenSSL 3.0 cannot duplicate an HKDF context
// (EVP_KDF_CTX_dup loses the digest), and a fresh context per call pays the
// digest lookup every time (see docs/PERFORMANCE.md).
EVP_KDF_CTX* thread_hkdf_ctx(HashAlg alg, EVP_KDF* kdf, const char* md_name) {
  thread_local std::array<OsslPtr<EVP_KDF_CTX>, 3> ctxs;
  auto& slot = ctxs[static_cast<size_t>(alg)];
  if (!slot) slot = new_hkdf_ctx(kdf, md_name);
  return slot.get();
}

// An HMAC context keyed for one call and freed (and so wiped) after it.
class HmacCall {
 public:
  explicit HmacCall(const EVP_MAC_CTX* tmpl) : ctx_(EVP_MAC_CTX_dup(tmpl)) {
    if (!ctx_) fatal("EVP_MAC_CTX_dup failed");
  }
  // An empty key must still be passed as a non-NULL pointer: HMAC's init with
  // NULL means "keep the previous key".
  void init(ByteView key) {
    static const uint8_t kNone = 0;
    const uint8_t* k = key.empty() ? &kNone : key.data();
    if (EVP_MAC_init(ctx_.get(), k, key.size(), nullptr) != 1) fatal("EVP_MAC_init failed");
  }
  void update(ByteView data) {
    if (!data.empty() && EVP_MAC_update(ctx_.get(), data.data(), data.size()) != 1) fatal("EVP_MAC_update failed");
  }
  size_t final(uint8_t* out, size_t cap) {
    size_t n = 0;
    if (EVP_MAC_final(ctx_.get(), out, &n, cap) != 1) fatal("EVP_MAC_final failed");
    return n;
  }

 private:
  OsslPtr<EVP_MAC_CTX> ctx_;
};

class OsslHash final : public Hash {
 public:
  OsslHash(HashAlg alg, const char* name) : alg_(alg), md_name_(name) {
    md_.reset(EVP_MD_fetch(nullptr, name, nullptr));
    if (!md_) fatal("EVP_MD_fetch failed");
    len_ = static_cast<size_t>(EVP_MD_get_size(md_.get()));
    mac_.reset(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    if (!mac_) fatal("EVP_MAC_fetch(HMAC) failed");
    hmac_template_.reset(EVP_MAC_CTX_new(mac_.get()));
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(name), 0),
        OSSL_PARAM_construct_end(),
    };
    if (!hmac_template_ || EVP_MAC_CTX_set_params(hmac_template_.get(), params) != 1) {
      fatal("HMAC digest setup failed");
    }
    kdf_.reset(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
    if (!kdf_) fatal("EVP_KDF_fetch(HKDF) failed");
  }

  HashAlg alg() const override { return alg_; }
  size_t len() const override { return len_; }

  std::unique_ptr<HashCtx> start() const override {
    OsslPtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestInit_ex2(ctx.get(), md_.get(), nullptr) != 1) fatal("EVP_DigestInit_ex2 failed");
    return std::make_unique<OsslHashCtx>(std::move(ctx), len_);
  }

  SecretBytes digest(ByteView data) const override {
    EVP_MD_CTX* ctx = thread_md_ctx(alg_);
    SecretBytes out = SecretBytes::zeroed(len_);
    unsigned int n = 0;
    if (EVP_DigestInit_ex2(ctx, md_.get(), nullptr) != 1 || EVP_DigestUpdate(ctx, data.data(), data.size()) != 1 ||
        EVP_DigestFinal_ex(ctx, out.data().data(), &n) != 1 || n != len_) {
      fatal("one-shot digest failed");
    }
    // Leave no trace of the result in the per-thread context.
    if (EVP_DigestInit_ex2(ctx, md_.get(), nullptr) != 1) fatal("EVP_DigestInit_ex2 failed");
    return out;
  }

  SecretBytes hmac(ByteView key, ByteView msg) const override {
    HmacCall h(hmac_template_.get());
    h.init(key);
    h.update(msg);
    SecretBytes out = SecretBytes::zeroed(len_);
    if (h.final(out.data().data(), out.size()) != len_) fatal("HMAC output length");
    return out;
  }

  // RFC 5869 §2.2: PRK = HMAC-Hash(salt, IKM). An empty salt acts as HashLen
  // zeros, and so does an empty HMAC key: both are zero-padded to the block (RFC 2104 §2).
  SecretBytes hkdf_extract(ByteView salt, ByteView ikm) const override { return hmac(salt, ikm); }

  // RFC 5869 §2.3: OKM = T(1) | T(2) | ..., the first L octets.
  Result<void> hkdf_expand(ByteView prk, ByteView info, std::span<uint8_t> out) const override {
    if (out.size() > 255 * len_) return err::api("HKDF-Expand: output longer than 255 * HashLen");
    if (out.empty()) return {};
    if (!hkdf_expand_only(prk, info, out)) return internal_error("HKDF-Expand failed");
    return {};
  }

 private:
  // One HKDF-Expand call. OpenSSL 3.0 crashes on an empty info and keeps a
  // stale one when it is omitted, so an empty info (never used by TLS) gets a fresh context.
  bool hkdf_expand_only(ByteView key, ByteView info, std::span<uint8_t> out) const {
    OsslPtr<EVP_KDF_CTX> fresh;
    EVP_KDF_CTX* ctx = nullptr;
    if (info.empty()) {
      fresh = new_hkdf_ctx(kdf_.get(), md_name_);
      ctx = fresh.get();
    } else {
      ctx = thread_hkdf_ctx(alg_, kdf_.get(), md_name_);
    }
    static const uint8_t kNone = 0;  // libcrypto wants a non-NULL key pointer even when empty
    auto octets = [](const char* name, ByteView v) {
      return OSSL_PARAM_construct_octet_string(name, const_cast<uint8_t*>(v.empty() ? &kNone : v.data()), v.size());
    };
    int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
        octets(OSSL_KDF_PARAM_KEY, key),
        info.empty() ? OSSL_PARAM_construct_end() : octets(OSSL_KDF_PARAM_INFO, info),
        OSSL_PARAM_construct_end(),
    };
    bool ok = EVP_KDF_derive(ctx, out.data(), out.size(), params) == 1;
    if (!fresh) {  // leave no secret in the context that outlives this call
      OSSL_PARAM scrub[] = {octets(OSSL_KDF_PARAM_KEY, ByteView(&kNone, 1)), OSSL_PARAM_construct_end()};
      if (EVP_KDF_CTX_set_params(ctx, scrub) != 1) fatal("HKDF scrub failed");
    }
    if (!ok) clear_errors();
    return ok;
  }

  HashAlg alg_;
  size_t len_ = 0;
  OsslPtr<EVP_MD> md_;
  OsslPtr<EVP_MAC> mac_;
  OsslPtr<EVP_MAC_CTX> hmac_template_;  // digest set, no key; duplicated per call
  const char* md_name_;
  OsslPtr<EVP_KDF> kdf_;
};

}  // namespace

std::unique_ptr<Hash> make_hash(HashAlg alg) {
  switch (alg) {
    case HashAlg::sha256: return std::make_unique<OsslHash>(alg, "SHA2-256");
    case HashAlg::sha384: return std::make_unique<OsslHash>(alg, "SHA2-384");
    case HashAlg::sha512: return std::make_unique<OsslHash>(alg, "SHA2-512");
  }
  fatal("unknown hash");
}

}  // namespace parley::crypto::ossl
