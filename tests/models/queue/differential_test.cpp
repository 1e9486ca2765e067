// Differential test: RapidCheck-generated Send/Receive/Delete/ChangeMessageVisibility
// sequences run against the model and fauxqs, outcomes compared. Real time passes for
// fauxqs (waits of 1.5 s, the one place tests sleep); the model's virtual clock advances
// by the same amounts. Visibility is 1 s and waits are 1.5 s, so every visibility
// deadline is at least 0.5 s away from a step. Tolerated differences are the named rules
// of rules_test.cpp.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdlib>
#include <map>
#include <thread>

#include "fauxqs_client.hpp"
#include "slsim/queue/queue.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::queue::conformance {
namespace {

namespace asio = boost::asio;
const int k_sequences = std::getenv("QUEUE_DIFF_SEQUENCES") ? std::atoi(std::getenv("QUEUE_DIFF_SEQUENCES")) : 100;
constexpr int k_threads = 12;
constexpr int k_max_receive_count = 2;
constexpr auto k_wait = std::chrono::milliseconds(1500);

enum class op_kind { send, receive, remove, change_visibility, wait };
struct op {
  op_kind kind;
  int arg;
};

std::vector<op> generate(std::uint64_t seed) {
  const auto gen = rc::gen::mapcat(rc::gen::inRange(15, 26), [](int n) {
    return rc::gen::container<std::vector<op>>(
        static_cast<std::size_t>(n),
        rc::gen::map(rc::gen::pair(rc::gen::inRange(0, 20), rc::gen::inRange(0, 30)), [](std::pair<int, int> p) {
          const int k = p.first;
          const op_kind kind = k < 6    ? op_kind::send
                               : k < 12 ? op_kind::receive
                               : k < 15 ? op_kind::remove
                               : k < 18 ? op_kind::change_visibility
                                        : op_kind::wait;
          return op{kind, p.second};
        }));
  });
  return gen(rc::Random(seed), rc::kNominalSize).value();
}

/// What one sequence observed; `failure` empty when the two agreed.
struct sequence_outcome {
  std::string failure;
  int compared = 0;
  std::map<std::string, int> rules;  // tolerated difference -> times applied
  bool inconclusive = false;         // real time drifted too far from virtual time
};

struct handle_pair {
  std::string body, model, fq;
};

using got_list = std::vector<std::pair<std::string, int>>;

struct sequence_run {
  sim::context& ctx;
  queue_service& svc;
  std::uint64_t seed;
  std::string src_url, dlq_url;
  std::vector<handle_pair> handles;
  std::map<std::string, std::string> latest;  // body -> latest model handle
  sequence_outcome out;
  std::chrono::steady_clock::time_point real_start = std::chrono::steady_clock::now();
  int sends = 0;

  void mismatch(std::size_t step, const std::string& what) {
    if (out.failure.empty())
      out.failure = "seed " + std::to_string(seed) + " step " + std::to_string(step) + ": " + what;
  }
  void check_drift() {
    const auto real =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - real_start);
    if (real.count() - ctx.now() / sim::k_millisecond > 400) out.inconclusive = true;
  }
  got_list receive_both(std::size_t step, const std::string& model_q, const std::string& url, int fq_extra) {
    receive_request r;
    r.max_number_of_messages = 10;
    got_list model, fq;
    for (const auto& m : svc.try_receive(model_q, r)) {
      model.emplace_back(m.body, m.receive_count + fq_extra);
      latest[m.body] = m.receipt_handle;
      handles.push_back({m.body, m.receipt_handle, ""});
    }
    for (const auto& m : fq_receive(url, 10)) {
      fq.emplace_back(m.body, m.receive_count);
      for (auto& h : handles)
        if (h.body == m.body && h.fq.empty()) h.fq = m.handle;
    }
    std::sort(model.begin(), model.end());
    std::sort(fq.begin(), fq.end());
    ++out.compared;
    if (model != fq) mismatch(step, "receive differs: model " + describe(model) + " fauxqs " + describe(fq));
    if (fq_extra) out.rules["fauxqs_counts_the_dlq_move_as_a_receive"] += static_cast<int>(model.size());
    return model;
  }
  static std::string describe(const got_list& l) {
    std::string s = "[";
    for (const auto& [b, c] : l) s += b + "#" + std::to_string(c) + " ";
    return s + "]";
  }
  bool model_in_flight(const std::string& body) {
    for (const auto& m : svc.stored_messages("src"))
      if (m.body == body) return m.state == message_state::in_flight;
    return false;
  }
  void step_with_handle(std::size_t i, const op& o) {
    if (handles.empty()) return;
    const handle_pair& h = handles[static_cast<std::size_t>(o.arg) % handles.size()];
    const bool is_latest = latest[h.body] == h.model;
    const auto stored = svc.stored_messages("src");
    const bool is_stored = std::any_of(stored.begin(), stored.end(), [&h](const auto& m) { return m.body == h.body; });
    const bool in_flight = model_in_flight(h.body);
    if (o.kind == op_kind::remove) {
      if (is_latest && is_stored && !in_flight) {
        out.rules["fauxqs_forgets_handles_of_visible_messages"]++;  // fauxqs may not delete: skip
        return;
      }
      const auto m = svc.delete_message("src", h.model);
      const auto f = fq_delete(src_url, h.fq);
      ++out.compared;
      if (static_cast<bool>(m) != !f.empty()) mismatch(i, "delete differs: model " + m.message() + " fauxqs " + f);
      return;
    }
    const int secs = o.arg % 3;
    if (is_latest && is_stored && !in_flight) {
      out.rules["fauxqs_extends_an_expired_message_until_a_receive"]++;  // fauxqs would extend it: skip
      return;
    }
    const auto m = svc.change_message_visibility("src", h.model, secs);
    const auto f = fq_change_visibility(src_url, h.fq, secs);
    ++out.compared;
    if (!m && !(is_latest && in_flight)) {
      out.rules["fauxqs_rejects_stale_handles_on_change_visibility"]++;
      if (f != "MessageNotInflight") mismatch(i, "stale change_visibility: fauxqs said '" + f + "'");
      return;
    }
    const std::string model_name = m ? std::string(aws_error_name(static_cast<queue_errc>(m.value()))) : "";
    if (model_name != f) mismatch(i, "change_visibility differs: model '" + model_name + "' fauxqs '" + f + "'");
    return;
  }
  void step(std::size_t i, const op& o) {
    switch (o.kind) {
      case op_kind::send: {
        if (sends >= 10) return;  // at most 10 messages, so a receive of 10 returns every visible one
        const std::string body = "s" + std::to_string(seed) + "-" + std::to_string(sends++);
        const auto m = svc.send_message("src", {.body = body});
        const auto f = fq_send(src_url, {{"MessageBody", body}});
        ++out.compared;
        if (m.ok() != (f.status == 200) || m.md5_of_body != f.body.value("MD5OfMessageBody", ""))
          mismatch(i, "send differs for " + body);
        return;
      }
      case op_kind::receive:
        receive_both(i, "src", src_url, 0);
        return;
      case op_kind::remove:
      case op_kind::change_visibility:
        step_with_handle(i, o);
        return;
      case op_kind::wait:
        return;  // handled by the coroutine
    }
  }
};

asio::awaitable<void> drive(sequence_run& run, const std::vector<op>& ops) {
  for (std::size_t i = 0; i < ops.size() && run.out.failure.empty(); ++i) {
    if (ops[i].kind == op_kind::wait) {
      std::this_thread::sleep_for(k_wait);
      co_await sim::async_sleep_for(run.ctx, sim::milliseconds(1500), asio::use_awaitable);
    } else {
      run.step(i, ops[i]);
    }
    run.check_drift();
  }
  // Finally let everything become visible, drain the source, then compare the DLQs.
  std::this_thread::sleep_for(k_wait);
  co_await sim::async_sleep_for(run.ctx, sim::milliseconds(1500), asio::use_awaitable);
  run.check_drift();
  run.receive_both(ops.size(), "src", run.src_url, 0);
  run.receive_both(ops.size() + 1, "dlq", run.dlq_url, 1);  // rule: fauxqs counted the move
}

sequence_outcome run_sequence(std::uint64_t seed) {
  const auto ops = generate(seed);
  sim::context ctx;
  queue_service svc(ctx, sim::rng_source(seed).stream("queue"));
  queue_config dlq;
  dlq.name = "dlq";
  svc.create_queue(dlq);
  queue_config src;
  src.name = "src";
  src.visibility_timeout_s = 1;
  src.redrive_policy = {"dlq", k_max_receive_count};
  svc.create_queue(src);
  const std::string prefix = "diff-" + std::to_string(seed) + "-" + std::to_string(::getpid());
  sequence_run run{ctx, svc, seed, "", "", {}, {}, {}};
  run.dlq_url = fq_create(prefix + "-dlq");
  const std::string policy =
      nlohmann::json{{"deadLetterTargetArn", fq_arn(run.dlq_url)}, {"maxReceiveCount", k_max_receive_count}}.dump();
  run.src_url = fq_create(prefix + "-src", {{"VisibilityTimeout", "1"}, {"RedrivePolicy", policy}});
  run.real_start = std::chrono::steady_clock::now();
  ctx.spawn("sequence", drive(run, ops));
  const auto result = ctx.run();
  if (!result.ok() && run.out.failure.empty())
    run.out.failure = "seed " + std::to_string(seed) + ": " + result.describe();
  if (!run.out.failure.empty()) {
    static constexpr const char* k_names[] = {"send", "receive", "delete", "change_visibility", "wait"};
    run.out.failure += "\n  ops:";
    for (const auto& o : ops)
      run.out.failure += std::string(" ") + k_names[static_cast<int>(o.kind)] + "(" + std::to_string(o.arg) + ")";
  }
  return run.out;
}

TEST(queue_conformance, model_agrees_with_fauxqs_on_generated_sequences) {  // S4-S8, S12, S13, MD1, MD2
  fauxqs();
  std::vector<sequence_outcome> outcomes(k_sequences);
  std::atomic<int> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < k_threads; ++t)
    pool.emplace_back([&] {
      for (int i = next++; i < k_sequences; i = next++) {
        try {
          outcomes[static_cast<std::size_t>(i)] = run_sequence(static_cast<std::uint64_t>(i) + 1);
        } catch (const std::exception& e) {
          outcomes[static_cast<std::size_t>(i)].failure = "seed " + std::to_string(i + 1) + ": " + e.what();
        }
      }
    });
  for (auto& t : pool) t.join();
  int compared = 0, inconclusive = 0;
  std::map<std::string, int> rules;
  for (const auto& o : outcomes) {
    compared += o.compared;
    if (o.inconclusive && !o.failure.empty()) {
      ++inconclusive;  // the machine was too slow to keep real and virtual time together
      continue;
    }
    EXPECT_TRUE(o.failure.empty()) << o.failure;
    for (const auto& [name, n] : o.rules) rules[name] += n;
  }
  EXPECT_LE(inconclusive, k_sequences / 10);
  EXPECT_GE(compared, k_sequences * 10);
  for (const auto& [name, n] : rules) std::printf("tolerated %-55s %d\n", name.c_str(), n);
  std::printf("sequences %d, comparisons %d, inconclusive %d\n", k_sequences, compared, inconclusive);
}

}  // namespace
}  // namespace slsim::queue::conformance
