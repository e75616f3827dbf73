// The parley command's subcommand groups. Each registers itself on the app and
// reports its outcome through the shared exit code:
//   0 success, 1 the operation failed (bad signature, invalid chain), 2 usage or unreadable input.
#pragma once

namespace CLI {
class App;
}

namespace parley::tools {

enum Exit : int { kOk = 0, kFailed = 1, kUsage = 2 };

void add_key_commands(CLI::App& app, int& exit_code);
void add_verify_command(CLI::App& app, int& exit_code);
void add_inspect_command(CLI::App& app, int& exit_code);
void add_ca_commands(CLI::App& app, int& exit_code);  // parley ca … and parley csr
void add_serve_command(CLI::App& app, int& exit_code);
void add_connect_command(CLI::App& app, int& exit_code);
void add_tunnel_commands(CLI::App& app, int& exit_code);  // parley tunnel server|client
void add_doctor_command(CLI::App& app, int& exit_code);

}  // namespace parley::tools
