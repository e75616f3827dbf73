// parley: TLS 1.3 / mTLS client, server, verifier and private CA in one command.
#include <CLI/CLI.hpp>

#include "command.h"

int main(int argc, char** argv) {
  CLI::App app{"parley: TLS 1.3 and mTLS with a private certificate authority", "parley"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "parley 0.1.0");
  int exit_code = parley::tools::kOk;
  parley::tools::add_key_commands(app, exit_code);
  parley::tools::add_verify_command(app, exit_code);
  parley::tools::add_inspect_command(app, exit_code);
  parley::tools::add_ca_commands(app, exit_code);
  parley::tools::add_serve_command(app, exit_code);
  parley::tools::add_connect_command(app, exit_code);
  parley::tools::add_tunnel_commands(app, exit_code);
  parley::tools::add_doctor_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : parley::tools::kUsage;
  }
  return exit_code;
}
