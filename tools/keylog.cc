#include "keylog.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/secret.h"

namespace parley::tools {
namespace {

void append_hex(std::string& out, std::span<const uint8_t> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (uint8_t b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0x0f]);
  }
}

}  // namespace

Result<std::shared_ptr<FileKeyLog>> FileKeyLog::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return err::io("cannot open the key log file", path + ": " + std::strerror(errno));
  // An existing file keeps its owner but not a wider mode: it will hold secrets.
  if (::fchmod(fd, 0600) != 0) {
    std::string why = std::strerror(errno);
    ::close(fd);
    return err::io("cannot make the key log file private (mode 0600)", path + ": " + why);
  }
  return std::shared_ptr<FileKeyLog>(new FileKeyLog(fd));
}

FileKeyLog::~FileKeyLog() { ::close(fd_); }

void FileKeyLog::log(std::string_view label, std::span<const uint8_t> client_random,
                     std::span<const uint8_t> secret) {
  std::string line(label);
  line.reserve(label.size() + 2 * (client_random.size() + secret.size()) + 3);
  line.push_back(' ');
  append_hex(line, client_random);
  line.push_back(' ');
  append_hex(line, secret);
  line.push_back('\n');
  {
    std::lock_guard lock(mu_);
    size_t done = 0;
    while (done < line.size()) {
      ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // a key log is a debugging aid: never fail the connection over it
      done += static_cast<size_t>(n);
    }
  }
  secure_wipe(line.data(), line.size());
}

}  // namespace parley::tools
