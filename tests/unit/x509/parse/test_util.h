// Helpers for the X.509 parsing tests: openssl-generated artefacts in a
// private temporary directory, and a Builder-made certificate whose every
// field a test can break on purpose.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "crypto/provider.h"
#include "der/builder.h"
#include "der/oid.h"
#include "der/pem.h"
#include "x509/certificate.h"
#include "vectors/hex.h"

namespace parley::x509::testing {

using Bytes = std::vector<uint8_t>;

using parley::test::hex;  // tests/vectors/hex.h: one hex decoder for every test

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

template <size_t N>
Bytes oid_bytes(const uint8_t (&o)[N]) {
  return Bytes(o, o + N);
}

// A unique temporary directory (tests run in parallel under CTest), removed on exit.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "parley-x509-XXXXXX").string();
    char* p = mkdtemp(tmpl.data());
    if (p == nullptr) ADD_FAILURE() << "mkdtemp failed";
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

  // Runs a shell script inside the directory; true on exit status 0.
  bool sh(const std::string& script) const {
    std::filesystem::path file = path_ / "script.sh";
    {
      std::ofstream f(file);
      f << "set -e\ncd '" << path_.string() << "'\n" << script << "\n";
    }
    std::string cmd = "bash '" + file.string() + "' > '" + (path_ / "log.txt").string() + "' 2>&1";
    int rc = std::system(cmd.c_str());
    if (rc != 0) ADD_FAILURE() << "script failed:\n" << script << "\n" << read_text("log.txt");
    return rc == 0;
  }
  Bytes read(const std::string& name) const {
    std::ifstream f(path_ / name, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(f), {});
  }
  std::string read_text(const std::string& name) const {
    std::ifstream f(path_ / name);
    return std::string(std::istreambuf_iterator<char>(f), {});
  }

 private:
  std::filesystem::path path_;
};

// A self-signed certificate made by `openssl req -x509` with the given key
// options and extension lines (an -extfile section); returns the DER.
inline Bytes openssl_cert(const TempDir& dir, const std::string& extensions,
                          const std::string& key = "-newkey ec -pkeyopt ec_paramgen_curve:P-256",
                          const std::string& subject = "/CN=test") {
  std::string script = "cat > ext.cnf <<'EOT'\n[req]\ndistinguished_name=dn\n[dn]\n[ext]\n" + extensions +
                       "\nEOT\nopenssl req -x509 " + key + " -nodes -keyout k.pem -subj '" + subject +
                       "' -days 30 -config ext.cnf -extensions ext -outform DER -out c.der\n";
  if (!dir.sh(script)) return {};
  return dir.read("c.der");
}

// One extension for CertSpec.
struct Ext {
  Bytes oid;
  std::optional<bool> critical;  // nullopt: omitted
  Bytes value;                   // extnValue contents
};

// Every field of a certificate as raw pieces, so that tests can break exactly one.
struct CertSpec {
  std::optional<int64_t> version = 2;  // the INTEGER inside [0]; nullopt omits it (v1)
  Bytes serial = {0x01, 0x02};         // INTEGER contents
  Bytes sig_alg = hex("30 0a 06 08 2a 86 48 ce 3d 04 03 02");  // ecdsa-with-SHA256
  std::optional<Bytes> outer_sig_alg;                        // defaults to sig_alg
  Bytes issuer;   // Name TLV; default CN=issuer
  Bytes subject;  // Name TLV; default CN=subject
  Bytes validity; // Validity TLV; default 2025-01-01 .. 2035-01-01
  Bytes spki;     // default: a fresh P-256 key
  std::optional<std::vector<Ext>> extensions = std::vector<Ext>{};  // empty vector: no [3]
  Bytes extra_tbs;       // appended inside TBSCertificate
  Bytes signature = {0x00, 0x30, 0x00};  // BIT STRING contents
  Bytes trailing;        // appended after the Certificate
};

inline Bytes name_cn(std::string_view cn) {
  der::Builder b;
  {
    auto seq = b.sequence();
    auto set = b.set();
    auto atv = b.sequence();
    b.oid(der::kCommonName);
    b.utf8_string(cn);
  }
  return *std::move(b).finish();
}

inline const Bytes& test_spki() {
  static const Bytes spki = [] {
    auto key = crypto::openssl_provider().keys->generate(crypto::KeySpec::ec_p256);
    auto v = (*key)->public_key().spki_der();
    return Bytes(v.begin(), v.end());
  }();
  return spki;
}

inline Bytes build_cert(const CertSpec& s) {
  der::Builder b;
  {
    auto cert = b.sequence();
    {
      auto tbs = b.sequence();
      if (s.version) {
        auto v = b.constructed(der::context_constructed(0));
        b.integer(*s.version);
      }
      b.implicit(der::kInteger, s.serial);
      b.raw(s.sig_alg);
      b.raw(s.issuer.empty() ? name_cn("issuer") : s.issuer);
      if (s.validity.empty()) {
        auto v = b.sequence();
        b.time(1735689600);  // 2025-01-01
        b.time(2051222400);  // 2035-01-01
      } else {
        b.raw(s.validity);
      }
      b.raw(s.subject.empty() ? name_cn("subject") : s.subject);
      b.raw(s.spki.empty() ? test_spki() : s.spki);
      if (s.extensions && !s.extensions->empty()) {
        auto x = b.constructed(der::context_constructed(3));
        auto list = b.sequence();
        for (const auto& e : *s.extensions) {
          auto ext = b.sequence();
          b.oid(e.oid);
          if (e.critical) b.boolean(*e.critical);
          b.octet_string(e.value);
        }
      }
      if (!s.extra_tbs.empty()) b.raw(s.extra_tbs);  // one extra element
    }
    b.raw(s.outer_sig_alg ? *s.outer_sig_alg : s.sig_alg);
    b.implicit(der::kBitString, s.signature);
  }
  auto out = std::move(b).finish();
  EXPECT_TRUE(out) << out.error().message();
  Bytes der = out ? *out : Bytes{};
  der.insert(der.end(), s.trailing.begin(), s.trailing.end());
  return der;
}

inline Result<std::shared_ptr<const Certificate>> parse(const Bytes& der) { return Certificate::parse(der); }

}  // namespace parley::x509::testing

// Asserts that a Result failed with exactly the static message `msg`.
#define EXPECT_ERROR(expr, msg)                                                  \
  do {                                                                           \
    auto parley_r_ = (expr);                                                     \
    ASSERT_FALSE(parley_r_.has_value()) << "expected: " << msg;                  \
    EXPECT_STREQ(parley_r_.error().what, msg) << parley_r_.error().message();    \
  } while (0)
