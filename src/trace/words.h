// What the renderers of the event stream share: whose view a trace is, and
// the names of parties, secrets and code point lists.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "base/overloaded.h"
#include "parley/events.h"

namespace parley::trace {

// Whose side of the connection a trace shows.
enum class Role : uint8_t { client, server };

inline std::string_view role_name(Role r) { return r == Role::client ? "client" : "server"; }
inline std::string_view party_name(Party p) { return p == Party::client ? "client" : "server"; }
// RFC 8446 §7.3: each direction has its own keys, named after the writer.
inline std::string_view secret_name(Party p) { return p == Party::client ? "client-write" : "server-write"; }
inline Party party_of(Role r) { return r == Role::client ? Party::client : Party::server; }

// Milliseconds since the first event and since the previous one.
class StepTimer {
 public:
  struct Times {
    double at_ms, step_ms;
  };
  Times operator()(int64_t monotonic_ns) {
    if (first_ns_ < 0) first_ns_ = last_ns_ = monotonic_ns;
    Times t{static_cast<double>(monotonic_ns - first_ns_) / 1e6, static_cast<double>(monotonic_ns - last_ns_) / 1e6};
    last_ns_ = monotonic_ns;
    return t;
  }

 private:
  int64_t first_ns_ = -1;
  int64_t last_ns_ = 0;
};

// Code points and strings as display names ("TLS 1.3", "x25519", "h2").
template <class T>
std::vector<std::string> names(const std::vector<T>& list) {
  std::vector<std::string> out;
  for (const auto& x : list) {
    if constexpr (std::is_same_v<T, std::string>) {
      out.push_back(x);
    } else if constexpr (std::is_same_v<T, uint16_t>) {
      out.push_back(version_name(x));
    } else {
      out.push_back(code_point_name(x));
    }
  }
  return out;
}

}  // namespace parley::trace
