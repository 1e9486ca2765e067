// Evaluation of bound condition expressions against an item (D1): comparisons of
// values of different types are false, a missing attribute fails every test except
// <> and attribute_not_exists, contains/begins_with/size per the API reference.
#include <algorithm>

#include "expression_ast.hpp"

namespace slsim::store::detail {
namespace {

struct operand {
  const attribute_value* v = nullptr;
  attribute_value tmp;  // computed values (size)
};

bool is_scalar(value_type t) { return t == value_type::s || t == value_type::n || t == value_type::b; }

class evaluator {
 public:
  evaluator(const parsed_expression& e, const item& it, const expression_env& env) : e_(e), it_(it), env_(env) {}

  void eval_operand(std::uint32_t i, operand& out) const {
    const auto& n = e_.nodes[i];
    switch (n.kind) {
      case op::path:
        out.v = resolve(it_, n.path, env_);
        return;
      case op::value:
        out.v = &env_.values->find(n.ref)->second;
        return;
      case op::size: {
        operand inner;
        eval_operand(n.args[0], inner);
        out.v = nullptr;
        if (!inner.v) return;
        std::size_t size = 0;
        switch (inner.v->type) {
          case value_type::s:
          case value_type::b:
            size = inner.v->scalar.size();
            break;
          case value_type::l:
            size = inner.v->list().size();
            break;
          case value_type::m:
            size = inner.v->map().size();
            break;
          case value_type::ss:
          case value_type::ns:
          case value_type::bs:
            size = inner.v->set().size();
            break;
          default:
            return;  // N, BOOL, NULL have no size
        }
        out.tmp = attribute_value::n(static_cast<std::int64_t>(size));
        out.v = &out.tmp;
        return;
      }
      default:
        out.v = nullptr;
        return;
    }
  }

  bool eval(std::uint32_t i) const {
    const auto& n = e_.nodes[i];
    switch (n.kind) {
      case op::and_:
        return eval(n.args[0]) && eval(n.args[1]);
      case op::or_:
        return eval(n.args[0]) || eval(n.args[1]);
      case op::not_:
        return !eval(n.args[0]);
      case op::attribute_exists:
        return resolve(it_, e_.nodes[n.args[0]].path, env_) != nullptr;
      case op::attribute_not_exists:
        return resolve(it_, e_.nodes[n.args[0]].path, env_) == nullptr;
      case op::eq:
      case op::ne:
      case op::lt:
      case op::le:
      case op::gt:
      case op::ge:
        return compare_op(n);
      case op::between:
        return between(n);
      case op::in:
        return in(n);
      case op::attribute_type: {
        operand a, t;
        eval_operand(n.args[0], a);
        eval_operand(n.args[1], t);
        return a.v && t.v && type_name(a.v->type) == t.v->scalar;
      }
      case op::begins_with: {
        operand a, p;
        eval_operand(n.args[0], a);
        eval_operand(n.args[1], p);
        return a.v && p.v && a.v->type == p.v->type && (a.v->type == value_type::s || a.v->type == value_type::b) &&
               a.v->scalar.compare(0, p.v->scalar.size(), p.v->scalar) == 0;
      }
      case op::contains:
        return contains(n);
      default:
        return false;  // size() or an unknown function used as a condition (bind rejects)
    }
  }

 private:
  bool compare_op(const node& n) const {
    operand a, b;
    eval_operand(n.args[0], a);
    eval_operand(n.args[1], b);
    if (n.kind == op::ne) {
      if (!a.v && !b.v) return false;
      return !(a.v && b.v && *a.v == *b.v);
    }
    if (!a.v || !b.v || a.v->type != b.v->type) return false;
    if (n.kind == op::eq) return *a.v == *b.v;
    if (!is_scalar(a.v->type)) return false;
    const int c = compare_scalars(*a.v, *b.v);
    switch (n.kind) {
      case op::lt:
        return c < 0;
      case op::le:
        return c <= 0;
      case op::gt:
        return c > 0;
      default:
        return c >= 0;
    }
  }

  bool between(const node& n) const {
    operand a, lo, hi;
    eval_operand(n.args[0], a);
    eval_operand(n.args[1], lo);
    eval_operand(n.args[2], hi);
    if (!a.v || !lo.v || !hi.v || !is_scalar(a.v->type)) return false;
    if (a.v->type != lo.v->type || a.v->type != hi.v->type) return false;
    return compare_scalars(*lo.v, *a.v) <= 0 && compare_scalars(*a.v, *hi.v) <= 0;
  }

  bool in(const node& n) const {
    operand a;
    eval_operand(n.args[0], a);
    if (!a.v) return false;
    for (std::size_t k = 1; k < n.args.size(); ++k) {
      operand c;
      eval_operand(n.args[k], c);
      if (c.v && *c.v == *a.v) return true;
    }
    return false;
  }

  bool contains(const node& n) const {
    operand a, x;
    eval_operand(n.args[0], a);
    eval_operand(n.args[1], x);
    if (!a.v || !x.v) return false;
    const auto& hay = *a.v;
    const auto& needle = *x.v;
    switch (hay.type) {
      case value_type::s:
      case value_type::b:
        return needle.type == hay.type && hay.scalar.find(needle.scalar) != std::string::npos;
      case value_type::ss:
      case value_type::ns:
      case value_type::bs: {
        const auto elem = hay.type == value_type::ss   ? value_type::s
                          : hay.type == value_type::ns ? value_type::n
                                                       : value_type::b;
        return needle.type == elem && std::binary_search(hay.set().begin(), hay.set().end(), needle.scalar);
      }
      case value_type::l:
        return std::find(hay.list().begin(), hay.list().end(), needle) != hay.list().end();
      default:
        return false;
    }
  }

  const parsed_expression& e_;
  const item& it_;
  const expression_env& env_;
};

}  // namespace

const attribute_value* resolve(const item& it, const raw_path& p, const expression_env& env) {
  const attribute_value* cur = nullptr;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const auto& s = p[i];
    if (s.index >= 0) {
      if (!cur || cur->type != value_type::l || static_cast<std::size_t>(s.index) >= cur->list().size()) return nullptr;
      cur = &cur->list()[static_cast<std::size_t>(s.index)];
      continue;
    }
    const item* m = i == 0 ? &it : (cur && cur->type == value_type::m ? &cur->map() : nullptr);
    if (!m) return nullptr;
    auto found = m->find(step_name(s, env));
    if (found == m->end()) return nullptr;
    cur = &found->second;
  }
  return cur;
}

bool evaluate_condition(const parsed_expression& e, const item& it, const expression_env& env) {
  return evaluator(e, it, env).eval(e.root);
}

}  // namespace slsim::store::detail
