#pragma once
// What a handler sees of its invocation: the store, the time left, ids, environment
// variables, a logger into the run's record, buggify sites, and per-environment state
// (what the init phase left for warm invocations).
#include <any>
#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include "slsim/store_client.hpp"

namespace slsim {

/// Where a handler's log lines and buggify questions go (the pipeline or a live runner).
class handler_hooks {
 public:
  virtual ~handler_hooks() = default;
  /// Records a log line of invocation `invocation` (0 during init).
  virtual void log(std::uint64_t invocation, std::string_view line) = 0;
  /// Whether buggify site `site` fires now (decided from the case's seed).
  virtual bool buggify(std::string_view site) = 0;
  /// The current time of the world the handler runs in (virtual in the simulator).
  virtual std::chrono::nanoseconds now() const = 0;
};

/// State that lives as long as one execution environment: created by init, seen by
/// every warm invocation of that environment, never shared between environments or runs.
class environment_state {
 public:
  /// The state object of type T, default-constructed on first use.
  template <class T>
  T& get() {
    if (!value_.has_value()) value_.emplace<T>();
    return std::any_cast<T&>(value_);
  }

 private:
  std::any value_;
};

/// The init phase's view: runs once per execution environment (Lambda's init).
class init_context {
 public:
  init_context(store_client& store, environment_state& state, handler_hooks& hooks, std::uint64_t environment_id,
               const std::map<std::string, std::string>& variables, boost::asio::any_io_executor executor) noexcept
      : store_(&store),
        state_(&state),
        hooks_(&hooks),
        environment_id_(environment_id),
        variables_(&variables),
        executor_(std::move(executor)) {}

  store_client& store() noexcept { return *store_; }
  environment_state& state() noexcept { return *state_; }
  std::uint64_t environment_id() const noexcept { return environment_id_; }
  /// An environment variable from the scenario, or nullptr.
  const std::string* env(const std::string& name) const;
  void log(std::string_view line) { hooks_->log(0, line); }
  const boost::asio::any_io_executor& get_executor() const noexcept { return executor_; }

 private:
  store_client* store_;
  environment_state* state_;
  handler_hooks* hooks_;
  std::uint64_t environment_id_;
  const std::map<std::string, std::string>* variables_;
  boost::asio::any_io_executor executor_;
};

/// The invocation's view, like the Lambda context object.
class lambda_context {
 public:
  struct ids {
    std::uint64_t invocation = 0;
    std::uint64_t environment = 0;
    std::string aws_request_id;
    std::string function_name;
  };

  lambda_context(store_client& store, environment_state& state, handler_hooks& hooks, ids identity,
                 std::chrono::nanoseconds deadline, const std::map<std::string, std::string>& variables,
                 boost::asio::any_io_executor executor)
      : store_(&store),
        state_(&state),
        hooks_(&hooks),
        ids_(std::move(identity)),
        deadline_(deadline),
        variables_(&variables),
        executor_(std::move(executor)) {}

  /// The store client, authorised by the function's role.
  store_client& store() noexcept { return *store_; }
  /// Time left before the function times out (Lambda's getRemainingTimeInMillis).
  std::chrono::milliseconds remaining_time() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - hooks_->now());
  }
  const std::string& aws_request_id() const noexcept { return ids_.aws_request_id; }
  const std::string& function_name() const noexcept { return ids_.function_name; }
  std::uint64_t invocation_id() const noexcept { return ids_.invocation; }
  std::uint64_t environment_id() const noexcept { return ids_.environment; }
  /// An environment variable from the scenario, or nullptr.
  const std::string* env(const std::string& name) const;
  /// Writes a log line into the run's record (and trace), tagged with this invocation.
  void log(std::string_view line) { hooks_->log(ids_.invocation, line); }
  /// A fault-injection site: true when the case's seed makes `site` fire now.
  bool buggify(std::string_view site) { return hooks_->buggify(site); }
  /// What init (or earlier warm invocations of this environment) left.
  environment_state& state() noexcept { return *state_; }
  /// The executor handler coroutines run on (simulated or real).
  const boost::asio::any_io_executor& get_executor() const noexcept { return executor_; }

 private:
  store_client* store_;
  environment_state* state_;
  handler_hooks* hooks_;
  ids ids_;
  std::chrono::nanoseconds deadline_;
  const std::map<std::string, std::string>* variables_;
  boost::asio::any_io_executor executor_;
};

}  // namespace slsim
