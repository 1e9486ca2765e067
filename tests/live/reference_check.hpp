#pragma once
// The reference handler's live check, shared by the unit test (the store model served
// over HTTP) and the conformance test (dynalite): bodies from the simulator's client
// generator, one batch with a poison message, then a redelivery of a valid message and
// a client retry of another (same requestId, new messageId) with the poison one again.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "slsim/live/live_runner.hpp"
#include "slsim/store/attribute_value.hpp"

namespace slsim::live::testing {

/// The workload: valid messages first, then one poison message.
struct reference_workload {
  std::vector<live_message> valid;
  live_message poison;
};

/// `valid_count` valid requests (ids 1..n) and one poison request, as the gateway enqueues them.
reference_workload make_reference_workload(std::uint64_t seed, int valid_count);

/// Reads an item by table and key (strongly consistent), or nullopt.
using item_reader = std::function<std::optional<store::item>(const std::string& table, const store::item& key)>;

/// Runs the workload through `runner` on `io` and checks with gtest assertions the
/// reference contract (docs/architecture.md §6): one result per valid request equal to
/// reference_transform, none for the poison one, which is reported in
/// batchItemFailures; per-customer totals equal to the sums counted once.
void run_and_check_reference(boost::asio::io_context& io, live_runner& runner, const reference_workload& w,
                             const item_reader& read);

}  // namespace slsim::live::testing
