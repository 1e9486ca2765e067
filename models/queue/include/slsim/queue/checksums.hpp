#pragma once
// The checksums SQS returns and puts in every Lambda record (L14): MD5OfMessageBody and
// MD5OfMessageAttributes (AWS's algorithm), as lower-case hex. For code outside the
// queue model that builds records the same way (the live runner).
#include <string>
#include <string_view>
#include <vector>

#include "slsim/queue/messages.hpp"

namespace slsim::queue {

/// Lower-case hex MD5 of `bytes` (MD5OfMessageBody).
std::string md5_of_body(std::string_view bytes);
/// MD5OfMessageAttributes over `attributes` in any order; "" when there are none.
std::string md5_of_message_attributes(std::vector<message_attribute> attributes);

}  // namespace slsim::queue
