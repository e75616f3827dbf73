// Polls files' modification times on a thread of its own and calls back when
// any changed (a certificate renewed by an agent, a CRL republished). Polling,
// not inotify: it sees a file replaced by rename, on any filesystem.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace parley::tunnel {

class FileWatch {
 public:
  // interval 0: no thread, never calls back.
  FileWatch(std::vector<std::string> paths, std::chrono::milliseconds interval, std::function<void()> changed);
  ~FileWatch();
  FileWatch(const FileWatch&) = delete;
  FileWatch& operator=(const FileWatch&) = delete;

 private:
  struct Stamp {
    int64_t mtime_ns = 0, size = -1, inode = 0;
    bool operator==(const Stamp&) const = default;
  };
  std::vector<Stamp> stamps() const;
  void loop();

  std::vector<std::string> paths_;
  std::chrono::milliseconds interval_;
  std::function<void()> changed_;
  std::mutex m_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace parley::tunnel
