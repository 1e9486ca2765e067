#pragma once
// glibc malloc, tuned for slsim's allocation pattern: each case allocates and frees a few MB
// (and oversized request bodies of ~1 MB) over and over. By default glibc serves blocks
// above 128 KiB with mmap and trims the heap top after frees, so every case pays fresh page
// faults: a third of a default case's CPU, in the kernel. Measured side by side
// (`slsim check --seeds 1000 --determinism-check 0`, CPU seconds user+sys, 2 cores):
//   glibc default 3.39 · glibc tuned as below 2.59 · jemalloc 2.36 · mimalloc 2.50.
// Used only where the build has no mimalloc (slsim_allocator, docs/architecture.md §8),
// which measured faster still; under the sanitizers ASan serves malloc.
#include <malloc.h>

namespace slsim::cli {

inline void tune_allocator() {
#if !defined(SLSIM_SANITIZED) && !SLSIM_MIMALLOC  // ASan or mimalloc serve malloc instead
  mallopt(M_MMAP_THRESHOLD, 32 << 20);            // bodies up to the gateway's 10 MB stay in the heap
  mallopt(M_TRIM_THRESHOLD, 256 << 20);           // keep freed memory for the next case
  mallopt(M_TOP_PAD, 64 << 20);                   // grow the heap in large steps
#endif
}

}  // namespace slsim::cli
