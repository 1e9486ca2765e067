#pragma once
// The synchronous DynamoDB model: applies one request at a given virtual time to
// in-memory tables, atomically (D1). Pure data, no waiting: the simulated service
// (service.hpp) adds latency, throttling, retries and faults around it, and the
// differential tests drive it through the wire codec (wire.hpp).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "slsim/sim/time.hpp"
#include "slsim/store/config.hpp"
#include "slsim/store/errors.hpp"
#include "slsim/store/requests.hpp"

namespace slsim::sim {
class context;
}

namespace slsim::store {

/// An immutable item image: a change record's old and new images (D11) and the final
/// tables' rows. Copies share the image, so a record handed on is never copied. (The
/// store's own tables hold items packed, a fraction of a decoded item's size.) Reads like
/// std::optional<item> (nullopt: no item).
class shared_item {
 public:
  shared_item() noexcept = default;
  shared_item(std::nullopt_t) noexcept {}  // NOLINT(google-explicit-constructor): like optional
  shared_item(item value) : image_(std::make_shared<const item>(std::move(value))) {}  // NOLINT: like optional
  shared_item(std::optional<item> value) {                                             // NOLINT: like optional
    if (value) image_ = std::make_shared<const item>(std::move(*value));
  }

  bool has_value() const noexcept { return image_ != nullptr; }
  explicit operator bool() const noexcept { return has_value(); }
  const item& operator*() const noexcept { return *image_; }
  const item* operator->() const noexcept { return image_.get(); }
  const item& value() const;
  void reset() noexcept { image_.reset(); }

  // Read access as to the item itself, so code that reads a final table's rows (run_outcome::
  // tables) reads them as items: `row.at("pk").scalar`, `row.find(...)`, `row == expected`.
  // Each requires an image (has_value()).
  const attribute_value& at(std::string_view name) const;  ///< throws std::out_of_range like item::at
  item::const_iterator find(std::string_view name) const { return value().find(name); }
  item::const_iterator begin() const { return value().begin(); }
  item::const_iterator end() const { return value().end(); }
  std::size_t size() const { return value().size(); }
  bool contains(std::string_view name) const { return value().find(name) != value().end(); }
  friend bool operator==(const shared_item& a, const item& b) { return a.has_value() && *a == b; }

 private:
  std::shared_ptr<const item> image_;
};

/// D11: what a change-stream record says happened to one item.
enum class change_kind : std::uint8_t { insert, modify, remove };

/// D11: one change-stream record; ordered per item (and globally by `sequence`).
struct change_record {
  std::uint64_t sequence = 0;
  sim::time_ns time = 0;
  std::string table;
  item keys;
  change_kind kind = change_kind::insert;
  shared_item old_image;
  shared_item new_image;
  std::uint64_t writer = 0;  ///< the invocation id from call_context (0 for TTL)
  bool ttl_delete = false;   ///< D10: removed by the TTL deleter
  bool unchanged = false;    ///< the write left the item identical (AWS Streams omits these)
  /// "PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "TTL": a static name, so a
  /// long run's change records hold no copy of it.
  std::string_view operation;
};

/// store_core::set_rows_in_memory's default: a table of this many rows spills.
inline constexpr std::size_t k_default_rows_in_memory = 32768;

/// The synchronous store. Not thread-safe (the simulation is single-threaded).
class store_core {
 public:
  /// Creates the configured tables; throws models::config_error on invalid tables.
  explicit store_core(std::vector<table_config> tables);
  ~store_core();
  store_core(store_core&&) noexcept;
  store_core& operator=(store_core&&) noexcept;

  /// Creates one more table (e.g. per test sequence); throws models::config_error.
  void create_table(const table_config& table);
  /// Removes a table and its items (its change records stay).
  void delete_table(std::string_view name);

  store_result put_item(const put_request& r, sim::time_ns now, const call_context& who = {});
  store_result update_item(const update_request& r, sim::time_ns now, const call_context& who = {});
  store_result delete_item(const delete_request& r, sim::time_ns now, const call_context& who = {});
  /// D7/MD8: a consistent read sees `now`; an eventual read sees the item as of `as_of`
  /// (clamped to the retained history, see set_history_window).
  store_result get_item(const get_request& r, sim::time_ns now, std::optional<sim::time_ns> as_of = {});
  store_result query(const query_request& r, sim::time_ns now, std::optional<sim::time_ns> as_of = {});
  /// D5/D6: all-or-nothing; CancellationReasons in request order; idempotent tokens.
  store_result transact_write_items(const transact_write_request& r, sim::time_ns now, const call_context& who = {});

  /// MD8: how far back item versions are kept for eventual reads (0 = none).
  void set_history_window(sim::time_ns window);
  /// D10: deletes items whose TTL (epoch seconds, virtual time 0 = epoch_s) passed at
  /// least `delay` ago; returns how many were removed.
  std::size_t sweep_ttl(sim::time_ns now, sim::time_ns delay, std::int64_t epoch_s);
  /// How long after its expiry (epoch seconds) the item with this key lingers (MD19).
  using ttl_delay_fn = std::function<sim::time_ns(std::string_view table, const attribute_value& pk,
                                                  const attribute_value& sk, std::int64_t expiry_s)>;
  /// D10/MD19: as above, with a delay of each item's own (asked only once an item expired).
  std::size_t sweep_ttl(sim::time_ns now, const ttl_delay_fn& delay_of, std::int64_t epoch_s);

  /// D11: every change so far, in commit order (empty while a change sink is set).
  const std::vector<change_record>& changes() const noexcept;
  /// D11: hands each change record, in commit order, to `sink` instead of keeping it in
  /// changes(), so a long run's stream is consumed rather than retained (nullptr: keep).
  void set_change_sink(std::function<void(change_record&&)> sink);
  /// The current item with this key (strongly consistent), or nullptr. The item is decoded
  /// for the caller; the pointer stays valid until the next request to the store.
  const item* find(std::string_view table, const item& key) const;
  /// How many items a table holds now.
  std::size_t item_count(std::string_view table) const;
  /// Every current item of a table in key order.
  std::vector<item> items(std::string_view table) const;
  /// The same as items(), as shared images, emptying the table (its history too) as it
  /// goes: for the end of a run, when the items outlive the store.
  std::vector<shared_item> take_items(std::string_view table);
  /// Emits one trace record per operation into `ctx` (nullptr: off).
  void attach_trace(sim::context* ctx) noexcept;
  /// How many rows a table holds in memory before the oldest are written to a temporary
  /// file and read back when a request touches them (0: never; docs/architecture.md §8).
  /// Results never depend on it: it bounds a long run's memory.
  void set_rows_in_memory(std::size_t rows) noexcept;
  /// How many rows of a table are in memory now (items, and deletions that hide a spilled
  /// version); the rest are on disk.
  std::size_t rows_in_memory(std::string_view table) const;

  struct impl;

 private:
  std::unique_ptr<impl> impl_;
};

}  // namespace slsim::store
