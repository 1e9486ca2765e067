// DynamoDB numbers: canonical text, exact arithmetic, the 38-digit and exponent limits.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "slsim/store/number.hpp"

namespace slsim::store {
namespace {

TEST(store_number, canonical_form_drops_insignificant_zeros_and_exponents) {
  EXPECT_EQ(*canonical_number("1.50"), "1.5");
  EXPECT_EQ(*canonical_number("15E-1"), "1.5");
  EXPECT_EQ(*canonical_number("007"), "7");
  EXPECT_EQ(*canonical_number("-0.000"), "0");
  EXPECT_EQ(*canonical_number("1e3"), "1000");
  EXPECT_EQ(*canonical_number(".5"), "0.5");
  EXPECT_EQ(*canonical_number("-12.3400"), "-12.34");
}

TEST(store_number, rejects_text_that_is_not_a_number) {
  EXPECT_FALSE(decimal::parse("abc"));
  EXPECT_FALSE(decimal::parse(""));
  EXPECT_FALSE(decimal::parse("1e"));
  EXPECT_FALSE(decimal::parse("1.2.3"));
  EXPECT_FALSE(decimal::parse("--1"));
}

TEST(store_number, addition_is_exact_where_double_is_not) {  // D4: ADD uses exact decimals
  const auto a = *decimal::parse("0.1");
  const auto b = *decimal::parse("0.2");
  EXPECT_EQ((a + b).to_string(), "0.3");
  const auto big = *decimal::parse("12345678901234567890123456789012345678");
  EXPECT_EQ((big + *decimal::parse("1")).to_string(), "12345678901234567890123456789012345679");
  EXPECT_EQ((*decimal::parse("5") - *decimal::parse("7.25")).to_string(), "-2.25");
}

TEST(store_number, limits_are_38_digits_and_exponents_minus130_to_125) {
  EXPECT_EQ(decimal::parse("1" + std::string(37, '1'))->limits_error(), "");
  EXPECT_EQ(decimal::parse("1" + std::string(38, '1'))->limits_error(),
            "Attempting to store more than 38 significant digits in a Number");
  EXPECT_EQ(decimal::parse("9.9E125")->limits_error(), "");
  EXPECT_EQ(decimal::parse("1E126")->limits_error(),
            "Number overflow. Attempting to store a number with magnitude larger than supported range");
  EXPECT_EQ(decimal::parse("1E-130")->limits_error(), "");
  EXPECT_EQ(decimal::parse("1E-131")->limits_error(),
            "Number underflow. Attempting to store a number with magnitude smaller than supported range");
}

TEST(store_number, comparison_is_numeric) {
  EXPECT_LT(compare(*decimal::parse("-10"), *decimal::parse("-9")), 0);
  EXPECT_GT(compare(*decimal::parse("10"), *decimal::parse("9.99")), 0);
  EXPECT_EQ(compare(*decimal::parse("1.0"), *decimal::parse("1")), 0);
  EXPECT_LT(compare(*decimal::parse("0"), *decimal::parse("0.001")), 0);
  EXPECT_GT(compare(*decimal::parse("0"), *decimal::parse("-0.001")), 0);
}

RC_GTEST_PROP(store_number, sum_matches_integer_arithmetic, (std::int32_t a, std::int32_t b)) {
  const auto x = *decimal::parse(std::to_string(a));
  const auto y = *decimal::parse(std::to_string(b));
  RC_ASSERT((x + y).to_string() == std::to_string(std::int64_t{a} + b));
  RC_ASSERT((x - y).to_string() == std::to_string(std::int64_t{a} - b));
  RC_ASSERT(compare(x, y) == (a < b ? -1 : (a > b ? 1 : 0)));
}

RC_GTEST_PROP(store_number, scaled_values_compare_like_their_integers, (std::int32_t a, std::int32_t b)) {
  const auto x = *decimal::parse(std::to_string(a) + "e-3");
  const auto y = *decimal::parse(std::to_string(b) + "e-3");
  RC_ASSERT(compare(x, y) == (a < b ? -1 : (a > b ? 1 : 0)));
  RC_ASSERT(compare((x + y) - y, x) == 0);
}

}  // namespace
}  // namespace slsim::store
