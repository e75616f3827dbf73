#include "x509/trust_store.h"

#include <algorithm>
#include <filesystem>

#include "base/file_io.h"
#include "der/pem.h"

namespace parley::x509 {

namespace {
std::string key_of(Input raw) { return {reinterpret_cast<const char*>(raw.data()), raw.size()}; }

Result<std::string> slurp(const std::string& path) {
  auto bytes = PARLEY_TRY(read_file(path));
  return std::string(bytes.begin(), bytes.end());
}
}  // namespace

TrustStore::TrustStore(const Options& options)
    : signature_cache_(options.signature_cache_entries, *crypto::openssl_provider().sha256) {}

void TrustStore::add(CertificatePtr cert) {
  by_subject_.emplace(key_of(cert->subject.raw), anchors_.size());
  anchors_.push_back(std::move(cert));
}

Result<void> TrustStore::add_text(std::string_view text, const std::string& origin, bool tolerate_no_certs) {
  Input bytes{reinterpret_cast<const uint8_t*>(text.data()), text.size()};
  if (!der::looks_like_pem(bytes)) {
    auto cert = Certificate::parse(bytes);
    if (!cert) {
      if (tolerate_no_certs) return {};
      return Unexpected(cert.error());
    }
    add(std::move(*cert));
    return {};
  }
  auto blocks = der::pem_decode_all(text);
  if (!blocks) {
    if (tolerate_no_certs) return {};
    return Unexpected(blocks.error());
  }
  size_t n = 0;
  for (const der::PemBlock& b : *blocks) {
    if (b.label != "CERTIFICATE") continue;
    ++n;
    auto cert = Certificate::parse(b.data);
    if (!cert) {
      skipped_.push_back("certificate " + std::to_string(n) + " of " + origin + ": " + cert.error().message());
      continue;
    }
    add(std::move(*cert));
  }
  return {};
}

Result<std::shared_ptr<const TrustStore>> TrustStore::from_pem(std::string_view text, const Options& options) {
  std::shared_ptr<TrustStore> s(new TrustStore(options));
  PARLEY_TRY(s->add_text(text, "the bundle", false));
  return std::shared_ptr<const TrustStore>(std::move(s));
}

Result<std::shared_ptr<const TrustStore>> TrustStore::from_directory(const std::string& path,
                                                                     const Options& options) {
  std::error_code ec;
  std::filesystem::directory_iterator it(path, ec);
  if (ec) return err::io("cannot read directory", path);
  std::vector<std::filesystem::path> files;
  for (const auto& entry : it) {
    if (entry.is_regular_file(ec)) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());  // a deterministic order
  std::shared_ptr<TrustStore> s(new TrustStore(options));
  for (const auto& f : files) {
    auto text = slurp(f.string());
    if (!text) continue;
    PARLEY_TRY(s->add_text(*text, f.filename().string(), true));
  }
  return std::shared_ptr<const TrustStore>(std::move(s));
}

Result<std::shared_ptr<const TrustStore>> TrustStore::system(const Options& options) {
  auto text = PARLEY_TRY(slurp(kSystemBundle));
  return from_pem(text, options);
}

std::shared_ptr<const TrustStore> TrustStore::from_certificates(std::vector<CertificatePtr> anchors,
                                                               const Options& options) {
  std::shared_ptr<TrustStore> s(new TrustStore(options));
  for (auto& c : anchors) {
    if (c) s->add(std::move(c));
  }
  return s;
}

std::vector<CertificatePtr> TrustStore::find_by_subject(const Name& name) const {
  std::vector<CertificatePtr> out;
  auto [lo, hi] = by_subject_.equal_range(key_of(name.raw));
  if (lo != hi) {
    std::vector<size_t> idx;
    for (auto it = lo; it != hi; ++it) idx.push_back(it->second);
    std::sort(idx.begin(), idx.end());
    for (size_t i : idx) out.push_back(anchors_[i]);
    return out;
  }
  for (const auto& a : anchors_) {
    if (names_match(a->subject, name)) out.push_back(a);
  }
  return out;
}

bool TrustStore::contains(const Certificate& cert) const {
  auto [lo, hi] = by_subject_.equal_range(key_of(cert.subject.raw));
  for (auto it = lo; it != hi; ++it) {
    if (der::equal(anchors_[it->second]->der(), cert.der())) return true;
  }
  return false;
}

}  // namespace parley::x509
