// `slsim merge DIR... --out DIR`: combines the outputs of sharded `slsim sweep` runs
// (into one results.csv/json and report.html) or of sharded `slsim check` runs.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "commands.hpp"
#include "slsim/io/output_file.hpp"
#include "slsim/sweep/outputs.hpp"

namespace slsim::cli {
namespace {
struct merge_options {
  std::vector<std::string> inputs;
  std::string out_dir = "slsim-merged";
};

nlohmann::json read_json(const std::string& directory) {
  const std::string path = (std::filesystem::path(directory) / "results.json").string();
  std::ifstream in(path);
  if (!in) throw std::invalid_argument(path + ": cannot open (expected the --out directory of a sweep or check)");
  std::stringstream text;
  text << in.rdbuf();
  auto j = nlohmann::json::parse(text.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw std::invalid_argument(path + ": not a JSON object");
  return j;
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
int merge_checks(const merge_options& o, const std::vector<nlohmann::json>& docs) {
  nlohmann::json merged{{"format", "slsim-check"},
                        {"version", 1},
                        {"shard", ""},
                        {"cases", 0},
                        {"handler", docs.front().value("handler", "")},
                        {"probes", nlohmann::json::object()},
                        {"results", nlohmann::json::array()},
                        {"failures", nlohmann::json::array()}};
  std::set<std::string> names;
  std::size_t failed = 0;
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
      const bool ok = !r.value("crashed", false) && r.contains("result") && r["result"].value("ok", false);
      failed += ok ? 0 : 1;
      merged["results"].push_back(r);
    }
    if (d.contains("failure")) merged["failures"].push_back(d["failure"]);
  }
  std::filesystem::create_directories(o.out_dir);
  io::write_file((std::filesystem::path(o.out_dir) / "results.json").string(), merged.dump(2) + "\n");
  const std::size_t total = merged["cases"].get<std::size_t>();
  fmt::print("merged {} check shard(s): {} case(s), {} passed, {} failed\n", docs.size(), total, total - failed,
             failed);
  for (const auto& f : merged["failures"])
    fmt::print("FAILED {}: property {} violated\nreplay: slsim run --case {} --handler {}\n", f.value("case", ""),
               f.value("property", ""), f.value("case_file", ""), merged["handler"].get<std::string>());
  fmt::print("results: {}/results.json\n", o.out_dir);
  return failed > 0 ? int{k_violation} : int{k_ok};
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
  return format == "slsim-sweep" ? merge_sweeps(o) : merge_checks(o, docs);
}
}  // namespace

void add_merge_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("merge", "Combine the --out directories of sharded sweep or check runs");
  auto o = std::make_shared<merge_options>();
  cmd->add_option("inputs", o->inputs, "output directories of the shards")->required();
  cmd->add_option("--out", o->out_dir, "directory for the merged results")->capture_default_str();
  cmd->callback([o, &result] { result = guarded([&] { return merge(*o); }); });
}

}  // namespace slsim::cli
