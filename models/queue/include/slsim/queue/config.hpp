#pragma once
// Queue configuration with AWS defaults (docs/aws-facts.md §1-§2, MD3, MD10). Field names
// are the JSON keys of a scenario file.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "slsim/models/validation.hpp"

namespace slsim::queue {

/// Standard (at-least-once, best-effort order) or FIFO (ordered per group, deduplicated).
enum class queue_type : std::uint8_t { standard, fifo };

/// F5: the key space of deduplication ids.
enum class dedup_scope : std::uint8_t { queue, message_group };

/// F7: FifoThroughputLimit, the scope of a FIFO queue's throughput quota. With
/// per_message_group_id and deduplication_scope message_group the queue is in
/// high-throughput mode (AWS enables it only for that pair).
enum class fifo_throughput_limit_kind : std::uint8_t { per_queue, per_message_group_id };

/// S12: where messages go after max_receive_count receives. An empty
/// dead_letter_target_name means no redrive policy.
struct redrive_policy_config {
  std::string dead_letter_target_name;  ///< name of the DLQ (created before this queue)
  int max_receive_count = 10;           ///< 1..1000 (S12; always set it explicitly)

  /// True when a DLQ is configured.
  bool enabled() const noexcept { return !dead_letter_target_name.empty(); }
};

/// S15: which source queues may use this queue as their DLQ.
enum class redrive_permission_kind : std::uint8_t { allow_all, deny_all, by_queue };

/// S15: RedriveAllowPolicy of a (dead-letter) queue.
struct redrive_allow_policy_config {
  redrive_permission_kind redrive_permission = redrive_permission_kind::allow_all;
  std::vector<std::string> source_queue_names;  ///< by_queue only; at most 10
};

/// One queue's attributes. Defaults are AWS's.
struct queue_config {
  std::string name;                                      ///< 1..80 chars [A-Za-z0-9_-], FIFO names end in ".fifo"
  queue_type type = queue_type::standard;                ///< standard | fifo
  int visibility_timeout_s = 30;                         ///< 0..43200 (S5)
  int message_retention_period_s = 345600;               ///< 60..1209600 (S9)
  int delay_s = 0;                                       ///< 0..900 (S10)
  int receive_message_wait_time_s = 0;                   ///< 0..20 (S4); default wait of a receive
  int maximum_message_size = 1048576;                    ///< 1024..1048576 (S11, MD10)
  bool content_based_deduplication = false;              ///< FIFO only (F5)
  dedup_scope deduplication_scope = dedup_scope::queue;  ///< FIFO only (F5)
  redrive_policy_config redrive_policy;                  ///< S12
  redrive_allow_policy_config redrive_allow_policy;      ///< S15
  int inflight_limit = 120000;                           ///< S3 / F4
  bool unordered = false;                                ///< MD3: seeded random order among candidates (standard)
  bool short_poll_fewer = false;                         ///< S4/MD3: short polls may return fewer messages, even none
  /// FIFO only (F7): per_message_group_id (with deduplication_scope message_group) is high-throughput mode.
  fifo_throughput_limit_kind fifo_throughput_limit = fifo_throughput_limit_kind::per_queue;
  /// F7: calls per second per API action on a FIFO queue outside high-throughput mode
  /// (a batch call counts once, so 10-message batches carry 10x the messages); 1..100000.
  int fifo_transactions_per_s = 300;

  /// F7: true for a FIFO queue in high-throughput mode (no quota is modelled: AWS's is
  /// far higher and varies by region).
  bool high_throughput() const noexcept {
    return type == queue_type::fifo && fifo_throughput_limit == fifo_throughput_limit_kind::per_message_group_id &&
           deduplication_scope == dedup_scope::message_group;
  }

  /// Every violation of AWS's ranges and rules that needs no other queue (S4-S12, F5, MD10).
  std::vector<models::violation> validate() const;
};

NLOHMANN_JSON_SERIALIZE_ENUM(queue_type, {{queue_type::standard, "standard"}, {queue_type::fifo, "fifo"}})
NLOHMANN_JSON_SERIALIZE_ENUM(dedup_scope,
                             {{dedup_scope::queue, "queue"}, {dedup_scope::message_group, "message_group"}})
NLOHMANN_JSON_SERIALIZE_ENUM(redrive_permission_kind, {{redrive_permission_kind::allow_all, "allow_all"},
                                                       {redrive_permission_kind::deny_all, "deny_all"},
                                                       {redrive_permission_kind::by_queue, "by_queue"}})
NLOHMANN_JSON_SERIALIZE_ENUM(fifo_throughput_limit_kind,
                             {{fifo_throughput_limit_kind::per_queue, "per_queue"},
                              {fifo_throughput_limit_kind::per_message_group_id, "per_message_group_id"}})
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(redrive_policy_config, dead_letter_target_name, max_receive_count)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(redrive_allow_policy_config, redrive_permission, source_queue_names)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(queue_config, name, type, visibility_timeout_s,
                                                message_retention_period_s, delay_s, receive_message_wait_time_s,
                                                maximum_message_size, content_based_deduplication, deduplication_scope,
                                                redrive_policy, redrive_allow_policy, inflight_limit, unordered,
                                                short_poll_fewer, fifo_throughput_limit, fifo_transactions_per_s)

}  // namespace slsim::queue
