// The names of algorithms and key kinds (parley/types.h): one table each,
// shared by the library, the CA's ca.json and the parley command.
#include <array>

#include "crypto/provider.h"

namespace parley::crypto {
namespace {

struct SpecName {
  std::string_view name;
  KeySpec spec;
};
constexpr std::array<SpecName, 6> kSpecNames = {{
    {"ecdsa-p256", KeySpec::ec_p256},
    {"ecdsa-p384", KeySpec::ec_p384},
    {"ed25519", KeySpec::ed25519},
    {"rsa-2048", KeySpec::rsa_2048},
    {"rsa-3072", KeySpec::rsa_3072},
    {"rsa-4096", KeySpec::rsa_4096},
}};

}  // namespace

std::string_view suite_name(Suite s) {
  const CipherSuite* suite = openssl_provider().suite(s);
  return suite != nullptr ? suite->name : "unknown";
}

std::string_view group_name(Group g) {
  const KxGroup* group = openssl_provider().group(g);
  return group != nullptr ? group->name() : "unknown";
}

std::string_view key_type_name(KeyType type) {
  switch (type) {
    case KeyType::ec_p256: return "ECDSA P-256";
    case KeyType::ec_p384: return "ECDSA P-384";
    case KeyType::ec_p521: return "ECDSA P-521";
    case KeyType::ed25519: return "Ed25519";
    case KeyType::rsa: return "RSA";
  }
  return "unknown";
}

std::optional<KeySpec> parse_key_spec(std::string_view name) {
  for (const auto& s : kSpecNames) {
    if (s.name == name) return s.spec;
  }
  return std::nullopt;
}

std::string_view key_spec_name(KeySpec spec) {
  for (const auto& s : kSpecNames) {
    if (s.spec == spec) return s.name;
  }
  return "unknown";
}

}  // namespace parley::crypto
