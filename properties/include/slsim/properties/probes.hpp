#pragma once
// Coverage probes (docs/architecture.md §6): which interesting paths a run went down, so a check
// can insist that its cases actually reached them (`--require-coverage`).
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "slsim/properties/case.hpp"

namespace slsim::properties {

inline constexpr std::array<std::string_view, 9> k_probe_names = {"redelivery_overlapped_write",
                                                                  "dlq_move",
                                                                  "partial_batch_failure",
                                                                  "throttled_invocation",
                                                                  "ambiguous_write",
                                                                  "handler_crash",
                                                                  "fifo_group_blocked",
                                                                  "store_error_surfaced",
                                                                  "crash_between_writes"};

/// Whether probe `name` can fire on `scenario` at all ("all" expands to these):
/// fifo_group_blocked needs a FIFO queue (F2).
bool probe_applies(std::string_view name, const nlohmann::json& scenario);

/// The probes a check must see fire: `names` as given, "all" expanded to the probes that
/// apply to `scenario`. The one resolution `slsim check --require-coverage` and
/// slsim::check's require_coverage share. Throws std::invalid_argument naming `option` for an
/// unknown probe.
std::vector<std::string> required_probes(const std::vector<std::string>& names, const nlohmann::json& scenario,
                                         std::string_view option);

/// One flag per probe in k_probe_names order.
std::array<bool, k_probe_names.size()> probes_of(const case_result& r, const case_spec& c);

}  // namespace slsim::properties
