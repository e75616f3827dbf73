#include "service/tunnel/audit.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>

namespace parley::tunnel {
namespace {

// RFC 3339 UTC with milliseconds.
std::string now_text() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];  // room for any int the format could hold
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

nlohmann::json to_json(const AuditRecord& r) {
  nlohmann::json j = {
      {"time", now_text()},        {"mode", r.mode},         {"connection", r.connection},
      {"peer_address", r.peer_address}, {"target", r.target}, {"decision", r.decision},
      {"rule", r.rule},            {"rule_set", r.rule_set}, {"reason", r.reason},
      {"suite", r.suite},          {"group", r.group},       {"resumed", r.resumed},
      {"bytes_from_peer", r.bytes_from_peer}, {"bytes_to_peer", r.bytes_to_peer},
      {"duration_ms", r.duration_ms}, {"end", r.end},
  };
  if (r.identity) {
    j["identity"] = {{"subject", r.identity->subject}, {"issuer", r.identity->issuer}, {"uris", r.identity->uris},
                     {"dns", r.identity->dns},         {"serials", r.identity->serials}};
  } else {
    j["identity"] = nullptr;
  }
  return j;
}

}  // namespace

Result<std::unique_ptr<AuditLog>> AuditLog::open(std::string path) {
  std::unique_ptr<AuditLog> log(new AuditLog(std::move(path)));
  if (!log->path_.empty()) PARLEY_TRY(log->reopen());
  return log;
}

AuditLog::~AuditLog() {
  if (file_ && file_ != stdout) std::fclose(file_);
}

Result<void> AuditLog::reopen() {
  if (path_.empty() || path_ == "-") {
    file_ = path_.empty() ? nullptr : stdout;
    return {};
  }
  std::FILE* f = std::fopen(path_.c_str(), "a");
  if (!f) return err::io("audit log: cannot open for appending", path_ + ": " + std::strerror(errno));
  std::lock_guard lock(m_);
  if (file_) std::fclose(file_);
  file_ = f;
  return {};
}

void AuditLog::write(const AuditRecord& record) {
  if (path_.empty()) return;
  // Names and reasons come from certificates: dump() escapes control
  // characters, and invalid UTF-8 is replaced rather than thrown on.
  std::string line = to_json(record).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line += '\n';
  std::lock_guard lock(m_);
  if (!file_) return;
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);
}

}  // namespace parley::tunnel
