// verify_chain: checks a certificate chain for a name, as a TLS client would
// check a server, and prints the report.
//
//   verify_chain CHAIN.pem ROOTS.pem NAME [CRL.pem ...]
//
// CHAIN.pem holds the leaf first, then any intermediates; NAME is a DNS name
// or an IP address. Exit status: 0 verified, 1 rejected, 2 unreadable input.
#include <cstdio>
#include <string>
#include <vector>

#include <parley/credentials.h>
#include <parley/x509.h>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: verify_chain CHAIN.pem ROOTS.pem NAME [CRL.pem ...]\n");
    return 2;
  }
  auto chain = parley::load_certificates(argv[1]);
  if (!chain) return std::fprintf(stderr, "verify_chain: %s\n", chain.error().message().c_str()), 2;
  auto roots = parley::load_trust_store(argv[2]);
  if (!roots) return std::fprintf(stderr, "verify_chain: %s\n", roots.error().message().c_str()), 2;

  parley::ChainOptions options;
  options.name = argv[3];
  options.purpose = parley::Purpose::server;
  auto crls = parley::load_crls(std::vector<std::string>(argv + 4, argv + argc));
  if (!crls) return std::fprintf(stderr, "verify_chain: %s\n", crls.error().message().c_str()), 2;
  options.crls = std::move(*crls);  // when given, every certificate must be covered and not revoked

  parley::ChainReport report = parley::verify_chain(*chain, **roots, options);
  std::printf("%s", report.text.c_str());
  if (report.verified) return 0;
  std::printf("rejected: %s\nalert: %s\n", report.summary.c_str(),
              std::string(parley::alert_name(*report.alert)).c_str());
  for (const auto& f : report.findings) std::printf("rule: %s at certificate %d\n", f.rule.c_str(), f.position);
  return 1;
}
