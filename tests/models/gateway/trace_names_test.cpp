// Trace records of the gateway and its clients name their ids and value (trace files
// show names, not id0..id3).
#include <gtest/gtest.h>

#include <set>

#include "harness.hpp"
#include "slsim/gateway/clients.hpp"
#include "slsim/sim/trace_record.hpp"

namespace slsim::gateway {
namespace {

/// Collects the gateway's and clients' record kinds and every non-zero field without a name.
struct naming_listener final : sim::trace_listener {
  std::set<std::string> kinds;
  std::vector<std::string> unnamed;
  void on_record(const sim::trace_record& r) override {
    if (r.kind->component != "gateway" && r.kind->component != "client") return;
    const std::string kind = std::string(r.kind->component) + "." + std::string(r.kind->name);
    kinds.insert(kind);
    for (std::size_t i = 0; i < 4; ++i)
      if (r.ids[i] != 0 && r.kind->id_names[i].empty()) unnamed.push_back(kind + ".id" + std::to_string(i));
    if (r.value != 0 && r.kind->value_name.empty()) unnamed.push_back(kind + ".value");
  }
};

TEST(gateway_trace, every_record_names_its_ids_and_value) {
  testing::harness h(testing::exact_config());
  naming_listener names;
  h.ctx.set_trace_listener(&names);
  client_config c;
  c.arrival.requests = 20;
  client_fleet fleet(h.ctx, c, *h.gateway, sim::rng_source(5).stream("clients"));
  fleet.start();
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(names.kinds,
            (std::set<std::string>{"client.attempt", "client.done", "gateway.enqueue", "gateway.response"}));
  EXPECT_TRUE(names.unnamed.empty()) << names.unnamed.front();
}

}  // namespace
}  // namespace slsim::gateway
