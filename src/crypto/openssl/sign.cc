// Signatures over libcrypto's EVP_DigestSign/EVP_DigestVerify (one shot).
// RSA-PSS: MGF1 with the message hash and salt length = hash length, which
// the verifier enforces (RFC 8446 §4.2.3; RFC 4055 §3.1). Ed25519 takes no
// digest (RFC 8032 PureEdDSA).
#include <openssl/rsa.h>

#include "crypto/openssl/backend.h"
#include "crypto/openssl/error.h"
#include "crypto/openssl/keys.h"

namespace parley::crypto::ossl {
namespace {

enum class Padding { none, pkcs1, pss };

struct Digests {
  OsslPtr<EVP_MD> sha256{EVP_MD_fetch(nullptr, "SHA2-256", nullptr)};
  OsslPtr<EVP_MD> sha384{EVP_MD_fetch(nullptr, "SHA2-384", nullptr)};
  OsslPtr<EVP_MD> sha512{EVP_MD_fetch(nullptr, "SHA2-512", nullptr)};
  Digests() {
    if (!sha256 || !sha384 || !sha512) fatal("EVP_MD_fetch failed");
  }
};

// Fetched once per process.
const Digests& digests() {
  static const Digests d;
  return d;
}

struct AlgParams {
  const EVP_MD* md;  // null for Ed25519
  Padding padding;
};

AlgParams params_for(SigAlg alg) {
  const Digests& d = digests();
  switch (alg) {
    case SigAlg::ecdsa_sha256: return {d.sha256.get(), Padding::none};
    case SigAlg::ecdsa_sha384: return {d.sha384.get(), Padding::none};
    case SigAlg::ecdsa_sha512: return {d.sha512.get(), Padding::none};
    case SigAlg::rsa_pkcs1_sha256: return {d.sha256.get(), Padding::pkcs1};
    case SigAlg::rsa_pkcs1_sha384: return {d.sha384.get(), Padding::pkcs1};
    case SigAlg::rsa_pkcs1_sha512: return {d.sha512.get(), Padding::pkcs1};
    case SigAlg::rsa_pss_sha256: return {d.sha256.get(), Padding::pss};
    case SigAlg::rsa_pss_sha384: return {d.sha384.get(), Padding::pss};
    case SigAlg::rsa_pss_sha512: return {d.sha512.get(), Padding::pss};
    case SigAlg::ed25519: return {nullptr, Padding::none};
  }
  return {nullptr, Padding::none};
}

bool set_padding(EVP_PKEY_CTX* pctx, const AlgParams& p) {
  switch (p.padding) {
    case Padding::none: return true;
    case Padding::pkcs1: return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1;
    case Padding::pss:
      return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
             EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1 &&
             EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, p.md) == 1;
  }
  return false;
}

}  // namespace

bool key_fits(KeyType type, SigAlg alg) {
  switch (alg) {
    case SigAlg::ecdsa_sha256:
    case SigAlg::ecdsa_sha384:
    case SigAlg::ecdsa_sha512:
      return type == KeyType::ec_p256 || type == KeyType::ec_p384 || type == KeyType::ec_p521;
    case SigAlg::rsa_pkcs1_sha256:
    case SigAlg::rsa_pkcs1_sha384:
    case SigAlg::rsa_pkcs1_sha512:
    case SigAlg::rsa_pss_sha256:
    case SigAlg::rsa_pss_sha384:
    case SigAlg::rsa_pss_sha512:
      return type == KeyType::rsa;
    case SigAlg::ed25519: return type == KeyType::ed25519;
  }
  return false;
}

namespace {

// md(msg), into digest (EVP_MAX_MD_SIZE bytes); its length, 0 on failure.
unsigned int digest_of(const EVP_MD* md, ByteView msg, unsigned char* digest) {
  unsigned int len = 0;
  return EVP_Digest(msg.data(), msg.size(), digest, &len, md, nullptr) == 1 ? len : 0;
}

// ECDSA over a digest we compute ourselves with the digest fetched once
// (digests()), then EVP_PKEY_verify on the raw digest: EVP_DigestVerifyInit
// would look the digest up again by name on every call (libcrypto 3.0 fetches
// it inside the provider's digest-sign init). Same result: ECDSA signs the
// hash, truncated to the order's length by the provider either way.
Result<void> verify_ecdsa_prehashed(EVP_PKEY* pkey, const EVP_MD* md, ByteView msg, ByteView sig) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = digest_of(md, msg, digest);
  if (digest_len == 0) return internal_error("signature: digest failed");
  OsslPtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
  if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1) return internal_error("signature: verify setup failed");
  if (EVP_PKEY_verify(ctx.get(), sig.data(), sig.size(), digest, digest_len) != 1) {
    clear_errors();
    return err::crypto("signature: verification failed");
  }
  return {};
}

}  // namespace

Result<void> verify_with(EVP_PKEY* pkey, KeyType type, SigAlg alg, ByteView msg, ByteView sig) {
  if (!key_fits(type, alg)) return err::crypto("signature: key type does not match the algorithm");
  AlgParams p = params_for(alg);
  if (p.md && p.padding == Padding::none) return verify_ecdsa_prehashed(pkey, p.md, msg, sig);
  OsslPtr<EVP_MD_CTX> mctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;  // owned by mctx
  if (!mctx || EVP_DigestVerifyInit(mctx.get(), &pctx, p.md, nullptr, pkey) != 1 || !set_padding(pctx, p)) {
    return internal_error("signature: verify setup failed");
  }
  if (EVP_DigestVerify(mctx.get(), sig.data(), sig.size(), msg.data(), msg.size()) != 1) {
    clear_errors();
    return err::crypto("signature: verification failed");
  }
  return {};
}

Result<Bytes> KeySigner::sign(SigAlg alg, ByteView msg) const {
  if (!key_fits(type_, alg)) return err::api("signature: key type does not match the algorithm");
  AlgParams p = params_for(alg);
  if (!p.md || p.padding != Padding::none) return sign_with(pkey_, type_, alg, msg);
  const EVP_PKEY_CTX* tmpl = ecdsa_.get([this] {
    OsslPtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey_, nullptr));
    if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1) ctx.reset();  // reported below, on every call
    return ctx;
  }).get();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = digest_of(p.md, msg, digest);
  OsslPtr<EVP_PKEY_CTX> ctx(tmpl ? EVP_PKEY_CTX_dup(tmpl) : nullptr);
  size_t len = static_cast<size_t>(EVP_PKEY_get_size(pkey_));  // the longest DER ECDSA signature
  Bytes sig(len);
  if (digest_len == 0 || !ctx || EVP_PKEY_sign(ctx.get(), sig.data(), &len, digest, digest_len) != 1) {
    return internal_error("signature: sign failed");
  }
  sig.resize(len);
  return sig;
}

Result<Bytes> sign_with(EVP_PKEY* pkey, KeyType type, SigAlg alg, ByteView msg) {
  if (!key_fits(type, alg)) return err::api("signature: key type does not match the algorithm");
  AlgParams p = params_for(alg);
  OsslPtr<EVP_MD_CTX> mctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!mctx || EVP_DigestSignInit(mctx.get(), &pctx, p.md, nullptr, pkey) != 1 || !set_padding(pctx, p)) {
    return internal_error("signature: sign setup failed");
  }
  // EVP_PKEY_get_size is the largest signature the key makes (DER ECDSA varies).
  size_t len = static_cast<size_t>(EVP_PKEY_get_size(pkey));
  Bytes sig(len);
  if (EVP_DigestSign(mctx.get(), sig.data(), &len, msg.data(), msg.size()) != 1) {
    return internal_error("signature: sign failed");
  }
  sig.resize(len);
  return sig;
}

}  // namespace parley::crypto::ossl
