// The packed form the store keeps its items in (§8 memory): decoding gives back the item,
// and equal encodings are exactly equal items, for every type and nesting.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "packed_item.hpp"
#include "store_test_util.hpp"

namespace slsim::store::detail {
namespace {

rc::Gen<std::string> short_text() { return rc::gen::container<std::string>(rc::gen::inRange<char>('a', 'e')); }

rc::Gen<attribute_value> value(int depth) {
  using av = attribute_value;
  auto scalars = rc::gen::oneOf(
      rc::gen::map(short_text(), [](std::string s) { return av::s(std::move(s)); }),
      rc::gen::map(rc::gen::inRange<std::int64_t>(-1000, 1000), [](std::int64_t n) { return av::n(n); }),
      rc::gen::map(rc::gen::arbitrary<std::string>(), [](std::string b) { return av::b(std::move(b)); }),
      rc::gen::map(rc::gen::arbitrary<bool>(), [](bool b) { return av::boolean(b); }), rc::gen::just(av::null()),
      rc::gen::map(rc::gen::container<std::vector<std::string>>(short_text()),
                   [](std::vector<std::string> m) { return av::make_set(value_type::ss, std::move(m)); }),
      rc::gen::map(rc::gen::container<std::vector<int>>(rc::gen::inRange(-50, 50)), [](std::vector<int> m) {
        std::vector<std::string> text;
        for (int n : m) text.push_back(std::to_string(n));
        return av::make_set(value_type::ns, std::move(text));
      }));
  if (depth == 0) return scalars;
  return rc::gen::oneOf(
      scalars,
      rc::gen::map(rc::gen::container<std::vector<attribute_value>>(value(depth - 1)),
                   [](std::vector<attribute_value> l) { return av::l(std::move(l)); }),
      rc::gen::map(rc::gen::container<std::map<std::string, attribute_value>>(short_text(), value(depth - 1)),
                   [](std::map<std::string, attribute_value> m) { return av::m(item(m.begin(), m.end())); }));
}

// Small items (up to ~8 members per level): the encoding's cases, not its volume, matter.
rc::Gen<item> any_item() {
  return rc::gen::scale(
      0.08, rc::gen::map(rc::gen::container<std::map<std::string, attribute_value>>(short_text(), value(2)),
                         [](std::map<std::string, attribute_value> m) { return item(m.begin(), m.end()); }));
}

RC_GTEST_PROP(packed_item, decoding_gives_back_the_item, ()) {
  const item it = *any_item();
  const packed_item packed(it);
  RC_ASSERT(packed.has_value());
  RC_ASSERT(packed.unpack() == it);
}

RC_GTEST_PROP(packed_item, equal_encodings_are_exactly_equal_items, ()) {
  const item a = *any_item();
  const item b = *rc::gen::oneOf(rc::gen::just(a), any_item());
  RC_ASSERT(packed_item(a).same_as(packed_item(b)) == (a == b));
}

TEST(packed_item, a_top_level_scalar_is_read_without_decoding_and_by_type) {
  const packed_item packed(item{
      {"pk", testing::S("k")}, {"ttl", testing::N(1700000000)}, {"m", attribute_value::m({{"ttl", testing::N(1)}})}});
  EXPECT_EQ(packed.scalar("ttl", value_type::n), "1700000000");
  EXPECT_EQ(packed.scalar("ttl", value_type::s), std::nullopt);  // D10: only a number counts
  EXPECT_EQ(packed.scalar("absent", value_type::n), std::nullopt);
  EXPECT_EQ(packed.scalar("pk", value_type::s), "k");
  EXPECT_FALSE(packed_item().has_value());
  EXPECT_EQ(packed_item().scalar("pk", value_type::s), std::nullopt);
}

TEST(packed_item, holds_an_items_text_and_three_bytes_per_attribute) {
  // The reference handler's result row, which a long run's result table holds per request:
  // about 130 bytes, where the decoded map takes about 700 (six nodes, a name and a value each).
  const item row{{"pk", testing::S("0b7c3c3e-8a1b-4c55-9d43-3f1f1c2a9e10")},
                 {"customerId", testing::S("customer-17")},
                 {"amount", testing::N(125)},
                 {"amountCents", testing::N(12500)},
                 {"tier", testing::S("gold")},
                 {"status", testing::S("processed")}};
  std::size_t text = 0;
  for (const auto& [name, v] : row) text += name.size() + v.scalar.size();
  EXPECT_EQ(packed_item(row).size(), 1 + text + 3 * row.size());  // count; name length, type, value length
}

}  // namespace
}  // namespace slsim::store::detail
