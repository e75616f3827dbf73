#include "log_writer.h"

#include <fmt/core.h>

#include <cstdio>
#include <utility>

namespace parley::tools {

LogWriter::LogWriter(std::mutex& out_lock, std::chrono::milliseconds window)
    : out_lock_(out_lock), window_(window), thread_([this] { drain(); }) {}

LogWriter::~LogWriter() {
  {
    std::lock_guard lock(m_);
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void LogWriter::add(std::string line) {
  bool wake = false;
  {
    std::lock_guard lock(m_);
    if (lines_.size() >= kMaxQueued) {
      ++dropped_;
      return;
    }
    lines_.push_back(std::move(line));
    // Only the first line of a batch wakes the writer; the others find it in
    // its window and wait for it there.
    wake = std::exchange(asleep_, false);
  }
  if (wake) cv_.notify_one();
}

std::string LogWriter::escaped(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (unsigned char c : line) {
    if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

void LogWriter::drain() {
  std::unique_lock lock(m_);
  for (;;) {
    asleep_ = lines_.empty();
    cv_.wait(lock, [this] { return stop_ || !lines_.empty(); });
    asleep_ = false;
    // The window: more lines join this batch without waking anyone.
    cv_.wait_for(lock, window_, [this] { return stop_; });
    std::deque<std::string> batch;
    batch.swap(lines_);
    size_t dropped = std::exchange(dropped_, 0);
    lock.unlock();
    {
      std::lock_guard out(out_lock_);
      for (const auto& l : batch) fmt::print(stderr, "parley serve: {}\n", escaped(l));
      if (dropped > 0) fmt::print(stderr, "parley serve: {} log line(s) dropped (stderr too slow)\n", dropped);
      std::fflush(stderr);
    }
    lock.lock();
    if (stop_ && lines_.empty()) return;
  }
}

}  // namespace parley::tools
