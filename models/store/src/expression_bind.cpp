// Per-request checks of a parsed expression: placeholders defined, literal operand
// types, BETWEEN bounds, overlapping update paths. Errors are reported in
// DynamoDB's order of precedence (as reproduced by dynalite's grammar actions).
#include <algorithm>

#include "expression_ast.hpp"
#include "slsim/store/number.hpp"

namespace slsim::store::detail {
namespace {

constexpr std::array k_condition_order{err::parens,    err::unknown_function, err::misused_function, err::reserved,
                                       err::attr_name, err::operand,          err::distinct,         err::function};
constexpr std::array k_update_order{err::reserved,      err::unknown_function, err::section,
                                    err::attr_name,     err::attr_val,         err::path_overlap,
                                    err::path_conflict, err::operand,          err::function};

std::string_view long_type_name(value_type t) {
  switch (t) {
    case value_type::s:
      return "STRING";
    case value_type::n:
      return "NUMBER";
    case value_type::b:
      return "BINARY";
    case value_type::null:
      return "NULL";
    case value_type::boolean:
      return "BOOLEAN";
    case value_type::l:
      return "LIST";
    case value_type::m:
      return "MAP";
    default:
      return type_name(t);
  }
}

std::string literal_text(const attribute_value& v) {
  if (v.type == value_type::s || v.type == value_type::n || v.type == value_type::b) return v.scalar;
  return "...";
}

class binder {
 public:
  binder(const parsed_expression& e, const expression_env& env, usage& used) : e_(e), env_(env), used_(used) {
    slots_ = e.errors;
  }

  std::string run() {
    for (const auto& n : e_.nodes) check_node(n);
    for (const auto& c : e_.clauses) {
      check_path(c.path);
      if (c.action == update_action::add || c.action == update_action::del) check_add_delete(c);
    }
    if (e_.is_update) check_overlaps();
    const auto pick = [this](const auto& order) -> std::string {
      for (auto cat : order)
        if (!slots_[static_cast<std::size_t>(cat)].empty()) return slots_[static_cast<std::size_t>(cat)];
      return {};
    };
    return e_.is_update ? pick(k_update_order) : pick(k_condition_order);
  }

 private:
  void set(err cat, std::string msg) {
    auto& slot = slots_[static_cast<std::size_t>(cat)];
    if (slot.empty()) slot = std::move(msg);
  }

  const attribute_value* literal(std::uint32_t i) {
    const auto& n = e_.nodes[i];
    if (n.kind != op::value || env_.values == nullptr) return nullptr;
    auto it = env_.values->find(n.ref);
    return it == env_.values->end() ? nullptr : &it->second;
  }

  void check_path(const raw_path& p) {
    for (const auto& s : p) {
      if (!s.placeholder) continue;
      auto it = env_.names ? env_.names->find(s.name) : decltype(env_.names->end()){};
      if (env_.names == nullptr || it == env_.names->end()) {
        set(err::attr_name,
            "An expression attribute name used in the document path is not defined; attribute name: " + s.name);
      } else {
        used_.names.push_back(it->first);
      }
    }
  }

  void check_node(const node& n) {
    if (n.kind == op::path) return check_path(n.path);
    if (n.kind == op::value) {
      auto it = env_.values ? env_.values->find(n.ref) : decltype(env_.values->end()){};
      if (env_.values == nullptr || it == env_.values->end()) {
        set(e_.is_update ? err::attr_val : err::attr_name,
            "An expression attribute value used in expression is not defined; attribute value: " + n.ref);
      } else {
        used_.values.push_back(it->first);
      }
      return;
    }
    check_types(n);
  }

  void operand_type_error(const std::string& fn, value_type t) {
    set(err::function, "Incorrect operand type for operator or function; operator or function: " + fn +
                           ", operand type: " + std::string(type_name(t)));
  }

  void check_types(const node& n) {
    switch (n.kind) {
      case op::begins_with:
        for (auto a : n.args)
          if (const auto* v = literal(a); v && v->type != value_type::s && v->type != value_type::b)
            operand_type_error(n.ref, v->type);
        break;
      case op::attribute_type: {
        if (n.args.size() != 2) break;
        const auto* v = literal(n.args[1]);
        if (v == nullptr || v->type != value_type::s) {
          if (v) operand_type_error(n.ref, v->type);
          break;
        }
        value_type t;
        if (!parse_type_name(v->scalar, t))
          set(err::function, "Invalid attribute type name found; type: " + v->scalar +
                                 ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
        break;
      }
      case op::between:
        check_between(n);
        break;
      case op::plus:
      case op::minus:
      case op::list_append: {
        const auto want = n.kind == op::list_append ? value_type::l : value_type::n;
        for (auto a : n.args)
          if (const auto* v = literal(a); v && v->type != want) operand_type_error(n.ref, v->type);
        break;
      }
      default:
        break;
    }
  }

  void check_between(const node& n) {
    const auto* lo = literal(n.args[1]);
    const auto* hi = literal(n.args[2]);
    if (!lo || !hi) return;
    const auto describe = [&] {
      return "lower bound operand: AttributeValue: {" + std::string(type_name(lo->type)) + ":" + literal_text(*lo) +
             "}, upper bound operand: AttributeValue: {" + std::string(type_name(hi->type)) + ":" + literal_text(*hi) +
             "}";
    };
    if (lo->type != hi->type)
      set(err::function, "The BETWEEN operator requires same data type for lower and upper bounds; " + describe());
    else if (compare_scalars(*lo, *hi) > 0)
      set(err::function,
          "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; " + describe());
  }

  void check_add_delete(const update_clause& c) {
    const auto* v = literal(c.value);
    if (!v || v->is_set() || (c.action == update_action::add && v->type == value_type::n)) return;
    set(err::operand, std::string("Incorrect operand type for operator or function; operator: ") +
                          (c.action == update_action::add ? "ADD" : "DELETE") +
                          ", operand type: " + std::string(long_type_name(v->type)));
  }

  std::string path_text(const raw_path& p) {
    std::string out = "[";
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (i) out += ", ";
      out += p[i].index >= 0 ? "[" + std::to_string(p[i].index) + "]" : step_name(p[i], env_);
    }
    return out + "]";
  }

  void check_overlaps() {
    if (!slots_[static_cast<std::size_t>(err::attr_name)].empty()) return;  // names unresolved
    for (std::size_t j = 1; j < e_.clauses.size(); ++j) {
      for (std::size_t i = 0; i < j; ++i) {
        const auto& a = e_.clauses[i].path;
        const auto& b = e_.clauses[j].path;
        bool differ = false;
        for (std::size_t k = 0; k < std::min(a.size(), b.size()) && !differ; ++k) {
          if ((a[k].index >= 0) != (b[k].index >= 0)) {
            set(err::path_conflict,
                "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: " +
                    path_text(a) + ", path two: " + path_text(b));
            differ = true;
          } else if (a[k].index != b[k].index || (a[k].index < 0 && step_name(a[k], env_) != step_name(b[k], env_))) {
            differ = true;
          }
        }
        if (!differ)
          set(err::path_overlap,
              "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: " +
                  path_text(a) + ", path two: " + path_text(b));
      }
    }
  }

  const parsed_expression& e_;
  const expression_env& env_;
  usage& used_;
  error_slots slots_;
};

}  // namespace

const std::string& step_name(const path_step& s, const expression_env& env) {
  if (!s.placeholder) return s.name;
  return env.names->find(s.name)->second;  // bind() checked it is defined
}

std::string bind(const parsed_expression& e, const expression_env& env, usage& used) {
  if (!e.syntax_error.empty()) return e.syntax_error;
  return binder(e, env, used).run();
}

}  // namespace slsim::store::detail
