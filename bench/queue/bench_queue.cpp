// Throughput of the queue model (send + receive + delete per message) and the memory
// of 1 M stored messages (DESIGN.md §8: under 1 GiB). Measures and prints; asserts nothing.
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
  stored_memory(1'000'000, 100);
}
