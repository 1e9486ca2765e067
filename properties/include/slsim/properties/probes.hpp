#pragma once
// Coverage probes (docs/architecture.md §6): which interesting paths a run went down, so a check
// can insist that its cases actually reached them (`--require-coverage`).
#include <array>
#include <string_view>

#include "slsim/properties/case.hpp"

namespace slsim::properties {

inline constexpr std::array<std::string_view, 8> k_probe_names = {"redelivery_overlapped_write",
                                                                  "dlq_move",
                                                                  "partial_batch_failure",
                                                                  "throttled_invocation",
                                                                  "ambiguous_write",
                                                                  "handler_crash",
                                                                  "store_error_surfaced",
                                                                  "crash_between_writes"};

/// One flag per probe in k_probe_names order.
std::array<bool, k_probe_names.size()> probes_of(const case_result& r, const case_spec& c);

}  // namespace slsim::properties
