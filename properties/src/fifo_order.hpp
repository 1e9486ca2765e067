#pragma once
// The FIFO oracle (docs/architecture.md §6): within a message group, successful processing
// follows send order (F1) — a message may be processed only once every earlier message of
// its group is done: processed, deleted, or moved to the DLQ, which breaks the order by
// design (F8). A handler that reports only the failed record of a FIFO batch lets the later
// records of its group through first (P11, L13).
#include <vector>

#include "slsim/pipeline/outcome.hpp"
#include "slsim/pipeline/scenario.hpp"
#include "slsim/properties/oracles.hpp"

namespace slsim::properties {

/// When message `m` was done with: processed, deleted or moved to the DLQ, whichever came
/// first; -1 if never.
sim::time_ns finished_at(const pipeline::message_record& m) noexcept;

/// Adds a fifo_order violation for each message processed while an earlier message of its
/// group was still pending. Only for a FIFO source queue.
void check_fifo_order(const pipeline::run_outcome& o, const pipeline::scenario& s, std::vector<violation>& out);

/// F2/P11: `failure` of `m` happened in an invocation in which an earlier message of m's
/// group failed too (so a correct handler had to report m as well).
bool held_behind_group(const pipeline::run_outcome& o, const pipeline::message_record& m,
                       const pipeline::receive_failure& failure);

/// The `fifo_group_blocked` probe: a message was sent while an earlier message of its group
/// was failing (at least one unsuccessful receive) and not yet done, so F2 held it back.
bool group_was_blocked(const pipeline::run_outcome& o);

}  // namespace slsim::properties
