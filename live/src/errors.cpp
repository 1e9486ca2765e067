#include "slsim/live/errors.hpp"

#include <string>

namespace slsim::live {
namespace {

class category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "slsim.live"; }
  std::string message(int ev) const override {
    switch (static_cast<live_errc>(ev)) {
      case live_errc::ok:
        return "success";
      case live_errc::malformed_response:
        return "the endpoint's response is not a DynamoDB JSON 1.0 response";
    }
    return "unknown live backend error";
  }
};

}  // namespace

const std::error_category& live_category() noexcept {
  static const category instance;
  return instance;
}

std::error_code make_error_code(live_errc e) noexcept { return {static_cast<int>(e), live_category()}; }

}  // namespace slsim::live
