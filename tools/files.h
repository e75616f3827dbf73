// File I/O for the command line: the only place parley touches the file system.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/secret.h"
#include "parley/error.h"

namespace parley::tools {

Result<std::vector<uint8_t>> read_file(const std::string& path);
// Writes atomically (a temporary file renamed over the target). Secrets get mode 0600.
enum class FileMode { public_data, secret };
Result<void> write_file(const std::string& path, std::span<const uint8_t> data, FileMode mode);
Result<void> write_file(const std::string& path, std::string_view text, FileMode mode);
// The first line of a passphrase file, without its line ending; wiped after use.
Result<SecretBuffer> read_passphrase_file(const std::string& path);

}  // namespace parley::tools
