// Request validation of the store core, with DynamoDB's ValidationException
// messages: expression parameters, placeholders, key schema (D1, D3).
#include <algorithm>

#include "core_impl.hpp"
#include "nesting.hpp"

namespace slsim::store {
namespace detail {

store_result fail(store_errc e, std::string message) {
  store_result r;
  r.error = make_error_code(e);
  r.message = std::move(message);
  return r;
}

namespace {

bool valid_placeholder(std::string_view key, char lead) {
  if (key.size() < 2 || key[0] != lead) return false;
  return std::all_of(key.begin() + 1, key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

template <class Map>
std::string unused_keys(const Map& m, std::vector<std::string_view>& used) {
  std::sort(used.begin(), used.end());
  std::string out;
  for (const auto& [k, v] : m) {
    if (std::binary_search(used.begin(), used.end(), std::string_view(k))) continue;
    out += (out.empty() ? "" : ", ") + k;
  }
  return out;
}

std::string key_message(const std::string& attr, value_type type, bool in_item) {
  return std::string(in_item ? "One or more parameter values are not valid. "
                             : "One or more parameter values were invalid: ") +
         "The AttributeValue for a key attribute cannot contain an empty " +
         (type == value_type::s ? "string" : "binary") + " value. Key: " + attr;
}

}  // namespace
}  // namespace detail

using namespace detail;

detail::table_state* store_core::impl::table(std::string_view name) {
  auto it = tables.find(name);
  return it == tables.end() ? nullptr : &it->second;
}

std::shared_ptr<const parsed_expression> store_core::impl::cached(std::string_view text, bool update) {
  auto& cache = update ? update_cache : condition_cache;
  if (auto it = cache.find(text); it != cache.end()) return it->second;
  if (cache.size() >= 4096) cache.clear();  // a bound on memory; deterministic
  auto parsed = update ? parse_update(text) : parse_condition(text);
  cache.emplace(std::string(text), parsed);
  return parsed;
}

std::string store_core::impl::prepare(const std::optional<std::string>& condition,
                                      const std::optional<std::string>& update, const expression_args& args,
                                      const char* expression_list, prepared& out) {
  const bool any = condition.has_value() || update.has_value();
  if (args.names && !any) return "ExpressionAttributeNames can only be specified when using expressions";
  if (args.values && !any)
    return std::string("ExpressionAttributeValues can only be specified when using expressions: ") + expression_list;
  if (args.names) {
    if (args.names->empty()) return "ExpressionAttributeNames must not be empty";
    for (const auto& [k, v] : *args.names)
      if (!valid_placeholder(k, '#'))
        return "ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + k + "\"";
  }
  if (args.values) {
    if (args.values->empty()) return "ExpressionAttributeValues must not be empty";
    for (const auto& [k, v] : *args.values)
      if (!valid_placeholder(k, ':'))
        return "ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + k + "\"";
  }
  // MD21: each placeholder at most 255 bytes; all substitutions together at most 2 MB
  // (message wording inferred: DynamoDB's text for these two is not documented).
  constexpr std::size_t k_max_placeholder = 255;
  constexpr std::size_t k_max_substitutions = std::size_t{2} << 20;
  std::size_t substitutions = 0;
  if (args.names)
    for (const auto& [k, v] : *args.names) {
      if (k.size() > k_max_placeholder)
        return "ExpressionAttributeNames contains invalid key: the key exceeds the maximum length of 255 bytes; "
               "key length: " +
               std::to_string(k.size());
      substitutions += k.size() + v.size();
    }
  if (args.values)
    for (const auto& [k, v] : *args.values) {
      if (k.size() > k_max_placeholder)
        return "ExpressionAttributeValues contains invalid key: the key exceeds the maximum length of 255 bytes; "
               "key length: " +
               std::to_string(k.size());
      if (nested_deeper_than(v, k_max_nesting_levels)) return k_nesting_message;  // before sizing recurses
      substitutions += k.size() + value_size(v);
    }
  if (substitutions > k_max_substitutions)
    return "ExpressionAttributeNames and ExpressionAttributeValues exceed the maximum size of 2 MB; size: " +
           std::to_string(substitutions);
  out.env.names = args.names ? &*args.names : nullptr;
  out.env.values = args.values ? &*args.values : nullptr;
  usage used;
  if (update) {
    out.update = cached(*update, true);
    if (auto err = bind(*out.update, out.env, used); !err.empty()) return "Invalid UpdateExpression: " + err;
  }
  if (condition) {
    out.condition = cached(*condition, false);
    if (auto err = bind(*out.condition, out.env, used); !err.empty()) return "Invalid ConditionExpression: " + err;
  }
  if (args.names)
    if (auto unused = unused_keys(*args.names, used.names); !unused.empty())
      return "Value provided in ExpressionAttributeNames unused in expressions: keys: {" + unused + "}";
  if (args.values)
    if (auto unused = unused_keys(*args.values, used.values); !unused.empty())
      return "Value provided in ExpressionAttributeValues unused in expressions: keys: {" + unused + "}";
  return {};
}

std::string store_core::impl::key_of_item(const table_state& t, const item& it, attribute_value& pk,
                                          attribute_value& sk) const {
  const auto one = [&](const key_attribute& k, value_type type, attribute_value& out,
                       std::size_t limit) -> std::string {
    auto f = it.find(k.name);
    if (f == it.end()) return "One or more parameter values were invalid: Missing the key " + k.name + " in the item";
    if (f->second.type != type)
      return "One or more parameter values were invalid: Type mismatch for key " + k.name +
             " expected: " + std::string(type_name(type)) + " actual: " + std::string(type_name(f->second.type));
    if (type != value_type::n && f->second.scalar.empty()) return key_message(k.name, type, true);
    if (f->second.scalar.size() > limit)
      return limit == 2048 ? "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size "
                             "limit of2048 bytes"
                           : "One or more parameter values were invalid: Aggregated size of all range keys has "
                             "exceeded the size limit of 1024 bytes";
    out = f->second;
    return {};
  };
  if (auto err = one(t.config.partition_key, t.pk_type, pk, 2048); !err.empty()) return err;
  sk = attribute_value::null();
  if (t.has_sort_key) return one(t.config.sort_key, t.sk_type, sk, 1024);
  return {};
}

std::string store_core::impl::key_of_key(const table_state& t, const item& key, attribute_value& pk,
                                         attribute_value& sk) const {
  constexpr const char* k_mismatch = "The provided key element does not match the schema";
  if (key.size() != (t.has_sort_key ? 2u : 1u)) return k_mismatch;
  const auto one = [&](const key_attribute& k, value_type type, attribute_value& out) -> std::string {
    auto f = key.find(k.name);
    if (f == key.end() || f->second.type != type) return k_mismatch;
    if (type != value_type::n && f->second.scalar.empty()) return key_message(k.name, type, false);
    out = f->second;
    return {};
  };
  if (auto err = one(t.config.partition_key, t.pk_type, pk); !err.empty()) return err;
  sk = attribute_value::null();
  if (t.has_sort_key) return one(t.config.sort_key, t.sk_type, sk);
  return {};
}

std::string store_core::impl::check_update_keys(const table_state& t, const prepared& p) const {
  if (!p.update) return {};
  for (const auto* k : {&t.config.partition_key, &t.config.sort_key}) {
    if (k->name.empty()) continue;
    for (const auto& c : p.update->clauses) {
      if (step_name(c.path[0], p.env) != k->name) continue;
      if (c.path.size() > 1)
        return "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: " +
               k->name;
      return "One or more parameter values were invalid: Cannot update attribute " + k->name +
             ". This attribute is part of the key";
    }
  }
  return {};
}

}  // namespace slsim::store
