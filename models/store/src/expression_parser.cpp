// Tokenizer and recursive-descent parsers for ConditionExpression and
// UpdateExpression (D1, D4). Syntax errors use DynamoDB's shape:
//   Syntax error; token: "<tok>", near: "<previous tok> <tok> <next tok>"
// Structural errors (unknown function, reserved word, misused function, ...) go
// into per-category slots so bind() can report them in DynamoDB's order.
#include <cctype>

#include "expression_ast.hpp"

namespace slsim::store::detail {
namespace {

enum class tok : std::uint8_t { ident, name_ref, value_ref, integer, punct, invalid, eof };

struct token {
  tok kind;
  std::uint32_t begin;
  std::uint32_t end;
};

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_word(char c) { return is_alpha(c) || (c >= '0' && c <= '9') || c == '_'; }

std::vector<token> tokenize(std::string_view s) {
  std::vector<token> out;
  std::uint32_t i = 0;
  const auto n = static_cast<std::uint32_t>(s.size());
  while (i < n) {
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    const std::uint32_t b = i;
    if (is_alpha(c)) {
      while (i < n && is_word(s[i])) ++i;
      out.push_back({tok::ident, b, i});
    } else if ((c == '#' || c == ':') && i + 1 < n && is_word(s[i + 1])) {
      ++i;
      while (i < n && is_word(s[i])) ++i;
      out.push_back({c == '#' ? tok::name_ref : tok::value_ref, b, i});
    } else if (c >= '0' && c <= '9') {
      while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
      out.push_back({tok::integer, b, i});
    } else if ((c == '<' || c == '>') && i + 1 < n && (s[i + 1] == '=' || (c == '<' && s[i + 1] == '>'))) {
      i += 2;
      out.push_back({tok::punct, b, i});
    } else if (std::string_view("()[],.=<>+-").find(c) != std::string_view::npos) {
      out.push_back({tok::punct, b, ++i});
    } else {
      out.push_back({tok::invalid, b, ++i});
    }
  }
  out.push_back({tok::eof, n, n});
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

struct syntax_failure {};
// A documented expression limit (MD21) was exceeded: the whole message, reported before
// any other error, as DynamoDB rejects such a request up front.
struct limit_failure {
  std::string message;
};

// MD21: expression limits of DynamoDB's "Expression parameters" constraints.
constexpr std::size_t k_max_expression_bytes = 4096;  // "maximum length of any expression string is 4 KB"
constexpr std::size_t k_max_operators = 300;          // "maximum number of operators or functions ... 300"
constexpr std::size_t k_max_in_operands = 100;        // "maximum number of operands for the IN comparator"
constexpr std::size_t k_max_path_depth = 32;          // "nested attributes up to 32 levels deep"
// With at most 300 operators, a non-redundant expression nests at most ~600 levels (each
// parenthesis level holds an operator, each NOT or function is one); deeper means redundant
// parentheses. The bound keeps the recursive descent (and bind/evaluate on its tree) shallow.
constexpr std::size_t k_max_nesting = 2 * k_max_operators + 2;

// Counts operators and functions on the token stream, without recursion (MD21, inferred
// rule): comparators, AND/OR/NOT, BETWEEN (its AND included), IN, functions, + and -; the
// `=` of an update's SET assigns and does not count.
std::size_t count_operators(const std::vector<token>& toks, std::string_view text, bool update) {
  const auto word = [&](const token& t) { return text.substr(t.begin, t.end - t.begin); };
  const auto kw = [&](const token& t, std::string_view k) {
    if (t.kind != tok::ident || t.end - t.begin != k.size()) return false;
    for (std::size_t i = 0; i < k.size(); ++i)
      if (std::toupper(static_cast<unsigned char>(text[t.begin + i])) != k[i]) return false;
    return true;
  };
  std::size_t n = 0;
  std::size_t betweens = 0;
  for (std::size_t i = 0; i < toks.size(); ++i) {
    const auto& t = toks[i];
    if (t.kind == tok::punct) {
      const auto w = word(t);
      if (w == "<>" || w == "<" || w == "<=" || w == ">" || w == ">=" || w == "+" || w == "-" || (w == "=" && !update))
        ++n;
    } else if (t.kind == tok::ident) {
      if (kw(t, "BETWEEN")) {
        ++n;
        ++betweens;
      } else if (kw(t, "AND")) {
        if (betweens > 0)
          --betweens;  // BETWEEN x AND y: one operator
        else
          ++n;
      } else if (kw(t, "OR") || kw(t, "NOT") || kw(t, "IN")) {
        ++n;
      } else if (i + 1 < toks.size() && toks[i + 1].kind == tok::punct && word(toks[i + 1]) == "(") {
        ++n;  // a function call
      }
    }
  }
  return n;
}

class parser {
 public:
  parser(std::string_view text, parsed_expression& out) : text_(text), toks_(tokenize(text)), out_(out) {}

  void check_operator_count() const {
    if (const auto n = count_operators(toks_, text_, out_.is_update); n > k_max_operators)
      throw limit_failure{"The expression contains too many operators; operator count: " + std::to_string(n)};
  }

  void parse_condition_root() {
    out_.root = parse_or();
    if (peek().kind != tok::eof) fail();
    check_condition_result(out_.root);
  }

  void parse_update_root() {
    std::array<bool, 4> seen{};
    do {
      const auto& t = peek();
      update_action a;
      if (is_kw(t, "SET"))
        a = update_action::set;
      else if (is_kw(t, "REMOVE"))
        a = update_action::remove;
      else if (is_kw(t, "ADD"))
        a = update_action::add;
      else if (is_kw(t, "DELETE"))
        a = update_action::del;
      else
        fail();
      static constexpr std::array<std::string_view, 4> k_names{"SET", "REMOVE", "ADD", "DELETE"};
      const auto ai = static_cast<std::size_t>(a);
      if (seen[ai])
        set_error(err::section,
                  "The \"" + std::string(k_names[ai]) + "\" section can only be used once in an update expression;");
      seen[ai] = true;
      ++pos_;
      do {
        update_clause c;
        c.action = a;
        c.path = parse_path();
        if (a == update_action::set) {
          expect("=");
          c.value = parse_set_value();
        } else if (a != update_action::remove) {
          if (peek().kind != tok::value_ref) fail();
          c.value = add_value_node(take());
        }
        out_.clauses.push_back(std::move(c));
      } while (accept(","));
    } while (peek().kind != tok::eof);
  }

 private:
  // Bounds the recursion (k_max_nesting); one per parenthesis, NOT or function level.
  struct nesting {
    explicit nesting(parser& p) : p_(p) {
      if (++p_.depth_ > k_max_nesting) throw limit_failure{"The expression has redundant parentheses;"};
    }
    ~nesting() { --p_.depth_; }
    nesting(const nesting&) = delete;
    nesting& operator=(const nesting&) = delete;
    parser& p_;
  };

  // --- conditions -----------------------------------------------------------
  std::uint32_t parse_or() {
    auto left = parse_and();
    while (is_kw(peek(), "OR")) {
      ++pos_;
      left = add({op::or_, {}, {}, {left, parse_and()}});
    }
    return left;
  }
  std::uint32_t parse_and() {
    auto left = parse_not();
    while (is_kw(peek(), "AND")) {
      ++pos_;
      left = add({op::and_, {}, {}, {left, parse_not()}});
    }
    return left;
  }
  std::uint32_t parse_not() {
    if (is_kw(peek(), "NOT")) {
      ++pos_;
      const nesting guard(*this);
      const auto inner = parse_not();
      check_condition_result(inner);
      return add({op::not_, {}, {}, {inner}});
    }
    return parse_primary();
  }
  std::uint32_t parse_primary() {
    if (is_punct(peek(), "(")) {
      const std::size_t open = pos_++;
      const nesting guard(*this);
      const auto inner = parse_or();
      expect(")");
      // ((cond)): the inner group opens right after ours and closes right before ours.
      for (const auto& [o, c] : groups_)
        if (o == open + 1 && c == pos_ - 2) set_error(err::parens, "The expression has redundant parentheses;");
      groups_.emplace_back(open, pos_ - 1);
      return inner;
    }
    const auto left = parse_operand();
    const auto& t = peek();
    static constexpr std::array<std::pair<std::string_view, op>, 6> k_cmp{
        {{"=", op::eq}, {"<>", op::ne}, {"<", op::lt}, {"<=", op::le}, {">", op::gt}, {">=", op::ge}}};
    for (const auto& [sym, kind] : k_cmp) {
      if (is_punct(t, sym)) {
        ++pos_;
        const auto right = parse_operand();
        check_misused({left, right});
        check_distinct(std::string(sym), left, right);
        return add({kind, {}, {}, {left, right}});
      }
    }
    if (is_kw(t, "BETWEEN")) {
      ++pos_;
      const auto lo = parse_operand();
      if (!is_kw(peek(), "AND")) fail();
      ++pos_;
      const auto hi = parse_operand();
      check_misused({left, lo, hi});
      return add({op::between, {}, {}, {left, lo, hi}});
    }
    if (is_kw(t, "IN")) {
      ++pos_;
      expect("(");
      node n{op::in, {}, {}, {left}};
      do n.args.push_back(parse_operand());
      while (accept(","));
      expect(")");
      if (n.args.size() - 1 > k_max_in_operands)
        throw limit_failure{"The IN operator is provided with too many operands; number of operands: " +
                            std::to_string(n.args.size() - 1)};
      check_misused(n.args);
      return add(std::move(n));
    }
    if (is_condition_function(left)) return left;
    if (out_.nodes[left].kind == op::size) {
      set_error(err::misused_function,
                "The function is not allowed to be used this way in an expression; function: size");
      return left;
    }
    fail();
  }

  // --- operands ---------------------------------------------------------------
  std::uint32_t parse_operand() {
    const auto& t = peek();
    if (t.kind == tok::value_ref) return add_value_node(take());
    if (t.kind == tok::ident && is_punct(toks_[pos_ + 1], "(")) return parse_function();
    if (t.kind == tok::ident || t.kind == tok::name_ref) return add({op::path, parse_path(), {}, {}});
    fail();
  }

  std::uint32_t parse_function() {
    const auto name = std::string(text(take()));
    expect("(");
    const nesting guard(*this);
    std::vector<std::uint32_t> args;
    if (!is_punct(peek(), ")")) {
      do args.push_back(out_.is_update ? parse_update_operand() : parse_operand());
      while (accept(","));
    }
    expect(")");
    if (!out_.is_update) check_misused(args);
    return add_function(name, std::move(args));
  }

  std::uint32_t add_function(const std::string& name, std::vector<std::uint32_t> args) {
    struct fn {
      std::string_view name;
      op kind;
      std::size_t arity;
      bool update;
    };
    static constexpr std::array<fn, 8> k_fns{{{"attribute_exists", op::attribute_exists, 1, false},
                                              {"attribute_not_exists", op::attribute_not_exists, 1, false},
                                              {"attribute_type", op::attribute_type, 2, false},
                                              {"begins_with", op::begins_with, 2, false},
                                              {"contains", op::contains, 2, false},
                                              {"size", op::size, 1, false},
                                              {"if_not_exists", op::if_not_exists, 2, true},
                                              {"list_append", op::list_append, 2, true}}};
    for (const auto& f : k_fns) {
      if (f.name != name || f.update != out_.is_update) continue;
      if (args.size() != f.arity) {
        set_error(out_.is_update ? err::function : err::operand,
                  "Incorrect number of operands for operator or function; operator or function: " + name +
                      ", number of operands: " + std::to_string(args.size()));
      } else if (f.kind != op::size && f.kind != op::list_append && out_.nodes[args[0]].kind != op::path) {
        set_error(err::function, "Operator or function requires a document path; operator or function: " + name);
      } else if (f.kind == op::size && out_.nodes[args[0]].kind != op::path) {
        set_error(err::function, "Operator or function requires a document path; operator or function: " + name);
      }
      if (!out_.is_update && args.size() == 2) check_distinct(name, args[0], args[1]);
      return add({f.kind, {}, name, std::move(args)});
    }
    set_error(err::unknown_function, "Invalid function name; function: " + name);
    return add({op::unknown_function, {}, name, std::move(args)});
  }

  raw_path parse_path() {
    raw_path p;
    p.push_back(parse_name_step());
    for (;;) {
      if (accept(".")) {
        p.push_back(parse_name_step());
      } else if (is_punct(peek(), "[")) {
        ++pos_;
        if (peek().kind != tok::integer) fail();
        const auto digits = text(take());
        path_step s;
        s.index = digits.size() > 9 ? INT32_MAX : std::stoi(std::string(digits));
        p.push_back(std::move(s));
        expect("]");
      } else {
        // MD21: a document path names at most 32 nested levels (inferred message wording).
        if (p.size() > k_max_path_depth)
          throw limit_failure{"The document path has too many nesting levels; nesting levels: " +
                              std::to_string(p.size())};
        return p;
      }
    }
  }

  path_step parse_name_step() {
    const auto& t = peek();
    if (t.kind != tok::ident && t.kind != tok::name_ref) fail();
    path_step s;
    s.name = std::string(text(take()));
    s.placeholder = t.kind == tok::name_ref;
    if (!s.placeholder && is_reserved_word(s.name))
      set_error(err::reserved, "Attribute name is a reserved keyword; reserved keyword: " + s.name);
    return s;
  }

  // --- update values ------------------------------------------------------------
  std::uint32_t parse_set_value() {
    const auto left = parse_update_operand();
    const bool plus = is_punct(peek(), "+");
    if (!plus && !is_punct(peek(), "-")) return left;
    ++pos_;
    const auto right = parse_update_operand();
    return add({plus ? op::plus : op::minus, {}, plus ? "+" : "-", {left, right}});
  }

  std::uint32_t parse_update_operand() {
    const auto& t = peek();
    if (t.kind == tok::value_ref) return add_value_node(take());
    if (t.kind == tok::ident && is_punct(toks_[pos_ + 1], "(")) return parse_function();
    if (t.kind == tok::ident || t.kind == tok::name_ref) return add({op::path, parse_path(), {}, {}});
    fail();
  }

  // --- structural checks -----------------------------------------------------------
  bool is_condition_function(std::uint32_t i) const {
    const auto k = out_.nodes[i].kind;
    return k >= op::attribute_exists || k == op::unknown_function;
  }
  void check_misused(const std::vector<std::uint32_t>& args) {
    for (auto a : args)
      if (is_condition_function(a) && out_.nodes[a].kind != op::unknown_function)
        set_error(err::misused_function,
                  "The function is not allowed to be used this way in an expression; function: " + out_.nodes[a].ref);
  }
  void check_condition_result(std::uint32_t i) {
    if (out_.nodes[i].kind == op::size)
      set_error(err::misused_function,
                "The function is not allowed to be used this way in an expression; function: size");
  }
  void check_distinct(const std::string& what, std::uint32_t a, std::uint32_t b) {
    const auto& x = out_.nodes[a];
    const auto& y = out_.nodes[b];
    if (x.kind != op::path || y.kind != op::path || x.path.size() != y.path.size()) return;
    for (std::size_t i = 0; i < x.path.size(); ++i)
      if (x.path[i].name != y.path[i].name || x.path[i].index != y.path[i].index) return;
    std::string p;
    for (const auto& s : x.path)
      p += (p.empty() ? "" : ", ") + (s.index >= 0 ? "[" + std::to_string(s.index) + "]" : s.name);
    set_error(
        err::distinct,
        "The first operand must be distinct from the remaining operands for this operator or function; operator: " +
            what + ", first operand: [" + p + "]");
  }

  // --- helpers --------------------------------------------------------------------
  std::uint32_t add(node n) {
    out_.nodes.push_back(std::move(n));
    return static_cast<std::uint32_t>(out_.nodes.size() - 1);
  }
  std::uint32_t add_value_node(const token& t) { return add({op::value, {}, std::string(text(t)), {}}); }
  void set_error(err e, std::string msg) {
    auto& slot = out_.errors[static_cast<std::size_t>(e)];
    if (slot.empty()) slot = std::move(msg);
  }
  const token& peek() const { return toks_[pos_]; }
  const token& take() { return toks_[pos_++]; }
  std::string_view text(const token& t) const { return text_.substr(t.begin, t.end - t.begin); }
  bool is_punct(const token& t, std::string_view p) const { return t.kind == tok::punct && text(t) == p; }
  bool is_kw(const token& t, std::string_view kw) const { return t.kind == tok::ident && iequals(text(t), kw); }
  bool accept(std::string_view p) {
    if (!is_punct(peek(), p)) return false;
    ++pos_;
    return true;
  }
  void expect(std::string_view p) {
    if (!accept(p)) fail();
  }
  [[noreturn]] void fail() { throw syntax_failure{}; }

 public:
  std::string syntax_message() const {
    const auto& t = toks_[std::min(pos_, toks_.size() - 1)];
    const std::string tok_text = t.kind == tok::eof ? "<EOF>" : std::string(text(t));
    const auto near_begin = pos_ > 0 ? toks_[pos_ - 1].begin : t.begin;
    const auto near_end = pos_ + 1 < toks_.size() ? toks_[pos_ + 1].end : t.end;
    return "Syntax error; token: \"" + tok_text + "\", near: \"" +
           std::string(text_.substr(near_begin, near_end - near_begin)) + "\"";
  }

 private:
  std::string_view text_;
  std::vector<token> toks_;
  std::size_t pos_ = 0;
  parsed_expression& out_;
  std::vector<std::pair<std::size_t, std::size_t>> groups_;  // (open, close) token indices
  std::size_t depth_ = 0;                                    // current nesting (k_max_nesting)
};

std::shared_ptr<const parsed_expression> parse_any(std::string_view text, bool update) {
  auto out = std::make_shared<parsed_expression>();
  out->is_update = update;
  if (text.empty()) {
    out->syntax_error = "The expression can not be empty;";
    return out;
  }
  if (text.size() > k_max_expression_bytes) {  // MD21: checked before tokenizing
    out->syntax_error =
        "Expression size has exceeded the maximum allowed size; expression size: " + std::to_string(text.size());
    return out;
  }
  parser p(text, *out);
  try {
    p.check_operator_count();
    if (update)
      p.parse_update_root();
    else
      p.parse_condition_root();
  } catch (const syntax_failure&) {
    out->syntax_error = p.syntax_message();
    out->nodes.clear();
    out->clauses.clear();
  } catch (const limit_failure& limit) {
    out->syntax_error = limit.message;
    out->nodes.clear();
    out->clauses.clear();
  }
  return out;
}

}  // namespace

std::shared_ptr<const parsed_expression> parse_condition(std::string_view text) { return parse_any(text, false); }
std::shared_ptr<const parsed_expression> parse_update(std::string_view text) { return parse_any(text, true); }

}  // namespace slsim::store::detail
