// Key objects: parsing SubjectPublicKeyInfo strictly, loading private keys in
// the four DER shapes a PEM label may announce, generating keys, and saving
// them as (encrypted) PKCS#8.
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/objects.h>
#include <openssl/param_build.h>
#include <openssl/params.h>
#include <openssl/pkcs12.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <iterator>
#include <optional>

#include "crypto/openssl/backend.h"
#include "crypto/openssl/error.h"
#include "crypto/openssl/keys.h"
#include "crypto/openssl/made_once.h"

namespace parley::crypto::ossl {
namespace {

// RSA moduli outside this range are refused at load. The floor keeps
// obviously broken keys out (policy such as >= 2048 belongs to callers, who
// read bits()); the ceiling is libcrypto's own and bounds verification cost.
constexpr size_t kMinRsaBits = 1024;
constexpr size_t kMaxRsaBits = 16384;

// PBKDF2-HMAC-SHA256 work factor for encrypted PKCS#8 (OWASP 2023 figure for
// PBKDF2-SHA256). libcrypto 3.0's encoder fixes 2048 iterations, too few for
// a key at rest, so we build the PBES2 structure with PKCS8_encrypt_ex.
constexpr int kPbkdf2Iterations = 600'000;
constexpr int kPbkdf2SaltLen = 16;

struct Classified {
  KeyType type;
  size_t bits;
};

Result<Classified> classify(EVP_PKEY* pkey) {
  if (EVP_PKEY_is_a(pkey, "RSA")) {
    auto bits = static_cast<size_t>(EVP_PKEY_get_bits(pkey));
    if (bits < kMinRsaBits) return err::crypto("key: RSA modulus shorter than 1024 bits");
    if (bits > kMaxRsaBits) return err::crypto("key: RSA modulus longer than 16384 bits");
    return Classified{KeyType::rsa, bits};
  }
  if (EVP_PKEY_is_a(pkey, "EC")) {
    char name[64] = {};
    char encoding[32] = {};
    size_t n = 0;
    // RFC 5480 §2.1.1: only named curves. libcrypto 3.0 recognises explicit
    // parameters that equal a named curve and reports that curve's name, so
    // the encoding must be checked as well as the name.
    if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &n) != 1 ||
        (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_EC_ENCODING, encoding, sizeof encoding, &n) == 1 &&
         std::string_view(encoding) != OSSL_PKEY_EC_ENCODING_GROUP)) {
      clear_errors();
      return err::crypto("key: EC key without a named curve (explicit parameters are not allowed, RFC 5480)");
    }
    int nid = OBJ_sn2nid(name);
    if (nid == NID_X9_62_prime256v1) return Classified{KeyType::ec_p256, 256};
    if (nid == NID_secp384r1) return Classified{KeyType::ec_p384, 384};
    if (nid == NID_secp521r1) return Classified{KeyType::ec_p521, 521};
    return err::crypto("key: unsupported EC curve", name);
  }
  if (EVP_PKEY_is_a(pkey, "ED25519")) return Classified{KeyType::ed25519, 256};
  return err::crypto("key: unsupported algorithm", EVP_PKEY_get0_type_name(pkey) ? EVP_PKEY_get0_type_name(pkey) : "");
}

// The DER shapes of the four private key formats differ in the tags of the
// first two fields of the outer SEQUENCE; libcrypto's decoders treat the
// requested structure as a hint and would accept a SEC1 key as "PKCS#8", so
// we check the shape the caller named before decoding.
//   PrivateKeyInfo (RFC 5208)           INTEGER version, SEQUENCE algorithm, ...
//   EncryptedPrivateKeyInfo (RFC 5958)  SEQUENCE algorithm, OCTET STRING data
//   ECPrivateKey (RFC 5915)             INTEGER 1, OCTET STRING privateKey, ...
//   RSAPrivateKey (RFC 8017 §A.1.2)     INTEGER version, INTEGER modulus, ...
class DerPeek {
 public:
  explicit DerPeek(ByteView in) : in_(in) {}
  // Reads one tag and DER length header; out_len is the content length.
  bool header(uint8_t& tag, size_t& out_len) {
    if (in_.size() < 2) return false;
    tag = in_[0];
    size_t len = in_[1];
    size_t hdr = 2;
    if (len & 0x80) {
      size_t n = len & 0x7f;
      if (n == 0 || n > 4 || in_.size() < 2 + n) return false;
      len = 0;
      for (size_t i = 0; i < n; ++i) len = len << 8 | in_[2 + i];
      hdr += n;
    }
    if (in_.size() - hdr < len) return false;
    in_ = in_.subspan(hdr);
    out_len = len;
    return true;
  }
  bool skip(size_t n) {
    if (in_.size() < n) return false;
    in_ = in_.subspan(n);
    return true;
  }
  size_t remaining() const { return in_.size(); }

 private:
  ByteView in_;
};

bool has_shape(ByteView der, PrivateKeyFormat format) {
  constexpr uint8_t kSeq = 0x30, kInt = 0x02, kOctets = 0x04;
  DerPeek p(der);
  uint8_t tag = 0, t1 = 0, t2 = 0;
  size_t len = 0, len1 = 0, len2 = 0;
  if (!p.header(tag, len) || tag != kSeq || len != p.remaining()) return false;
  if (!p.header(t1, len1) || !p.skip(len1) || !p.header(t2, len2)) return false;
  switch (format) {
    case PrivateKeyFormat::pkcs8: return t1 == kInt && t2 == kSeq;
    case PrivateKeyFormat::pkcs8_encrypted: return t1 == kSeq && t2 == kOctets;
    case PrivateKeyFormat::sec1: return t1 == kInt && t2 == kOctets;
    case PrivateKeyFormat::pkcs1: return t1 == kInt && t2 == kInt;
  }
  return false;
}

class OsslPublicKey final : public PublicKey {
 public:
  OsslPublicKey(OsslPtr<EVP_PKEY> pkey, Classified c, Bytes spki)
      : pkey_(std::move(pkey)), c_(c), spki_(std::move(spki)) {}
  KeyType type() const override { return c_.type; }
  size_t bits() const override { return c_.bits; }
  ByteView spki_der() const override { return spki_; }
  Result<void> verify(SigAlg alg, ByteView msg, ByteView sig) const override {
    return verify_with(pkey_.get(), c_.type, alg, msg, sig);
  }

 private:
  OsslPtr<EVP_PKEY> pkey_;
  Classified c_;
  Bytes spki_;
};

// Named-curve EC keys, what certificates carry most, take a fast path: their
// SubjectPublicKeyInfo is a fixed DER prefix (algorithm and curve OIDs, BIT
// STRING header) followed by an uncompressed point. DER is canonical, so an
// exact prefix match is as strict as a full parse. The key is made by
// duplicating a public-only template of the curve and setting the point, which
// libcrypto checks is on the curve; d2i_PUBKEY's generic decoder (plus the
// re-encoding check below) costs about 20 times more (docs/PERFORMANCE.md).
struct NamedCurveSpki {
  KeyType type;
  size_t bits;
  const char* group;
  ByteView prefix;
  size_t point_len;  // 0x04 || X || Y
};

constexpr uint8_t kP256SpkiPrefix[] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
                                       0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00};
constexpr uint8_t kP384SpkiPrefix[] = {0x30, 0x76, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02,
                                       0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22, 0x03, 0x62, 0x00};
constexpr uint8_t kP521SpkiPrefix[] = {0x30, 0x81, 0x9b, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02,
                                       0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23, 0x03, 0x81, 0x86, 0x00};
const NamedCurveSpki kNamedCurves[] = {
    {KeyType::ec_p256, 256, "P-256", kP256SpkiPrefix, 65},
    {KeyType::ec_p384, 384, "P-384", kP384SpkiPrefix, 97},
    {KeyType::ec_p521, 521, "P-521", kP521SpkiPrefix, 133},
};

// The template of a curve's public keys, made on first use (a process that
// meets only P-256 keys never builds the others).
const EVP_PKEY* public_template(const NamedCurveSpki& curve) {
  static const std::array<MadeOnce<OsslPtr<EVP_PKEY>>, std::size(kNamedCurves)> templates;
  return templates[static_cast<size_t>(&curve - kNamedCurves)].get([&] { return ec_parameters(curve.group); }).get();
}

// The key for a named-curve SPKI, nullopt when der is not one (then the
// generic path decides), or an error for a point that is not on the curve.
std::optional<Result<std::unique_ptr<OsslPublicKey>>> parse_named_curve_spki(ByteView der) {
  for (const auto& curve : kNamedCurves) {
    if (der.size() != curve.prefix.size() + curve.point_len ||
        !std::equal(curve.prefix.begin(), curve.prefix.end(), der.begin())) {
      continue;
    }
    ByteView point = der.subspan(curve.prefix.size());
    if (point[0] != 0x04) return std::nullopt;  // not uncompressed: let the generic path judge it
    OsslPtr<EVP_PKEY> pkey(EVP_PKEY_dup(const_cast<EVP_PKEY*>(public_template(curve))));
    if (!pkey) return internal_error("public key: EVP_PKEY_dup failed");
    if (EVP_PKEY_set1_encoded_public_key(pkey.get(), point.data(), point.size()) != 1) {
      return crypto_error("public key: invalid EC point");
    }
    return std::make_unique<OsslPublicKey>(std::move(pkey), Classified{curve.type, curve.bits},
                                           Bytes(der.begin(), der.end()));
  }
  return std::nullopt;
}

// RSA keys (rsaEncryption, RFC 3279 §2.3.1) take a fast path too: the
// generic d2i_PUBKEY decoder plus the i2d_PUBKEY re-encoding check cost about
// 3.3 M instructions for an RSA-2048 key, 45% of a TLS client's handshake
// against an RSA server (docs/PERFORMANCE.md). Here the SPKI is read with a
// strict DER reader (minimal lengths, minimal positive INTEGERs, nothing
// trailing at any level) and the key made from n and e with EVP_PKEY_fromdata.
// Anything the reader does not take goes to the generic path, which then
// accepts or rejects it as before: the fast path only takes encodings the
// generic path accepts (canonical DER), and makes the same key.
constexpr uint8_t kRsaAlgorithmId[] = {0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
                                       0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

// The contents of the DER TLV with `tag` at in[pos] (lengths up to 2 octets, minimal form); advances pos.
std::optional<ByteView> der_tlv(ByteView in, size_t& pos, uint8_t tag) {
  if (pos + 2 > in.size() || in[pos] != tag) return std::nullopt;
  size_t len = in[pos + 1];
  size_t header = 2;
  if (len & 0x80) {
    const size_t n = len & 0x7f;
    if (n == 0 || n > 2 || pos + 2 + n > in.size() || in[pos + 2] == 0) return std::nullopt;
    len = 0;
    for (size_t i = 0; i < n; ++i) len = (len << 8) | in[pos + 2 + i];
    if (len < 0x80) return std::nullopt;  // the short form was required
    header = 2 + n;
  }
  if (len > in.size() - pos - header) return std::nullopt;
  ByteView contents = in.subspan(pos + header, len);
  pos += header + len;
  return contents;
}

// A positive INTEGER in minimal form; its magnitude without the sign octet.
std::optional<ByteView> der_positive_integer(ByteView in, size_t& pos) {
  auto c = der_tlv(in, pos, 0x02);
  if (!c || c->empty() || ((*c)[0] & 0x80)) return std::nullopt;
  if ((*c)[0] == 0) {
    if (c->size() == 1 || !((*c)[1] & 0x80)) return std::nullopt;  // zero, or a superfluous 00
    return c->subspan(1);
  }
  return c;
}

std::optional<Result<std::unique_ptr<OsslPublicKey>>> parse_rsa_spki(ByteView der) {
  size_t pos = 0;
  auto spki = der_tlv(der, pos, 0x30);
  if (!spki || pos != der.size() || spki->size() < sizeof kRsaAlgorithmId ||
      !std::equal(std::begin(kRsaAlgorithmId), std::end(kRsaAlgorithmId), spki->begin())) {
    return std::nullopt;
  }
  size_t at = sizeof kRsaAlgorithmId;
  auto bits = der_tlv(*spki, at, 0x03);
  if (!bits || at != spki->size() || bits->empty() || (*bits)[0] != 0) return std::nullopt;
  ByteView key = bits->subspan(1);
  at = 0;
  auto seq = der_tlv(key, at, 0x30);
  if (!seq || at != key.size()) return std::nullopt;
  at = 0;
  auto n = der_positive_integer(*seq, at);
  auto e = n ? der_positive_integer(*seq, at) : std::nullopt;
  if (!n || !e || at != seq->size() || n->size() > 2048 || e->size() > n->size()) return std::nullopt;

  BIGNUM* bn_n = BN_bin2bn(n->data(), static_cast<int>(n->size()), nullptr);
  BIGNUM* bn_e = BN_bin2bn(e->data(), static_cast<int>(e->size()), nullptr);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM* params = nullptr;
  if (bn_n && bn_e && bld && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) == 1 &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e) == 1) {
    params = OSSL_PARAM_BLD_to_param(bld);
  }
  EVP_PKEY* raw = nullptr;
  OsslPtr<EVP_PKEY_CTX> ctx(params ? EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr) : nullptr);
  const bool ok = ctx && EVP_PKEY_fromdata_init(ctx.get()) == 1 &&
                  EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params) == 1;
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  BN_free(bn_e);
  BN_free(bn_n);
  OsslPtr<EVP_PKEY> pkey(raw);
  if (!ok || !pkey) {
    clear_errors();
    return std::nullopt;  // let the generic path judge it
  }
  auto c = classify(pkey.get());
  if (!c) return std::unexpected(c.error());
  return std::make_unique<OsslPublicKey>(std::move(pkey), *c, Bytes(der.begin(), der.end()));
}

// RFC 5280 §4.1.2.7, strictly: one DER SubjectPublicKeyInfo and nothing after
// it, re-encoding to the same bytes (so no BER leniency), a supported
// algorithm, and for EC a point on the curve.
Result<std::unique_ptr<OsslPublicKey>> parse_spki(ByteView der) {
  if (auto named = parse_named_curve_spki(der)) return std::move(*named);
  if (auto rsa = parse_rsa_spki(der)) return std::move(*rsa);
  if (der.empty() || der.size() > static_cast<size_t>(LONG_MAX)) return err::crypto("public key: empty input");
  const unsigned char* p = der.data();
  OsslPtr<EVP_PKEY> pkey(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
  if (!pkey) return crypto_error("public key: cannot parse SubjectPublicKeyInfo");
  if (p != der.data() + der.size()) return err::crypto("public key: trailing bytes after SubjectPublicKeyInfo");
  int len = i2d_PUBKEY(pkey.get(), nullptr);
  if (len <= 0) return crypto_error("public key: cannot re-encode SubjectPublicKeyInfo");
  Bytes spki(static_cast<size_t>(len));
  unsigned char* w = spki.data();
  if (i2d_PUBKEY(pkey.get(), &w) != len) return crypto_error("public key: cannot re-encode SubjectPublicKeyInfo");
  if (!std::equal(spki.begin(), spki.end(), der.begin(), der.end())) {
    return err::crypto("public key: SubjectPublicKeyInfo is not in canonical DER");
  }
  Classified c = PARLEY_TRY(classify(pkey.get()));
  if (c.type == KeyType::ec_p256 || c.type == KeyType::ec_p384 || c.type == KeyType::ec_p521) {
    OsslPtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
    if (!ctx || EVP_PKEY_public_check_quick(ctx.get()) != 1) return crypto_error("public key: invalid EC point");
  }
  return std::make_unique<OsslPublicKey>(std::move(pkey), c, std::move(spki));
}

const EVP_CIPHER* aes_256_cbc() {
  static const OsslPtr<EVP_CIPHER> c = [] {
    OsslPtr<EVP_CIPHER> f(EVP_CIPHER_fetch(nullptr, "AES-256-CBC", nullptr));
    if (!f) fatal("EVP_CIPHER_fetch(AES-256-CBC) failed");
    return f;
  }();
  return c.get();
}

// i2d_* into a SecretBuffer, sized first so no temporary copy is left behind.
template <class T, class F>
Result<SecretBuffer> encode_secret(const T* obj, F i2d, const char* what) {
  int len = i2d(obj, nullptr);
  if (len <= 0) return crypto_error(what);
  std::vector<uint8_t> out(static_cast<size_t>(len));
  unsigned char* w = out.data();
  if (i2d(obj, &w) != len) {
    OPENSSL_cleanse(out.data(), out.size());
    return crypto_error(what);
  }
  return SecretBuffer(std::move(out));
}

class OsslPrivateKey final : public PrivateKey {
 public:
  OsslPrivateKey(OsslPtr<EVP_PKEY> pkey, Classified c, std::unique_ptr<OsslPublicKey> pub)
      : pkey_(std::move(pkey)), c_(c), pub_(std::move(pub)) {}
  KeyType type() const override { return c_.type; }
  size_t bits() const override { return c_.bits; }
  const PublicKey& public_key() const override { return *pub_; }
  Result<Bytes> sign(SigAlg alg, ByteView msg) const override { return sign_with(pkey_.get(), c_.type, alg, msg); }

  Result<SecretBuffer> to_pkcs8(std::optional<std::string_view> passphrase) const override {
    OsslPtr<PKCS8_PRIV_KEY_INFO> p8(EVP_PKEY2PKCS8(pkey_.get()));
    if (!p8) return crypto_error("private key: cannot build PKCS#8");
    if (!passphrase) {
      return encode_secret(p8.get(), i2d_PKCS8_PRIV_KEY_INFO, "private key: cannot encode PKCS#8");
    }
    if (passphrase->size() > static_cast<size_t>(INT_MAX)) return err::api("private key: passphrase too long");
    // RFC 8018 PBES2: PBKDF2 (HMAC-SHA256 PRF, random 16-byte salt) + AES-256-CBC.
    OsslPtr<X509_SIG> enc(PKCS8_encrypt_ex(-1, aes_256_cbc(), passphrase->data(), static_cast<int>(passphrase->size()),
                                           nullptr, kPbkdf2SaltLen, kPbkdf2Iterations, p8.get(), nullptr, nullptr));
    if (!enc) return crypto_error("private key: PKCS#8 encryption failed");
    return encode_secret(enc.get(), i2d_X509_SIG, "private key: cannot encode EncryptedPrivateKeyInfo");
  }

 private:
  OsslPtr<EVP_PKEY> pkey_;
  Classified c_;
  std::unique_ptr<OsslPublicKey> pub_;
};

Result<std::unique_ptr<PrivateKey>> wrap_private(OsslPtr<EVP_PKEY> pkey) {
  Classified c = PARLEY_TRY(classify(pkey.get()));
  int len = i2d_PUBKEY(pkey.get(), nullptr);
  if (len <= 0) return crypto_error("private key: cannot encode its public key");
  Bytes spki(static_cast<size_t>(len));
  unsigned char* w = spki.data();
  if (i2d_PUBKEY(pkey.get(), &w) != len) return crypto_error("private key: cannot encode its public key");
  auto pub = PARLEY_TRY(parse_spki(spki));
  return std::make_unique<OsslPrivateKey>(std::move(pkey), c, std::move(pub));
}

class OsslKeyFactory final : public KeyFactory {
 public:
  Result<std::unique_ptr<PrivateKey>> generate(KeySpec spec) const override {
    EVP_PKEY* k = nullptr;
    switch (spec) {
      case KeySpec::ec_p256: k = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"); break;
      case KeySpec::ec_p384: k = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"); break;
      case KeySpec::ed25519: k = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"); break;
      case KeySpec::rsa_2048: k = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048}); break;
      case KeySpec::rsa_3072: k = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{3072}); break;
      case KeySpec::rsa_4096: k = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{4096}); break;
    }
    if (k == nullptr) return internal_error("key generation failed");
    return wrap_private(OsslPtr<EVP_PKEY>(k));
  }

  Result<std::unique_ptr<PrivateKey>> load_private(ByteView der, PrivateKeyFormat format,
                                                   std::optional<std::string_view> passphrase) const override {
    const char* structure = "PrivateKeyInfo";
    const char* keytype = nullptr;
    switch (format) {
      case PrivateKeyFormat::pkcs8: break;
      case PrivateKeyFormat::pkcs8_encrypted: structure = "EncryptedPrivateKeyInfo"; break;
      case PrivateKeyFormat::sec1: structure = "type-specific"; keytype = "EC"; break;
      case PrivateKeyFormat::pkcs1: structure = "type-specific"; keytype = "RSA"; break;
    }
    const bool encrypted = format == PrivateKeyFormat::pkcs8_encrypted;
    if (encrypted && !passphrase) return err::crypto("private key: encrypted, and no passphrase given");
    if (!has_shape(der, format)) {
      return err::crypto(encrypted ? "private key: wrong passphrase or corrupted key"
                                   : "private key: not DER of the named format (or trailing bytes)");
    }

    EVP_PKEY* k = nullptr;
    OsslPtr<OSSL_DECODER_CTX> dctx(
        OSSL_DECODER_CTX_new_for_pkey(&k, "DER", structure, keytype, EVP_PKEY_KEYPAIR, nullptr, nullptr));
    if (!dctx || OSSL_DECODER_CTX_get_num_decoders(dctx.get()) == 0) {
      return internal_error("private key: no decoder for this format");
    }
    if (encrypted && OSSL_DECODER_CTX_set_passphrase(dctx.get(), reinterpret_cast<const unsigned char*>(passphrase->data()),
                                                     passphrase->size()) != 1) {
      return internal_error("private key: cannot set passphrase");
    }
    const unsigned char* p = der.data();
    size_t left = der.size();
    int ok = OSSL_DECODER_from_data(dctx.get(), &p, &left);
    OsslPtr<EVP_PKEY> pkey(k);
    if (ok != 1 || !pkey) {
      return crypto_error(encrypted ? "private key: wrong passphrase or corrupted key" : "private key: cannot decode");
    }
    if (left != 0) return err::crypto("private key: trailing bytes after the key");
    return wrap_private(std::move(pkey));
  }

  Result<std::unique_ptr<PublicKey>> load_public(ByteView spki_der) const override {
    return PARLEY_TRY(parse_spki(spki_der));
  }
};

}  // namespace

std::unique_ptr<KeyFactory> make_key_factory() { return std::make_unique<OsslKeyFactory>(); }

OsslPtr<EVP_PKEY> ec_parameters(const char* group) {
  OsslPtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char*>(group), 0),
      OSSL_PARAM_construct_end(),
  };
  EVP_PKEY* p = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &p, EVP_PKEY_KEY_PARAMETERS, params) != 1) {
    fatal("EC domain parameters");
  }
  return OsslPtr<EVP_PKEY>(p);
}

}  // namespace parley::crypto::ossl
