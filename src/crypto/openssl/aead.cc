// AES-GCM and ChaCha20-Poly1305 over libcrypto (RFC 5116 interface, RFC 8446 §5.2).
//
// make() installs the key in one EVP_CIPHER_CTX; each seal/open only sets the
// nonce (EVP_CipherInit_ex2 with a NULL cipher and key), so a record costs no
// allocation and no algorithm lookup.
#include <openssl/crypto.h>

#include <climits>
#include <cstdint>

#include "crypto/openssl/backend.h"
#include "crypto/openssl/error.h"
#include "crypto/openssl/ossl_ptr.h"

namespace parley::crypto::ossl {
namespace {

constexpr size_t kNonceLen = 12;
constexpr size_t kTagLen = 16;

bool fits_int(size_t n) { return n <= static_cast<size_t>(INT_MAX); }

// `in` may be exactly `out` (in place) or lie wholly outside `whole_out`
// (the entire output of the call, so a later piece cannot have been
// overwritten by an earlier one before it is read).
bool in_place_or_apart(ByteView in, std::span<const uint8_t> out, std::span<const uint8_t> whole_out) {
  if (in.empty() || in.data() == out.data()) return true;
  const auto a = reinterpret_cast<uintptr_t>(in.data());
  const auto b = reinterpret_cast<uintptr_t>(whole_out.data());
  return a + in.size() <= b || b + whole_out.size() <= a;
}

// One EVP_CipherUpdate of `in` into `out`; nothing for empty input (libcrypto
// wants a non-null buffer).
bool update(EVP_CIPHER_CTX* c, ByteView in, uint8_t* out) {
  int n = 0;
  return in.empty() || EVP_CipherUpdate(c, out, &n, in.data(), static_cast<int>(in.size())) == 1;
}

class OsslAeadCtx final : public AeadCtx {
 public:
  explicit OsslAeadCtx(OsslPtr<EVP_CIPHER_CTX> ctx) : ctx_(std::move(ctx)) {}

  Result<void> seal(ByteView nonce, ByteView aad, ByteView in, ByteView trailer, std::span<uint8_t> out,
                    std::span<uint8_t> tag) override {
    if (nonce.size() != kNonceLen || tag.size() != kTagLen || !fits_int(aad.size()) || !fits_int(out.size()) ||
        out.size() != in.size() + trailer.size()) {
      return err::api("AEAD seal: bad nonce, tag or input length");
    }
    if (!in_place_or_apart(in, out.first(in.size()), out) ||
        !in_place_or_apart(trailer, out.subspan(in.size()), out)) {
      return err::api("AEAD seal: input partially overlaps the output");
    }
    EVP_CIPHER_CTX* c = ctx_.get();
    int n = 0;
    if (EVP_CipherInit_ex2(c, nullptr, nullptr, nonce.data(), 1, nullptr) != 1 || !update(c, aad, nullptr) ||
        !update(c, in, out.data()) || !update(c, trailer, out.data() + in.size()) ||
        EVP_CipherFinal_ex(c, out.data() + out.size(), &n) != 1 ||
        EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, static_cast<int>(kTagLen), tag.data()) != 1) {
      return internal_error("AEAD seal failed");
    }
    return {};
  }

  Result<void> open(ByteView nonce, ByteView aad, ByteView in, ByteView tag, std::span<uint8_t> out) override {
    if (nonce.size() != kNonceLen || tag.size() != kTagLen || !fits_int(aad.size()) || !fits_int(in.size()) ||
        out.size() != in.size() || !in_place_or_apart(in, out, out)) {
      OPENSSL_cleanse(out.data(), out.size());
      return err::api("AEAD open: bad nonce, tag, lengths or overlap");
    }
    EVP_CIPHER_CTX* c = ctx_.get();
    int n = 0;
    // The tag is const to us; libcrypto's ctrl takes void* but only reads it on decrypt.
    void* tag_in = const_cast<uint8_t*>(tag.data());
    if (EVP_CipherInit_ex2(c, nullptr, nullptr, nonce.data(), 0, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(kTagLen), tag_in) != 1 ||
        !update(c, aad, nullptr) || !update(c, in, out.data()) ||
        EVP_CipherFinal_ex(c, out.data() + out.size(), &n) != 1) {
      // Never hand back unauthenticated plaintext.
      OPENSSL_cleanse(out.data(), out.size());
      clear_errors();
      return err::crypto("AEAD open: authentication failed");
    }
    return {};
  }

 private:
  OsslPtr<EVP_CIPHER_CTX> ctx_;
};

class OsslAead final : public Aead {
 public:
  OsslAead(AeadAlg alg, const char* name) : alg_(alg) {
    cipher_.reset(EVP_CIPHER_fetch(nullptr, name, nullptr));
    if (!cipher_) fatal("EVP_CIPHER_fetch failed");
    key_len_ = static_cast<size_t>(EVP_CIPHER_get_key_length(cipher_.get()));
    if (static_cast<size_t>(EVP_CIPHER_get_iv_length(cipher_.get())) != kNonceLen) fatal("AEAD nonce length");
  }

  AeadAlg alg() const override { return alg_; }
  size_t key_len() const override { return key_len_; }
  size_t iv_len() const override { return kNonceLen; }
  size_t tag_len() const override { return kTagLen; }

  Result<std::unique_ptr<AeadCtx>> make(ByteView key) const override {
    if (key.size() != key_len_) return err::api("AEAD: wrong key length");
    OsslPtr<EVP_CIPHER_CTX> ctx(EVP_CIPHER_CTX_new());
    if (!ctx || EVP_CipherInit_ex2(ctx.get(), cipher_.get(), key.data(), nullptr, 1, nullptr) != 1) {
      return internal_error("AEAD: cannot install key");
    }
    return std::make_unique<OsslAeadCtx>(std::move(ctx));
  }

 private:
  AeadAlg alg_;
  size_t key_len_ = 0;
  OsslPtr<EVP_CIPHER> cipher_;
};

}  // namespace

std::unique_ptr<Aead> make_aead(AeadAlg alg) {
  switch (alg) {
    case AeadAlg::aes_128_gcm: return std::make_unique<OsslAead>(alg, "AES-128-GCM");
    case AeadAlg::aes_256_gcm: return std::make_unique<OsslAead>(alg, "AES-256-GCM");
    case AeadAlg::chacha20_poly1305: return std::make_unique<OsslAead>(alg, "ChaCha20-Poly1305");
  }
  fatal("unknown AEAD");
}

}  // namespace parley::crypto::ossl
