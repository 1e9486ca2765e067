// Query on the partition key with an optional sort-key condition (=, <, <=, >, >=,
// BETWEEN, begins_with), in ascending sort-key order unless ScanIndexForward=false.
#include <algorithm>
#include <cmath>

#include "core_impl.hpp"

namespace slsim::store {
using namespace detail;

namespace {

struct key_condition {
  const attribute_value* pk = nullptr;
  op sk_op = op::path;  // op::path = no sort-key condition
  const attribute_value* a = nullptr;
  const attribute_value* b = nullptr;
};

// Splits the parsed KeyConditionExpression into its partition and sort parts.
std::string analyse(const parsed_expression& e, const expression_env& env, const table_state& t, key_condition& out) {
  std::vector<std::uint32_t> conds;
  const auto& root = e.nodes[e.root];
  if (root.kind == op::and_) {
    conds = {root.args[0], root.args[1]};
  } else {
    conds = {e.root};
  }
  for (auto i : conds) {
    const auto& n = e.nodes[i];
    switch (n.kind) {
      case op::eq:
      case op::lt:
      case op::le:
      case op::gt:
      case op::ge:
      case op::between:
      case op::begins_with:
        break;
      case op::and_:
        return "KeyConditionExpressions cannot contain nested operations";
      case op::or_:
        return "Invalid operator used in KeyConditionExpression: OR";
      case op::not_:
        return "Invalid operator used in KeyConditionExpression: NOT";
      case op::in:
        return "Invalid operator used in KeyConditionExpression: IN";
      case op::ne:
        return "Invalid operator used in KeyConditionExpression: <>";
      default:
        return "Invalid operator used in KeyConditionExpression: " + n.ref;
    }
    const auto& lhs = e.nodes[n.args[0]];
    if (lhs.kind != op::path)
      return "Invalid condition in KeyConditionExpression: operator must have the key attribute as its first operand";
    if (lhs.path.size() != 1) return "KeyConditionExpressions cannot have conditions on nested attributes";
    const auto& name = step_name(lhs.path[0], env);
    std::vector<const attribute_value*> vals;
    for (std::size_t k = 1; k < n.args.size(); ++k) {
      const auto& v = e.nodes[n.args[k]];
      if (v.kind != op::value)
        return "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition";
      vals.push_back(&env.values->find(v.ref)->second);
    }
    if (name == t.config.partition_key.name) {
      if (n.kind != op::eq) return "Query key condition not supported";
      if (out.pk) return "KeyConditionExpressions must only contain one condition per key";
      if (vals[0]->type != t.pk_type)
        return "One or more parameter values were invalid: Condition parameter type does not match schema type";
      out.pk = vals[0];
    } else if (t.has_sort_key && name == t.config.sort_key.name) {
      if (out.sk_op != op::path) return "KeyConditionExpressions must only contain one condition per key";
      for (const auto* v : vals)
        if (v->type != t.sk_type)
          return "One or more parameter values were invalid: Condition parameter type does not match schema type";
      out.sk_op = n.kind;
      out.a = vals[0];
      out.b = vals.size() > 1 ? vals[1] : nullptr;
    } else {
      return "Query condition missed key schema element: " +
             (out.pk ? t.config.sort_key.name : t.config.partition_key.name);
    }
  }
  if (!out.pk) return "Query condition missed key schema element: " + t.config.partition_key.name;
  return {};
}

bool sort_key_matches(const key_condition& kc, const attribute_value& sk) {
  if (kc.sk_op == op::path) return true;
  const int c = compare_scalars(sk, *kc.a);
  switch (kc.sk_op) {
    case op::eq:
      return c == 0;
    case op::lt:
      return c < 0;
    case op::le:
      return c <= 0;
    case op::gt:
      return c > 0;
    case op::ge:
      return c >= 0;
    case op::between:
      return c >= 0 && compare_scalars(sk, *kc.b) <= 0;
    case op::begins_with:
      return sk.scalar.compare(0, kc.a->scalar.size(), kc.a->scalar) == 0;
    default:
      return false;
  }
}

}  // namespace

store_result store_core::query(const query_request& r, sim::time_ns now, std::optional<sim::time_ns> as_of) {
  auto& s = *impl_;
  prepared p;
  const std::optional<std::string> text = r.key_condition;
  if (auto err = s.prepare(text, std::nullopt, r.expr, "KeyConditionExpression is null", p); !err.empty()) {
    if (err.rfind("Invalid ConditionExpression: ", 0) == 0) err = "Invalid KeyConditionExpression: " + err.substr(29);
    return fail(store_errc::validation, err);
  }
  auto* t = s.table(r.table);
  if (!t) return fail(store_errc::resource_not_found, "Requested resource not found");
  key_condition kc;
  if (auto err = analyse(*p.condition, p.env, *t, kc); !err.empty()) return fail(store_errc::validation, err);
  store_result res;
  const auto t_read = (r.consistent_read || !as_of) ? now : *as_of;
  std::size_t bytes = 0;
  {
    s.unspill_partition(*t, *kc.pk);
    const auto [first, last] = t->rows.equal_range(*kc.pk);
    for (auto row = first; row != last; ++row) {
      if (!sort_key_matches(kc, row->first.sk())) continue;
      const detail::packed_item* packed = row->second.as_of(t_read);
      if (!packed || !packed->has_value()) continue;
      res.items.push_back(packed->unpack());
      bytes += item_size(res.items.back());
    }
  }
  if (!r.scan_index_forward) std::reverse(res.items.begin(), res.items.end());
  if (r.limit && res.items.size() > *r.limit) res.items.resize(*r.limit);
  const double units = std::max(1.0, std::ceil(static_cast<double>(bytes) / 4096.0));
  res.consumed_capacity = r.consistent_read ? units : units / 2;
  const item key{{t->config.partition_key.name, *kc.pk}};
  s.emit("Query", r.table, &key, res, nullptr);
  return res;
}

}  // namespace slsim::store
