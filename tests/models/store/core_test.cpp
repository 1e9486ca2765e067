// store_core: conditional writes (D1, D2), put/update semantics (D3), reads (D7,
// MD8), item size (D8), TTL (D10), change stream (D11), keys and Query.
#include <gtest/gtest.h>

#include "store_test_util.hpp"

namespace slsim::store {
namespace {
using namespace testing;

TEST(store_core, create_only_if_absent_rejects_the_second_put) {  // D1, D2
  store_core core{{table()}};
  auto first = core.put_item(put({{"pk", S("r1")}, {"v", N(1)}}, "attribute_not_exists(pk)"), 0);
  EXPECT_TRUE(first.ok());
  auto second = core.put_item(put({{"pk", S("r1")}, {"v", N(2)}}, "attribute_not_exists(pk)"), 1);
  EXPECT_EQ(second.error, store_errc::conditional_check_failed);
  EXPECT_EQ(second.message, "The conditional request failed");
  EXPECT_FALSE(second.attributes);           // only with ReturnValuesOnConditionCheckFailure
  EXPECT_GE(second.consumed_capacity, 1.0);  // D2: a failed conditional write still consumes capacity
  EXPECT_EQ(core.find("tbl", {{"pk", S("r1")}})->at("v"), N(1));
}

TEST(store_core, condition_failure_returns_the_old_item_when_asked) {  // D2
  store_core core{{table()}};
  core.put_item(put({{"pk", S("r1")}, {"v", N(1)}}), 0);
  auto r = put({{"pk", S("r1")}, {"v", N(2)}}, "attribute_not_exists(pk)");
  r.return_old_on_condition_failure = true;
  auto res = core.put_item(r, 1);
  ASSERT_TRUE(res.attributes);
  EXPECT_EQ(res.attributes->at("v"), N(1));
}

TEST(store_core, put_replaces_the_whole_item_and_returns_all_old) {  // D3, D2
  store_core core{{table()}};
  core.put_item(put({{"pk", S("a")}, {"x", N(1)}, {"y", N(2)}}), 0);
  auto r = put({{"pk", S("a")}, {"z", N(3)}});
  r.return_values = return_values::all_old;
  auto res = core.put_item(r, 1);
  ASSERT_TRUE(res.attributes);
  EXPECT_EQ(res.attributes->at("y"), N(2));
  const auto* now = core.find("tbl", {{"pk", S("a")}});
  EXPECT_EQ(now->count("x"), 0u);
  EXPECT_EQ(now->at("z"), N(3));
  r.return_values = return_values::updated_new;
  EXPECT_EQ(core.put_item(r, 2).message, "ReturnValues can only be ALL_OLD or NONE");
}

TEST(store_core, update_is_an_upsert_unless_guarded) {  // D3
  store_core core{{table()}};
  auto res = core.update_item(update("new", "SET v = :v", values({{":v", N(1)}})), 0);
  EXPECT_TRUE(res.ok());
  EXPECT_EQ(core.find("tbl", {{"pk", S("new")}})->at("v"), N(1));
  auto guarded = core.update_item(update("other", "SET v = :v", values({{":v", N(1)}}), "attribute_exists(pk)"), 1);
  EXPECT_EQ(guarded.error, store_errc::conditional_check_failed);
  EXPECT_EQ(core.find("tbl", {{"pk", S("other")}}), nullptr);
}

TEST(store_core, add_counts_again_on_redelivery) {  // D4: ADD is not idempotent
  store_core core{{table()}};
  for (int i = 0; i < 3; ++i) core.update_item(update("c", "ADD tally :amt", values({{":amt", N(10)}})), i);
  EXPECT_EQ(core.find("tbl", {{"pk", S("c")}})->at("tally"), N(30));
}

TEST(store_core, update_return_values) {  // D2
  store_core core{{table()}};
  core.put_item(put({{"pk", S("a")}, {"x", N(1)}, {"y", N(2)}}), 0);
  auto r = update("a", "SET x = :v", values({{":v", N(9)}}));
  r.return_values = return_values::updated_old;
  EXPECT_EQ(*core.update_item(r, 1).attributes, (item{{"x", N(1)}}));
  r.return_values = return_values::updated_new;
  r.expr.values = {{{":v", N(10)}}};
  EXPECT_EQ(*core.update_item(r, 2).attributes, (item{{"x", N(10)}}));
  r.return_values = return_values::all_new;
  EXPECT_EQ(core.update_item(r, 3).attributes->size(), 3u);
}

TEST(store_core, key_schema_errors_use_dynamodb_messages) {
  store_core core{{table("tbl", true)}};
  auto missing = core.put_item(put({{"pk", S("a")}}), 0);
  EXPECT_EQ(missing.message, "One or more parameter values were invalid: Missing the key sk in the item");
  auto wrong = core.put_item(put({{"pk", S("a")}, {"sk", S("1")}}), 0);
  EXPECT_EQ(wrong.message, "One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S");
  auto g = get("a");
  EXPECT_EQ(core.get_item(g, 0).message, "The provided key element does not match the schema");
  auto other = get("a");
  other.table = "nope";
  EXPECT_EQ(core.get_item(other, 0).error, store_errc::resource_not_found);
}

TEST(store_core, item_size_limit_is_400_kb_including_names) {  // D8
  store_core core{{table()}};
  const std::string name = "attr";
  const auto fits = k_max_item_size - 2 /* "pk" */ - 1 /* "k" */ - name.size();
  EXPECT_TRUE(core.put_item(put({{"pk", S("k")}, {name, S(std::string(fits, 'x'))}}), 0).ok());
  auto big = core.put_item(put({{"pk", S("k")}, {name, S(std::string(fits + 1, 'x'))}}), 0);
  EXPECT_EQ(big.error, store_errc::item_too_large);
  EXPECT_EQ(big.message, "Item size has exceeded the maximum allowed size");
  auto grow = core.update_item(update("k", "SET more = :v", values({{":v", S("y")}})), 1);
  EXPECT_EQ(grow.message, "Item size to update has exceeded the maximum allowed size");
}

TEST(store_core, item_size_follows_documented_rules) {  // D8
  EXPECT_EQ(item_size({{"ab", S("xyz")}}), 5u);
  EXPECT_EQ(item_size({{"n", N("12345")}}), 1u + 3u + 1u);  // 5 digits → 3 bytes + 1
  EXPECT_EQ(item_size({{"b", attribute_value::boolean(true)}}), 2u);
  EXPECT_EQ(item_size({{"l", attribute_value::l({S("a"), S("b")})}}), 1u + 3u + 2u * (1u + 1u));
  EXPECT_EQ(item_size({{"m", attribute_value::m({{"k", S("v")}})}}), 1u + 3u + 1u + 1u + 1u);
}

TEST(store_core, eventual_reads_may_see_an_older_version) {  // D7, MD8
  store_core core{{table()}};
  core.set_history_window(sim::seconds(1));
  core.put_item(put({{"pk", S("k")}, {"v", N(1)}}), sim::seconds(10));
  core.put_item(put({{"pk", S("k")}, {"v", N(2)}}), sim::seconds(10) + sim::milliseconds(500));
  const auto now = sim::seconds(10) + sim::milliseconds(600);
  auto stale = core.get_item(get("k", false), now, now - sim::milliseconds(300));
  EXPECT_EQ(stale.attributes->at("v"), N(1));
  auto before = core.get_item(get("k", false), now, sim::seconds(9));
  EXPECT_FALSE(before.attributes);  // the item did not exist yet
  auto consistent = core.get_item(get("k", true), now, now - sim::milliseconds(300));
  EXPECT_EQ(consistent.attributes->at("v"), N(2));  // D7: consistent reads reflect every prior write
}

TEST(store_core, expired_items_stay_visible_until_the_lazy_deleter_runs) {  // D10
  store_core core{{table("tbl", false, "expires")}};
  const std::int64_t epoch = 1'700'000'000;
  core.put_item(put({{"pk", S("k")}, {"expires", N(epoch + 10)}}), 0);
  const auto later = sim::seconds(20);
  EXPECT_TRUE(core.get_item(get("k"), later).attributes);  // expired but readable
  EXPECT_EQ(core.put_item(put({{"pk", S("k")}, {"expires", N(epoch + 10)}}, "attribute_exists(pk)"), later).error,
            std::error_code{});                                   // conditions still see it
  EXPECT_EQ(core.sweep_ttl(later, sim::seconds(60), epoch), 0u);  // delete delay not yet over
  EXPECT_EQ(core.sweep_ttl(sim::seconds(71), sim::seconds(60), epoch), 1u);
  EXPECT_FALSE(core.get_item(get("k"), sim::seconds(72)).attributes);
  const auto& last = core.changes().back();
  EXPECT_TRUE(last.ttl_delete);  // D10: TTL deletions appear in the stream
  EXPECT_EQ(last.kind, change_kind::remove);
}

TEST(store_core, change_stream_records_writer_images_and_order) {  // D11
  store_core core{{table()}};
  core.put_item(put({{"pk", S("k")}, {"v", N(1)}}), 5, {.writer = 42});
  core.update_item(update("k", "SET v = :v", values({{":v", N(2)}})), 6, {.writer = 43});
  core.delete_item({.table = "tbl", .key = {{"pk", S("k")}}}, 7, {.writer = 44});
  core.delete_item({.table = "tbl", .key = {{"pk", S("k")}}}, 8, {.writer = 45});  // absent: no record
  const auto& c = core.changes();
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].kind, change_kind::insert);
  EXPECT_EQ(c[0].writer, 42u);
  EXPECT_EQ(c[1].kind, change_kind::modify);
  EXPECT_EQ(c[1].old_image->at("v"), N(1));
  EXPECT_EQ(c[1].new_image->at("v"), N(2));
  EXPECT_EQ(c[2].kind, change_kind::remove);
  EXPECT_EQ(c[2].time, 7);
  EXPECT_LT(c[0].sequence, c[2].sequence);
}

TEST(store_core, the_table_keeps_items_packed_and_reads_decode_them_unchanged) {  // D11, §8 memory
  store_core core{{table()}};
  item written{
      {"pk", S("k")},
      {"v", N(1)},
      {"note", S("a long enough text to leave SSO")},
      {"flags", attribute_value::make_set(value_type::ns, {"3", "1.50", "2"})},
      {"nested",
       attribute_value::m({{"l", attribute_value::l({attribute_value::b(std::string("\0\xff", 2)),
                                                     attribute_value::boolean(false), attribute_value::null()})}})}};
  core.put_item(put(written), 0);
  const item* stored = core.find("tbl", {{"pk", S("k")}});
  ASSERT_NE(stored, nullptr);
  EXPECT_EQ(*stored, written);
  ASSERT_EQ(core.changes().size(), 1u);
  EXPECT_EQ(*core.changes().back().new_image, written);
  EXPECT_FALSE(core.changes().back().old_image);
  core.update_item(update("k", "SET v = :v", values({{":v", N(2)}})), 1);
  EXPECT_EQ(*core.changes().back().old_image, written);  // the previous value, decoded
  EXPECT_EQ(core.changes().back().new_image->at("v"), N(2));
  EXPECT_FALSE(core.changes().back().unchanged);
  // Writing the same item again is a change the stream marks unchanged (equal encodings).
  item same = *core.changes().back().new_image;
  core.put_item(put(same), 2);
  EXPECT_TRUE(core.changes().back().unchanged);
  EXPECT_EQ(core.items("tbl"), std::vector<item>{same});
}

TEST(store_core, a_scalar_value_is_compact) {  // §8: one value per attribute of every stored item
  // A scalar holds no list, map or set storage; an item's per-attribute cost stays small.
  EXPECT_LE(sizeof(attribute_value), 48u);
  attribute_value v = attribute_value::l({S("x"), N(1)});
  attribute_value copy = v;
  EXPECT_EQ(copy, v);
  EXPECT_EQ(copy.list().size(), 2u);
  attribute_value moved = std::move(copy);
  EXPECT_EQ(moved, v);
  EXPECT_EQ(S("a"), S("a"));
  EXPECT_TRUE(attribute_value::l({}) == attribute_value::l({}));
}

TEST(store_core, identical_overwrite_is_recorded_as_unchanged) {  // D11 + docs/architecture.md §6 counting
  store_core core{{table()}};
  core.put_item(put({{"pk", S("k")}, {"v", N(1)}}), 0);
  core.put_item(put({{"pk", S("k")}, {"v", N(1)}}), 1);
  ASSERT_EQ(core.changes().size(), 2u);
  EXPECT_TRUE(core.changes()[1].unchanged);
}

TEST(store_core, query_returns_a_partition_in_sort_key_order) {
  store_core core{{table("tbl", true)}};
  for (int sk : {3, 1, 10, 2}) core.put_item(put({{"pk", S("p")}, {"sk", N(sk)}}), 0);
  core.put_item(put({{"pk", S("q")}, {"sk", N(1)}}), 0);
  query_request q{.table = "tbl", .key_condition = "pk = :p AND sk BETWEEN :a AND :b"};
  q.expr = values({{":p", S("p")}, {":a", N(2)}, {":b", N(10)}});
  auto res = core.query(q, 1);
  ASSERT_TRUE(res.ok()) << res.message;
  ASSERT_EQ(res.items.size(), 3u);
  EXPECT_EQ(res.items[0].at("sk"), N(2));
  EXPECT_EQ(res.items[2].at("sk"), N(10));  // numeric, not lexicographic
  q.scan_index_forward = false;
  q.limit = 1;
  EXPECT_EQ(core.query(q, 1).items.at(0).at("sk"), N(10));
  query_request bad{.table = "tbl", .key_condition = "sk = :a"};
  bad.expr = values({{":a", N(1)}});
  EXPECT_EQ(core.query(bad, 1).message, "Query condition missed key schema element: pk");
}

}  // namespace
}  // namespace slsim::store
