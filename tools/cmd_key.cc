// parley key generate|public|sign|verify: key pairs and raw signatures, the
// building blocks the CA and TLS commands use.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <array>
#include <functional>
#include <memory>

#include "cli_util.h"
#include "command.h"
#include "files.h"
#include "keys.h"

namespace parley::tools {
namespace {

using crypto::SigAlg;

struct SigAlgName {
  std::string_view name;
  SigAlg alg;
};
constexpr std::array<SigAlgName, 10> kSigAlgs = {{
    {"ecdsa-sha256", SigAlg::ecdsa_sha256},
    {"ecdsa-sha384", SigAlg::ecdsa_sha384},
    {"ecdsa-sha512", SigAlg::ecdsa_sha512},
    {"rsa-pkcs1-sha256", SigAlg::rsa_pkcs1_sha256},
    {"rsa-pkcs1-sha384", SigAlg::rsa_pkcs1_sha384},
    {"rsa-pkcs1-sha512", SigAlg::rsa_pkcs1_sha512},
    {"rsa-pss-sha256", SigAlg::rsa_pss_sha256},
    {"rsa-pss-sha384", SigAlg::rsa_pss_sha384},
    {"rsa-pss-sha512", SigAlg::rsa_pss_sha512},
    {"ed25519", SigAlg::ed25519},
}};

std::string_view sig_alg_name(SigAlg alg) {
  for (const auto& s : kSigAlgs) {
    if (s.alg == alg) return s.name;
  }
  return "unknown";
}

// The algorithm a key signs with when none is named: the curve's own hash, PSS for RSA.
SigAlg default_sig_alg(crypto::KeyType type) {
  switch (type) {
    case crypto::KeyType::ec_p256: return SigAlg::ecdsa_sha256;
    case crypto::KeyType::ec_p384: return SigAlg::ecdsa_sha384;
    case crypto::KeyType::ec_p521: return SigAlg::ecdsa_sha512;
    case crypto::KeyType::ed25519: return SigAlg::ed25519;
    case crypto::KeyType::rsa: return SigAlg::rsa_pss_sha256;
  }
  return SigAlg::ecdsa_sha256;
}

Result<SigAlg> choose_sig_alg(const std::string& name, crypto::KeyType type) {
  if (name.empty()) return default_sig_alg(type);
  for (const auto& s : kSigAlgs) {
    if (s.name == name) return s.alg;
  }
  return err::api("unknown signature algorithm", name);
}

void add_generate(CLI::App& key, int& exit_code) {
  auto* cmd = key.add_subcommand("generate", "Generate a key pair and save it as PKCS#8 PEM (mode 0600)");
  struct Opts {
    std::string type = "ecdsa-p256", out;
    Passphrase pass;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--type", o->type, "ecdsa-p256|ecdsa-p384|ed25519|rsa-2048|rsa-3072|rsa-4096")
      ->capture_default_str();
  cmd->add_option("--out", o->out, "Where to write the private key")->required();
  cmd->add_option("--passphrase-file", o->pass.file, "Encrypt the key with the passphrase in this file");
  cmd->callback(run(exit_code, [o]() -> Result<int> {
    auto spec = crypto::parse_key_spec(o->type);
    if (!spec) return err::api("unknown key type", o->type);
    PARLEY_TRY(o->pass.load());
    auto priv = PARLEY_TRY(crypto::openssl_provider().keys->generate(*spec));
    PARLEY_TRY(save_private_key(o->out, *priv, o->pass.view()));
    fmt::print("generated {} key ({} bits) -> {} (PKCS#8{}, mode 0600)\n", crypto::key_type_name(priv->type()),
               priv->bits(), o->out, o->pass.value ? ", encrypted" : "");
    return kOk;
  }));
}

void add_public(CLI::App& key, int& exit_code) {
  auto* cmd = key.add_subcommand("public", "Print the public key (SubjectPublicKeyInfo PEM) of a key file");
  struct Opts {
    std::string key, out;
    Passphrase pass;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--key", o->key, "Private or public key file (PEM or DER)")->required();
  cmd->add_option("--passphrase-file", o->pass.file, "Passphrase of an encrypted key");
  cmd->add_option("--out", o->out, "Write to this file instead of standard output");
  cmd->callback(run(exit_code, [o]() -> Result<int> {
    PARLEY_TRY(o->pass.load());
    auto pub = PARLEY_TRY(load_public_key(o->key, o->pass.view()));
    std::string pem = public_key_pem(*pub);
    if (o->out.empty()) {
      fmt::print("{}", pem);
    } else {
      PARLEY_TRY(write_file(o->out, pem, FileMode::public_data));
    }
    return kOk;
  }));
}

void add_sign(CLI::App& key, int& exit_code) {
  auto* cmd = key.add_subcommand("sign", "Sign a file with a private key");
  struct Opts {
    std::string key, in, out, alg;
    Passphrase pass;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--key", o->key, "Private key file")->required();
  cmd->add_option("--in", o->in, "File to sign")->required();
  cmd->add_option("--out", o->out, "Where to write the signature")->required();
  cmd->add_option("--alg", o->alg, "Signature algorithm (default: the key's natural one)");
  cmd->add_option("--passphrase-file", o->pass.file, "Passphrase of an encrypted key");
  cmd->callback(run(exit_code, [o]() -> Result<int> {
    PARLEY_TRY(o->pass.load());
    auto priv = PARLEY_TRY(load_private_key(o->key, o->pass.view()));
    SigAlg alg = PARLEY_TRY(choose_sig_alg(o->alg, priv->type()));
    auto msg = PARLEY_TRY(read_file(o->in));
    auto sig = PARLEY_TRY(priv->sign(alg, msg));
    PARLEY_TRY(write_file(o->out, sig, FileMode::public_data));
    fmt::print("signed {} ({} bytes) with {} -> {} ({} bytes)\n", o->in, msg.size(), sig_alg_name(alg), o->out,
               sig.size());
    return kOk;
  }));
}

void add_verify(CLI::App& key, int& exit_code) {
  auto* cmd = key.add_subcommand("verify", "Check a signature over a file (exit 0 valid, 1 invalid)");
  struct Opts {
    std::string key, in, sig, alg;
    Passphrase pass;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--key", o->key, "Public key file (or the private key file)")->required();
  cmd->add_option("--in", o->in, "The signed file")->required();
  cmd->add_option("--sig", o->sig, "The signature file")->required();
  cmd->add_option("--alg", o->alg, "Signature algorithm (default: the key's natural one)");
  cmd->add_option("--passphrase-file", o->pass.file, "Passphrase, when --key is an encrypted private key");
  cmd->callback(run(exit_code, [o]() -> Result<int> {
    PARLEY_TRY(o->pass.load());
    auto pub = PARLEY_TRY(load_public_key(o->key, o->pass.view()));
    SigAlg alg = PARLEY_TRY(choose_sig_alg(o->alg, pub->type()));
    auto msg = PARLEY_TRY(read_file(o->in));
    auto sig = PARLEY_TRY(read_file(o->sig));
    if (auto ok = pub->verify(alg, msg, sig); !ok) {
      fmt::print(stderr, "signature does NOT verify: {} ({} key, {})\n", ok.error().message(),
                 crypto::key_type_name(pub->type()), sig_alg_name(alg));
      return kFailed;
    }
    fmt::print("signature OK: {} over {} with {} key\n", sig_alg_name(alg), o->in, crypto::key_type_name(pub->type()));
    return kOk;
  }));
}

}  // namespace

void add_key_commands(CLI::App& app, int& exit_code) {
  auto* key = app.add_subcommand("key", "Key pairs: generate, show the public key, sign and verify");
  key->require_subcommand(1);
  add_generate(*key, exit_code);
  add_public(*key, exit_code);
  add_sign(*key, exit_code);
  add_verify(*key, exit_code);
}

}  // namespace parley::tools
