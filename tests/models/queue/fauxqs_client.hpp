#pragma once
// A thin SQS client over the fauxqs emulator for the differential tests, and the
// process-wide emulator (started once per test executable).
#include <string>
#include <vector>

#include "emulator.hpp"

namespace slsim::queue::conformance {

/// One message as fauxqs returned it.
struct fq_message {
  std::string body;
  std::string handle;
  std::string message_id;
  std::string md5_of_body;
  std::string md5_of_message_attributes;
  int receive_count = 0;
};

/// The shared emulator; started on first use.
const slsim::testing::emulator& fauxqs();

/// The AWS error name of a failed call ("" on HTTP 200).
std::string error_name(const slsim::testing::emulator::response& r);

/// Creates a queue and returns its URL. `attributes` are AWS attribute strings.
std::string fq_create(const std::string& name, const nlohmann::json& attributes = nlohmann::json::object());
/// The queue's ARN.
std::string fq_arn(const std::string& url);
/// SendMessage; returns the response.
slsim::testing::emulator::response fq_send(const std::string& url, const nlohmann::json& extra);
/// ReceiveMessage with all system attributes, no wait.
std::vector<fq_message> fq_receive(const std::string& url, int max);
/// DeleteMessage / ChangeMessageVisibility: the AWS error name, "" on success.
std::string fq_delete(const std::string& url, const std::string& handle);
std::string fq_change_visibility(const std::string& url, const std::string& handle, int seconds);
/// GetQueueAttributes value as an integer.
long fq_attribute(const std::string& url, const std::string& name);

}  // namespace slsim::queue::conformance
