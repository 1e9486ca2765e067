#pragma once
// A table's rows that left memory: sorted runs in unlinked temporary files, as an LSM tree
// keeps them. A long run's result table grows by one item a request for the whole run (the
// user's data, as DynamoDB keeps it on disk), so once a table holds more rows in memory than
// its limit, the rows no request needs soon are written here and read back when a request
// touches their key (docs/architecture.md §8 memory).
//
// What stays in memory per run is a few bytes a row: a Bloom filter (keys and partitions),
// the first key of every 16 KiB block, and the earliest TTL. Nothing here changes a result:
// a row read back is the row that was written, and the table's order is the keys' order.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "packed_item.hpp"
#include "slsim/sim/time.hpp"
#include "slsim/store/attribute_value.hpp"

namespace slsim::store::detail {

/// One row as a run holds it: its key, when its current value was written, and that value
/// (none: the item was deleted after an older run stored it, a tombstone).
struct spilled_row {
  attribute_value pk;
  attribute_value sk;  ///< NULL when the table has no sort key
  sim::time_ns since = 0;
  packed_item current;
};

/// A row of memory to write, by reference (spilled_runs::add).
struct spilled_row_ref {
  const attribute_value& pk;
  const attribute_value& sk;
  sim::time_ns since;
  const packed_item& current;
};

class spilled_runs {
 public:
  /// `ttl_attribute`: the table's TTL attribute ("" without one), so a run knows the
  /// earliest expiry among its rows and a TTL sweep reads only the runs that may hold one due.
  /// `has_sort_key`: a run's filter then holds each row's partition as well as its key.
  explicit spilled_runs(std::string ttl_attribute = {}, bool has_sort_key = false);
  ~spilled_runs();
  spilled_runs(spilled_runs&&) noexcept;
  spilled_runs& operator=(spilled_runs&&) noexcept;

  bool empty() const noexcept;

  /// Writes `rows` (in key order, each key once) as the newest run, then merges runs so
  /// that their count stays logarithmic in the rows spilled. False when no temporary file
  /// can be made: the caller keeps the rows in memory (spilling is never a condition of a run).
  bool add(const std::vector<spilled_row_ref>& rows);

  /// The newest version of this key in any run (its `current` empty for a tombstone), or
  /// nullopt when no run holds the key.
  std::optional<spilled_row> find(const attribute_value& pk, const attribute_value& sk);
  /// False only if no run holds this key (a Bloom filter: true may be wrong).
  bool may_contain(const attribute_value& pk, const attribute_value& sk) const;

  /// The newest version of every key of partition `pk`, tombstones included, in key order.
  std::vector<spilled_row> partition(const attribute_value& pk);

  /// Visits the newest version of every key held in any run, in key order, tombstones
  /// included; `skip(pk, sk)` true leaves a key out (it is in memory, which is newer).
  void for_each(const std::function<bool(const attribute_value&, const attribute_value&)>& skip,
                const std::function<void(spilled_row&&)>& visit);

  /// The live rows of runs whose earliest TTL (epoch seconds) is at or before
  /// `expired_by_s`, each the newest version of its key among the runs: what a TTL sweep at
  /// that time must look at. In key order within a run, not across runs.
  void for_each_may_expire(double expired_by_s, const std::function<void(spilled_row&&)>& visit);

  /// Drops every run (the table is emptied).
  void clear() noexcept;

  struct run;

 private:
  std::string ttl_attribute_;
  bool has_sort_key_;
  std::vector<std::unique_ptr<run>> runs_;  ///< oldest first
  bool unavailable_ = false;
  void merge_tail();
  /// The newest version of the key in runs [oldest, end), or nullopt.
  std::optional<spilled_row> find_from(std::size_t oldest, const attribute_value& pk, const attribute_value& sk) const;
};

}  // namespace slsim::store::detail
