// Key exchange for TLS 1.3 (RFC 8446 §4.2.7, §4.2.8.2, §7.4): X25519 and
// ECDHE over secp256r1/secp384r1.
#include <openssl/core_names.h>
#include <openssl/crypto.h>

#include <array>
#include <string>

#include "crypto/openssl/backend.h"
#include "crypto/openssl/error.h"
#include "crypto/openssl/keys.h"
#include "crypto/openssl/made_once.h"
#include "crypto/openssl/ossl_ptr.h"

namespace parley::crypto::ossl {
namespace {

constexpr size_t kX25519Len = 32;

// The shared secret of `priv` with `peer` (already validated), `len` bytes.
Result<SecretBytes> derive(EVP_PKEY* priv, EVP_PKEY* peer, size_t len) {
  OsslPtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, priv, nullptr));
  SecretBytes out = SecretBytes::zeroed(len);
  size_t n = len;
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_derive_set_peer_ex(ctx.get(), peer, 0) != 1 ||
      EVP_PKEY_derive(ctx.get(), out.data().data(), &n) != 1 || n != len) {
    return crypto_error("key exchange: derive failed");
  }
  return out;
}

// ---------------------------------------------------------------- X25519 (RFC 7748)

class X25519Keys;

class X25519Share final : public KeyShare {
 public:
  X25519Share(const X25519Keys& keys, OsslPtr<EVP_PKEY> priv, std::array<uint8_t, kX25519Len> pub)
      : keys_(keys), priv_(std::move(priv)), pub_(pub) {}
  Group group() const override { return Group::x25519; }
  ByteView public_key() const override { return pub_; }
  Result<SecretBytes> complete(ByteView peer) && override;

 private:
  const X25519Keys& keys_;
  OsslPtr<EVP_PKEY> priv_;
  std::array<uint8_t, kX25519Len> pub_;
};

// X25519 keys are imported through a duplicate of a context made once from a
// template key: no per-handshake lookup of the algorithm by name
// (EVP_PKEY_new_raw_*_key fetches the key manager on every call in libcrypto
// 3.0), and no new context's walk over libcrypto's name table (every
// EVP_PKEY_CTX_new_from_pkey makes one). Made on first use: a process that
// never offers X25519 never pays for it.
class X25519Keys {
 public:
  // The private key is 32 bytes from rng (RFC 7748 §6.1), so a scripted Rng
  // reproduces published exchanges; libcrypto clamps the scalar.
  Result<std::unique_ptr<X25519Share>> start(Rng& rng) const {
    SecretBytes sk = SecretBytes::zeroed(kX25519Len);
    rng.fill(sk.data());
    OsslPtr<EVP_PKEY> priv = import(OSSL_PKEY_PARAM_PRIV_KEY, sk.data(), EVP_PKEY_KEYPAIR);
    std::array<uint8_t, kX25519Len> pub{};
    size_t n = pub.size();
    if (!priv || EVP_PKEY_get_raw_public_key(priv.get(), pub.data(), &n) != 1 || n != pub.size()) {
      return internal_error("X25519: key generation failed");
    }
    return std::make_unique<X25519Share>(*this, std::move(priv), pub);
  }

  Result<SecretBytes> derive(EVP_PKEY* priv, ByteView peer) const {
    if (peer.size() != kX25519Len) return err::illegal_parameter("X25519: peer share is not 32 bytes");
    OsslPtr<EVP_PKEY> peer_key =
        import(OSSL_PKEY_PARAM_PUB_KEY, std::span(const_cast<uint8_t*>(peer.data()), peer.size()), EVP_PKEY_PUBLIC_KEY);
    if (!peer_key) return crypto_error("X25519: bad peer share");
    auto secret = ossl::derive(priv, peer_key.get(), kX25519Len);
    // RFC 7748 §6.1: a low-order peer point gives an all-zero result, which
    // must be rejected. libcrypto 3 already refuses it; we check regardless.
    if (!secret) return err::illegal_parameter("X25519: all-zero shared secret (low-order peer point)");
    uint8_t acc = 0;
    for (uint8_t b : secret->view()) acc = static_cast<uint8_t>(acc | b);
    if (acc == 0) return err::illegal_parameter("X25519: all-zero shared secret (low-order peer point)");
    return secret;
  }

 private:
  OsslPtr<EVP_PKEY> import(const char* param, std::span<uint8_t> key, int selection) const {
    const EVP_PKEY_CTX* tmpl = import_template_.get([] {
      OsslPtr<EVP_PKEY> k(EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519"));
      OsslPtr<EVP_PKEY_CTX> ctx(k ? EVP_PKEY_CTX_new_from_pkey(nullptr, k.get(), nullptr) : nullptr);
      if (!ctx) fatal("X25519 unavailable");
      return ctx;
    }).get();
    OsslPtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_dup(tmpl));
    OSSL_PARAM params[] = {OSSL_PARAM_construct_octet_string(param, key.data(), key.size()), OSSL_PARAM_construct_end()};
    EVP_PKEY* k = nullptr;
    if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 || EVP_PKEY_fromdata(ctx.get(), &k, selection, params) != 1) {
      return nullptr;
    }
    return OsslPtr<EVP_PKEY>(k);
  }

  MadeOnce<OsslPtr<EVP_PKEY_CTX>> import_template_;
};

Result<SecretBytes> X25519Share::complete(ByteView peer) && {
  auto r = keys_.derive(priv_.get(), peer);
  priv_.reset();
  return r;
}

class X25519Group final : public KxGroup {
 public:
  Group group() const override { return Group::x25519; }
  std::string_view name() const override { return "x25519"; }
  Result<std::unique_ptr<KeyShare>> start(Rng& rng) const override { return PARLEY_TRY(keys_.start(rng)); }
  Result<std::pair<Bytes, SecretBytes>> respond(ByteView peer, Rng& rng) const override {
    if (peer.size() != kX25519Len) return err::illegal_parameter("X25519: peer share is not 32 bytes");
    auto share = PARLEY_TRY(keys_.start(rng));
    Bytes pub(share->public_key().begin(), share->public_key().end());
    SecretBytes secret = PARLEY_TRY(std::move(*share).complete(peer));
    return std::pair{std::move(pub), std::move(secret)};
  }

 private:
  X25519Keys keys_;
};

// ---------------------------------------------------------------- NIST curves (SEC 1, RFC 8446 §4.2.8.2)

struct Curve {
  Group group;
  const char* name;       // "x25519"-style TLS name
  const char* ossl_name;  // libcrypto group name
  size_t field_len;       // coordinate length; the shared secret is x, this long
};

constexpr Curve kP256{Group::secp256r1, "secp256r1", "P-256", 32};
constexpr Curve kP384{Group::secp384r1, "secp384r1", "P-384", 48};

class EcGroup;

class EcShare final : public KeyShare {
 public:
  EcShare(const EcGroup& g, OsslPtr<EVP_PKEY> priv, Bytes pub) : g_(g), priv_(std::move(priv)), pub_(std::move(pub)) {}
  Group group() const override;
  ByteView public_key() const override { return pub_; }
  Result<SecretBytes> complete(ByteView peer) && override;

 private:
  const EcGroup& g_;
  OsslPtr<EVP_PKEY> priv_;
  Bytes pub_;
};

class EcGroup final : public KxGroup {
 public:
  explicit EcGroup(const Curve& c) : c_(c) {}

  Group group() const override { return c_.group; }
  std::string_view name() const override { return c_.name; }

  Result<std::unique_ptr<EcShare>> generate() const {
    OsslPtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, params(), nullptr));
    EVP_PKEY* k = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &k) != 1) {
      return internal_error("ECDHE: key generation failed");
    }
    OsslPtr<EVP_PKEY> priv(k);
    Bytes pub(1 + 2 * c_.field_len);
    size_t n = 0;
    if (EVP_PKEY_get_octet_string_param(priv.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pub.data(), pub.size(),
                                        &n) != 1 ||
        n != pub.size() || pub[0] != 0x04) {
      return internal_error("ECDHE: cannot encode public key");
    }
    return std::make_unique<EcShare>(*this, std::move(priv), std::move(pub));
  }

  // RFC 8446 §4.2.8.2: only the uncompressed form 0x04 || X || Y, and the
  // point must be on the curve (checked by import and the quick public check).
  Result<SecretBytes> derive_with(EVP_PKEY* priv, ByteView peer) const {
    if (peer.size() != 1 + 2 * c_.field_len || peer[0] != 0x04) {
      return err::illegal_parameter("ECDHE: peer share is not an uncompressed point of the right length");
    }
    OsslPtr<EVP_PKEY_CTX> ictx(EVP_PKEY_CTX_new_from_pkey(nullptr, params(), nullptr));
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char*>(c_.ossl_name), 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, const_cast<uint8_t*>(peer.data()), peer.size()),
        OSSL_PARAM_construct_end(),
    };
    EVP_PKEY* p = nullptr;
    if (!ictx || EVP_PKEY_fromdata_init(ictx.get()) != 1 ||
        EVP_PKEY_fromdata(ictx.get(), &p, EVP_PKEY_PUBLIC_KEY, params) != 1) {
      clear_errors();
      return err::illegal_parameter("ECDHE: peer point is not on the curve");
    }
    OsslPtr<EVP_PKEY> peer_key(p);
    OsslPtr<EVP_PKEY_CTX> cctx(EVP_PKEY_CTX_new_from_pkey(nullptr, peer_key.get(), nullptr));
    if (!cctx || EVP_PKEY_public_check_quick(cctx.get()) != 1) {
      clear_errors();
      return err::illegal_parameter("ECDHE: invalid peer point");
    }
    return derive(priv, peer_key.get(), c_.field_len);
  }

  Result<std::unique_ptr<KeyShare>> start(Rng&) const override { return PARLEY_TRY(generate()); }

  Result<std::pair<Bytes, SecretBytes>> respond(ByteView peer, Rng&) const override {
    auto share = PARLEY_TRY(generate());
    Bytes pub(share->public_key().begin(), share->public_key().end());
    SecretBytes secret = PARLEY_TRY(std::move(*share).complete(peer));
    return std::pair{std::move(pub), std::move(secret)};
  }

 private:
  // The domain parameters as a key object, the template for key generation
  // and for importing peer points (no lookup by name per handshake), made on first use.
  EVP_PKEY* params() const {
    return params_.get([this] { return ec_parameters(c_.ossl_name); }).get();
  }

  const Curve& c_;
  MadeOnce<OsslPtr<EVP_PKEY>> params_;
};

Group EcShare::group() const { return g_.group(); }

Result<SecretBytes> EcShare::complete(ByteView peer) && {
  auto r = g_.derive_with(priv_.get(), peer);
  priv_.reset();
  return r;
}

}  // namespace

std::unique_ptr<KxGroup> make_kx_group(Group group) {
  switch (group) {
    case Group::x25519: return std::make_unique<X25519Group>();
    case Group::secp256r1: return std::make_unique<EcGroup>(kP256);
    case Group::secp384r1: return std::make_unique<EcGroup>(kP384);
  }
  fatal("unknown group");
}

}  // namespace parley::crypto::ossl
