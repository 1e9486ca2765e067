#pragma once
// Which allocator serves this executable's heap. An executable linked with slsim_allocator
// gets mimalloc where the build found it: the simulator allocates and frees small nodes at
// a high rate, and mimalloc runs a request end to end about 20 % faster than glibc's malloc
// (docs/architecture.md §8). Calling allocator_name() also keeps the library linked under
// --as-needed, where nothing else references it.
#include <string>

#if SLSIM_MIMALLOC
#include <mimalloc.h>
#endif

namespace slsim::alloc {

/// "mimalloc 2.0.9" or "glibc malloc".
inline std::string allocator_name() {
#if SLSIM_MIMALLOC
  const int v = mi_version();  // 209 for 2.0.9
  return "mimalloc " + std::to_string(v / 100) + "." + std::to_string(v / 10 % 10) + "." + std::to_string(v % 10);
#else
  return "glibc malloc";
#endif
}

/// Whether `p`, from malloc, was served by the allocator allocator_name() names.
inline bool served_by_named_allocator([[maybe_unused]] const void* p) {
#if SLSIM_MIMALLOC
  return mi_is_in_heap_region(p);
#else
  return true;
#endif
}

}  // namespace slsim::alloc
