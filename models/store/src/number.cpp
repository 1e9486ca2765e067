// Exact decimal arithmetic on digit strings; numbers are at most ~260 digits wide
// once aligned (E+125 .. E-130), so schoolbook addition is plenty fast.
#include "slsim/store/number.hpp"

#include <algorithm>

namespace slsim::store {
namespace {

// a >= b for two digit strings of equal length.
std::string add_digits(const std::string& a, const std::string& b) {
  std::string out(a.size() + 1, '0');
  int carry = 0;
  for (std::size_t i = a.size(); i-- > 0;) {
    const int d = (a[i] - '0') + (b[i] - '0') + carry;
    out[i + 1] = static_cast<char>('0' + d % 10);
    carry = d / 10;
  }
  out[0] = static_cast<char>('0' + carry);
  return out;
}

std::string sub_digits(const std::string& a, const std::string& b) {  // requires a >= b
  std::string out(a.size(), '0');
  int borrow = 0;
  for (std::size_t i = a.size(); i-- > 0;) {
    int d = (a[i] - '0') - (b[i] - '0') - borrow;
    borrow = d < 0 ? 1 : 0;
    if (d < 0) d += 10;
    out[i] = static_cast<char>('0' + d);
  }
  return out;
}

// Both magnitudes as digit strings over the same exponent and width.
void align(const std::string& da, std::int32_t ea, const std::string& db, std::int32_t eb, std::string& a,
           std::string& b, std::int32_t& e) {
  e = std::min(ea, eb);
  a = da + std::string(static_cast<std::size_t>(ea - e), '0');
  b = db + std::string(static_cast<std::size_t>(eb - e), '0');
  const std::size_t w = std::max(a.size(), b.size());
  a.insert(0, w - a.size(), '0');
  b.insert(0, w - b.size(), '0');
}

}  // namespace

std::optional<decimal> decimal::parse(std::string_view text) {
  std::size_t i = 0;
  decimal d;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) d.negative_ = text[i++] == '-';
  bool any_digit = false;
  bool seen_point = false;
  std::int64_t exp = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      any_digit = true;
      if (d.digits_.size() < 400) {
        d.digits_.push_back(c);
        if (seen_point) --exp;
      } else if (!seen_point) {
        ++exp;  // absurdly long input: keep the magnitude, drop the precision
      }
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!any_digit) return std::nullopt;
  if (i < text.size()) {
    if (text[i] != 'e' && text[i] != 'E') return std::nullopt;
    ++i;
    bool neg = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) neg = text[i++] == '-';
    if (i == text.size()) return std::nullopt;
    std::int64_t e = 0;
    for (; i < text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      if (e < 100000) e = e * 10 + (text[i] - '0');
    }
    exp += neg ? -e : e;
  }
  exp = std::clamp<std::int64_t>(exp, -100000, 100000);
  d.exponent_ = static_cast<std::int32_t>(exp);
  d.normalize();
  return d;
}

void decimal::normalize() {
  const auto first = digits_.find_first_not_of('0');
  if (first == std::string::npos) {
    digits_.clear();
    negative_ = false;
    exponent_ = 0;
    return;
  }
  digits_.erase(0, first);
  const auto last = digits_.find_last_not_of('0');
  exponent_ += static_cast<std::int32_t>(digits_.size() - 1 - last);
  digits_.resize(last + 1);
}

decimal decimal::negated() const {
  decimal r = *this;
  if (!r.digits_.empty()) r.negative_ = !r.negative_;
  return r;
}

decimal operator+(const decimal& x, const decimal& y) {
  if (x.is_zero()) return y;
  if (y.is_zero()) return x;
  std::string a, b;
  decimal r;
  align(x.digits_, x.exponent_, y.digits_, y.exponent_, a, b, r.exponent_);
  if (x.negative_ == y.negative_) {
    r.digits_ = add_digits(a, b);
    r.negative_ = x.negative_;
  } else if (a >= b) {  // equal widths: lexicographic order is numeric order
    r.digits_ = sub_digits(a, b);
    r.negative_ = x.negative_;
  } else {
    r.digits_ = sub_digits(b, a);
    r.negative_ = y.negative_;
  }
  r.normalize();
  return r;
}

decimal operator-(const decimal& a, const decimal& b) { return a + b.negated(); }

int compare(const decimal& a, const decimal& b) noexcept {
  if (a.negative_ != b.negative_) return a.negative_ ? -1 : 1;
  if (a.is_zero() || b.is_zero()) {
    if (a.is_zero() && b.is_zero()) return 0;
    const int mag = a.is_zero() ? -1 : 1;  // magnitude of a vs b
    return a.negative_ ? -mag : mag;
  }
  const auto adj_a = a.exponent_ + static_cast<std::int32_t>(a.digits_.size());
  const auto adj_b = b.exponent_ + static_cast<std::int32_t>(b.digits_.size());
  int mag = 0;
  if (adj_a != adj_b) {
    mag = adj_a < adj_b ? -1 : 1;
  } else {
    const int c = a.digits_.compare(b.digits_);  // same leading position: compare digit by digit
    mag = c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return a.negative_ ? -mag : mag;
}

std::string decimal::limits_error() const {
  if (digits_.empty()) return {};
  if (digits_.size() > 38) return "Attempting to store more than 38 significant digits in a Number";
  const auto adjusted = exponent_ + static_cast<std::int32_t>(digits_.size()) - 1;
  if (adjusted > 125) return "Number overflow. Attempting to store a number with magnitude larger than supported range";
  if (adjusted < -130)
    return "Number underflow. Attempting to store a number with magnitude smaller than supported range";
  return {};
}

std::string decimal::to_string() const {
  if (digits_.empty()) return "0";
  std::string out;
  if (negative_) out.push_back('-');
  if (exponent_ >= 0) {
    out += digits_;
    out.append(static_cast<std::size_t>(exponent_), '0');
    return out;
  }
  const auto frac = static_cast<std::size_t>(-exponent_);
  if (frac >= digits_.size()) {
    out += "0.";
    out.append(frac - digits_.size(), '0');
    out += digits_;
  } else {
    out.append(digits_, 0, digits_.size() - frac);
    out.push_back('.');
    out.append(digits_, digits_.size() - frac, std::string::npos);
  }
  return out;
}

std::optional<std::string> canonical_number(std::string_view text) {
  auto d = decimal::parse(text);
  if (!d || !d->limits_error().empty()) return std::nullopt;
  return d->to_string();
}

}  // namespace slsim::store
