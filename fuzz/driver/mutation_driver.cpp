// A deterministic mutation driver for the fuzz targets when libFuzzer is not available
// (GCC builds, CI): it runs LLVMFuzzerTestOneInput on the seed corpus, then on seeded
// mutations of it for --seconds or --runs. No coverage feedback, so its mutations are
// chosen for the input classes that break parsers: deep nesting, long repetitions, cut-off
// and spliced inputs, boundary numbers and bytes that are not UTF-8.
//
//   fuzz_<target> [--seconds N] [--runs N] [--seed S] [--artifacts DIR] CORPUS_DIR_OR_FILE...
//
// With neither --seconds nor --runs it only replays the given inputs (regression mode).
// A crash (signal, uncaught exception, abort) writes the input to DIR/crash-<hash> first.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

// The input being run, for the crash handler (async-signal-safe: no allocation there).
const std::string* g_current = nullptr;
char g_artifact_prefix[4096] = "./";

std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

void write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    const auto w = ::write(fd, p, n);
    if (w <= 0) return;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
}

void on_crash(int sig) {
  if (g_current) {
    // The name is computed without allocation: prefix + "crash-" + 16 hex digits.
    char path[4200];
    std::size_t n = 0;
    for (const char* s = g_artifact_prefix; *s && n < 4096; ++s) path[n++] = *s;
    for (const char* s = "crash-"; *s; ++s) path[n++] = *s;
    const std::uint64_t h = fnv1a(*g_current);
    for (int i = 15; i >= 0; --i) path[n++] = "0123456789abcdef"[(h >> (i * 4)) & 15];
    path[n] = '\0';
    const int fd = ::open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      write_all(fd, g_current->data(), g_current->size());
      ::close(fd);
    }
    const char msg[] = "\n==fuzz== crash: the input was written to ";
    write_all(2, msg, sizeof msg - 1);
    write_all(2, path, n);
    write_all(2, "\n", 1);
  }
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

void install_crash_handlers() {
  // An alternate stack, so a stack overflow (the class this harness hunts) is reported too.
  static std::vector<char> alt(1 << 16);
  stack_t ss{};
  ss.ss_sp = alt.data();
  ss.ss_size = alt.size();
  ::sigaltstack(&ss, nullptr);
  struct sigaction sa {};
  sa.sa_handler = on_crash;
  sa.sa_flags = SA_ONSTACK;
  for (int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL}) ::sigaction(sig, &sa, nullptr);
}

struct rng {
  std::uint64_t state;
  std::uint64_t next() {  // splitmix64
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
};

const std::vector<std::string>& dictionary() {
  static const std::vector<std::string> words{"{",
                                              "}",
                                              "[",
                                              "]",
                                              "\"",
                                              "\\",
                                              ":",
                                              ",",
                                              "null",
                                              "true",
                                              "false",
                                              "0",
                                              "-1",
                                              "1e999",
                                              "-0",
                                              "1.5",
                                              "18446744073709551616",
                                              "9223372036854775807",
                                              "-9223372036854775809",
                                              "\"\"",
                                              "\n",
                                              std::string(1, '\0'),
                                              "\xff",
                                              "\xc3\x28",
                                              "\\u0000",
                                              "\\ud800",
                                              "{}",
                                              "[]",
                                              "(",
                                              ")",
                                              " AND ",
                                              " OR ",
                                              "NOT ",
                                              " IN (",
                                              " BETWEEN ",
                                              "size(",
                                              "attribute_exists(",
                                              "if_not_exists(",
                                              "list_append(",
                                              "#n",
                                              ":v",
                                              "a.b",
                                              "[0]",
                                              "[999999999999]",
                                              " = ",
                                              " + ",
                                              "SET ",
                                              "REMOVE ",
                                              "ADD ",
                                              "DELETE ",
                                              "\"format\":",
                                              "\"version\":",
                                              "\"case\":",
                                              "\"seq\":",
                                              "\"end\":",
                                              "\"records\":",
                                              "\"faults\":",
                                              "\"scenario\":",
                                              "\"queue\":",
                                              "\"esm\":",
                                              "\"vary\":"};
  return words;
}

std::string mutate(std::string s, rng& r, const std::vector<std::string>& pool) {
  const int steps = 1 + static_cast<int>(r.below(4));
  for (int step = 0; step < steps; ++step) {
    const std::size_t at = r.below(s.size() + 1);
    switch (r.below(10)) {
      case 0:  // flip a bit
        if (!s.empty()) s[r.below(s.size())] ^= static_cast<char>(1u << r.below(8));
        break;
      case 1:  // set a random byte
        if (!s.empty()) s[r.below(s.size())] = static_cast<char>(r.below(256));
        break;
      case 2:  // delete a range
        if (!s.empty()) s.erase(r.below(s.size()), 1 + r.below(std::min<std::size_t>(s.size(), 64)));
        break;
      case 3:  // insert a dictionary word
        s.insert(at, dictionary()[r.below(dictionary().size())]);
        break;
      case 4: {  // repeat a dictionary word many times: deep nesting, long lists
        const auto& w = dictionary()[r.below(dictionary().size())];
        const std::size_t times = std::size_t{1} << r.below(18);  // up to 131072
        std::string rep;
        rep.reserve(w.size() * times);
        for (std::size_t i = 0; i < times; ++i) rep += w;
        s.insert(at, rep);
        break;
      }
      case 5:  // duplicate a chunk of the input
        if (!s.empty()) {
          const std::size_t from = r.below(s.size());
          const std::string chunk = s.substr(from, 1 + r.below(256));
          s.insert(at, chunk);
        }
        break;
      case 6:  // truncate
        s.resize(r.below(s.size() + 1));
        break;
      case 7:  // splice with another input
        if (!pool.empty()) {
          const auto& other = pool[r.below(pool.size())];
          s = s.substr(0, at) + other.substr(std::min(other.size(), r.below(other.size() + 1)));
        }
        break;
      case 8: {  // replace a number-looking run with a boundary number
        const auto digit = s.find_first_of("0123456789", at);
        if (digit != std::string::npos) {
          const auto end = s.find_first_not_of("0123456789", digit);
          static const char* numbers[] = {"0", "-1", "4294967296", "18446744073709551615", "1e308", "99999999999"};
          s.replace(digit, (end == std::string::npos ? s.size() : end) - digit, numbers[r.below(6)]);
        }
        break;
      }
      default: {  // swap two bytes
        if (s.size() > 1) std::swap(s[r.below(s.size())], s[r.below(s.size())]);
        break;
      }
    }
  }
  constexpr std::size_t k_max_len = std::size_t{1} << 20;
  if (s.size() > k_max_len) s.resize(k_max_len);
  return s;
}

void run_one(const std::string& input) {
  g_current = &input;
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  g_current = nullptr;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 0;
  std::uint64_t runs = 0;
  std::uint64_t seed = 1;
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--seconds")
      seconds = std::stod(value());
    else if (a == "--runs")
      runs = std::stoull(value());
    else if (a == "--seed")
      seed = std::stoull(value());
    else if (a == "--artifacts") {
      std::string dir = value();
      if (!dir.empty() && dir.back() != '/') dir += '/';
      std::snprintf(g_artifact_prefix, sizeof g_artifact_prefix, "%s", dir.c_str());
    } else
      inputs.push_back(a);
  }
  install_crash_handlers();

  std::vector<std::string> corpus;
  for (const auto& in : inputs) {
    namespace fs = std::filesystem;
    if (fs::is_directory(in)) {
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(in))
        if (e.is_regular_file()) files.push_back(e.path());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) corpus.push_back(read_file(f));
    } else if (fs::is_regular_file(in)) {
      corpus.push_back(read_file(in));
    } else {
      std::fprintf(stderr, "no such corpus: %s\n", in.c_str());
      return 2;
    }
  }
  for (const auto& c : corpus) run_one(c);
  std::fprintf(stderr, "==fuzz== replayed %zu input(s)\n", corpus.size());
  if (seconds <= 0 && runs == 0) return 0;
  if (corpus.empty()) corpus.emplace_back();

  rng r{seed};
  std::vector<std::string> pool = corpus;  // grows with a sample of mutants (bounded)
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t executions = 0;
  for (;; ++executions) {
    if (runs > 0 && executions >= runs) break;
    if (seconds > 0 && (executions & 63) == 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >= seconds)
      break;
    std::string input = mutate(pool[r.below(pool.size())], r, pool);
    run_one(input);
    if (r.below(16) == 0) {  // keep some mutants, so mutations compound
      if (pool.size() < 512)
        pool.push_back(std::move(input));
      else
        pool[corpus.size() + r.below(pool.size() - corpus.size())] = std::move(input);
    }
  }
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "==fuzz== %llu executions in %.1f s (%.0f/s), seed %llu, no crash\n",
               static_cast<unsigned long long>(executions), elapsed, elapsed > 0 ? executions / elapsed : 0.0,
               static_cast<unsigned long long>(seed));
  return 0;
}
