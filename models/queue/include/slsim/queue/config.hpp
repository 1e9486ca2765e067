#pragma once
// Queue configuration with AWS defaults (SEMANTICS.md §1-§2, MD3, MD10). Field names
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
  std::string name;                             ///< 1..80 chars [A-Za-z0-9_-], FIFO names end in ".fifo"
  queue_type type = queue_type::standard;       ///< standard | fifo
  int visibility_timeout_s = 30;                ///< 0..43200 (S5)
  int message_retention_period_s = 345600;      ///< 60..1209600 (S9)
  int delay_s = 0;                              ///< 0..900 (S10)
  int receive_message_wait_time_s = 0;          ///< 0..20 (S4); default wait of a receive
  int maximum_message_size = 1048576;           ///< 1024..1048576 (S11, MD10)
  bool content_based_deduplication = false;     ///< FIFO only (F5)
  dedup_scope deduplication_scope = dedup_scope::queue;  ///< FIFO only (F5)
  redrive_policy_config redrive_policy;               ///< S12
  redrive_allow_policy_config redrive_allow_policy;   ///< S15
  int inflight_limit = 120000;                  ///< S3 / F4
  bool unordered = false;                       ///< MD3: seeded random order among candidates (standard)
  bool short_poll_fewer = false;                ///< S4/MD3: short polls may return fewer messages, even none

  /// Every violation of AWS's ranges and rules that needs no other queue (S4-S12, F5, MD10).
  std::vector<models::violation> validate() const;
};

NLOHMANN_JSON_SERIALIZE_ENUM(queue_type, {{queue_type::standard, "standard"}, {queue_type::fifo, "fifo"}})
NLOHMANN_JSON_SERIALIZE_ENUM(dedup_scope, {{dedup_scope::queue, "queue"},
                                           {dedup_scope::message_group, "message_group"}})
NLOHMANN_JSON_SERIALIZE_ENUM(redrive_permission_kind, {{redrive_permission_kind::allow_all, "allow_all"},
                                                       {redrive_permission_kind::deny_all, "deny_all"},
                                                       {redrive_permission_kind::by_queue, "by_queue"}})
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(redrive_policy_config, dead_letter_target_name, max_receive_count)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(redrive_allow_policy_config, redrive_permission, source_queue_names)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(queue_config, name, type, visibility_timeout_s,
                                                message_retention_period_s, delay_s, receive_message_wait_time_s,
                                                maximum_message_size, content_based_deduplication,
                                                deduplication_scope, redrive_policy, redrive_allow_policy,
                                                inflight_limit, unordered, short_poll_fewer)

}  // namespace slsim::queue
