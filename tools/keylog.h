// SSLKEYLOGFILE output (the NSS key log format that Wireshark reads) for
// `parley connect --keylog FILE`: the file holds traffic secrets, so it is
// created with mode 0600 and appended to, one line per secret.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "parley/config.h"

namespace parley::tools {

class FileKeyLog final : public KeyLog {
 public:
  static Result<std::shared_ptr<FileKeyLog>> open(const std::string& path);
  ~FileKeyLog() override;
  FileKeyLog(const FileKeyLog&) = delete;
  FileKeyLog& operator=(const FileKeyLog&) = delete;

  // "LABEL <client_random hex> <secret hex>\n" (one write per line, under a lock).
  void log(std::string_view label, std::span<const uint8_t> client_random,
           std::span<const uint8_t> secret) override;

 private:
  explicit FileKeyLog(int fd) : fd_(fd) {}
  int fd_;
  std::mutex mu_;
};

}  // namespace parley::tools
