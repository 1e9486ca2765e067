#pragma once
// Executes a fault plan against a running pipeline: installs the logical triggers on the
// world's hooks, fires each fault at most once, records what fired (for the DLQ oracle's
// cause attribution, coverage probes and the trace), and stops at the liveness phase.
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "slsim/faults/buggify.hpp"
#include "slsim/faults/fault_plan.hpp"
#include "slsim/faults/point_log.hpp"
#include "slsim/pipeline/world.hpp"

namespace slsim::faults {

/// One fault that fired.
struct fired_fault {
  std::size_t index = 0;  ///< position in the plan
  sim::time_ns t = 0;
  std::uint64_t invocation = 0;  ///< the invocation it touched (0: none, e.g. a duplicate send)
};

class injector {
 public:
  explicit injector(fault_plan plan)
      : plan_(std::move(plan)), fired_(plan_.faults.size(), false), targets_(plan_.faults.size()) {}

  /// Installs the triggers (run_options::on_assembled).
  void attach(pipeline::world& w);
  /// Logs every trigger point the run reaches into `log` (call before attach; `log`
  /// outlives the run). Logging changes nothing in the run.
  void log_points(point_log* log) noexcept { points_ = log; }
  /// No fault fires after this (run_options::on_liveness).
  void stop() noexcept { stopped_ = true; }

  const fault_plan& plan() const noexcept { return plan_; }
  const std::vector<fired_fault>& fired() const noexcept { return log_; }
  /// Sorted, unique invocations a fault touched: the one that met its trigger, and every
  /// invocation whose call (SDK retries included) a multi-call fault hit later.
  std::vector<std::uint64_t> faulted_invocations() const;

 private:
  void record(pipeline::world& w, std::size_t index, std::uint64_t invocation);
  bool armed(std::size_t index) const noexcept { return !stopped_ && !fired_[index]; }
  // Keyed triggers (fault::request): the request a fault names, once the clients made it.
  struct target {
    bool resolved = false;
    std::uint64_t client_request_id = 0;  // the client's numeric requestId (the gateway sees it)
    std::string request_id;               // as the message body carries it
    std::uint64_t invocation = 0;         // store-call faults: the invocation carrying it (0: not yet)
  };
  bool resolve(pipeline::world& w, std::size_t index);
  bool carries(pipeline::world& w, std::size_t index, const sqs_event& event);
  std::optional<runtime::crash_point> plan_invocation(pipeline::world& w, std::uint64_t invocation,
                                                      const sqs_event& event);
  pipeline::world::store_call_fault plan_store_call(pipeline::world& w, std::uint64_t call, std::uint64_t invocation);

  // Trigger-point logging (log_points): the request a client requestId names, and the
  // numbering each keyed trigger uses.
  std::optional<request_target> request_of(pipeline::world& w, const std::string& request_id);
  std::optional<request_target> request_of(pipeline::world& w, std::uint64_t client_request_id);
  void scan_requests(pipeline::world& w);
  void log_invocation(pipeline::world& w, std::uint64_t invocation, const sqs_event& event);
  point_log* points_ = nullptr;
  std::size_t log_requests_seen_ = 0;
  std::map<std::string, request_target, std::less<>> log_by_text_;
  std::map<std::uint64_t, request_target> log_by_number_;
  std::set<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>> log_keys_;  // (client, index, delivery) seen
  std::map<std::uint64_t, std::uint32_t> log_calls_;                            // store calls per invocation
  std::map<std::tuple<std::uint32_t, std::uint32_t>, std::uint32_t> log_sends_, log_integrations_;

  fault_plan plan_;
  std::vector<bool> fired_;
  std::vector<target> targets_;
  std::size_t requests_seen_ = 0;                           // clients' requests scanned for targets
  std::map<std::uint64_t, std::uint32_t> calls_;            // store calls so far of invocations a fault waits for
  std::map<std::string, std::uint32_t, std::less<>> sent_;  // messages sent per targeted requestId
  std::map<std::uint64_t, std::uint32_t> integrations_;     // integration calls per targeted client request
  std::vector<fired_fault> log_;
  std::vector<std::uint64_t> affected_;
  std::unique_ptr<buggify_sites>
      buggify_;  // the plan enables buggify sites  // invocations later calls of a fired fault hit
  bool stopped_ = false;
};

}  // namespace slsim::faults
