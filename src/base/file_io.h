// Whole-file reads and atomic writes: the file access the CA directory, the
// trust store and the command-line tools share (one implementation).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "parley/error.h"

namespace parley {

// The whole file, or an Io error naming the path and the reason.
Result<std::vector<uint8_t>> read_file(const std::string& path);

enum class FileMode { public_data, secret };  // 0644, or 0600 for keys and passphrases

// Writes atomically: a temporary file beside path (O_EXCL, created with the
// mode), fsync, then rename over path, so readers see the old or the new file.
Result<void> write_file_atomic(const std::string& path, std::span<const uint8_t> data, FileMode mode);

}  // namespace parley
