// Shared between malloc_hook.cc (parley_bench_memory only) and handshake_bench.cc.
#pragma once

#include <cstdint>

extern "C" {
struct BenchMemStats {
  int enabled;
  int64_t live[3];    // bytes held, by side (0 = harness, 1 = client, 2 = server)
  int64_t peak[3];    // high-water mark of live[] since the last reset
  int64_t allocs[3];  // allocation calls
};
// Defined by malloc_hook.cc; weak here so the timing binary links without the hook.
extern BenchMemStats bench_mem __attribute__((weak));
extern int bench_mem_side __attribute__((weak));
}
