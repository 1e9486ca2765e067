// Memory of one `slsim run`-like case against its length (docs/architecture.md §8): peak RSS
// and peak live heap. The store's tables (one result item per request, the user's own data)
// are part of both: they are held packed for the whole run.
// Usage: bench_memory [requests] [seed] [--trace-only | --full-records]. Prints one JSON object.
// bench/memory_scaling.sh runs it at 100k and 1M requests and checks the bounds.
// --trace-only runs the case as `slsim replay` does (properties::run_for_trace: no oracles,
// none of their records), with a listener that only counts records. --full-records keeps every
// message's record and result write (record_mode::full) instead of folding them as `slsim run` does.
#include <fmt/format.h>
#include <malloc.h>
#include <sys/resource.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string_view>

#include "slsim/alloc/allocator.hpp"
#include "slsim/examples/handlers.hpp"
#include "slsim/pipeline/summary.hpp"
#include "slsim/properties/case.hpp"

namespace {
// Live heap bytes, counted by usable size (what the allocator really holds).
std::size_t g_live = 0;
std::size_t g_peak = 0;

void* counted(std::size_t n) {
  void* p = std::malloc(n == 0 ? 1 : n);
  if (!p) throw std::bad_alloc();
  g_live += malloc_usable_size(p);
  if (g_live > g_peak) g_peak = g_live;
  return p;
}
void uncounted(void* p) noexcept {
  if (!p) return;
  g_live -= malloc_usable_size(p);
  std::free(p);
}
}  // namespace

void* operator new(std::size_t n) { return counted(n); }
void* operator new[](std::size_t n) { return counted(n); }
void operator delete(void* p) noexcept { uncounted(p); }
void operator delete[](void* p) noexcept { uncounted(p); }
void operator delete(void* p, std::size_t) noexcept { uncounted(p); }
void operator delete[](void* p, std::size_t) noexcept { uncounted(p); }

int main(int argc, char** argv) {
  using namespace slsim;
  const long requests = argc > 1 ? std::atol(argv[1]) : 100'000;
  const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  const bool trace_only = argc > 3 && std::string_view(argv[3]) == "--trace-only";
  const bool full = argc > 3 && std::string_view(argv[3]) == "--full-records";
  // The built-in scenario (its request mix, retries and DLQ) at `requests` requests in all.
  pipeline::scenario s = pipeline::builtin_scenario();
  s.clients.arrival.requests = static_cast<int>(requests / s.clients.clients);
  s.bounds.max_events = 4'000'000'000;
  s.bounds.wall_seconds = 7200;
  // The path `slsim run --seed N` takes: a case without faults, run and checked.
  properties::case_spec c;
  c.seed = seed;
  c.scenario = s;
  c.handler = "reference";
  if (trace_only) {
    struct counter final : sim::trace_listener {
      std::uint64_t n = 0;
      void on_record(const sim::trace_record&) override { ++n; }
    } records;
    const auto o = properties::run_for_trace(c, examples::reference_handler(), records);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    fmt::print(
        "{{\"requests\": {}, \"seed\": {}, \"mode\": \"trace-only\", \"records\": {}, \"trace_hash\": \"{:016x}\", "
        "\"peak_rss_mib\": {:.1f}, \"peak_heap_mib\": {:.1f}, \"allocator\": \"{}\"}}\n",
        requests, seed, records.n, o.run.trace_hash, static_cast<double>(usage.ru_maxrss) / 1024.0,
        static_cast<double>(g_peak) / (1024.0 * 1024.0), alloc::allocator_name());
    return 0;
  }
  auto r = properties::run_and_check(c, examples::reference_handler(), nullptr, {}, nullptr,
                                     full ? pipeline::record_mode::full : pipeline::record_mode::folded);
  const auto& o = r.outcome;
  const auto& verdict = r.result;
  const auto sum = pipeline::summarize(o, s);
  const std::size_t heap_peak = g_peak;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double mib = 1024.0 * 1024.0;
  const double rss = static_cast<double>(usage.ru_maxrss) * 1024.0 / mib;
  fmt::print(
      "{{\"requests\": {}, \"seed\": {}, \"accepted\": {}, \"results\": {}, \"trace_hash\": \"{:016x}\", "
      "\"verdict\": \"{}\", \"peak_rss_mib\": {:.1f}, \"peak_heap_mib\": {:.1f}, \"allocator\": \"{}\"}}\n",
      sum.requests, seed, sum.accepted, sum.results, o.run.trace_hash,
      verdict.hang() ? "hang" : (verdict.ok() ? "pass" : "fail"), rss, static_cast<double>(heap_peak) / mib,
      alloc::allocator_name());
  return verdict.ok() ? 0 : 1;
}
