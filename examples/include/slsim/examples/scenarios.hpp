#pragma once
// The example scenarios of examples/scenarios/, compiled in (`slsim check --scenario
// examples/scenarios/NAME.json` reads the same text from the file).

namespace slsim::examples {

/// examples/scenarios/fifo.json: the reference pipeline on a FIFO queue (F1, F5) with
/// MessageGroupId from the body's customerId and MessageDeduplicationId from its requestId,
/// varying the batch size (≤ 10, L2) and reserved concurrency; no batching window (L3).
const char* fifo_scenario_json() noexcept;

}  // namespace slsim::examples
