#include "pki_fixture.h"

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "der/pem.h"

namespace parley::x509::testing {

namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
void spit(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::map<std::string, CertificatePtr>& certs() {
  static std::map<std::string, CertificatePtr> m;
  return m;
}
}  // namespace

int64_t now() { return static_cast<int64_t>(std::time(nullptr)); }

Pki& Pki::get() {
  static Pki pki;
  return pki;
}

Pki::Pki() {
  char tmpl[] = "/tmp/parley-x509-verify-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp");
  dir_ = tmpl;
}

void Pki::run(const std::string& cmd) {
  std::string full = "cd " + dir_ + " && " + cmd + " >>" + dir_ + "/openssl.log 2>&1";
  if (std::system(full.c_str()) != 0) throw std::runtime_error("openssl failed: " + cmd + "\n" + slurp(dir_ + "/openssl.log"));
}

CertificatePtr Pki::cert(const CertSpec& s) {
  if (auto it = certs().find(s.name); it != certs().end()) return it->second;
  const std::string& n = s.name;
  std::string key = n + ".key";
  if (s.key.starts_with("same:")) {
    key = s.key.substr(5) + ".key";
  } else if (s.key == "ec") {
    run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + key);
  } else if (s.key == "rsa1024") {
    run("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out " + key);
  } else if (s.key == "rsa2048") {
    run("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out " + key);
  }
  spit(dir_ + "/" + n + ".ext", "[v3]\n" + s.extensions);
  run("openssl req -new -key " + key + " -subj '" + s.subject + "' -out " + n + ".csr");
  std::string sign = s.issuer.empty() ? "-signkey " + key
                                      : "-CA " + s.issuer + ".pem -CAkey " + s.issuer + ".key";
  run("openssl x509 -req -in " + n + ".csr " + sign + " -set_serial " + std::to_string(++serial_) + " -days " +
      std::to_string(s.days) + " -" + s.digest + " -extfile " + n + ".ext -extensions v3 -out " + n + ".pem");
  auto der = der::pem_decode_one(slurp(dir_ + "/" + n + ".pem"), "CERTIFICATE");
  if (!der) throw std::runtime_error("PEM: " + der.error().message());
  auto cert = Certificate::parse(*der);
  if (!cert) throw std::runtime_error("parse " + n + ": " + cert.error().message());
  certs()[n] = *cert;
  return *cert;
}

CrlPtr Pki::crl(const std::string& ca, const std::vector<std::string>& revoked, int crl_days,
                const std::string& reason) {
  std::string db = "crl-" + ca + "-" + std::to_string(++serial_);
  run("mkdir -p " + db + " && touch " + db + "/index.txt");
  spit(dir_ + "/" + db + "/crlnumber", "01\n");
  spit(dir_ + "/" + db + "/ca.cnf",
       "[ca]\ndefault_ca=d\n[d]\ndatabase=" + dir_ + "/" + db + "/index.txt\ncrlnumber=" + dir_ + "/" + db +
           "/crlnumber\ndefault_md=sha256\ndefault_crl_days=" + std::to_string(crl_days) +
           "\ncrl_extensions=crl_ext\n[crl_ext]\nauthorityKeyIdentifier=keyid\n");
  std::string base = "openssl ca -config " + db + "/ca.cnf -keyfile " + ca + ".key -cert " + ca + ".pem";
  for (const auto& r : revoked) run(base + " -revoke " + r + ".pem -crl_reason " + reason);
  run(base + " -gencrl -out " + db + "/crl.pem");
  auto der = der::pem_decode_one(slurp(dir_ + "/" + db + "/crl.pem"), "X509 CRL");
  if (!der) throw std::runtime_error("CRL PEM: " + der.error().message());
  auto crl = Crl::parse(*der);
  if (!crl) throw std::runtime_error("CRL parse: " + crl.error().message());
  return *crl;
}

std::vector<uint8_t> Pki::ocsp(const std::string& ca, const std::string& cert, const std::string& status,
                               const std::string& signer, int days) {
  std::string db = "ocsp-" + ca + "-" + std::to_string(++serial_);
  run("mkdir -p " + db + " && touch " + db + "/index.txt");
  spit(dir_ + "/" + db + "/ca.cnf", "[ca]\ndefault_ca=d\n[d]\ndatabase=" + dir_ + "/" + db +
                                        "/index.txt\ndefault_md=sha256\n");
  std::string base = "openssl ca -config " + db + "/ca.cnf -keyfile " + ca + ".key -cert " + ca + ".pem";
  if (status == "good") run(base + " -valid " + cert + ".pem");
  if (status == "revoked") run(base + " -revoke " + cert + ".pem -crl_reason keyCompromise");
  run("openssl ocsp -issuer " + ca + ".pem -cert " + cert + ".pem -no_nonce -reqout " + db + "/req.der");
  run("openssl ocsp -index " + db + "/index.txt -CA " + ca + ".pem -rsigner " + signer + ".pem -rkey " + signer +
      ".key -reqin " + db + "/req.der -ndays " + std::to_string(days) + " -respout " + db + "/resp.der");
  std::string der = slurp(dir_ + "/" + db + "/resp.der");
  return {der.begin(), der.end()};
}

}  // namespace parley::x509::testing
