// store_core: tables, item storage with version history (MD8), single-item
// operations PutItem (D3: replaces the whole item), UpdateItem (D3: upsert, D4),
// DeleteItem, GetItem (D7), conditional writes (D1, D2), item size (D8), change
// stream (D11).
#include "slsim/store/store_core.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core_impl.hpp"
#include "nesting.hpp"
#include "slsim/sim/assert.hpp"

namespace slsim::store {
using namespace detail;

namespace {

constexpr std::string_view k_not_found = "Requested resource not found";
constexpr std::string_view k_condition_failed = "The conditional request failed";

value_type key_type(const std::string& t) {
  value_type v = value_type::s;
  parse_type_name(t, v);
  return v;
}

double write_units(const std::optional<item>& before, const std::optional<item>& after) {
  const auto size = std::max(before ? item_size(*before) : 0, after ? item_size(*after) : 0);
  return std::max(1.0, std::ceil(static_cast<double>(size) / 1024.0));
}

item key_item(const table_state& t, const attribute_value& pk, const attribute_value& sk) {
  item k{{t.config.partition_key.name, pk}};
  if (t.has_sort_key) k.emplace(t.config.sort_key.name, sk);
  return k;
}

constexpr sim::event_kind k_op_kind{
    "store", "op", {"operation_hash", "table_digest", "key_digest", "error_code"}, "returned_digest"};
constexpr sim::event_kind k_change_kind{
    "store", "change", {"key_digest", "invocation", "change_kind", "ttl_delete"}, "change_sequence"};

}  // namespace

store_core::store_core(std::vector<table_config> tables) : impl_(std::make_unique<impl>()) {
  store_config cfg;
  cfg.tables = std::move(tables);
  cfg.validate_or_throw();
  for (const auto& t : cfg.tables) create_table(t);
}

store_core::~store_core() = default;
store_core::store_core(store_core&&) noexcept = default;
store_core& store_core::operator=(store_core&&) noexcept = default;

void store_core::create_table(const table_config& table) {
  store_config cfg;
  cfg.tables = {table};
  if (impl_->tables.count(table.name)) cfg.tables.push_back(table);  // reports the duplicate
  cfg.validate_or_throw();
  table_state t;
  t.config = table;
  t.pk_type = key_type(table.partition_key.type);
  t.has_sort_key = !table.sort_key.name.empty();
  t.sk_type = key_type(table.sort_key.type);
  t.spilled = spilled_runs(table.ttl_attribute, t.has_sort_key);
  impl_->tables.emplace(table.name, std::move(t));
}

void store_core::delete_table(std::string_view name) {
  if (auto it = impl_->tables.find(name); it != impl_->tables.end()) impl_->tables.erase(it);
}

void store_core::set_history_window(sim::time_ns window) { impl_->history_window = std::max<sim::time_ns>(0, window); }
void store_core::attach_trace(sim::context* ctx) noexcept { impl_->trace = ctx; }
const std::vector<change_record>& store_core::changes() const noexcept { return impl_->changes; }
void store_core::set_change_sink(std::function<void(change_record&&)> sink) { impl_->change_sink = std::move(sink); }

item_record* store_core::impl::record(table_state& t, const attribute_value& pk, const attribute_value& sk) {
  const key_ref key{pk, sk};
  auto r = t.rows.lower_bound(key);
  if (r != t.rows.end() && !t.rows.key_comp()(key, r->first)) return &r->second;
  auto back = unspilled(t, pk, sk);  // a spilled row is read back into memory, where requests work
  if (!back.current.has_value()) return nullptr;
  return &t.rows.emplace_hint(r, item_key{pk, sk}, std::move(back))->second;
}

item* store_core::impl::decode(const packed_item& packed) {
  return packed.has_value() ? &decoded.emplace_back(packed.unpack()) : nullptr;
}

item* store_core::impl::current(table_state& t, const attribute_value& pk, const attribute_value& sk) {
  auto* r = record(t, pk, sk);
  return r ? decode(r->current) : nullptr;
}

void store_core::impl::commit(table_state& t, const attribute_value& pk, const attribute_value& sk,
                              std::optional<item> next, sim::time_ns now, std::uint64_t writer, const char* operation,
                              bool ttl, item* read) {
  // One descent whether the row exists or not: a result table's writes are mostly inserts.
  const key_ref key{pk, sk};
  auto row = t.rows.lower_bound(key);
  if (row == t.rows.end() || t.rows.key_comp()(key, row->first))
    row = t.rows.emplace_hint(row, item_key{pk, sk}, unspilled(t, pk, sk));
  auto& rec = row->second;
  change_record c;
  c.sequence = next_sequence;
  c.time = now;
  c.table = t.config.name;
  c.keys = key_item(t, pk, sk);
  c.kind = !rec.current.has_value() ? change_kind::insert : (next ? change_kind::modify : change_kind::remove);
  c.writer = writer;
  c.ttl_delete = ttl;
  c.operation = operation;
  // A deleted row stays as a tombstone while a spilled run may hold an older version of it.
  const auto forget_if_gone = [&] {
    if (!rec.current.has_value() && !rec.has_history() && !t.spilled.may_contain(pk, sk)) t.rows.erase(row);
  };
  if (!rec.current.has_value() && !next) {  // deleting an absent item changes nothing and streams nothing
    forget_if_gone();
    return;
  }
  if (c.kind == change_kind::insert) ++t.live_items;
  if (c.kind == change_kind::remove) --t.live_items;
  // The table keeps the packed form; the change record gets the item itself (D11).
  packed_item packed = next ? packed_item(*next) : packed_item();
  c.unchanged = rec.current.same_as(packed);
  SLSIM_ASSERT(!read || rec.current.has_value(), "a write's decoded old item has no stored item");
  c.old_image = read ? shared_item(std::move(*read)) : shared_item(rec.current.unpack_optional());
  c.new_image = shared_item(std::move(next));
  if (history_window > 0) {
    if (!rec.older) rec.older = std::make_unique<std::vector<item_record::version>>();
    auto& older = *rec.older;
    older.emplace_back(rec.since, std::move(rec.current));
    const auto horizon = now - history_window;
    std::size_t expired = 0;
    while (expired < older.size() && (expired + 1 < older.size() ? older[expired + 1].first : now) <= horizon)
      ++expired;
    older.erase(older.begin(), older.begin() + static_cast<std::ptrdiff_t>(expired));
  } else {
    rec.older.reset();
  }
  rec.current = std::move(packed);
  rec.since = now;
  if (trace) {
    trace->emit({.kind = &k_change_kind,
                 .ids = {digest(c.keys), c.writer, static_cast<std::uint64_t>(c.kind), c.ttl_delete ? 1u : 0u},
                 .value = static_cast<std::int64_t>(c.sequence),
                 .digest = c.new_image ? digest(*c.new_image) : 0,
                 .text = c.table});
  }
  ++next_sequence;
  if (change_sink)
    change_sink(std::move(c));
  else
    changes.push_back(std::move(c));
  forget_if_gone();
}

void store_core::impl::emit(const char* op, std::string_view table_name, const item* key, const store_result& r,
                            const item* after) {
  if (!trace) return;
  trace->emit({.kind = &k_op_kind,
               .ids = {sim::fnv1a64(op), sim::digest_bytes(table_name), key ? digest(*key) : 0,
                       static_cast<std::uint64_t>(r.error.value())},
               .value = r.attributes ? static_cast<std::int64_t>(digest(*r.attributes) & 0x7fffffff) : -1,
               .digest = after ? digest(*after) : 0,
               .text = op});
}

store_result store_core::put_item(const put_request& r, sim::time_ns now, const call_context& who) {
  auto& s = *impl_;
  s.begin_request(now);
  const auto done = [&](store_result res, const item* key, const item* after) {
    s.emit("PutItem", r.table, key, res, after);
    return res;
  };
  if (r.return_values != return_values::none && r.return_values != return_values::all_old)
    return done(fail(store_errc::validation, "ReturnValues can only be ALL_OLD or NONE"), nullptr, nullptr);
  if (item_too_deep(r.item))  // MD21, checked before anything recurses over the item
    return done(fail(store_errc::validation, k_nesting_message), nullptr, nullptr);
  if (item_size(r.item) > k_max_item_size)  // D8
    return done(fail(store_errc::item_too_large, "Item size has exceeded the maximum allowed size"), nullptr, nullptr);
  prepared p;
  if (auto err = s.prepare(r.condition, std::nullopt, r.expr, "ConditionExpression is null", p); !err.empty())
    return done(fail(store_errc::validation, err), nullptr, nullptr);
  auto* t = s.table(r.table);
  if (!t) return done(fail(store_errc::resource_not_found, std::string(k_not_found)), nullptr, nullptr);
  attribute_value pk, sk;
  if (auto err = s.key_of_item(*t, r.item, pk, sk); !err.empty())
    return done(fail(store_errc::validation, err), nullptr, nullptr);
  item* old = s.current(*t, pk, sk);
  const auto key = key_item(*t, pk, sk);
  store_result res;
  res.consumed_capacity = write_units(old ? std::optional<item>(*old) : std::nullopt, r.item);
  if (p.condition && !evaluate_condition(*p.condition, old ? *old : item{}, p.env)) {  // D1
    res.error = make_error_code(store_errc::conditional_check_failed);
    res.message = std::string(k_condition_failed);
    if (r.return_old_on_condition_failure && old) res.attributes = *old;  // D2
    return done(std::move(res), &key, old);
  }
  if (r.return_values == return_values::all_old && old) res.attributes = *old;  // D2
  s.commit(*t, pk, sk, r.item, now, who.writer, "PutItem", false, old);
  return done(std::move(res), &key, &r.item);
}

store_result store_core::delete_item(const delete_request& r, sim::time_ns now, const call_context& who) {
  auto& s = *impl_;
  s.begin_request(now);
  const auto done = [&](store_result res, const item* key, const item* after) {
    s.emit("DeleteItem", r.table, key, res, after);
    return res;
  };
  if (r.return_values != return_values::none && r.return_values != return_values::all_old)
    return done(fail(store_errc::validation, "ReturnValues can only be ALL_OLD or NONE"), nullptr, nullptr);
  prepared p;
  if (auto err = s.prepare(r.condition, std::nullopt, r.expr, "ConditionExpression is null", p); !err.empty())
    return done(fail(store_errc::validation, err), nullptr, nullptr);
  auto* t = s.table(r.table);
  if (!t) return done(fail(store_errc::resource_not_found, std::string(k_not_found)), nullptr, nullptr);
  attribute_value pk, sk;
  if (auto err = s.key_of_key(*t, r.key, pk, sk); !err.empty())
    return done(fail(store_errc::validation, err), nullptr, nullptr);
  item* old = s.current(*t, pk, sk);
  store_result res;
  res.consumed_capacity = write_units(old ? std::optional<item>(*old) : std::nullopt, std::nullopt);
  if (p.condition && !evaluate_condition(*p.condition, old ? *old : item{}, p.env)) {
    res.error = make_error_code(store_errc::conditional_check_failed);
    res.message = std::string(k_condition_failed);
    if (r.return_old_on_condition_failure && old) res.attributes = *old;
    return done(std::move(res), &r.key, old);
  }
  if (r.return_values == return_values::all_old && old) res.attributes = *old;
  s.commit(*t, pk, sk, std::nullopt, now, who.writer, "DeleteItem", false, old);
  return done(std::move(res), &r.key, nullptr);
}

store_result store_core::update_item(const update_request& r, sim::time_ns now, const call_context& who) {
  auto& s = *impl_;
  s.begin_request(now);
  const auto done = [&](store_result res, const item* after) {
    s.emit("UpdateItem", r.table, &r.key, res, after);
    return res;
  };
  prepared p;
  if (auto err = s.prepare(r.condition, r.update, r.expr, "UpdateExpression and ConditionExpression are null", p);
      !err.empty())
    return done(fail(store_errc::validation, err), nullptr);
  auto* t = s.table(r.table);
  if (!t) return done(fail(store_errc::resource_not_found, std::string(k_not_found)), nullptr);
  attribute_value pk, sk;
  if (auto err = s.key_of_key(*t, r.key, pk, sk); !err.empty()) return done(fail(store_errc::validation, err), nullptr);
  if (auto err = s.check_update_keys(*t, p); !err.empty()) return done(fail(store_errc::validation, err), nullptr);
  item* old = s.current(*t, pk, sk);
  store_result res;
  if (p.condition && !evaluate_condition(*p.condition, old ? *old : item{}, p.env)) {
    res.error = make_error_code(store_errc::conditional_check_failed);
    res.message = std::string(k_condition_failed);
    res.consumed_capacity = write_units(old ? std::optional<item>(*old) : std::nullopt, std::nullopt);
    if (r.return_old_on_condition_failure && old) res.attributes = *old;
    return done(std::move(res), old);
  }
  item next = old ? *old : r.key;  // D3: upsert starts from the key alone
  if (p.update)
    if (auto err = apply_update(*p.update, next, p.env); !err.empty())
      return done(fail(store_errc::validation, err), old);
  if (item_size(next) > k_max_item_size)  // D8
    return done(fail(store_errc::item_too_large, "Item size to update has exceeded the maximum allowed size"), old);
  res.consumed_capacity = write_units(old ? std::optional<item>(*old) : std::nullopt, next);
  const auto project = [&](const item& from) {
    item out;
    for (const auto& path : updated_paths(*p.update)) project_path(from, path, p.env, out);
    if (!out.empty()) res.attributes = std::move(out);
  };
  switch (r.return_values) {
    case return_values::all_old:
      if (old) res.attributes = *old;
      break;
    case return_values::updated_old:
      if (old && p.update) project(*old);
      break;
    case return_values::all_new:
      res.attributes = next;
      break;
    case return_values::updated_new:
      if (p.update) project(next);
      break;
    case return_values::none:
      break;
  }
  std::optional<item> traced;  // the trace digests the new item; kept only while tracing
  if (s.trace) traced = next;
  s.commit(*t, pk, sk, std::move(next), now, who.writer, "UpdateItem", false, old);
  return done(std::move(res), traced ? &*traced : nullptr);
}

store_result store_core::get_item(const get_request& r, sim::time_ns now, std::optional<sim::time_ns> as_of) {
  auto& s = *impl_;
  s.begin_request(now);
  auto* t = s.table(r.table);
  if (!t) return fail(store_errc::resource_not_found, std::string(k_not_found));
  attribute_value pk, sk;
  if (auto err = s.key_of_key(*t, r.key, pk, sk); !err.empty()) return fail(store_errc::validation, err);
  store_result res;
  const auto* rec = s.record(*t, pk, sk);
  const item* found = nullptr;
  if (rec)
    if (const auto* version = rec->as_of((r.consistent_read || !as_of) ? now : *as_of))  // D7 / MD8
      found = s.decode(*version);
  if (found) res.attributes = *found;
  const double units = std::max(1.0, std::ceil(static_cast<double>(found ? item_size(*found) : 0) / 4096.0));
  res.consumed_capacity = r.consistent_read ? units : units / 2;  // D7: consistent reads cost 2x
  s.emit("GetItem", r.table, &r.key, res, found);
  return res;
}

const item* store_core::find(std::string_view table, const item& key) const {
  auto* t = impl_->table(table);
  if (!t) return nullptr;
  attribute_value pk, sk;
  if (!impl_->key_of_key(*t, key, pk, sk).empty()) return nullptr;
  return impl_->current(*t, pk, sk);
}

std::size_t store_core::item_count(std::string_view table) const {
  const auto* t = impl_->table(table);
  return t ? t->live_items : 0;
}

std::vector<item> store_core::items(std::string_view table) const {
  std::vector<item> out;
  auto* t = impl_->table(table);
  if (!t) return out;
  impl_->visit_items(*t, false, [&](const packed_item& p) { out.push_back(p.unpack()); });
  return out;
}

std::vector<shared_item> store_core::take_items(std::string_view table) {
  std::vector<shared_item> out;
  auto* t = impl_->table(table);
  if (!t) return out;
  // Each row is freed as soon as its item is decoded, so the peak stays one table.
  impl_->visit_items(*t, true, [&](const packed_item& p) { out.emplace_back(p.unpack()); });
  t->rows.clear();
  t->spilled.clear();
  t->live_items = 0;
  return out;
}

const item& shared_item::value() const {
  if (!image_) throw std::bad_optional_access();
  return *image_;
}

const attribute_value& shared_item::at(std::string_view name) const {
  const auto it = value().find(name);
  if (it == image_->end()) throw std::out_of_range("shared_item::at: no attribute " + std::string(name));
  return it->second;
}

std::size_t store_core::sweep_ttl(sim::time_ns now, sim::time_ns delay, std::int64_t epoch_s) {
  return sweep_ttl(
      now, [delay](std::string_view, const attribute_value&, const attribute_value&, std::int64_t) { return delay; },
      epoch_s);
}

std::size_t store_core::sweep_ttl(sim::time_ns now, const ttl_delay_fn& delay_of, std::int64_t epoch_s) {
  std::size_t removed = 0;
  for (auto& [name, t] : impl_->tables) {
    if (t.config.ttl_attribute.empty()) continue;
    std::vector<std::pair<attribute_value, attribute_value>> due;
    const auto consider = [&](const attribute_value& pk, const attribute_value& sk, const packed_item& current) {
      // D10: only numbers count. Read from the packed item: a sweep visits every item.
      const auto expiry = current.scalar(t.config.ttl_attribute, value_type::n);
      if (!expiry) return;
      const double expiry_s = std::floor(std::stod(std::string(*expiry)));
      const double expires_at = (expiry_s - static_cast<double>(epoch_s)) * 1e9;
      if (static_cast<double>(now) < expires_at) return;  // not expired yet: no delay to ask for
      const auto delay = delay_of(name, pk, sk, static_cast<std::int64_t>(std::max(expiry_s, -9e18)));
      if (static_cast<double>(now) >= expires_at + static_cast<double>(delay)) due.emplace_back(pk, sk);
    };
    for (const auto& [key, rec] : t.rows) consider(key.pk(), key.sk(), rec.current);
    if (!t.spilled.empty()) {
      // Spilled rows too, from the runs that may hold one expired; memory's version is newer.
      const std::size_t from_memory = due.size();
      t.spilled.for_each_may_expire(static_cast<double>(now) / 1e9 + static_cast<double>(epoch_s) + 1,
                                    [&](spilled_row&& row) {
                                      if (!t.rows.count(key_ref{row.pk, row.sk})) consider(row.pk, row.sk, row.current);
                                    });
      if (due.size() > from_memory)  // removals in key order, as from one table in memory
        std::sort(due.begin(), due.end(),
                  [](const auto& a, const auto& b) { return key_order::less(a.first, a.second, b.first, b.second); });
    }
    for (const auto& [pk, sk] : due) {
      impl_->commit(t, pk, sk, std::nullopt, now, 0, "TTL", true);  // D10: appears in the stream as TTL
      ++removed;
    }
  }
  return removed;
}

}  // namespace slsim::store
