// queue_config::validate: AWS's ranges and the rules that need no other queue.
#include <string>

#include "slsim/queue/config.hpp"

namespace slsim::queue {
namespace {

bool valid_queue_name(const std::string& name, queue_type type) {
  std::string base = name;
  if (type == queue_type::fifo) {
    if (base.size() < 5 || base.compare(base.size() - 5, 5, ".fifo") != 0) return false;
    base.resize(base.size() - 5);
  }
  if (name.empty() || name.size() > 80 || base.empty()) return false;
  for (const char c : base) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::vector<models::violation> queue_config::validate() const {
  models::validator v;
  if (!valid_queue_name(name, type))
    v.add("queue.name", name,
          type == queue_type::fifo ? "1..80 chars [A-Za-z0-9_-] ending in .fifo" : "1..80 chars [A-Za-z0-9_-]",
          type == queue_type::fifo ? "F1" : "S12");
  v.check_range("queue.visibility_timeout_s", visibility_timeout_s, 0, 43200, "S5");
  v.check_range("queue.message_retention_period_s", message_retention_period_s, 60, 1209600, "S9");
  v.check_range("queue.delay_s", delay_s, 0, 900, "S10");
  v.check_range("queue.receive_message_wait_time_s", receive_message_wait_time_s, 0, 20, "S4");
  v.check_range("queue.maximum_message_size", maximum_message_size, 1024, 1048576, "S11");
  v.check_range("queue.inflight_limit", inflight_limit, 1, 120000, "S3");
  if (type == queue_type::standard && content_based_deduplication)
    v.add("queue.content_based_deduplication", "true", "false on standard queues", "F5");
  if (type == queue_type::standard && deduplication_scope != dedup_scope::queue)
    v.add("queue.deduplication_scope", "message_group", "queue on standard queues", "F5");
  if (type == queue_type::standard && fifo_throughput_limit != fifo_throughput_limit_kind::per_queue)
    v.add("queue.fifo_throughput_limit", "per_message_group_id", "per_queue on standard queues", "F7");
  v.check_range("queue.fifo_transactions_per_s", fifo_transactions_per_s, 1, 100000, "F7");
  if (redrive_policy.enabled())
    v.check_range("queue.redrive_policy.max_receive_count", redrive_policy.max_receive_count, 1, 1000, "S12");
  if (redrive_allow_policy.redrive_permission == redrive_permission_kind::by_queue) {
    const auto n = static_cast<long long>(redrive_allow_policy.source_queue_names.size());
    v.check_range("queue.redrive_allow_policy.source_queue_names", n, 1, 10, "S15");
  }
  return v.violations();
}

}  // namespace slsim::queue
