#include "trace/observer.h"

#include <fmt/core.h>

#include <ctime>
#include <string>
#include <vector>

#include "trace/describe.h"
#include "x509/report.h"

namespace parley::trace {
namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

std::optional<TraceFormat> parse_trace_format(std::string_view text) {
  if (text.empty() || text == "text") return TraceFormat::text;
  if (text == "json") return TraceFormat::json;
  return std::nullopt;
}

TraceObserver::TraceObserver(Role role, TraceFormat format, std::FILE* out, std::optional<uint64_t> connection,
                             std::mutex* lock)
    : role_(role),
      format_(format),
      out_(out),
      prefix_(connection ? fmt::format("[conn {}] ", *connection) : std::string()),
      lock_(lock),
      json_(role, std::time(nullptr), connection) {}

void TraceObserver::on_event(const HandshakeEvent& e) {
  std::string line;
  if (format_ == TraceFormat::json) {
    line = json_(e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  } else {
    const auto t = timer_(e.monotonic_ns);
    line = fmt::format("{}[{:8.2f} ms] (+{:.2f}) {} {}\n", prefix_, t.at_ms, t.step_ms, title(e), describe(e, role_));
    if (const auto* check = e.get<CertificateCheck>()) {
      for (const auto& a : check->revocation) {
        line += fmt::format("{}      revocation [{}] {}: {}\n", prefix_, a.position, a.certificate, revocation_text(a));
      }
      if (check->report) {
        for (const auto& l : split_lines(check->report->to_text())) line += prefix_ + "      " + l + "\n";
      }
    }
  }
  std::unique_lock<std::mutex> guard;
  if (lock_ != nullptr) guard = std::unique_lock(*lock_);
  std::fputs(line.c_str(), out_);
  std::fflush(out_);
}

}  // namespace parley::trace
