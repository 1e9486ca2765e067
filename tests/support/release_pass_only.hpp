#pragma once
// SLSIM_RELEASE_PASS_ONLY(): the test runs in the release pass (scripts/test.sh) and is
// skipped, saying so, in the sanitizer pass (scripts/test.sh --sanitize). For tests of
// search power (a strategy finds a bug within a budget) and of volume (100,000 messages):
// at -O0 under ASan and UBSan they take 20 times longer, to repeat code paths that smaller
// tests already run under the sanitizers.
#include <gtest/gtest.h>

#ifdef SLSIM_SANITIZED
#define SLSIM_RELEASE_PASS_ONLY() GTEST_SKIP() << "a search-power or volume test: it runs in the release pass"
#else
#define SLSIM_RELEASE_PASS_ONLY() static_cast<void>(0)
#endif
