#pragma once
// Test support: runs one store call to completion on an io_context (servers on the same
// context keep serving meanwhile) and returns what the handler would have seen.
#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>

#include "slsim/store_client.hpp"

namespace slsim::live::testing {

/// The completion of one store call.
struct outcome {
  boost::system::error_code ec;
  store::store_result result;
};

/// Calls the async_* operation matching `request` with as_tuple(use_awaitable).
outcome sync_call(boost::asio::io_context& io, store_client& client, store::any_request request);

}  // namespace slsim::live::testing
