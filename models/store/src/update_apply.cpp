// D4: applying an UpdateExpression. All SET values are computed from the item as it
// was before the update; then SET/ADD/DELETE act in order and REMOVEs last (list
// elements from the highest index down, so indices refer to the original list).
#include <algorithm>

#include "expression_ast.hpp"
#include "slsim/store/number.hpp"

namespace slsim::store::detail {
namespace {

constexpr std::string_view k_missing = "The provided expression refers to an attribute that does not exist in the item";
constexpr std::string_view k_bad_type = "An operand in the update expression has an incorrect data type";
constexpr std::string_view k_bad_path = "The document path provided in the update expression is invalid for update";

value_type element_type(value_type set) {
  return set == value_type::ss ? value_type::s : set == value_type::ns ? value_type::n : value_type::b;
}

class applier {
 public:
  applier(const parsed_expression& e, const expression_env& env) : e_(e), env_(env) {}

  std::string run(item& it) {
    std::vector<attribute_value> set_values(e_.clauses.size());
    for (std::size_t i = 0; i < e_.clauses.size(); ++i) {
      if (e_.clauses[i].action != update_action::set) continue;
      if (auto err = value_of(e_.clauses[i].value, it, set_values[i]); !err.empty()) return err;
    }
    std::vector<const update_clause*> removes;
    for (std::size_t i = 0; i < e_.clauses.size(); ++i) {
      const auto& c = e_.clauses[i];
      std::string err;
      switch (c.action) {
        case update_action::set:
          err = put(it, c.path, std::move(set_values[i]));
          break;
        case update_action::add:
          err = add(it, c);
          break;
        case update_action::del:
          err = del(it, c);
          break;
        case update_action::remove:
          removes.push_back(&c);
          break;
      }
      if (!err.empty()) return err;
    }
    std::stable_sort(removes.begin(), removes.end(), [](const update_clause* a, const update_clause* b) {
      for (std::size_t k = 0; k < std::min(a->path.size(), b->path.size()); ++k) {
        if (a->path[k].index != b->path[k].index) return a->path[k].index > b->path[k].index;
        if (a->path[k].name != b->path[k].name) return false;
      }
      return false;
    });
    for (const auto* c : removes)
      if (auto err = remove(it, c->path); !err.empty()) return err;
    return {};
  }

 private:
  std::string value_of(std::uint32_t i, const item& it, attribute_value& out) const {
    const auto& n = e_.nodes[i];
    switch (n.kind) {
      case op::value:
        out = env_.values->find(n.ref)->second;
        return {};
      case op::path: {
        const auto* v = resolve(it, n.path, env_);
        if (!v) return std::string(k_missing);
        out = *v;
        return {};
      }
      case op::if_not_exists: {
        if (const auto* v = resolve(it, e_.nodes[n.args[0]].path, env_)) {
          out = *v;
          return {};
        }
        return value_of(n.args[1], it, out);
      }
      case op::list_append: {
        attribute_value a, b;
        if (auto err = value_of(n.args[0], it, a); !err.empty()) return err;
        if (a.type != value_type::l) return std::string(k_bad_type);
        if (auto err = value_of(n.args[1], it, b); !err.empty()) return err;
        if (b.type != value_type::l) return std::string(k_bad_type);
        for (auto& e : b.list()) a.list().push_back(std::move(e));
        out = std::move(a);
        return {};
      }
      case op::plus:
      case op::minus: {
        attribute_value a, b;
        if (auto err = value_of(n.args[0], it, a); !err.empty()) return err;
        if (a.type != value_type::n) return std::string(k_bad_type);
        if (auto err = value_of(n.args[1], it, b); !err.empty()) return err;
        if (b.type != value_type::n) return std::string(k_bad_type);
        return number_result(a.scalar, b.scalar, n.kind == op::minus, out);
      }
      default:
        return std::string(k_bad_type);
    }
  }

  static std::string number_result(const std::string& x, const std::string& y, bool minus, attribute_value& out) {
    const auto a = *decimal::parse(x);
    const auto b = *decimal::parse(y);
    const auto r = minus ? a - b : a + b;
    if (auto err = r.limits_error(); !err.empty()) return err;
    out = attribute_value{};
    out.type = value_type::n;
    out.scalar = r.to_string();
    return {};
  }

  // The container holding the last step of `p`: a map (name step) or list (index step).
  attribute_value* parent_of(item& it, const raw_path& p, item*& map_parent) const {
    map_parent = nullptr;
    if (p.size() == 1) {
      map_parent = &it;
      return nullptr;
    }
    raw_path prefix(p.begin(), p.end() - 1);
    auto* v = const_cast<attribute_value*>(resolve(it, prefix, env_));
    if (!v) return nullptr;
    if (p.back().index >= 0) return v->type == value_type::l ? v : nullptr;
    if (v->type == value_type::m) map_parent = &v->map();
    return nullptr;
  }

  // Finds or creates the slot at `p`; nullptr (with k_bad_path) if the parent is missing.
  attribute_value* slot(item& it, const raw_path& p, bool& existed) const {
    item* map_parent = nullptr;
    auto* list_parent = parent_of(it, p, map_parent);
    if (map_parent) {
      auto [pos, inserted] = map_parent->try_emplace(step_name(p.back(), env_));
      existed = !inserted;
      return &pos->second;
    }
    if (!list_parent) return nullptr;
    const auto idx = static_cast<std::size_t>(p.back().index);
    existed = idx < list_parent->list().size();
    if (!existed) list_parent->list().emplace_back();  // beyond the end: append (D4)
    return existed ? &list_parent->list()[idx] : &list_parent->list().back();
  }

  std::string put(item& it, const raw_path& p, attribute_value v) const {
    bool existed = false;
    auto* s = slot(it, p, existed);
    if (!s) return std::string(k_bad_path);
    *s = std::move(v);
    return {};
  }

  void erase_slot(item& it, const raw_path& p) const {
    item* map_parent = nullptr;
    auto* list_parent = parent_of(it, p, map_parent);
    if (map_parent)
      map_parent->erase(step_name(p.back(), env_));
    else if (list_parent && static_cast<std::size_t>(p.back().index) < list_parent->list().size())
      list_parent->list().erase(list_parent->list().begin() + p.back().index);
  }

  std::string add(item& it, const update_clause& c) const {
    const auto& v = env_.values->find(e_.nodes[c.value].ref)->second;
    bool existed = false;
    auto* s = slot(it, c.path, existed);
    if (!s) return std::string(k_bad_path);
    if (!existed) {  // D4: a missing attribute counts as 0 / the empty set
      *s = v;
      return {};
    }
    if (s->type != v.type) return std::string(k_bad_type);
    if (v.type == value_type::n) return number_result(s->scalar, v.scalar, false, *s);
    std::vector<std::string> merged;
    std::set_union(s->set().begin(), s->set().end(), v.set().begin(), v.set().end(), std::back_inserter(merged));
    s->set() = std::move(merged);
    return {};
  }

  std::string del(item& it, const update_clause& c) const {
    const auto& v = env_.values->find(e_.nodes[c.value].ref)->second;
    item* map_parent = nullptr;
    auto* list_parent = parent_of(it, c.path, map_parent);
    if (!map_parent && !list_parent) return std::string(k_bad_path);
    auto* s = const_cast<attribute_value*>(resolve(it, c.path, env_));
    if (!s) return {};
    if (s->type != v.type) return std::string(k_bad_type);
    std::vector<std::string> rest;
    std::set_difference(s->set().begin(), s->set().end(), v.set().begin(), v.set().end(), std::back_inserter(rest));
    if (rest.empty())
      erase_slot(it, c.path);  // sets are never empty
    else
      s->set() = std::move(rest);
    (void)element_type;
    return {};
  }

  std::string remove(item& it, const raw_path& p) const {
    item* map_parent = nullptr;
    auto* list_parent = parent_of(it, p, map_parent);
    if (!map_parent && !list_parent) return std::string(k_bad_path);
    erase_slot(it, p);
    return {};
  }

  const parsed_expression& e_;
  const expression_env& env_;
};

bool project_into(const attribute_value& src, const raw_path& p, std::size_t k, const expression_env& env,
                  attribute_value& dst) {
  if (k == p.size()) {
    dst = src;
    return true;
  }
  const auto& s = p[k];
  if (s.index >= 0) {
    if (src.type != value_type::l || static_cast<std::size_t>(s.index) >= src.list().size()) return false;
    attribute_value child;
    if (!project_into(src.list()[static_cast<std::size_t>(s.index)], p, k + 1, env, child)) return false;
    if (dst.type != value_type::l) dst = attribute_value::l({});
    dst.list().push_back(std::move(child));
    return true;
  }
  if (src.type != value_type::m) return false;
  auto found = src.map().find(step_name(s, env));
  if (found == src.map().end()) return false;
  attribute_value child;
  if (auto existing = dst.type == value_type::m ? dst.map().find(found->first) : dst.map().end();
      existing != dst.map().end())
    child = existing->second;
  if (!project_into(found->second, p, k + 1, env, child)) return false;
  if (dst.type != value_type::m) dst = attribute_value::m({});
  dst.map()[found->first] = std::move(child);
  return true;
}

}  // namespace

std::string apply_update(const parsed_expression& e, item& it, const expression_env& env) {
  return applier(e, env).run(it);
}

std::vector<raw_path> updated_paths(const parsed_expression& e) {
  std::vector<raw_path> out;
  for (const auto& c : e.clauses) out.push_back(c.path);
  return out;
}

void project_path(const item& it, const raw_path& p, const expression_env& env, item& out) {
  auto found = it.find(step_name(p[0], env));
  if (found == it.end()) return;
  attribute_value child;
  if (auto existing = out.find(found->first); existing != out.end()) child = existing->second;
  if (project_into(found->second, p, 1, env, child)) out[found->first] = std::move(child);
}

}  // namespace slsim::store::detail
