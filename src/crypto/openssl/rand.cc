// The system RNG (libcrypto's DRBG) and the system clock.
#include <openssl/err.h>
#include <openssl/rand.h>

#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>

#include "crypto/openssl/backend.h"

namespace parley::crypto::ossl {
namespace {

class SystemRng final : public Rng {
 public:
  void fill(std::span<uint8_t> out) override {
    while (!out.empty()) {
      size_t n = std::min(out.size(), static_cast<size_t>(INT_MAX));
      if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) fatal("RAND_bytes failed");
      out = out.subspan(n);
    }
  }
};

class SystemClock final : public Clock {
 public:
  int64_t unix_seconds() const override {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
  }
  int64_t monotonic_ns() const override {
    using namespace std::chrono;
    return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
  }
  int64_t unix_ms() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
};

}  // namespace

std::unique_ptr<Rng> make_system_rng() { return std::make_unique<SystemRng>(); }
std::unique_ptr<Clock> make_system_clock() { return std::make_unique<SystemClock>(); }

void fatal(const char* what) {
  unsigned long code = ERR_peek_last_error();
  char buf[256] = "no OpenSSL error";
  if (code != 0) ERR_error_string_n(code, buf, sizeof buf);
  std::fprintf(stderr, "parley: %s (%s)\n", what, buf);
  std::abort();
}

}  // namespace parley::crypto::ossl
