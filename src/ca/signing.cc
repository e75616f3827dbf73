#include "ca/signing.h"

#include "der/oid.h"

namespace parley::ca {

using crypto::KeyType;
using crypto::SigAlg;

SigAlg signature_algorithm_for(KeyType type) {
  switch (type) {
    case KeyType::ec_p256: return SigAlg::ecdsa_sha256;
    case KeyType::ec_p384: return SigAlg::ecdsa_sha384;
    case KeyType::ec_p521: return SigAlg::ecdsa_sha512;
    case KeyType::ed25519: return SigAlg::ed25519;
    case KeyType::rsa: return SigAlg::rsa_pkcs1_sha256;
  }
  return SigAlg::ecdsa_sha256;
}

namespace {

void write_pss(der::Builder& b, Input hash_oid, int64_t salt_len) {
  auto alg = b.sequence();
  b.oid(der::kRsassaPss);
  auto params = b.sequence();
  {
    auto hash = b.constructed(der::context_constructed(0));
    auto h = b.sequence();
    b.oid(hash_oid);
    b.null();
  }
  {
    auto mgf = b.constructed(der::context_constructed(1));
    auto m = b.sequence();
    b.oid(der::kMgf1);
    auto h = b.sequence();
    b.oid(hash_oid);
    b.null();
  }
  {
    auto salt = b.constructed(der::context_constructed(2));
    b.integer(salt_len);
  }
}

}  // namespace

void write_algorithm_identifier(der::Builder& b, SigAlg alg) {
  switch (alg) {
    case SigAlg::rsa_pss_sha256: return write_pss(b, der::kSha256, 32);
    case SigAlg::rsa_pss_sha384: return write_pss(b, der::kSha384, 48);
    case SigAlg::rsa_pss_sha512: return write_pss(b, der::kSha512, 64);
    default: break;
  }
  auto seq = b.sequence();
  switch (alg) {
    case SigAlg::ecdsa_sha256: b.oid(der::kEcdsaWithSha256); break;
    case SigAlg::ecdsa_sha384: b.oid(der::kEcdsaWithSha384); break;
    case SigAlg::ecdsa_sha512: b.oid(der::kEcdsaWithSha512); break;
    case SigAlg::ed25519: b.oid(der::kEd25519); break;
    case SigAlg::rsa_pkcs1_sha256: b.oid(der::kSha256WithRsa); b.null(); break;
    case SigAlg::rsa_pkcs1_sha384: b.oid(der::kSha384WithRsa); b.null(); break;
    case SigAlg::rsa_pkcs1_sha512: b.oid(der::kSha512WithRsa); b.null(); break;
    default: break;
  }
}

Result<Bytes> sign_structure(const crypto::PrivateKey& key, SigAlg alg, Input tbs) {
  auto sig = PARLEY_TRY(key.sign(alg, tbs));
  der::Builder b;
  {
    auto seq = b.sequence();
    b.raw(tbs);
    write_algorithm_identifier(b, alg);
    b.bit_string(sig);
  }
  return std::move(b).finish();
}

Result<Input> subject_public_key_bits(Input spki_tlv) {
  der::Parser outer(spki_tlv);
  auto spki = PARLEY_TRY(outer.read_sequence());
  PARLEY_TRY(outer.expect_end());
  PARLEY_TRY(spki.read(der::kSequence));
  auto bits = PARLEY_TRY(spki.read(der::kBitString));
  PARLEY_TRY(spki.expect_end());
  return der::parse_bit_string_bytes(bits);
}

Result<Bytes> key_identifier(const crypto::Hash& sha256, Input spki_tlv) {
  Input bits = PARLEY_TRY(subject_public_key_bits(spki_tlv));
  auto digest = sha256.digest(bits);
  auto v = digest.view().first(20);
  return Bytes(v.begin(), v.end());
}

}  // namespace parley::ca
