// parley csr: a key pair and a PKCS#10 request for it, to hand to a CA
// (`parley ca sign`, or any other CA that takes CSRs).
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <filesystem>
#include <memory>

#include "ca/csr.h"
#include "ca/init.h"
#include "ca/names.h"
#include "ca_cli.h"
#include "der/pem.h"
#include "keys.h"

namespace parley::tools {

void add_csr_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("csr", "Generate a key and a certificate signing request (PKCS#10) for it");
  struct Opts {
    std::string key_out, csr_out, key_type = "ecdsa-p256", cn;
    std::vector<std::string> sans;
    ca_cli::Passphrase pass;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--key-out", o->key_out, "Where to write the new private key (PKCS#8 PEM, mode 0600)")->required();
  cmd->add_option("--csr-out", o->csr_out, "Where to write the request (PEM)")->required();
  cmd->add_option("--key-type", o->key_type, "ecdsa-p256|ecdsa-p384|ed25519|rsa-2048|rsa-3072|rsa-4096")
      ->capture_default_str();
  cmd->add_option("--cn", o->cn, "Subject common name (default: none; names go in --san)");
  cmd->add_option("--san", o->sans, "dns:NAME, ip:ADDR, uri:URI or email:ADDR (repeatable)")->required();
  cmd->add_option("--passphrase-file", o->pass.file, "Encrypt the new key with the passphrase in this file");
  cmd->callback(ca_cli::run(exit_code, [o]() -> Result<int> {
    auto spec = crypto::parse_key_spec(o->key_type);
    if (!spec) return err::api("unknown --key-type: use ecdsa-p256, ecdsa-p384, ed25519, rsa-2048, rsa-3072 or rsa-4096",
                               o->key_type);
    std::vector<ca::SanEntry> sans;
    for (const auto& s : o->sans) sans.push_back(PARLEY_TRY(ca::parse_san(s)));
    std::error_code ec;
    if (std::filesystem::exists(o->key_out, ec)) {
      return err::io("--key-out exists: refusing to overwrite a private key; remove it or choose another path",
                     o->key_out);
    }
    PARLEY_TRY(o->pass.load());
    auto subject = PARLEY_TRY(ca::build_cn_name(o->cn));
    auto key = PARLEY_TRY(crypto::openssl_provider().keys->generate(*spec));
    auto csr = PARLEY_TRY(ca::build_csr(*key, subject, sans));
    PARLEY_TRY(save_private_key(o->key_out, *key, o->pass.view()));
    PARLEY_TRY(write_file(o->csr_out, der::pem_encode("CERTIFICATE REQUEST", csr), FileMode::public_data));
    fmt::print("key ({}) -> {} (mode 0600)\nrequest for {} -> {}\n", o->key_type, o->key_out,
               ca::describe_sans(sans), o->csr_out);
    return kOk;
  }));
}

}  // namespace parley::tools
