// Rows out of memory (store_core::set_rows_in_memory, docs/architecture.md §8): a store that
// spills its rows to disk after a handful answers every request, streams every change and
// holds every item exactly as one that keeps them all in memory, with eventual reads (MD8),
// TTL (D10), queries, transactions (D5) and deletions of spilled rows.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <sys/resource.h>

#include <csignal>

#include "slsim/store/wire.hpp"
#include "store_test_util.hpp"

namespace slsim::store {
namespace {
using namespace testing;

constexpr std::int64_t k_epoch_s = 1'700'000'000;

std::vector<table_config> tables() { return {table("flat", false, "expires"), table("sorted", true, "expires")}; }

/// One store call, applied the same way to both stores.
struct op {
  int kind = 0;
  std::string table;
  std::string pk;
  std::int64_t sk = 0;
  std::int64_t value = 0;
  std::int64_t expires_in_s = -1;  ///< < 0: no TTL attribute
  bool conditional = false;
  sim::time_ns step = 0;  ///< virtual time before the call
};

item key_of(const op& o) {
  item k{{"pk", S(o.pk)}};
  if (o.table == "sorted") k.emplace("sk", N(o.sk));
  return k;
}

std::string text(const store_result& r) {
  nlohmann::json j;
  j["error"] = r.error.value();
  j["message"] = r.message;
  if (r.attributes) j["attributes"] = wire::encode(*r.attributes);
  for (const auto& it : r.items) j["items"].push_back(wire::encode(it));
  for (const auto& reason : r.reasons) j["reasons"].push_back(reason.code);
  j["capacity"] = r.consumed_capacity;
  return j.dump();
}

std::string apply(store_core& core, const op& o, sim::time_ns now) {
  const auto item_of = [&] {
    item it = key_of(o);
    it.emplace("v", N(o.value));
    if (o.expires_in_s >= 0) it.emplace("expires", N(k_epoch_s + now / 1'000'000'000 + o.expires_in_s));
    return it;
  };
  switch (o.kind) {
    case 0: {  // a result written once (the handlers' conditional put)
      put_request r;
      r.table = o.table;
      r.item = item_of();
      if (o.conditional) r.condition = "attribute_not_exists(pk)";
      r.return_values = return_values::all_old;
      return text(core.put_item(r, now));
    }
    case 1: {  // a counter
      update_request r;
      r.table = o.table;
      r.key = key_of(o);
      r.update = "ADD c :one";
      r.expr = values({{":one", N(1)}});
      r.return_values = return_values::all_new;
      return text(core.update_item(r, now));
    }
    case 2: {
      delete_request r;
      r.table = o.table;
      r.key = key_of(o);
      if (o.conditional) r.condition = "attribute_exists(pk)";
      r.return_values = return_values::all_old;
      return text(core.delete_item(r, now));
    }
    case 3: {  // D7 / MD8: eventual reads see a version as of a moment in the history window
      get_request r;
      r.table = o.table;
      r.key = key_of(o);
      r.consistent_read = o.conditional;
      return text(core.get_item(r, now, now - o.value * 1'000'000));
    }
    case 4: {
      query_request r;
      r.table = o.table;
      r.key_condition = o.table == "sorted" && o.conditional ? "pk = :p AND sk >= :s" : "pk = :p";
      r.expr =
          o.table == "sorted" && o.conditional ? values({{":p", S(o.pk)}, {":s", N(o.sk)}}) : values({{":p", S(o.pk)}});
      r.consistent_read = o.value % 2 == 0;
      r.scan_index_forward = o.value % 3 != 0;
      return text(core.query(r, now, now - o.value * 1'000'000));
    }
    case 5: {  // D5: two items at once, all or nothing
      transact_write_request r;
      transact_action a;
      a.kind = transact_action::action_kind::put;
      a.table = o.table;
      a.item = item_of();
      if (o.conditional) a.condition = "attribute_not_exists(pk)";
      transact_action b;
      b.kind = transact_action::action_kind::del;
      b.table = o.table == "flat" ? "sorted" : "flat";
      b.item = {{"pk", S(o.pk + "x")}};
      if (b.table == "sorted") b.item.emplace("sk", N(o.sk));
      r.actions = {a, b};
      return text(core.transact_write_items(r, now));
    }
    default: {  // D10: the lazy deleter, with a delay of each item's own
      const auto n = core.sweep_ttl(
          now,
          [&](std::string_view, const attribute_value& pk, const attribute_value&, std::int64_t) {
            return static_cast<sim::time_ns>(pk.scalar.size()) * 1'000'000'000;
          },
          k_epoch_s);
      return "swept " + std::to_string(n);
    }
  }
}

rc::Gen<op> gen_op() {
  return rc::gen::exec([] {
    op o;
    o.kind = *rc::gen::weightedElement<int>({{6, 0}, {3, 1}, {2, 2}, {3, 3}, {2, 4}, {1, 5}, {1, 6}});
    o.table = *rc::gen::element<std::string>("flat", "sorted");
    o.pk = *rc::gen::element<std::string>("a", "b", "c", "d", "e", "f", "g", "h", "ax", "bx", "cx");
    o.sk = *rc::gen::inRange<std::int64_t>(0, 4);
    o.value = *rc::gen::inRange<std::int64_t>(0, 8000);
    o.expires_in_s = *rc::gen::element<std::int64_t>(-1, -1, 0, 2, 30);
    o.conditional = *rc::gen::arbitrary<bool>();
    o.step = *rc::gen::element<sim::time_ns>(0, 1'000'000, 700'000'000, 3'000'000'000);
    return o;
  });
}

std::string everything(store_core& core) {
  std::string out;
  for (const auto* name : {"flat", "sorted"}) {
    out += std::string(name) + " " + std::to_string(core.item_count(name)) + ":";
    for (const auto& it : core.items(name)) out += wire::encode(it).dump();
    out += "\n";
  }
  return out;
}

std::string stream(const store_core& core) {
  std::string out;
  for (const auto& c : core.changes())
    out += std::to_string(c.sequence) + " " + c.table + " " + std::to_string(static_cast<int>(c.kind)) + " " +
           wire::encode(c.keys).dump() + " " + (c.old_image ? wire::encode(*c.old_image).dump() : "-") + " " +
           (c.new_image ? wire::encode(*c.new_image).dump() : "-") + (c.unchanged ? " =" : "") +
           (c.ttl_delete ? " ttl" : "") + "\n";
  return out;
}

RC_GTEST_PROP(store_spill, a_store_that_spills_its_rows_answers_as_one_that_keeps_them, ()) {
  const auto ops = *rc::gen::container<std::vector<op>>(gen_op());
  const auto rows = *rc::gen::element<std::size_t>(1, 2, 3, 5, 8);
  const auto window = *rc::gen::element<sim::time_ns>(0, 0, 2'000'000'000);
  store_core memory{tables()};
  store_core spilling{tables()};
  memory.set_rows_in_memory(0);
  spilling.set_rows_in_memory(rows);
  memory.set_history_window(window);
  spilling.set_history_window(window);
  sim::time_ns now = 0;
  bool spilled = false;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    now += ops[i].step;
    const auto expected = apply(memory, ops[i], now);
    RC_ASSERT(apply(spilling, ops[i], now) == expected);
    RC_ASSERT(spilling.item_count("flat") == memory.item_count("flat"));
    RC_ASSERT(spilling.item_count("sorted") == memory.item_count("sorted"));
    spilled |= spilling.rows_in_memory("flat") < memory.rows_in_memory("flat") ||
               spilling.rows_in_memory("sorted") < memory.rows_in_memory("sorted");
  }
  RC_CLASSIFY(spilled, "rows were spilled");
  RC_ASSERT(everything(spilling) == everything(memory));
  RC_ASSERT(stream(spilling) == stream(memory));
  const auto taken = spilling.take_items("flat");
  const auto kept = memory.take_items("flat");
  RC_ASSERT(taken.size() == kept.size());
  for (std::size_t i = 0; i < taken.size(); ++i) RC_ASSERT(*taken[i] == *kept[i]);
  RC_ASSERT(spilling.item_count("flat") == 0u);
}

TEST(store_spill, a_long_table_leaves_memory_and_every_row_reads_back) {
  store_core core{{table()}};
  core.set_rows_in_memory(64);
  for (int i = 0; i < 5000; ++i) {
    auto r = put({{"pk", S("request-" + std::to_string(i))}, {"v", N(i)}}, "attribute_not_exists(pk)");
    ASSERT_TRUE(core.put_item(r, i).ok()) << i;
  }
  EXPECT_EQ(core.item_count("tbl"), 5000u);
  EXPECT_LT(core.rows_in_memory("tbl"), 100u);
  // A duplicate of every request still finds its result: the conditional put fails (D1).
  for (int i = 0; i < 5000; i += 7) {
    auto r = put({{"pk", S("request-" + std::to_string(i))}, {"v", N(-1)}}, "attribute_not_exists(pk)");
    EXPECT_EQ(core.put_item(r, 5000 + i).error, store_errc::conditional_check_failed) << i;
  }
  const auto all = core.items("tbl");
  ASSERT_EQ(all.size(), 5000u);
  for (std::size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].at("pk").scalar, all[i].at("pk").scalar);
  EXPECT_EQ(core.find("tbl", {{"pk", S("request-4321")}})->at("v"), N(4321));
}

// Rows an eventual read may still see differently (MD8) stay in memory until the history
// window has passed them; a table whose rows were all that recent still spills later.
TEST(store_spill, rows_leave_memory_once_the_history_window_has_passed_them) {
  store_core core{{table()}};
  core.set_rows_in_memory(64);
  core.set_history_window(10'000'000'000);
  const auto put_at = [&](int i, sim::time_ns now) {
    auto r = put({{"pk", S("request-" + std::to_string(i))}, {"v", N(i)}});
    ASSERT_TRUE(core.put_item(r, now).ok()) << i;
  };
  for (int i = 0; i < 100; ++i) put_at(i, sim::time_ns{i} * 1'000'000);
  EXPECT_EQ(core.rows_in_memory("tbl"), 100u);  // all within the window
  for (int i = 100; i < 200; ++i) put_at(i, 20'000'000'000 + sim::time_ns{i - 100} * 300'000'000);  // over 30 s
  EXPECT_LT(core.rows_in_memory("tbl"), 100u);
  EXPECT_EQ(core.item_count("tbl"), 200u);
  EXPECT_EQ(core.items("tbl").size(), 200u);
}

// A disk that fills up (here: a file size limit) ends spilling, never the run: the rows
// stay in memory and every answer is the same.
TEST(store_spill, a_full_disk_keeps_the_rows_in_memory) {
  rlimit before{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &before), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails with EFBIG
  rlimit small = before;
  small.rlim_cur = 20 * 1024;  // room for the first run, not for the merge
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  store_core core{{table()}};
  core.set_rows_in_memory(100);
  for (int i = 0; i < 3000; ++i) {
    auto r = put({{"pk", S("request-" + std::to_string(i))}, {"v", N(i)}, {"pad", S(std::string(100, 'x'))}},
                 "attribute_not_exists(pk)");
    ASSERT_TRUE(core.put_item(r, i).ok()) << i;
  }
  setrlimit(RLIMIT_FSIZE, &before);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_EQ(core.item_count("tbl"), 3000u);
  EXPECT_GT(core.rows_in_memory("tbl"), 2000u);  // spilling stopped at the first failed write
  const auto all = core.items("tbl");
  ASSERT_EQ(all.size(), 3000u);
  for (int i = 0; i < 3000; i += 13) {
    auto r = put({{"pk", S("request-" + std::to_string(i))}}, "attribute_not_exists(pk)");
    EXPECT_EQ(core.put_item(r, 4000 + i).error, store_errc::conditional_check_failed) << i;
  }
}

}  // namespace
}  // namespace slsim::store
