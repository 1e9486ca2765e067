// `slsim merge DIR... --out DIR`: combines the outputs of sharded `slsim sweep` runs
// (into one results.csv/json and report.html) or of sharded `slsim check` runs.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "commands.hpp"
#include "slsim/io/output_file.hpp"
#include "slsim/models/json_input.hpp"
#include "slsim/sweep/outputs.hpp"
#include "workers.hpp"

namespace slsim::cli {
namespace {
struct merge_options {
  std::vector<std::string> inputs;
  std::string out_dir = "slsim-merged";
  bool allow_partial = false;
};

// Every shard 0..N-1 of one N, each once: a missing shard would silently drop its cases
// from the merged result (unless --allow-partial says that is intended).
void require_complete(const merge_options& o, const std::vector<nlohmann::json>& docs) {
  std::uint64_t total = 0;
  std::map<std::uint64_t, std::string> seen;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    const std::string shard = docs[i].value("shard", "");
    std::uint64_t index = 0, count = 1;
    if (!shard.empty()) {
      try {
        std::tie(index, count) = parse_shard(shard);
      } catch (const std::invalid_argument&) {
        throw std::invalid_argument(fmt::format("{}/results.json: /shard: \"{}\" is not I/N", o.inputs[i], shard));
      }
    }
    if (i == 0) total = count;
    if (count != total)
      throw std::invalid_argument(fmt::format("{}/results.json: shard {}: of {} shards, but {} is of {}", o.inputs[i],
                                              shard.empty() ? "0/1 (unsharded)" : shard, count, o.inputs[0], total));
    if (const auto [it, added] = seen.emplace(index, o.inputs[i]); !added)
      throw std::invalid_argument(fmt::format("{} and {} are both shard {}/{}", it->second, o.inputs[i], index, total));
  }
  std::string missing;
  for (std::uint64_t k = 0; k < total; ++k)
    if (!seen.count(k)) missing += fmt::format("{}{}/{}", missing.empty() ? "" : ", ", k, total);
  if (missing.empty()) return;
  if (!o.allow_partial)
    throw std::invalid_argument(
        fmt::format("merge: missing shard(s) {}: every shard 0..{} must be given (or pass "
                    "--allow-partial to merge what is there)",
                    missing, total - 1));
  fmt::print(stderr, "slsim merge: partial: missing shard(s) {}\n", missing);
}

nlohmann::json read_json(const std::string& directory) {
  const std::string path = (std::filesystem::path(directory) / "results.json").string();
  if (!std::filesystem::exists(path))
    throw models::input_error(path, "", "cannot open (expected the --out directory of a sweep or check)");
  auto j = models::read_json_file(path, "results", models::k_results_limits);
  if (!j.is_object()) throw models::input_error(path, "", "expected a JSON object (results.json of a sweep or check)");
  return j;
}

// A check shard's results.json as `slsim check` writes it: every field merge reads, with
// its type, so a damaged or hand-edited file is exit 2 naming the file and the field,
// never a raw library message or a wrong merged verdict.
void validate_check_shard(const std::string& directory, const nlohmann::json& d) {
  const std::string path = (std::filesystem::path(directory) / "results.json").string();
  const auto fail = [&](const std::string& where, const std::string& expected) {
    throw models::input_error(path, where, "expected " + expected);
  };
  if (!d.contains("cases") || !d["cases"].is_number_unsigned()) fail("/cases", "a whole number of cases");
  if (!d.contains("handler") || !d["handler"].is_string()) fail("/handler", "a string (the handler checked)");
  if (d.contains("partial") && !d["partial"].is_boolean()) fail("/partial", "true or false");
  if (d.contains("shard") && !d["shard"].is_string()) fail("/shard", "a string (I/N)");
  if (d.contains("failure") && !d["failure"].is_object()) fail("/failure", "an object");
  if (d.contains("probes")) {
    if (!d["probes"].is_object()) fail("/probes", "an object of probe counts");
    for (const auto& [probe, n] : d["probes"].items())
      if (!n.is_number_unsigned()) fail("/probes/" + probe, "a whole number");
  }
  if (!d.contains("results") || !d["results"].is_array()) fail("/results", "an array of cases");
  const auto& results = d["results"];
  static const std::set<std::string> k_outcomes{"pass", "violation", "crash", "error", "hang", "model_bug", "not_run"};
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    const std::string where = fmt::format("/results/{}", i);
    if (!r.is_object()) fail(where, "an object (one case)");
    if (!r.contains("name") || !r["name"].is_string()) fail(where + "/name", "a string (the case's name)");
    if (r.contains("outcome")) {
      if (!r["outcome"].is_string() || !k_outcomes.count(r["outcome"].get<std::string>()))
        fail(where + "/outcome", "one of pass, violation, crash, error, hang, model_bug, not_run");
    } else if (!r.contains("result") || !r["result"].is_object()) {
      fail(where, "an \"outcome\" or a \"result\" object");
    }
  }
  if (d["cases"].get<std::uint64_t>() != results.size())
    fail("/cases", fmt::format("the number of /results entries ({})", results.size()));
}

// The shards of one check ran the same command (check_command.cpp's command_identity);
// results written before it was recorded carry none and are not compared.
void require_same_command(const merge_options& o, const std::vector<nlohmann::json>& docs) {
  for (std::size_t i = 1; i < docs.size(); ++i) {
    if (!docs[0].contains("command") || !docs[i].contains("command")) continue;
    const auto& first = docs[0]["command"];
    const auto& other = docs[i]["command"];
    if (first == other) continue;
    std::string differs;
    if (first.is_object() && other.is_object()) {
      for (const auto& [key, value] : first.items())
        if (!other.contains(key) || other[key] != value) differs += (differs.empty() ? "" : ", ") + key;
    }
    throw std::invalid_argument(
        fmt::format("{} and {} are shards of different check commands (they differ in: {}); merge combines the "
                    "shards of one command",
                    o.inputs[0], o.inputs[i], differs.empty() ? "/command" : differs));
  }
}

int merge_sweeps(const merge_options& o) {
  std::vector<sweep::sweep_results> shards;
  for (const auto& dir : o.inputs) shards.push_back(sweep::read_results(dir));
  auto merged = sweep::merge(shards, o.inputs);
  // Constraints are not part of a sweep's results; the merged report recommends under the
  // default (every property holds on every seed).
  const auto written = sweep::write_outputs(o.out_dir, merged, {});
  fmt::print("{}", sweep::terminal_table(written.points, written.best));
  fmt::print("merged {0} shard(s), {1} case(s): {2}/results.csv {2}/results.json {2}/report.html\n", shards.size(),
             merged.rows.size(), o.out_dir);
  return k_ok;
}

// Check shards: the union of their cases, summed probe counts, every failure listed.
std::string outcome_of(const nlohmann::json& r) {
  if (r.contains("outcome")) return r["outcome"].get<std::string>();
  // Results written before cases carried an outcome: pass or failure only.
  const bool ok = !r.value("crashed", false) && r.contains("result") && r["result"].value("ok", false);
  return ok ? "pass" : "violation";
}

int merge_checks(const merge_options& o, const std::vector<nlohmann::json>& docs) {
  nlohmann::json merged{{"format", "slsim-check"},
                        {"version", k_check_results_version},
                        {"shard", ""},
                        {"cases", 0},
                        {"handler", docs.front().value("handler", "")},
                        {"probes", nlohmann::json::object()},
                        {"results", nlohmann::json::array()},
                        {"failures", nlohmann::json::array()}};
  std::set<std::string> names;
  // The same categories and exit priority as one unsharded `check` (check_command.cpp).
  std::map<std::string, std::size_t> outcomes;
  bool partial = false;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    const auto& d = docs[i];
    if (d.value("handler", "") != merged["handler"])
      throw std::invalid_argument(fmt::format("{}: checked handler {}, not {}", o.inputs[i], d.value("handler", ""),
                                              merged["handler"].get<std::string>()));
    merged["cases"] = merged["cases"].get<std::size_t>() + d.value("cases", std::size_t{0});
    const nlohmann::json probes = d.value("probes", nlohmann::json::object());
    const nlohmann::json results = d.value("results", nlohmann::json::array());
    for (const auto& [probe, n] : probes.items())
      merged["probes"][probe] = merged["probes"].value(probe, std::size_t{0}) + n.get<std::size_t>();
    for (const auto& r : results) {
      if (!names.insert(r.value("name", "")).second)
        throw std::invalid_argument(fmt::format("{}: case {} appears in two shards", o.inputs[i], r.value("name", "")));
      ++outcomes[outcome_of(r)];
      merged["results"].push_back(r);
    }
    if (d.value("partial", false) && !o.allow_partial)
      throw std::invalid_argument(
          fmt::format("{}: this shard was interrupted ({}) and not every case ran; rerun it, "
                      "or pass --allow-partial to merge what finished",
                      o.inputs[i], d.value("interrupted_by", "a signal")));
    partial = partial || d.value("partial", false);
    if (d.contains("failure")) merged["failures"].push_back(d["failure"]);
    for (const char* verdict : {"hang", "model_bug", "nondeterminism"})
      if (d.contains(verdict) && !merged.contains(verdict)) merged[verdict] = d[verdict];
  }
  const auto count = [&](const char* name) { return outcomes.count(name) ? outcomes.at(name) : std::size_t{0}; };
  const std::size_t failed = count("violation") + count("crash") + count("error");
  merged["partial"] = partial;
  merged["not_run"] = count("not_run");
  // The unsharded run's order: corpus files by name, then seeds ascending.
  auto order = [](const nlohmann::json& r) {
    const std::string name = r.value("name", "");
    const bool seed = name.rfind("seed_", 0) == 0;
    return std::make_tuple(seed, seed ? std::stoull(name.substr(5)) : 0ULL, name);
  };
  auto& all = merged["results"];
  std::stable_sort(all.begin(), all.end(),
                   [&](const nlohmann::json& a, const nlohmann::json& b) { return order(a) < order(b); });
  std::filesystem::create_directories(o.out_dir);
  io::write_file((std::filesystem::path(o.out_dir) / "results.json").string(), merged.dump(2) + "\n");
  const std::size_t total = merged["cases"].get<std::size_t>();
  std::string counts = fmt::format("{} passed, {} failed", count("pass"), failed);
  if (count("hang") > 0) counts += fmt::format(", {} stopped by a hang guard", count("hang"));
  if (count("model_bug") > 0) counts += fmt::format(", {} hit a model bug", count("model_bug"));
  if (count("not_run") > 0) counts += fmt::format(", {} not run", count("not_run"));
  fmt::print("merged {} check shard(s): {} case(s), {}\n", docs.size(), total, counts);
  if (partial) fmt::print("PARTIAL (--allow-partial): at least one shard was interrupted; not every case ran\n");
  for (const auto& f : merged["failures"])
    fmt::print("FAILED {}: property {} violated\nreplay: slsim run --case {} --handler {}\n", f.value("case", ""),
               f.value("property", ""), f.value("case_file", ""), merged["handler"].get<std::string>());
  fmt::print("results: {}/results.json\n", o.out_dir);
  if (count("model_bug") > 0) return k_model_bug;
  if (failed > 0) return k_violation;
  if (count("hang") > 0) return k_hang;
  if (merged.contains("nondeterminism")) return k_nondeterminism;
  return k_ok;
}

int merge(const merge_options& o) {
  std::vector<nlohmann::json> docs;
  for (const auto& dir : o.inputs) docs.push_back(read_json(dir));
  const std::string format = docs.front().value("format", "");
  for (std::size_t i = 0; i < docs.size(); ++i)
    if (docs[i].value("format", "") != format || (format != "slsim-sweep" && format != "slsim-check"))
      throw std::invalid_argument(
          fmt::format("{}/results.json: \"format\" is \"{}\"; expected every input to be "
                      "the output of slsim sweep, or every input of slsim check",
                      o.inputs[i], docs[i].value("format", "")));
  // Written into an input, the merged result would replace one of its own shards.
  for (const auto& input : o.inputs)
    if (std::filesystem::weakly_canonical(input) == std::filesystem::weakly_canonical(o.out_dir))
      throw std::invalid_argument(
          fmt::format("--out {} is one of the inputs: give the merged result a directory of its own", o.out_dir));
  if (format == "slsim-check") {
    for (std::size_t i = 0; i < docs.size(); ++i) validate_check_shard(o.inputs[i], docs[i]);
    require_same_command(o, docs);
  }
  require_complete(o, docs);
  return format == "slsim-sweep" ? merge_sweeps(o) : merge_checks(o, docs);
}
}  // namespace

void add_merge_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("merge", "Combine the --out directories of sharded sweep or check runs");
  auto o = std::make_shared<merge_options>();
  cmd->add_option("inputs", o->inputs, "output directories of the shards")->required();
  cmd->add_option("--out", o->out_dir, "directory for the merged results")->capture_default_str();
  cmd->add_flag("--allow-partial", o->allow_partial, "merge even when some shards 0..N-1 are missing");
  cmd->callback([o, &result] { result = guarded([&] { return merge(*o); }); });
}

}  // namespace slsim::cli
