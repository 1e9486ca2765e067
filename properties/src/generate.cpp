#include "slsim/properties/generate.hpp"

#include <rapidcheck.h>

#include <algorithm>
#include <numeric>
#include <optional>
#include <tuple>
#include <vector>

namespace slsim::properties {
namespace {

// What RapidCheck generates and shrinks; turned into a concrete case by `realise`.
// Which requests a case sends: clients × requests, of which `kept` (ordinals) are sent.
struct workload_knobs {
  int clients = 1;
  int requests = 1;
  std::vector<std::int64_t> kept;
};

// The base scenario's workload: the requests a fault can be attached to.
struct workload_shape {
  int clients = 1;
  int requests = 1;
};

struct knobs {
  std::uint64_t sim_seed = 1;
  workload_knobs workload;
  bool late_retries = false;
  std::vector<std::pair<std::string, int>> vary;  // JSON pointer → integer value, or index of a listed choice
  std::vector<faults::fault> faults;
  int schedule = 0;  // index into generation_options::schedules
};

// Triggers are keyed (faults::request_target): a fault names a request of the workload by
// its client and index, one delivery of its message, and counts calls from there, so
// dropping other requests while shrinking neither moves nor removes it (§6), and every call
// of every invocation is as reachable as any other — a global count of store calls made
// each one reachable only by the few cases whose earlier traffic happened to add up to it.
// The ranges are fixed, independent of the workload's size: a fault whose request is not
// sent simply does not fire.
// A crash lands before any of an invocation's first store calls (a batch of up to ten
// records makes at least one call each) or right after one completes, or just before
// it returns (point 0).
constexpr int k_max_await_point = 12;
constexpr int k_max_call = 20;     // store calls within one invocation
constexpr int k_max_delivery = 5;  // the built-in maxReceiveCount (L7)
constexpr int k_max_resend = 3;    // messages / integration calls of one request (client retries)
// The number of faults in a case, drawn on its own: the elements are generated at full
// size, so their triggers cover their whole ranges whatever the count.
constexpr int k_max_faults_size = 6;
constexpr int k_full_size = 100;  // RapidCheck's nominal size: inRange uses its whole range

// `g`'s value, shrinking to every smaller value down to `lo`, smallest first. RapidCheck's
// own integer shrinking halves the distance (4 tries 1 and 3, never 2), while a call or
// await point within an invocation moves by a record's calls when a record is dropped
// from its batch: the shrinker must be able to follow it to the one that still fails.
rc::Gen<std::uint32_t> every_smaller(rc::Gen<std::uint32_t> g, std::uint32_t lo) {
  return rc::Gen<std::uint32_t>([g = std::move(g), lo](const rc::Random& random, int size) {
    return rc::shrinkable::shrinkRecur(g(random, size).value(),
                                       [lo](std::uint32_t v) { return rc::seq::range(lo, std::max(lo, v)); });
  });
}

// A value in [lo, n], three times in four from its first quarter: most invocations hold
// a record or two, so crash points and call numbers past the first few would rarely land,
// yet every value of the range stays reachable.
rc::Gen<std::uint32_t> early_biased(int n, int lo = 1) {
  const int quarter = std::max(lo + 1, lo + (n - lo + 1) / 4);
  return rc::gen::cast<std::uint32_t>(
      rc::gen::weightedOneOf<int>({{3, rc::gen::inRange(lo, quarter + 1)}, {1, rc::gen::inRange(lo, n + 1)}}));
}

// A call or await point within an invocation (see every_smaller).
rc::Gen<std::uint32_t> within_invocation(int n, int lo = 1) {
  return every_smaller(early_biased(n, lo), static_cast<std::uint32_t>(lo));
}

// A value in [1, n], three times in four 1: most requests are delivered and sent once.
rc::Gen<std::uint32_t> mostly_first(int n) {
  return rc::gen::cast<std::uint32_t>(
      rc::gen::weightedOneOf<int>({{3, rc::gen::just(1)}, {1, rc::gen::inRange(1, n + 1)}}));
}

// The request a fault is attached to: early ones more often, as the workload's own size is
// drawn below the base scenario's (a request past it is not sent).
rc::Gen<std::optional<faults::request_target>> target_gen(const workload_shape& shape) {
  return rc::gen::map(
      rc::gen::tuple(mostly_first(shape.clients), early_biased(shape.requests, 1), mostly_first(k_max_delivery)),
      [](std::tuple<std::uint32_t, std::uint32_t, std::uint32_t> t) {
        return std::optional<faults::request_target>(
            faults::request_target{std::get<0>(t) - 1, std::get<1>(t) - 1, std::get<2>(t)});
      });
}

// Latency in seconds: half the time a fine-grained value around the 3 s default timeout
// (a call returning just after the deadline, inside the kill lag, MD5), half the time up to
// a minute (far past any function timeout, L5).
rc::Gen<double> spike_seconds() {
  return rc::gen::weightedOneOf<double>(
      {{1, rc::gen::map(rc::gen::inRange(1, 51), [](int tenths) { return tenths / 10.0; })},
       {1, rc::gen::map(rc::gen::inRange(1, 60), [](int s) { return double(s); })}});
}

rc::Gen<faults::fault> fault_of_kind(faults::fault_kind kind, const workload_shape& shape) {
  using faults::fault_kind;
  auto keyed = [&](rc::Gen<std::uint32_t> nth) {
    return rc::gen::build<faults::fault>(rc::gen::set(&faults::fault::kind, rc::gen::just(kind)),
                                         rc::gen::set(&faults::fault::request, target_gen(shape)),
                                         rc::gen::set(&faults::fault::nth, std::move(nth)));
  };
  switch (kind) {
    case fault_kind::handler_crash:
      return rc::gen::map(
          rc::gen::build<faults::fault>(rc::gen::set(&faults::fault::kind, rc::gen::just(kind)),
                                        rc::gen::set(&faults::fault::request, target_gen(shape)),
                                        rc::gen::set(&faults::fault::point, within_invocation(k_max_await_point, 0)),
                                        rc::gen::set(&faults::fault::after, rc::gen::arbitrary<bool>())),
          [](faults::fault f) {
            f.after = f.after && f.point > 0;  // "after" needs a call to follow
            return f;
          });
    case fault_kind::store_error:
      return rc::gen::map(rc::gen::pair(keyed(within_invocation(k_max_call)),
                                        rc::gen::inRange<int>(0, static_cast<int>(faults::k_surfaced_errors))),
                          [](std::pair<faults::fault, int> p) {
                            p.first.error = static_cast<faults::surfaced_error>(p.second);
                            return p.first;
                          });
    case fault_kind::store_throttle:
      return rc::gen::map(rc::gen::pair(keyed(within_invocation(k_max_call)), rc::gen::inRange(1, 16)),
                          [](std::pair<faults::fault, int> p) {
                            p.first.count = static_cast<std::uint32_t>(p.second);
                            return p.first;
                          });
    case fault_kind::store_latency_spike:
    case fault_kind::gateway_slow:
      return rc::gen::map(rc::gen::pair(keyed(kind == fault_kind::gateway_slow ? mostly_first(k_max_resend)
                                                                               : within_invocation(k_max_call)),
                                        spike_seconds()),
                          [](std::pair<faults::fault, double> p) {
                            p.first.seconds = p.second;
                            return p.first;
                          });
    case fault_kind::duplicate_delivery:
    case fault_kind::gateway_lost_response:
      return keyed(mostly_first(k_max_resend));
    case fault_kind::delete_failure:
    case fault_kind::environment_recycle:
      return keyed(rc::gen::just(std::uint32_t{1}));
    default:
      return keyed(within_invocation(k_max_call));
  }
}

// Swarm testing: each case enables a random subset of fault kinds, then draws faults
// only of those kinds.
rc::Gen<std::vector<faults::fault>> swarm_faults(workload_shape shape) {
  return rc::gen::mapcat(rc::gen::container<std::vector<bool>>(faults::k_fault_kinds, rc::gen::arbitrary<bool>()),
                         [shape](const std::vector<bool>& enabled) {
                           std::vector<rc::Gen<faults::fault>> kinds;
                           for (std::size_t k = 0; k < enabled.size(); ++k)
                             if (enabled[k]) kinds.push_back(fault_of_kind(static_cast<faults::fault_kind>(k), shape));
                           if (kinds.empty()) return rc::gen::just(std::vector<faults::fault>{});
                           // The element generator runs at full size inside a small container:
                           // few faults per case, each trigger drawn from its whole range.
                           auto one = rc::gen::resize(k_full_size, rc::gen::join(rc::gen::elementOf(kinds)));
                           return rc::gen::resize(k_max_faults_size,
                                                  rc::gen::container<std::vector<faults::fault>>(one));
                         });
}

// All clients × requests ordinals, shrinking by dropping any chunk of them: each request
// draws from its own stream (clients.cpp), so the others stay exactly as they were.
rc::Gen<std::vector<std::int64_t>> kept_requests(std::int64_t n) {
  return rc::Gen<std::vector<std::int64_t>>([n](const rc::Random&, int) {
    std::vector<std::int64_t> all(static_cast<std::size_t>(n));
    std::iota(all.begin(), all.end(), 0);
    return rc::shrinkable::shrinkRecur(std::move(all), &rc::shrink::removeChunks<std::vector<std::int64_t>>);
  });
}

rc::Gen<workload_knobs> workload_gen(int base_clients, int base_requests) {
  // The counts shrink first (fast), then single requests are dropped.
  return rc::gen::mapcat(rc::gen::pair(rc::gen::inRange(1, base_clients + 1), rc::gen::inRange(1, base_requests + 1)),
                         [](std::pair<int, int> size) {
                           return rc::gen::map(kept_requests(std::int64_t{size.first} * size.second),
                                               [size](std::vector<std::int64_t> kept) {
                                                 return workload_knobs{size.first, size.second, std::move(kept)};
                                               });
                         });
}

rc::Gen<knobs> knobs_gen(const nlohmann::json& base, const generation_options& options) {
  const int base_clients = std::max(1, base.at("clients").at("clients").get<int>());
  const int base_requests = std::max(1, base.at("clients").at("arrival").at("requests").get<int>());
  auto vary_gen = rc::gen::just(std::vector<std::pair<std::string, int>>{});
  for (const auto& [path, range] : base.at("vary").items()) {
    if (!range.is_array() || range.empty()) continue;
    // [lo, hi] integers: a value in the range; a list of strings (an enumeration): the
    // index of one, shrinking toward the first listed.
    const bool integers = range.size() == 2 && range[0].is_number_integer() && range[1].is_number_integer();
    const bool choices = std::all_of(range.begin(), range.end(), [](const auto& v) { return v.is_string(); });
    if (!integers && !choices) continue;
    const int lo = integers ? range[0].get<int>() : 0;
    const int hi = integers ? range[1].get<int>() : static_cast<int>(range.size()) - 1;
    vary_gen = rc::gen::map(rc::gen::pair(vary_gen, rc::gen::inRange(lo, hi + 1)),
                            [p = path](std::pair<std::vector<std::pair<std::string, int>>, int> in) {
                              in.first.emplace_back(p, in.second);
                              return in.first;
                            });
  }
  // Independent components, so each shrinks on its own (joint shrinking, docs/architecture.md §6).
  return rc::gen::build<knobs>(
      rc::gen::set(&knobs::sim_seed,
                   rc::gen::arbitrary<std::uint64_t>()),  // shrinks too: another seed may need fewer requests
      rc::gen::set(&knobs::workload, workload_gen(base_clients, base_requests)),
      rc::gen::set(&knobs::late_retries, rc::gen::arbitrary<bool>()), rc::gen::set(&knobs::vary, vary_gen),
      rc::gen::set(&knobs::faults, options.faults ? swarm_faults({base_clients, base_requests})
                                                  : rc::gen::just(std::vector<faults::fault>{})),
      // Last: RapidCheck splits its random per component in order, so this draw moves none
      // of the components above (a case of seed N keeps its workload, vary and faults).
      rc::gen::set(&knobs::schedule, options.schedules.size() > 1
                                         ? rc::gen::inRange(0, static_cast<int>(options.schedules.size()))
                                         : rc::gen::just(0)));
}

case_spec realise(const nlohmann::json& base, const knobs& k, const generation_options& options) {
  case_spec c;
  c.seed = k.sim_seed;
  c.scenario = base;
  const auto& w = k.workload;
  c.scenario["clients"]["clients"] = w.clients;
  c.scenario["clients"]["arrival"]["requests"] = w.kept.empty() ? 0 : w.requests;
  if (!w.kept.empty() && w.kept.size() < static_cast<std::size_t>(w.clients) * static_cast<std::size_t>(w.requests))
    c.scenario["clients"]["arrival"]["only_requests"] = w.kept;
  if (!k.late_retries) c.scenario["clients"]["retry"]["late_retry_probability"] = 0.0;
  for (const auto& [path, value] : k.vary) {
    const auto& range = base.at("vary").at(path);
    const bool choices = !range.empty() && range[0].is_string();
    c.scenario[nlohmann::json::json_pointer(path)] =
        choices ? range.at(static_cast<std::size_t>(value)) : nlohmann::json(value);
  }
  if (!options.schedules.empty())
    c.scenario["schedule"].merge_patch(options.schedules.at(static_cast<std::size_t>(k.schedule)));
  c.plan.faults = k.faults;
  c.plan.buggify = options.faults;
  return c;
}

rc::Shrinkable<knobs> shrinkable_of(const nlohmann::json& base, std::uint64_t seed, const generation_options& options) {
  return knobs_gen(base, options)(rc::Random(seed), 100);
}
}  // namespace

std::optional<std::vector<nlohmann::json>> exploration_schedules(std::string_view strategy, bool scenario_sets_schedule,
                                                                 std::string* problem) {
  using json = nlohmann::json;
  const auto ties = [](const char* order) { return json{{"tie_order", order}, {"pct", {{"depth", 0}}}}; };
  const auto pct = [](int depth, double window_ms, std::int64_t steps) {
    return json{{"tie_order", "fifo"}, {"pct", {{"depth", depth}, {"window_ms", window_ms}, {"steps", steps}}}};
  };
  const auto fail = [problem](std::string why) -> std::optional<std::vector<json>> {
    if (problem) *problem = std::move(why);
    return std::nullopt;
  };
  // The default varies tie orders (same-instant events have no order in AWS), unless the
  // scenario asks for a schedule of its own.
  if (strategy.empty()) {
    if (scenario_sets_schedule) return std::vector<json>{};
    strategy = "ties";
  }
  if (strategy == "fifo" || strategy == "reverse" || strategy == "random")
    return std::vector<json>{ties(std::string(strategy).c_str())};
  std::vector<json> every_tie_order{ties("fifo"), ties("reverse"), ties("random")};
  if (strategy == "ties") return every_tie_order;
  if (strategy == "delays") {  // each tie order, with 2% of network hops delayed (up to 1 s)
    for (auto& s : every_tie_order) s["hop_delays"] = {{"probability", 0.02}, {"max_ms", 1000.0}};
    return every_tie_order;
  }
  if (strategy == "portfolio") {
    every_tie_order.push_back(pct(2, 20.0, 0));
    every_tie_order.push_back(pct(3, 20.0, 0));
    return every_tie_order;
  }
  if (strategy.rfind("pct", 0) != 0)
    return fail("unknown strategy \"" + std::string(strategy) +
                "\": expected fifo, reverse, random, ties, delays, portfolio or pct:d=D[,w=MS][,k=STEPS]");
  int depth = 2;
  double window_ms = 20.0;
  std::int64_t steps = 0;
  std::string_view rest = strategy.substr(3);
  if (!rest.empty() && rest.front() != ':') return fail("expected pct or pct:d=D[,w=MS][,k=STEPS]");
  if (!rest.empty()) rest.remove_prefix(1);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const auto eq = item.find('=');
    const std::string key(item.substr(0, eq));
    const std::string value(eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1));
    std::size_t used = 0;
    try {
      if (key == "d") {
        depth = std::stoi(value, &used);
        if (used != value.size() || depth < 1 || depth > 10) return fail("pct: d=" + value + " is outside [1, 10]");
      } else if (key == "w") {
        window_ms = std::stod(value, &used);
        if (used != value.size() || !(window_ms >= 0 && window_ms <= 1000))
          return fail("pct: w=" + value + " is outside [0, 1000] ms");
      } else if (key == "k") {
        steps = std::stoll(value, &used);
        if (used != value.size() || steps < 1) return fail("pct: k=" + value + " is not a positive step count");
      } else {
        return fail("pct: unknown parameter \"" + std::string(item) + "\": expected d=, w= or k=");
      }
    } catch (const std::exception&) {
      return fail("pct: \"" + std::string(item) + "\" is not a number");
    }
  }
  return std::vector<json>{pct(depth, window_ms, steps)};
}

case_spec generate_case(const nlohmann::json& base, std::uint64_t seed, const generation_options& options) {
  return realise(base, shrinkable_of(base, seed, options).value(), options);
}

rc::Gen<case_spec> case_generator(const nlohmann::json& base, const generation_options& options) {
  return rc::gen::map(knobs_gen(base, options), [base, options](const knobs& k) { return realise(base, k, options); });
}

case_spec shrink_case(const nlohmann::json& base, std::uint64_t seed, const generation_options& options,
                      const std::function<bool(const case_spec&)>& still_fails, int max_runs, int* runs_used) {
  auto current = shrinkable_of(base, seed, options);
  int runs = 0;
  // Greedy, like RapidCheck's own loop, but each round resumes at the position of the
  // last accepted candidate and wraps around, instead of starting over at the first: the
  // candidates before it (other components, already at a local minimum) failed a moment
  // ago and mostly still do, and re-running them after every accepted step spent the
  // budget before the fault triggers could shrink. A full cycle without success ends it,
  // so the result is still a local minimum.
  std::size_t resume = 0;
  std::vector<rc::Shrinkable<knobs>> candidates;
  bool progress = true;
  while (progress && runs < max_runs) {
    progress = false;
    candidates.clear();
    auto next = current.shrinks();
    while (auto candidate = next.next()) candidates.push_back(std::move(*candidate));
    const std::size_t n = candidates.size();
    for (std::size_t k = 0; k < n && runs < max_runs; ++k) {
      const std::size_t i = (resume + k) % n;
      ++runs;
      if (still_fails(realise(base, candidates[i].value(), options))) {
        current = std::move(candidates[i]);
        resume = i;
        progress = true;
        break;
      }
    }
  }
  if (runs_used) *runs_used = runs;
  return realise(base, current.value(), options);
}

}  // namespace slsim::properties
