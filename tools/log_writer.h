// The access log of `parley serve`: lines go through a bounded queue to a
// writer thread, so the io threads never wait for stderr.
//
// The writer batches: a line that finds the writer asleep wakes it, and the
// writer then lets lines gather for a short window before it writes them all
// with one flush. Under load that is one wake-up per window rather than one per
// connection (a thread switch each way costs about as much as the log line);
// an idle server's writer sleeps without a timer. Control characters (from
// request lines, certificate names) are escaped so a client cannot forge or
// garble log lines.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace parley::tools {

class LogWriter {
 public:
  // out_lock: held while writing, shared with whoever else writes to stderr.
  explicit LogWriter(std::mutex& out_lock, std::chrono::milliseconds window = std::chrono::milliseconds(50));
  ~LogWriter();
  LogWriter(const LogWriter&) = delete;
  LogWriter& operator=(const LogWriter&) = delete;

  // Queues a line; drops it (and counts the drop) when the queue is full.
  void add(std::string line);

  // The line as written: bytes below 0x20 and 0x7f become \xNN.
  static std::string escaped(std::string_view line);

 private:
  static constexpr size_t kMaxQueued = 100'000;
  void drain();

  std::mutex& out_lock_;
  const std::chrono::milliseconds window_;
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<std::string> lines_;
  size_t dropped_ = 0;
  bool asleep_ = false;  // the writer waits for a first line, not in a window
  bool stop_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

}  // namespace parley::tools
