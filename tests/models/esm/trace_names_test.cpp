// Trace records of the ESM name their ids and value (trace files show names, not id0..id3).
#include <gtest/gtest.h>

#include <set>

#include "esm_harness.hpp"
#include "slsim/sim/trace_record.hpp"

namespace slsim::esm {
namespace {

/// Collects the ESM's record kinds and every non-zero field that has no name.
struct naming_listener final : sim::trace_listener {
  std::set<std::string> kinds;
  std::vector<std::string> unnamed;
  void on_record(const sim::trace_record& r) override {
    if (r.kind->component != "esm") return;
    kinds.insert(std::string(r.kind->name));
    for (std::size_t i = 0; i < 4; ++i)
      if (r.ids[i] != 0 && r.kind->id_names[i].empty())
        unnamed.push_back(std::string(r.kind->name) + ".id" + std::to_string(i));
    if (r.value != 0 && r.kind->value_name.empty()) unnamed.push_back(std::string(r.kind->name) + ".value");
  }
};

TEST(esm_trace, every_record_names_its_ids_and_value) {
  testing::harness h;
  naming_listener names;
  h.ctx.set_trace_listener(&names);
  h.code.poison_times = 1;  // fails once, then succeeds: returned, redelivered, deleted
  h.create(testing::standard_queue(5), testing::function_with(2), {});
  for (int i = 0; i < 12; ++i) h.send(i == 3 ? "poison" : "m" + std::to_string(i));
  h.run_for(sim::seconds(60));
  for (const char* kind : {"receive", "batch", "invoke", "delete", "returned", "scale"})
    EXPECT_TRUE(names.kinds.count(kind)) << kind;
  EXPECT_TRUE(names.unnamed.empty()) << names.unnamed.front();
}

}  // namespace
}  // namespace slsim::esm
