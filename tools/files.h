// File I/O for the command line, over the shared reader and atomic writer of
// base/file_io.h.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "base/file_io.h"
#include "base/secret.h"
#include "parley/error.h"

namespace parley::tools {

using parley::FileMode;
using parley::read_file;

// Writes atomically (a temporary file renamed over the target). Secrets get mode 0600.
Result<void> write_file(const std::string& path, std::span<const uint8_t> data, FileMode mode);
Result<void> write_file(const std::string& path, std::string_view text, FileMode mode);
// The first line of a passphrase file, without its line ending; wiped after use.
Result<SecretBuffer> read_passphrase_file(const std::string& path);

}  // namespace parley::tools
