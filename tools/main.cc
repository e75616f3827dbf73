// parley: TLS 1.3 / mTLS client, server, verifier and private CA in one command.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <string_view>

#include "command.h"

namespace {

// Each group of commands with the names it registers.
struct Group {
  std::string_view name, other_name;  // other_name: empty, or a second top-level command
  void (*add)(CLI::App&, int&);
  bool names(std::string_view arg) const { return arg == name || (!other_name.empty() && arg == other_name); }
};

constexpr Group kGroups[] = {
    {"key", "", parley::tools::add_key_commands},         {"verify", "", parley::tools::add_verify_command},
    {"inspect", "", parley::tools::add_inspect_command},  {"ca", "csr", parley::tools::add_ca_commands},
    {"serve", "", parley::tools::add_serve_command},      {"connect", "", parley::tools::add_connect_command},
    {"tunnel", "", parley::tools::add_tunnel_commands},   {"doctor", "", parley::tools::add_doctor_command},
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"parley: TLS 1.3 and mTLS with a private certificate authority", "parley"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "parley 0.1.0");
  int exit_code = parley::tools::kOk;
  // Only the named command's group is built when the first argument names
  // one: building every command's options is a third of a short command's
  // start-up (parley connect). Anything else (--help, a typo) gets them all.
  const std::string_view first = argc > 1 ? argv[1] : "";
  const auto named = std::ranges::find_if(kGroups, [&](const Group& g) { return g.names(first); });
  if (named != std::end(kGroups)) {
    named->add(app, exit_code);
  } else {
    for (const auto& g : kGroups) g.add(app, exit_code);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : parley::tools::kUsage;
  }
  return exit_code;
}
