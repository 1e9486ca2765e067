#pragma once
// Internals of store_core shared by its .cpp files: tables, item records with the
// version history kept for eventual reads (MD8), the expression cache, validation.
#include <deque>
#include <functional>
#include <map>
#include <memory>

#include "expression_ast.hpp"
#include "packed_item.hpp"
#include "slsim/sim/context.hpp"
#include "slsim/store/store_core.hpp"
#include "spilled_runs.hpp"

namespace slsim::store {

namespace detail {

/// One item's state: the current value (none = deleted, kept for history) and the
/// previous versions still visible to eventual reads, packed (packed_item.hpp).
struct item_record {
  using version = std::pair<sim::time_ns, packed_item>;
  packed_item current;
  sim::time_ns since = INT64_MIN;
  /// Ascending `since`; allocated only once a version is kept (MD8 history on): every item
  /// of every table has this member (§8 memory).
  std::unique_ptr<std::vector<version>> older;

  bool has_history() const noexcept { return older && !older->empty(); }
  /// D7/MD8: the version a read at `t_read` sees (the current one, or the newest older one
  /// at or before it); nullptr when none is that old.
  const packed_item* as_of(sim::time_ns t_read) const noexcept {
    if (since <= t_read) return &current;
    if (older)
      for (auto v = older->rbegin(); v != older->rend(); ++v)
        if (v->first <= t_read) return &v->second;
    return nullptr;
  }
};

/// The sort key of a table without one. A namespace constant, not a function-local static:
/// the row map's comparator reads it on every comparison.
inline const attribute_value k_no_sort_key;

/// An item's primary key: partition key and sort key (NULL when the table has none). The
/// sort key is held only when there is one: a NULL value costs 48 bytes, and most items are
/// in tables keyed by partition alone (§8 memory).
class item_key {
 public:
  item_key(const attribute_value& pk, const attribute_value& sk)
      : pk_(pk), sk_(sk.type == value_type::null ? nullptr : std::make_unique<const attribute_value>(sk)) {}
  const attribute_value& pk() const noexcept { return pk_; }
  const attribute_value& sk() const noexcept { return sk_ ? *sk_ : k_no_sort_key; }

 private:
  attribute_value pk_;
  std::unique_ptr<const attribute_value> sk_;
};

/// A key to look up without copying its values.
struct key_ref {
  const attribute_value& pk;
  const attribute_value& sk;
};

/// Orders keys by partition key, then sort key (DynamoDB's order within a partition). A bare
/// partition key compares equal to every key of its partition, so equal_range(pk) is the
/// partition (a Query).
struct key_order {
  using is_transparent = void;
  static bool less(const attribute_value& apk, const attribute_value& ask, const attribute_value& bpk,
                   const attribute_value& bsk) noexcept {
    const int c = compare_scalars(apk, bpk);
    return c != 0 ? c < 0 : compare_scalars(ask, bsk) < 0;
  }
  bool operator()(const item_key& a, const item_key& b) const noexcept { return less(a.pk(), a.sk(), b.pk(), b.sk()); }
  bool operator()(const item_key& a, const key_ref& b) const noexcept { return less(a.pk(), a.sk(), b.pk, b.sk); }
  bool operator()(const key_ref& a, const item_key& b) const noexcept { return less(a.pk, a.sk, b.pk(), b.sk()); }
  bool operator()(const item_key& a, const attribute_value& pk) const noexcept {
    return compare_scalars(a.pk(), pk) < 0;
  }
  bool operator()(const attribute_value& pk, const item_key& b) const noexcept {
    return compare_scalars(pk, b.pk()) < 0;
  }
};

struct table_state {
  table_config config;
  value_type pk_type = value_type::s;
  value_type sk_type = value_type::s;
  bool has_sort_key = false;
  /// Every item's record in key order: one map node an item (a map of partitions, each a
  /// map of sort keys, cost a second node and key for every item of a table without a sort
  /// key: §8 memory).
  std::map<item_key, item_record, key_order> rows;
  /// Rows written out of memory (§8 memory). A key in `rows` is newer than any spilled
  /// version of it; a key only spilled is read back into `rows` when a request touches it.
  spilled_runs spilled;
  std::size_t live_items = 0;  ///< items (not deletions) in `rows` and `spilled` together
  std::size_t spill_at = 0;    ///< the size of `rows` at which the next spill is tried
};

/// A request's expressions after validation, ready to evaluate.
struct prepared {
  std::shared_ptr<const parsed_expression> condition;
  std::shared_ptr<const parsed_expression> update;
  expression_env env;
};

store_result fail(store_errc e, std::string message);

}  // namespace detail

struct store_core::impl {
  std::map<std::string, detail::table_state, std::less<>> tables;
  std::map<std::string, std::shared_ptr<const detail::parsed_expression>, std::less<>> condition_cache;
  std::map<std::string, std::shared_ptr<const detail::parsed_expression>, std::less<>> update_cache;
  std::vector<change_record> changes;
  std::uint64_t next_sequence = 0;                   ///< D11: the next change record's sequence number
  std::function<void(change_record&&)> change_sink;  ///< set: records go here instead of `changes`
  sim::time_ns history_window = 0;
  sim::context* trace = nullptr;
  struct token_entry {
    std::uint64_t request_digest;
    sim::time_ns completed;
  };
  std::map<std::string, token_entry, std::less<>> tokens;  ///< D6
  /// Tokens in completion order (times never decrease), so those past D6's window are
  /// forgotten: a long run's token map is bounded by the window, not the run's length.
  std::deque<std::pair<sim::time_ns, std::string>> token_order;

  // --- lookup and validation (core_validation.cpp) ---
  detail::table_state* table(std::string_view name);
  std::shared_ptr<const detail::parsed_expression> cached(std::string_view text, bool update);
  /// Validates names/values/expressions like DynamoDB; fills `out`. "" if fine.
  std::string prepare(const std::optional<std::string>& condition, const std::optional<std::string>& update,
                      const expression_args& args, const char* expression_list, detail::prepared& out);
  /// Key of an item (PutItem) or a Key parameter; validation message or "".
  std::string key_of_item(const detail::table_state& t, const item& it, attribute_value& pk, attribute_value& sk) const;
  std::string key_of_key(const detail::table_state& t, const item& key, attribute_value& pk, attribute_value& sk) const;
  std::string check_update_keys(const detail::table_state& t, const detail::prepared& p) const;

  /// Items decoded for the request being served: the pointers current() and find() return
  /// stay valid until the next request (begin_request()). A deque: addresses are stable.
  std::deque<item> decoded;
  /// Starts serving a request at `now`: forgets the last request's decoded items and moves
  /// rows out of memory where a table holds more than `rows_in_memory`.
  void begin_request(sim::time_ns now);

  /// A table's rows held in memory before the oldest go to its spilled runs (0: never).
  std::size_t rows_in_memory = k_default_rows_in_memory;
  void maybe_spill(detail::table_state& t, sim::time_ns now);
  /// The record of this key as memory should hold it: the newest spilled version, or none.
  detail::item_record unspilled(detail::table_state& t, const attribute_value& pk, const attribute_value& sk);
  /// Brings partition `pk`'s spilled rows into memory (a Query reads the partition in order).
  void unspill_partition(detail::table_state& t, const attribute_value& pk);
  /// Visits every current item of a table in key order, memory's and spilled ones;
  /// `erase_visited` removes each of memory's rows once visited (a table taken whole).
  void visit_items(detail::table_state& t, bool erase_visited,
                   const std::function<void(const detail::packed_item&)>& visit);
  /// Decodes `packed` into `decoded`; nullptr when it holds no item.
  item* decode(const detail::packed_item& packed);

  // --- storage (store_core.cpp) ---
  detail::item_record* record(detail::table_state& t, const attribute_value& pk, const attribute_value& sk);
  /// The current item with this key, decoded (valid until the next request), or nullptr.
  item* current(detail::table_state& t, const attribute_value& pk, const attribute_value& sk);
  /// Replaces (or deletes, with nullopt) an item and appends the change record. `read`: the
  /// current item as this request decoded it (current()), moved into the change record as
  /// its old image rather than decoded again; nullptr: decoded here.
  void commit(detail::table_state& t, const attribute_value& pk, const attribute_value& sk, std::optional<item> next,
              sim::time_ns now, std::uint64_t writer, const char* operation, bool ttl = false, item* read = nullptr);
  void emit(const char* op, std::string_view table, const item* key, const store_result& r, const item* after);
};

}  // namespace slsim::store
