#include "x509/ocsp/cert_id.h"

#include "crypto/sha1.h"
#include "der/oid.h"
#include "x509/hex.h"

namespace parley::x509::ocsp {
namespace {

constexpr size_t kMaxSerial = 20;  // RFC 5280 §4.1.2.2

std::vector<uint8_t> digest(CertIdHash hash, Input data) {
  if (hash == CertIdHash::sha1) {
    auto d = crypto::sha1(data);
    return {d.begin(), d.end()};
  }
  auto d = crypto::openssl_provider().sha256->digest(data);
  return {d.view().begin(), d.view().end()};
}

size_t digest_size(CertIdHash hash) { return hash == CertIdHash::sha1 ? 20 : 32; }

Input hash_oid(CertIdHash hash) {
  return hash == CertIdHash::sha1 ? Input(der::kSha1) : Input(der::kSha256);
}

// hashAlgorithm: SHA-1 or SHA-256, parameters absent or NULL.
Result<CertIdHash> read_hash_algorithm(der::Parser& p) {
  auto alg = PARLEY_TRY(p.read_sequence());
  Input oid = PARLEY_TRY(alg.read(der::kOid));
  if (alg.has_more()) PARLEY_TRY(der::parse_null(PARLEY_TRY(alg.read(der::kNull))));
  PARLEY_TRY(alg.expect_end());
  if (der::equal(oid, der::kSha1)) return CertIdHash::sha1;
  if (der::equal(oid, der::kSha256)) return CertIdHash::sha256;
  return err::decode("OCSP CertID: unsupported hashAlgorithm (expected SHA-1 or SHA-256)", der::oid_name(oid));
}

}  // namespace

std::string_view cert_id_hash_name(CertIdHash h) { return h == CertIdHash::sha1 ? "SHA-1" : "SHA-256"; }

std::vector<uint8_t> public_key_hash(Input spki, CertIdHash hash) {
  der::Parser outer(spki);
  auto seq = outer.read_sequence();
  if (!seq || !seq->read(der::kSequence)) return {};
  auto bits = seq->read(der::kBitString);
  if (!bits) return {};
  auto key = der::parse_bit_string_bytes(*bits);
  if (!key) return {};
  return digest(hash, *key);
}

CertId CertId::of(const Certificate& cert, const Certificate& issuer, CertIdHash hash) {
  CertId id;
  id.hash = hash;
  // §4.1.1: the name hash is over the DER of the issuer field in the
  // certificate being checked.
  id.issuer_name_hash = digest(hash, cert.issuer.raw);
  id.issuer_key_hash = public_key_hash(issuer.spki, hash);
  id.serial.assign(cert.serial.begin(), cert.serial.end());
  return id;
}

Result<CertId> CertId::read(der::Parser& p) {
  auto seq = PARLEY_TRY(p.read_sequence());
  CertId id;
  id.hash = PARLEY_TRY(read_hash_algorithm(seq));
  Input name_hash = PARLEY_TRY(seq.read(der::kOctetString));
  Input key_hash = PARLEY_TRY(seq.read(der::kOctetString));
  Input serial = PARLEY_TRY(seq.read(der::kInteger));
  PARLEY_TRY(seq.expect_end());
  const size_t want = digest_size(id.hash);
  if (name_hash.size() != want || key_hash.size() != want) {
    return err::decode("OCSP CertID: a hash has the wrong length",
                       "expected " + std::to_string(want) + " octets for " + std::string(cert_id_hash_name(id.hash)) +
                           ", found " + std::to_string(name_hash.size()) + " and " + std::to_string(key_hash.size()));
  }
  PARLEY_TRY(der::parse_integer(serial));
  if (der::is_negative(serial)) return err::decode("OCSP CertID: negative serialNumber");
  if (serial.size() > kMaxSerial + 1) return err::decode("OCSP CertID: serialNumber longer than 20 octets");
  id.issuer_name_hash.assign(name_hash.begin(), name_hash.end());
  id.issuer_key_hash.assign(key_hash.begin(), key_hash.end());
  id.serial.assign(serial.begin(), serial.end());
  return id;
}

void CertId::encode(der::Builder& b) const {
  auto seq = b.sequence();
  {
    auto alg = b.sequence();
    b.oid(hash_oid(hash));
    b.null();  // as OpenSSL sends it; RFC 5019 responders expect the NULL
  }
  b.octet_string(issuer_name_hash);
  b.octet_string(issuer_key_hash);
  b.implicit(der::kInteger, serial);
}

bool CertId::names_issuer(const Certificate& issuer) const {
  return issuer_name_hash == digest(hash, issuer.subject.raw) &&
         issuer_key_hash == public_key_hash(issuer.spki, hash);
}

bool CertId::matches(const Certificate& cert, const Certificate& issuer) const {
  return matches_serial_and_issuer_name(cert) && issuer_key_hash == public_key_hash(issuer.spki, hash);
}

bool CertId::matches_serial_and_issuer_name(const Certificate& cert) const {
  return der::equal(serial, cert.serial) && issuer_name_hash == digest(hash, cert.issuer.raw);
}

std::string CertId::to_string() const {
  std::string serial_text = detail::hex(Input(serial), ':');
  if (serial.size() > 1 && serial[0] == 0) serial_text = detail::hex(Input(serial).subspan(1), ':');
  return "serial " + serial_text + ", issuer name hash " + detail::hex(issuer_name_hash) + ", key hash " +
         detail::hex(issuer_key_hash) + " (" + std::string(cert_id_hash_name(hash)) + ")";
}

}  // namespace parley::x509::ocsp
