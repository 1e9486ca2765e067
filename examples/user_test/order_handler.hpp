#pragma once
// The handler under test, as it lives in the user's repository: one Lambda that records
// each order once in the "results" table.
#include <slsim/handler.hpp>

namespace shop {

/// The production handler, registered under the name "shop/record_order".
const slsim::handler_definition& record_order_handler();

}  // namespace shop
