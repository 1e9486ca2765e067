#pragma once
// The workload generator (docs/architecture.md §6): clients as coroutines on the kernel, each
// sending requests of the configured kinds with a client-chosen requestId and
// retrying with backoff under the same requestId (G6 makes those retries duplicates).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "slsim/gateway/amounts.hpp"
#include "slsim/gateway/config.hpp"
#include "slsim/gateway/gateway.hpp"
#include "slsim/gateway/request.hpp"
#include "slsim/metrics/registry.hpp"
#include "slsim/sim/context.hpp"
#include "slsim/sim/random.hpp"
#include "slsim/sim/record_storage.hpp"

namespace slsim::gateway {

/// What the clients did with one request, in generation order.
struct client_request {
  std::uint64_t request_id = 0;
  std::uint32_t client = 0;
  request_kind kind = request_kind::valid;
  sim::time_ns first_sent = 0;
  std::uint32_t attempts = 0;
  int final_status = 0;     ///< the last status the client saw; -1 if its last attempt timed out
  bool late_retry = false;  ///< this request got a late retry
  bool done = false;        ///< the client finished with it
  /// Its index among its client's requests (client × requests + sequence is its ordinal in
  /// clients.arrival.only_requests): a stable identity that fault triggers key on.
  std::uint32_t sequence = 0;
};

/// Totals over all clients.
struct client_totals {
  std::uint64_t requests = 0;
  std::uint64_t attempts = 0;
  std::uint64_t retries = 0;  ///< attempts after the first (late retries included)
  std::uint64_t late_retries = 0;
  std::uint64_t timeouts = 0;  ///< client-side timeouts
};

/// Builds one request body of `kind` (JSON; an oversized one is padded to
/// `config.oversized_bytes`, an invalid one breaks one schema rule), with amounts drawn
/// from `amounts` (boundary-biased).
std::string make_body(request_kind kind, std::uint64_t request_id, sim::rng& random, const client_config& config,
                      const amount_model& amounts);
/// The same with amount_model::make(config) (no request schema).
std::string make_body(request_kind kind, std::uint64_t request_id, sim::rng& random, const client_config& config);

/// G6: the body a client sends when it rebuilds a request for a retry: the same fields in
/// another order, plus (when `add_fields`) a fresh "sentAt" (epoch ms) and "nonce". The
/// requestId and every business field are unchanged. A body that is not a JSON object is
/// returned as it is.
std::string reserialise_body(std::string_view body, std::int64_t sent_at_epoch_ms, sim::rng& random, bool add_fields);

/// All clients of a run.
class client_fleet {
 public:
  /// Validates `config` (throws models::config_error). `random` is the clients' own stream.
  client_fleet(sim::context& ctx, client_config config, api_gateway& gateway, sim::rng random,
               metrics::registry* metrics = nullptr);
  ~client_fleet();
  client_fleet(const client_fleet&) = delete;
  client_fleet& operator=(const client_fleet&) = delete;

  /// Spawns one work coroutine per client ("client-<i>"); each spawns one per request.
  void start();

  const sim::record_vector<client_request>& requests() const noexcept;
  /// How many of requests() the clients have finished with (done).
  std::size_t finished() const noexcept;
  /// The request records moved out, for the end of a run (no copy of a long run's records).
  sim::record_vector<client_request> release_requests() noexcept;
  const client_totals& totals() const noexcept;
  const client_config& config() const noexcept;

  struct impl;

 private:
  std::unique_ptr<impl> impl_;
};

}  // namespace slsim::gateway
