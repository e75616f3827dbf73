#include "service/tunnel/file_watch.h"

#include <sys/stat.h>

namespace parley::tunnel {

FileWatch::FileWatch(std::vector<std::string> paths, std::chrono::milliseconds interval, std::function<void()> changed)
    : paths_(std::move(paths)), interval_(interval), changed_(std::move(changed)) {
  if (interval_.count() > 0 && !paths_.empty()) thread_ = std::thread([this] { loop(); });
}

FileWatch::~FileWatch() {
  {
    std::lock_guard lock(m_);
    stop_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::vector<FileWatch::Stamp> FileWatch::stamps() const {
  std::vector<Stamp> out;
  out.reserve(paths_.size());
  for (const auto& p : paths_) {
    struct stat st {};
    Stamp s;
    if (::stat(p.c_str(), &st) == 0) {
      s.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
      s.size = static_cast<int64_t>(st.st_size);
      s.inode = static_cast<int64_t>(st.st_ino);
    }
    out.push_back(s);
  }
  return out;
}

void FileWatch::loop() {
  auto last = stamps();
  std::unique_lock lock(m_);
  while (!cv_.wait_for(lock, interval_, [this] { return stop_; })) {
    auto now = stamps();
    if (now == last) continue;
    // Remembered even if the reload is refused: a bad file is reported once,
    // not at every poll, and the next change is tried again.
    last = std::move(now);
    lock.unlock();
    changed_();
    lock.lock();
  }
}

}  // namespace parley::tunnel
