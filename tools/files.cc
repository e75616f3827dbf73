#include "files.h"

namespace parley::tools {

Result<void> write_file(const std::string& path, std::span<const uint8_t> data, FileMode mode) {
  return write_file_atomic(path, data, mode);
}

Result<void> write_file(const std::string& path, std::string_view text, FileMode mode) {
  return write_file_atomic(path, std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()), mode);
}

Result<SecretBuffer> read_passphrase_file(const std::string& path) {
  auto data = PARLEY_TRY(read_file(path));
  SecretBuffer all(std::move(data));
  auto v = all.view();
  size_t n = 0;
  while (n < v.size() && v[n] != '\n' && v[n] != '\r') ++n;
  if (n == 0) return err::io("passphrase file is empty", path);
  return SecretBuffer(v.first(n));
}

}  // namespace parley::tools
