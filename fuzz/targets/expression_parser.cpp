// Fuzz target: the store's condition/update expression parser, binder and evaluator
// (MD21: any text a handler sends must end in a result or a ValidationException).
#include <cstdint>
#include <map>
#include <string>

#include "expression_ast.hpp"

using namespace slsim::store;
using namespace slsim::store::detail;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool update = (data[0] & 1) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto parsed = update ? parse_update(text) : parse_condition(text);

  static const std::map<std::string, std::string, std::less<>> names{{"#a", "a"}, {"#b", "b"}, {"#n", "n"}};
  static const std::map<std::string, attribute_value, std::less<>> values{
      {":a", attribute_value::s("x")},
      {":b", attribute_value::n(std::string_view("1"))},
      {":v", attribute_value::n(std::string_view("2.5"))},
      {":l", attribute_value::l({attribute_value::n(std::string_view("1"))})}};
  const expression_env env{&names, &values};
  usage used;
  if (!bind(*parsed, env, used).empty()) return 0;
  item it{{"a", attribute_value::s("x")},
          {"b", attribute_value::n(std::string_view("3"))},
          {"l", attribute_value::l({attribute_value::n(std::string_view("1")), attribute_value::s("y")})}};
  if (update)
    (void)apply_update(*parsed, it, env);
  else
    (void)evaluate_condition(*parsed, it, env);
  return 0;
}
