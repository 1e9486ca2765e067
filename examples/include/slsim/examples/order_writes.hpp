#pragma once
// The reference pipeline's one correct write, shared by the reference handler and the
// zoo handlers whose bug lies elsewhere: the result (guarded by attribute_not_exists)
// and the customer's total in one transaction (P6, P9).
#include <boost/system/error_code.hpp>
#include <string>

#include "slsim/examples/reference_transform.hpp"
#include "slsim/store/errors.hpp"
#include "slsim/store/requests.hpp"

namespace slsim::examples {

/// TransactWriteItems: put the result into `results`, ADD the amount in `totals`.
store::transact_write_request record_order(const order& o, const std::string& results, const std::string& totals);

/// True when a record_order transaction was cancelled because the result already exists.
bool already_recorded(const boost::system::error_code& ec, const store::store_result& r);

}  // namespace slsim::examples
