// Throughput of the queue model (send + receive + delete per message) and the memory
// of 1 M stored messages (docs/architecture.md §8: under 1 GiB). Measures and prints; asserts nothing.
#include <fmt/core.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "slsim/queue/queue.hpp"

namespace {

using namespace slsim;
using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

long resident_kib() {
  long pages = 0, resident = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return resident * 4;
}

/// Sends `n` messages in batches of 10 calls, receiving and deleting each batch.
void send_receive_delete(bool fifo, int n) {
  sim::context ctx;
  queue::queue_service svc(ctx, sim::rng_source(1).stream("queue"));
  queue::queue_config c;
  c.name = fifo ? "bench.fifo" : "bench";
  c.type = fifo ? queue::queue_type::fifo : queue::queue_type::standard;
  if (fifo) {  // F7: high-throughput mode, so the quota does not throttle a burst in one virtual instant
    c.fifo_throughput_limit = queue::fifo_throughput_limit_kind::per_message_group_id;
    c.deduplication_scope = queue::dedup_scope::message_group;
  }
  svc.create_queue(c);
  queue::send_request s;
  s.body = std::string(200, 'x');
  queue::receive_request r;
  r.max_number_of_messages = 10;
  std::vector<queue::received_message> got;
  long delivered = 0;
  const auto t0 = clock_type::now();
  for (int i = 0; i < n; i += 10) {
    for (int k = 0; k < 10; ++k) {
      s.message_group_id = fifo ? "g" + std::to_string(k) : std::string();
      s.message_deduplication_id = fifo ? std::to_string(i + k) : std::string();
      svc.send_message(c.name, s);
    }
    got.clear();
    svc.try_receive(c.name, r, got);
    for (const auto& m : got) svc.delete_message(c.name, m.receipt_handle);
    delivered += static_cast<long>(got.size());
  }
  const double dt = seconds_since(t0);
  fmt::print("{:9} send+receive+delete: {} messages in {:.3f} s = {:.0f} messages/s ({:.0f} API calls/s)\n",
             fifo ? "fifo" : "standard", delivered, dt, delivered / dt, (n + n / 10.0 + delivered) / dt);
}

/// F3: receives from a FIFO queue whose first 120,000 messages are one blocked group, with
/// `extra` more single-message groups behind them (beyond the window, so never found).
/// Shows that a receive that finds nothing costs no O(backlog) work.
void fifo_scan_window(int extra, int rounds) {
  sim::context ctx;
  queue::queue_service svc(ctx, sim::rng_source(1).stream("queue"));
  queue::queue_config c;
  c.name = "window.fifo";
  c.type = queue::queue_type::fifo;
  c.fifo_throughput_limit = queue::fifo_throughput_limit_kind::per_message_group_id;
  c.deduplication_scope = queue::dedup_scope::message_group;
  c.visibility_timeout_s = 43200;
  svc.create_queue(c);
  queue::send_request s;
  s.body = std::string(100, 'z');
  for (int i = 0; i < 120'000 + extra; ++i) {
    s.message_group_id = i < 120'000 ? "backlog" : "g" + std::to_string(i);
    s.message_deduplication_id = std::to_string(i);
    svc.send_message(c.name, s);
  }
  queue::receive_request r;
  r.max_number_of_messages = 10;
  std::vector<queue::received_message> got;
  long delivered = 0;
  const auto t0 = clock_type::now();
  for (int i = 0; i < rounds; ++i) {
    got.clear();
    svc.try_receive(c.name, r, got);  // round 0: the backlog's first 10, which blocks it; then nothing
    delivered += static_cast<long>(got.size());
  }
  const double dt = seconds_since(t0);
  fmt::print("fifo F3 window (120,000 blocked + {}): {} receives in {:.3f} s = {:.0f} receives/s, {} delivered\n",
             extra, rounds, dt, rounds / dt, delivered);
}

/// Stores `n` messages of `body_size` bytes and reports the resident memory they take.
void stored_memory(int n, std::size_t body_size) {
  const long before = resident_kib();
  sim::context ctx;
  queue::queue_service svc(ctx, sim::rng_source(1).stream("queue"));
  queue::queue_config c;
  c.name = "mem";
  svc.create_queue(c);
  queue::send_request s;
  s.body = std::string(body_size, 'y');
  const auto t0 = clock_type::now();
  for (int i = 0; i < n; ++i) svc.send_message("mem", s);
  const double dt = seconds_since(t0);
  const long after = resident_kib();
  fmt::print("stored {} messages of {} B: {:.1f} MiB resident ({:.0f} B/message), sends {:.0f}/s\n", n, body_size,
             (after - before) / 1024.0, (after - before) * 1024.0 / n, n / dt);
}

}  // namespace

int main() {
  send_receive_delete(false, 1'000'000);
  send_receive_delete(true, 1'000'000);
  fifo_scan_window(100'000, 100'000);
  stored_memory(1'000'000, 100);
}
