// A counting malloc interposer, linked only into parley_bench_memory (never into
// the timing binary, whose allocations must cost what they cost).
//
// Every allocation made while bench_mem.enabled is set is charged to the side
// the harness says is running (bench_mem_side: 0 = neither, 1 = client,
// 2 = server), by malloc_usable_size, and so is every free. glibc's own entry
// points (__libc_malloc & co.) do the work, so operator new, libcrypto's
// CRYPTO_malloc and parley's containers all pass through here.
#include <malloc.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "bench_mem.h"

extern "C" {
void* __libc_malloc(size_t);
void __libc_free(void*);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* __libc_memalign(size_t, size_t);

BenchMemStats bench_mem;
int bench_mem_side = 0;

static inline void charge(void* p) {
  if (!p || !bench_mem.enabled) return;
  int s = bench_mem_side;
  int64_t n = static_cast<int64_t>(malloc_usable_size(p));
  bench_mem.live[s] += n;
  bench_mem.allocs[s] += 1;
  if (bench_mem.live[s] > bench_mem.peak[s]) bench_mem.peak[s] = bench_mem.live[s];
}
static inline void discharge(void* p) {
  if (!p || !bench_mem.enabled) return;
  bench_mem.live[bench_mem_side] -= static_cast<int64_t>(malloc_usable_size(p));
}

void* malloc(size_t n) {
  void* p = __libc_malloc(n);
  charge(p);
  return p;
}
void free(void* p) {
  discharge(p);
  __libc_free(p);
}
void* calloc(size_t a, size_t b) {
  void* p = __libc_calloc(a, b);
  charge(p);
  return p;
}
void* realloc(void* old, size_t n) {
  discharge(old);
  void* p = __libc_realloc(old, n);
  if (p) {
    charge(p);
  } else if (old && n != 0) {
    charge(old);  // failed: the old block is still ours
  }
  return p;
}
void* memalign(size_t align, size_t n) {
  void* p = __libc_memalign(align, n);
  charge(p);
  return p;
}
void* aligned_alloc(size_t align, size_t n) { return memalign(align, n); }
int posix_memalign(void** out, size_t align, size_t n) {
  void* p = memalign(align, n);
  if (!p) return ENOMEM;
  *out = p;
  return 0;
}
}
