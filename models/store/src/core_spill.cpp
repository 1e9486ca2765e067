// store_core's rows out of memory (docs/architecture.md §8 memory): when a table holds more
// rows than `rows_in_memory`, the rows no eventual read can see differently go to its spilled
// runs; a request touching a spilled key reads its row back first, so every operation works
// on memory's rows as before and no result changes.
#include "core_impl.hpp"
#include "slsim/sim/assert.hpp"

namespace slsim::store {
using namespace detail;

namespace {

/// A row may leave memory once its record says all an eventual read at or after `horizon`
/// can see (MD8): no older version is kept, or only the absence before it was inserted,
/// which `since` says as well.
bool spillable(const item_record& rec, sim::time_ns horizon) noexcept {
  if (rec.since > horizon) return false;
  if (!rec.older || rec.older->empty()) return true;
  return rec.older->size() == 1 && !rec.older->front().second.has_value();
}

/// Memory's record of a row read back from a run.
item_record record_of(spilled_row&& row) {
  item_record rec;
  rec.current = std::move(row.current);
  rec.since = row.since;
  return rec;
}

}  // namespace

void store_core::set_rows_in_memory(std::size_t rows) noexcept { impl_->rows_in_memory = rows; }

std::size_t store_core::rows_in_memory(std::string_view table) const {
  const auto* t = impl_->table(table);
  return t ? t->rows.size() : 0;
}

void store_core::impl::begin_request(sim::time_ns now) {
  decoded.clear();
  if (rows_in_memory == 0) return;
  for (auto& [name, t] : tables) maybe_spill(t, now);
}

void store_core::impl::maybe_spill(table_state& t, sim::time_ns now) {
  if (t.rows.size() < std::max(rows_in_memory, t.spill_at)) return;
  const sim::time_ns horizon = now - history_window;
  std::vector<spilled_row_ref> out;
  for (const auto& [key, rec] : t.rows)
    if (spillable(rec, horizon)) out.push_back({key.pk(), key.sk(), rec.since, rec.current});
  if (!out.empty() && !t.spilled.add(out)) {
    t.spill_at = SIZE_MAX;  // no temporary file, or a full disk: the rows stay in memory
    return;
  }
  for (auto row = t.rows.begin(); !out.empty() && row != t.rows.end();)
    row = spillable(row->second, horizon) ? t.rows.erase(row) : std::next(row);
  // Rows that must stay (recent history) are not scanned again until the table grows.
  t.spill_at = t.rows.size() + rows_in_memory / 2;
}

item_record store_core::impl::unspilled(table_state& t, const attribute_value& pk, const attribute_value& sk) {
  if (t.spilled.empty()) return {};
  auto row = t.spilled.find(pk, sk);
  return row && row->current.has_value() ? record_of(std::move(*row)) : item_record{};
}

void store_core::impl::unspill_partition(table_state& t, const attribute_value& pk) {
  if (t.spilled.empty()) return;
  for (auto& row : t.spilled.partition(pk)) {
    if (!row.current.has_value()) continue;  // deleted after it was spilled
    const key_ref key{row.pk, row.sk};
    auto at = t.rows.lower_bound(key);
    if (at != t.rows.end() && !t.rows.key_comp()(key, at->first)) continue;  // memory's row is newer
    item_key k{row.pk, row.sk};
    t.rows.emplace_hint(at, std::move(k), record_of(std::move(row)));
  }
}

void store_core::impl::visit_items(table_state& t, bool erase_visited,
                                   const std::function<void(const packed_item&)>& visit) {
  auto row = t.rows.begin();
  const auto visit_memory_before = [&](const attribute_value* pk, const attribute_value* sk) {
    while (row != t.rows.end() && (!pk || key_order::less(row->first.pk(), row->first.sk(), *pk, *sk))) {
      if (row->second.current.has_value()) visit(row->second.current);
      row = erase_visited ? t.rows.erase(row) : std::next(row);
    }
  };
  if (!t.spilled.empty())
    t.spilled.for_each(
        [&](const attribute_value& pk, const attribute_value& sk) {
          return t.rows.count(key_ref{pk, sk}) > 0;
        },
        [&](spilled_row&& spilled) {
          visit_memory_before(&spilled.pk, &spilled.sk);
          if (spilled.current.has_value()) visit(spilled.current);
        });
  visit_memory_before(nullptr, nullptr);
}

}  // namespace slsim::store
