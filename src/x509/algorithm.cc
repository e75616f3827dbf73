#include "x509/algorithm.h"

#include <mutex>
#include <set>
#include <string>

#include "der/oid.h"

namespace parley::x509 {
namespace {

using crypto::SigAlg;

// Dotted text of unknown OIDs must outlive any one certificate (name is a
// string_view), so it is interned. The pool is bounded: hostile inputs cannot
// grow it without limit, and past the bound the name is generic.
std::string_view intern_oid_text(Input oid) {
  static std::mutex mu;
  static std::set<std::string, std::less<>> pool;
  constexpr size_t kMaxInterned = 512;
  auto text = der::oid_to_string(oid);
  if (!text) return "unknown algorithm (invalid OID)";
  std::lock_guard lock(mu);
  if (auto it = pool.find(*text); it != pool.end()) return *it;
  if (pool.size() >= kMaxInterned) return "unknown algorithm";
  return *pool.insert(std::move(*text)).first;
}

template <size_t N>
bool is(Input oid, const uint8_t (&known)[N]) {
  return der::equal(oid, Input(known, N));
}

// A hash AlgorithmIdentifier inside PSS parameters: parameters NULL or absent
// (RFC 4055 §2.1: implementations MUST accept both). Returns the hash length or 0.
size_t pss_hash_len(Input hash_alg_tlv, Input& hash_oid) {
  der::Parser outer(hash_alg_tlv);
  auto seq = outer.read_sequence();
  if (!seq || outer.has_more()) return 0;
  auto oid = seq->read(der::kOid);
  if (!oid || !der::parse_oid(*oid)) return 0;
  if (seq->has_more()) {
    auto null = seq->read(der::kNull);
    if (!null || !der::parse_null(*null) || seq->has_more()) return 0;
  }
  hash_oid = *oid;
  if (is(*oid, der::kSha256)) return 32;
  if (is(*oid, der::kSha384)) return 48;
  if (is(*oid, der::kSha512)) return 64;
  return 0;
}

// RSASSA-PSS-params (RFC 4055 §3.1). Returns the SigAlg or the reason it is refused.
std::pair<std::optional<SigAlg>, std::string_view> parse_pss(std::optional<Input> params_tlv) {
  if (!params_tlv) return {std::nullopt, "RSASSA-PSS (parameters missing: SHA-1 defaults are not supported)"};
  der::Parser outer(*params_tlv);
  auto seq = outer.read_sequence();
  if (!seq || outer.has_more()) return {std::nullopt, "RSASSA-PSS (malformed parameters)"};
  auto hash = seq->read_optional_constructed(der::context_constructed(0));
  if (!hash) return {std::nullopt, "RSASSA-PSS (malformed parameters)"};
  if (!*hash) return {std::nullopt, "RSASSA-PSS (SHA-1 hash is not supported)"};
  Input hash_oid;
  size_t hlen = pss_hash_len((*hash)->remaining(), hash_oid);
  if (hlen == 0) return {std::nullopt, "RSASSA-PSS (hash must be SHA-256, SHA-384 or SHA-512)"};

  auto mgf = seq->read_optional_constructed(der::context_constructed(1));
  if (!mgf || !*mgf) return {std::nullopt, "RSASSA-PSS (mask generation must be MGF1 with the same hash)"};
  {
    der::Parser m((*mgf)->remaining());
    auto mseq = m.read_sequence();
    if (!mseq || m.has_more()) return {std::nullopt, "RSASSA-PSS (malformed parameters)"};
    auto moid = mseq->read(der::kOid);
    if (!moid || !is(*moid, der::kMgf1)) {
      return {std::nullopt, "RSASSA-PSS (mask generation must be MGF1 with the same hash)"};
    }
    Input mgf_hash;
    if (pss_hash_len(mseq->remaining(), mgf_hash) != hlen || !der::equal(mgf_hash, hash_oid)) {
      return {std::nullopt, "RSASSA-PSS (MGF1 hash must equal the message hash)"};
    }
  }
  auto salt = seq->read_optional_constructed(der::context_constructed(2));
  if (!salt) return {std::nullopt, "RSASSA-PSS (malformed parameters)"};
  if (!*salt) return {std::nullopt, "RSASSA-PSS (salt length must equal the hash length)"};
  auto salt_int = (*salt)->read(der::kInteger);
  if (!salt_int || (*salt)->has_more()) return {std::nullopt, "RSASSA-PSS (malformed parameters)"};
  auto salt_len = der::parse_uint64(*salt_int);
  if (!salt_len || *salt_len != hlen) return {std::nullopt, "RSASSA-PSS (salt length must equal the hash length)"};
  // trailerField DEFAULT trailerFieldBC(1): DER omits it, and no other value is defined.
  if (seq->has_more()) return {std::nullopt, "RSASSA-PSS (trailerField must be omitted)"};
  switch (hlen) {
    case 32: return {SigAlg::rsa_pss_sha256, "RSASSA-PSS (SHA-256)"};
    case 48: return {SigAlg::rsa_pss_sha384, "RSASSA-PSS (SHA-384)"};
    default: return {SigAlg::rsa_pss_sha512, "RSASSA-PSS (SHA-512)"};
  }
}

bool is_null_tlv(Input tlv) { return tlv.size() == 2 && tlv[0] == 0x05 && tlv[1] == 0x00; }

}  // namespace

Result<SignatureAlgorithm> parse_signature_algorithm(Input tlv) {
  der::Parser outer(tlv);
  auto seq = PARLEY_TRY(outer.read_sequence());
  PARLEY_TRY(outer.expect_end());
  Input oid = PARLEY_TRY(seq.read(der::kOid));
  PARLEY_TRY(der::parse_oid(oid));
  std::optional<Input> params;
  if (seq.has_more()) {
    auto e = PARLEY_TRY(seq.read_element());
    params = e.raw;
  }
  if (seq.has_more()) return err::decode("AlgorithmIdentifier: trailing data");

  SignatureAlgorithm out;
  out.raw = tlv;

  struct Rsa {
    const uint8_t* oid;
    size_t len;
    SigAlg alg;
    std::string_view name, bad;
  };
  static const Rsa kRsa[] = {
      {der::kSha256WithRsa, sizeof der::kSha256WithRsa, SigAlg::rsa_pkcs1_sha256, "sha256WithRSAEncryption",
       "sha256WithRSAEncryption (parameters must be NULL)"},
      {der::kSha384WithRsa, sizeof der::kSha384WithRsa, SigAlg::rsa_pkcs1_sha384, "sha384WithRSAEncryption",
       "sha384WithRSAEncryption (parameters must be NULL)"},
      {der::kSha512WithRsa, sizeof der::kSha512WithRsa, SigAlg::rsa_pkcs1_sha512, "sha512WithRSAEncryption",
       "sha512WithRSAEncryption (parameters must be NULL)"},
  };
  for (const auto& r : kRsa) {
    if (der::equal(oid, Input(r.oid, r.len))) {
      // RFC 4055 §5: the parameters MUST be NULL. Absent is refused too.
      bool ok = params && is_null_tlv(*params);
      out.name = ok ? r.name : r.bad;
      if (ok) out.alg = r.alg;
      return out;
    }
  }
  struct NoParams {
    const uint8_t* oid;
    size_t len;
    SigAlg alg;
    std::string_view name, bad;
  };
  static const NoParams kNoParams[] = {
      {der::kEcdsaWithSha256, sizeof der::kEcdsaWithSha256, SigAlg::ecdsa_sha256, "ecdsa-with-SHA256",
       "ecdsa-with-SHA256 (parameters must be absent)"},
      {der::kEcdsaWithSha384, sizeof der::kEcdsaWithSha384, SigAlg::ecdsa_sha384, "ecdsa-with-SHA384",
       "ecdsa-with-SHA384 (parameters must be absent)"},
      {der::kEcdsaWithSha512, sizeof der::kEcdsaWithSha512, SigAlg::ecdsa_sha512, "ecdsa-with-SHA512",
       "ecdsa-with-SHA512 (parameters must be absent)"},
      {der::kEd25519, sizeof der::kEd25519, SigAlg::ed25519, "Ed25519", "Ed25519 (parameters must be absent)"},
  };
  for (const auto& n : kNoParams) {
    if (der::equal(oid, Input(n.oid, n.len))) {
      out.name = params ? n.bad : n.name;
      if (!params) out.alg = n.alg;
      return out;
    }
  }
  if (is(oid, der::kRsassaPss)) {
    auto [alg, name] = parse_pss(params);
    out.alg = alg;
    out.name = name;
    return out;
  }
  if (is(oid, der::kMd5WithRsa)) {
    out.weak = true;
    out.name = "md5WithRSAEncryption";
    return out;
  }
  if (is(oid, der::kSha1WithRsa)) {
    out.weak = true;
    out.name = "sha1WithRSAEncryption";
    return out;
  }
  if (is(oid, der::kEcdsaWithSha1)) {
    out.weak = true;
    out.name = "ecdsa-with-SHA1";
    return out;
  }
  out.name = intern_oid_text(oid);
  return out;
}

}  // namespace parley::x509
