#include "trace/page_directory.h"

#include <fmt/core.h>

#include <ctime>

namespace parley::trace {

Result<std::shared_ptr<PageDirectory>> PageDirectory::open(const std::filesystem::path& dir, uint64_t limit) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return err::api("--trace-html needs an existing directory", dir.string());
  return std::shared_ptr<PageDirectory>(new PageDirectory(dir, limit));
}

std::unique_ptr<Session> PageDirectory::start(const std::string& peer) {
  if (started_.fetch_add(1) >= limit_) return nullptr;
  return std::make_unique<Session>(SessionInfo{Role::server, peer, "", std::time(nullptr), false});
}

Result<std::string> PageDirectory::write(const Session& session, uint64_t id) const {
  const std::string path = (dir_ / fmt::format("conn-{}.html", id)).string();
  PARLEY_TRY(session.write_page(path));
  return path;
}

}  // namespace parley::trace
