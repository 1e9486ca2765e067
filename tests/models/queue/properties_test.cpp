// Laws of the queue model over random operation sequences (RapidCheck), in virtual time.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <set>

#include "queue_test_support.hpp"

namespace slsim::queue::testing {
namespace {

struct op {
  int kind;  // 0 send, 1 receive, 2 delete, 3 change visibility, 4 wait
  int arg;
};

std::vector<op> gen_ops() {
  return *rc::gen::container<std::vector<op>>(rc::gen::build<op>(rc::gen::set(&op::kind, rc::gen::inRange(0, 5)),
                                                                 rc::gen::set(&op::arg, rc::gen::inRange(0, 12))));
}

// Every sent message ends up in exactly one place: stored in the source, stored in the
// DLQ, deleted or expired (no loss, no creation). MD1: no message is delivered more
// than max_receive_count times from the source. S5: never two live deliveries at once.
RC_GTEST_PROP(queue_laws, messages_are_conserved_and_delivered_at_most_max_times, ()) {
  const auto ops = gen_ops();
  const bool fifo = *rc::gen::arbitrary<bool>();
  const int max_receive = *rc::gen::inRange(1, 4);
  harness h;
  auto d = fifo ? h.fifo("dlq.fifo") : h.standard("dlq");
  h.svc.create_queue(d);
  auto s = fifo ? h.fifo("src.fifo", 2) : h.standard("src", 2);
  s.message_retention_period_s = 60;
  s.redrive_policy = {d.name, max_receive};
  h.svc.create_queue(s);
  const std::string q = s.name;
  std::vector<std::string> handles;
  std::map<std::string, sim::time_ns> in_flight_until;  // message id -> visibility deadline
  sim::time_ns t = 0;
  int sends = 0;
  std::vector<std::string> broken;
#define CHECK_IN_RUN(cond)                \
  do {                                    \
    if (!(cond)) broken.push_back(#cond); \
  } while (false)
  for (const auto& o : ops) {
    // Checks inside scheduled steps are recorded and asserted after the run: RC_ASSERT's
    // own lambdas nested in this one trip a GCC 12 + ASan false stack-buffer-overflow.
    h.at(t, [&h, &handles, &in_flight_until, &sends, &q, &broken, fifo, max_receive, o] {
      const sim::time_ns now = h.ctx.now();
      switch (o.kind) {
        case 0: {
          send_request r{.body = "m" + std::to_string(sends++), .message_group_id = "g" + std::to_string(o.arg % 3)};
          if (fifo) r.message_deduplication_id = r.body;
          CHECK_IN_RUN(h.svc.send_message(q, r).ok());
          break;
        }
        case 1:
          for (const auto& m : h.receive(q, 1 + o.arg % 10)) {
            CHECK_IN_RUN(m.receive_count <= max_receive);
            const auto it = in_flight_until.find(m.message_id);
            CHECK_IN_RUN(it == in_flight_until.end() || it->second <= now);
            in_flight_until[m.message_id] = now + sim::seconds(2);
            handles.push_back(m.receipt_handle);
          }
          break;
        case 2:
          if (!handles.empty())
            CHECK_IN_RUN(!h.svc.delete_message(q, handles[static_cast<std::size_t>(o.arg) % handles.size()]));
          break;
        case 3:
          if (!handles.empty()) {
            const auto ec = h.svc.change_message_visibility(
                q, handles[static_cast<std::size_t>(o.arg) % handles.size()], o.arg % 3);
            CHECK_IN_RUN(!ec || ec == queue_errc::message_not_inflight);
            in_flight_until.clear();  // deadlines moved; restart the overlap check
          }
          break;
        default:
          break;
      }
    });
    if (o.kind == 4) t += sim::seconds(o.arg);
  }
#undef CHECK_IN_RUN
  RC_ASSERT(broken.empty());
  RC_ASSERT(h.run().ok());
  const auto& src = h.svc.counters(q);
  const auto& dlq = h.svc.counters(d.name);
  const auto stored_src = h.svc.stored_messages(q).size();
  const auto stored_dlq = h.svc.stored_messages(d.name).size();
  RC_ASSERT(src.sent - src.deleted - src.expired - src.moved_to_dlq == stored_src);
  RC_ASSERT(dlq.moved_in - dlq.expired == stored_dlq);
  RC_ASSERT(src.sent + src.deduplicated == static_cast<std::uint64_t>(sends));
}

}  // namespace
}  // namespace slsim::queue::testing
