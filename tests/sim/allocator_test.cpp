// The executables' allocator (docs/architecture.md §8): where the build links mimalloc, it
// must really serve the process's heap, operator new included, or the measured speed-up is
// not what runs. A build without it names the C library's malloc instead.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "slsim/alloc/allocator.hpp"

TEST(allocator, the_named_allocator_serves_malloc_and_operator_new) {
  const std::string name = slsim::alloc::allocator_name();
#if SLSIM_MIMALLOC
  EXPECT_EQ(name.rfind("mimalloc ", 0), 0u) << name;
#else
  EXPECT_EQ(name, "glibc malloc");
#endif
  void* raw = std::malloc(48);
  ASSERT_NE(raw, nullptr);
  EXPECT_TRUE(slsim::alloc::served_by_named_allocator(raw)) << name << " does not own a malloc'd block";
  std::free(raw);
  const auto node = std::make_unique<std::string>(100, 'x');  // operator new, past the short-string buffer
  EXPECT_TRUE(slsim::alloc::served_by_named_allocator(node.get())) << name << " does not own operator new's block";
  EXPECT_TRUE(slsim::alloc::served_by_named_allocator(node->data()));
}
