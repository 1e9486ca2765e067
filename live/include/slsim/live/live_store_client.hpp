#pragma once
// The store client of the live world (docs/architecture.md §4): the same slsim::store_client
// handlers use in the simulator, sending each request over HTTP/1.1 to a
// DynamoDB-protocol endpoint (DynamoDB, dynalite, ...), signed with SigV4, with
// Boost.Beast on a real Asio executor. Outcomes carry the simulated store's codes.
#include <boost/asio/any_io_executor.hpp>
#include <cstddef>
#include <memory>

#include "slsim/live/store_config.hpp"
#include "slsim/store_client.hpp"

namespace slsim::live {

namespace detail {
struct client_state;
}

/// A store_client talking to a real endpoint. Retries what the simulated SDK client
/// retries (MD9: throttling, conflicts, 5xx, timeouts; never a failed condition), and
/// keeps idle keep-alive connections for reuse. Calls complete on the caller's
/// executor (the handler's). The executor must be a real one (an io_context's): on the
/// simulator's executor no socket ever completes. Not thread-safe beyond one executor
/// running on one thread; calls in flight keep what they need alive, so the client
/// may be destroyed before they finish.
class live_store_client final : public store_client {
 public:
  /// Throws std::invalid_argument when `config.endpoint` is malformed.
  live_store_client(boost::asio::any_io_executor executor, live_store_config config);
  ~live_store_client() override;
  live_store_client(const live_store_client&) = delete;
  live_store_client& operator=(const live_store_client&) = delete;

  /// TCP connections opened so far (fewer than calls when keep-alive reuse works).
  std::size_t connections_opened() const noexcept;
  /// HTTP attempts made so far (retries included).
  std::size_t attempts() const noexcept;

 protected:
  void execute(store_operation operation, boost::asio::any_completion_handler<store_signature> handler) override;

 private:
  std::shared_ptr<detail::client_state> state_;
};

}  // namespace slsim::live
