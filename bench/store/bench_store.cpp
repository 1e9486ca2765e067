// Store model throughput: conditional PutItem/s and UpdateItem-with-expression/s on
// store_core (parse cache warm, 10k distinct keys), plus the same through the wire
// codec. Measures and prints; asserts nothing.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "slsim/store/store_core.hpp"
#include "slsim/store/wire.hpp"

namespace {
using namespace slsim::store;
using clock_type = std::chrono::steady_clock;

template <class F>
double rate(std::size_t n, F&& f) {
  const auto start = clock_type::now();
  for (std::size_t i = 0; i < n; ++i) f(i);
  const std::chrono::duration<double> dt = clock_type::now() - start;
  return static_cast<double>(n) / dt.count();
}

}  // namespace

int main() {
  constexpr std::size_t k_ops = 200'000;
  constexpr std::size_t k_keys = 10'000;
  std::vector<attribute_value> keys;
  for (std::size_t i = 0; i < k_keys; ++i) keys.push_back(attribute_value::s("req-" + std::to_string(i)));

  table_config t;
  t.name = "results";
  store_core core{{t}};
  std::size_t failed = 0;
  put_request put;
  put.table = "results";
  put.condition = "attribute_not_exists(pk)";
  const double puts = rate(k_ops, [&](std::size_t i) {
    put.item = {{"pk", keys[i % k_keys]},
                {"amount", attribute_value::n(static_cast<std::int64_t>(i))},
                {"status", attribute_value::s("done")}};
    failed += !core.put_item(put, static_cast<std::int64_t>(i)).ok();
  });

  update_request upd;
  upd.table = "results";
  upd.update = "SET #t = if_not_exists(#t, :zero) + :amt, #s = :s ADD #c :one";
  upd.condition = "attribute_exists(pk) AND #s <> :bad";
  upd.expr.names = {{{"#t", "total"}, {"#s", "status"}, {"#c", "count"}}};
  upd.expr.values = {{{":zero", attribute_value::n(0)},
                      {":amt", attribute_value::n(5)},
                      {":s", attribute_value::s("seen")},
                      {":one", attribute_value::n(1)},
                      {":bad", attribute_value::s("poison")}}};
  const double updates = rate(k_ops, [&](std::size_t i) {
    upd.key = {{"pk", keys[i % k_keys]}};
    failed += !core.update_item(upd, static_cast<std::int64_t>(k_ops + i)).ok();
  });

  const auto body = wire::encode(upd);
  const double wire_updates = rate(k_ops / 4, [&](std::size_t i) {
    auto b = body;
    b["Key"]["pk"]["S"] = keys[i % k_keys].scalar;
    failed += wire::handle(core, "UpdateItem", b, static_cast<std::int64_t>(2 * k_ops + i)).status != 200;
  });

  std::printf(
      "conditional PutItem (store_core):             %10.0f ops/s (%zu ops, %zu keys; %zu failed conditions "
      "expected)\n",
      puts, k_ops, k_keys, k_ops - k_keys);
  std::printf("UpdateItem with condition+expression (core):  %10.0f ops/s\n", updates);
  std::printf("UpdateItem through the JSON wire codec:       %10.0f ops/s\n", wire_updates);
  std::printf("change records: %zu, unexpected failures: %zd\n", core.changes().size(),
              static_cast<std::ptrdiff_t>(failed) - static_cast<std::ptrdiff_t>(k_ops - k_keys));
  return 0;
}
