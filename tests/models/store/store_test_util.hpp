#pragma once
// Small builders shared by the store tests.
#include <string>

#include <ostream>

#include "slsim/store/store_core.hpp"
#include "slsim/store/wire.hpp"

namespace slsim::store {
/// Readable GoogleTest output for values (DynamoDB JSON).
inline void PrintTo(const attribute_value& v, std::ostream* os) { *os << wire::encode(v).dump(); }
}  // namespace slsim::store

namespace slsim::store::testing {

inline attribute_value S(std::string s) { return attribute_value::s(std::move(s)); }
inline attribute_value N(std::string_view n) { return attribute_value::n(n); }
inline attribute_value N(std::int64_t n) { return attribute_value::n(n); }

/// A table "t" keyed by pk (S), optionally with sort key sk (N) and TTL attribute.
inline table_config table(std::string name = "tbl", bool sort = false, std::string ttl = "") {
  table_config t;
  t.name = std::move(name);
  t.partition_key = {"pk", "S"};
  if (sort) t.sort_key = {"sk", "N"};
  t.ttl_attribute = std::move(ttl);
  return t;
}

inline expression_args values(std::map<std::string, attribute_value, std::less<>> v) {
  expression_args e;
  e.values = std::move(v);
  return e;
}

inline put_request put(item it, std::optional<std::string> cond = {}, expression_args e = {}) {
  put_request r;
  r.table = "tbl";
  r.item = std::move(it);
  r.condition = std::move(cond);
  r.expr = std::move(e);
  return r;
}

inline update_request update(std::string pk, std::string expr, expression_args e = {},
                             std::optional<std::string> cond = {}) {
  update_request r;
  r.table = "tbl";
  r.key = {{"pk", S(std::move(pk))}};
  r.update = std::move(expr);
  r.condition = std::move(cond);
  r.expr = std::move(e);
  return r;
}

inline get_request get(std::string pk, bool consistent = true) {
  get_request r;
  r.table = "tbl";
  r.key = {{"pk", S(std::move(pk))}};
  r.consistent_read = consistent;
  return r;
}

inline std::string code_of(const store_result& r) {
  return r.error ? std::string(wire_error_name(static_cast<store_errc>(r.error.value()))) : "OK";
}

}  // namespace slsim::store::testing
