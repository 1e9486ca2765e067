#include "slsim/lambda_context.hpp"

#include <boost/asio/use_awaitable.hpp>

namespace slsim {
namespace {
const std::string* lookup(const std::map<std::string, std::string>& variables, const std::string& name) {
  const auto it = variables.find(name);
  return it == variables.end() ? nullptr : &it->second;
}
}  // namespace

const std::string* init_context::env(const std::string& name) const { return lookup(*variables_, name); }
const std::string* lambda_context::env(const std::string& name) const { return lookup(*variables_, name); }

boost::asio::awaitable<void> lambda_context::async_busy(std::chrono::nanoseconds d) {
  co_await async_busy(d, boost::asio::use_awaitable);
}

}  // namespace slsim
