// `parley serve --trace-html DIR`: one page per connection, DIR/conn-N.html,
// for at most `limit` connections (a busy server must not fill the disk).
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "parley/error.h"
#include "trace/session.h"

namespace parley::trace {

class PageDirectory {
 public:
  // dir must exist.
  static Result<std::shared_ptr<PageDirectory>> open(const std::filesystem::path& dir, uint64_t limit);

  // A session for a connection from `peer`, or null once `limit` pages were started.
  std::unique_ptr<Session> start(const std::string& peer);
  // Writes the page of connection `id`; returns its path.
  Result<std::string> write(const Session& session, uint64_t id) const;

 private:
  PageDirectory(std::filesystem::path dir, uint64_t limit) : dir_(std::move(dir)), limit_(limit) {}

  std::filesystem::path dir_;
  uint64_t limit_;
  std::atomic<uint64_t> started_{0};
};

}  // namespace parley::trace
