#include "slsim/queue/checksums.hpp"

#include <algorithm>

#include "codec.hpp"

namespace slsim::queue {

std::string md5_of_body(std::string_view bytes) { return detail::hex(detail::md5(bytes)); }

std::string md5_of_message_attributes(std::vector<message_attribute> attributes) {
  if (attributes.empty()) return {};
  std::sort(attributes.begin(), attributes.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return detail::hex(detail::md5_of_attributes(attributes));
}

}  // namespace slsim::queue
