// The fauxqs client of the differential tests (AWS JSON 1.0, X-Amz-Target AmazonSQS.*).
#include "fauxqs_client.hpp"

#include <memory>
#include <mutex>

namespace slsim::queue::conformance {

using slsim::testing::emulator;

const emulator& fauxqs() {
  static std::once_flag once;
  static std::unique_ptr<emulator> instance;
  std::call_once(once, [] { instance = std::make_unique<emulator>(emulator::start("fauxqs")); });
  return *instance;
}

std::string error_name(const emulator::response& r) {
  if (r.status == 200) return "";
  const std::string type = r.body.is_object() ? r.body.value("__type", "") : "";
  const auto hash = type.find('#');
  return hash == std::string::npos ? (type.empty() ? "HTTP" + std::to_string(r.status) : type) : type.substr(hash + 1);
}

std::string fq_create(const std::string& name, const nlohmann::json& attributes) {
  const auto r = fauxqs().call("AmazonSQS.CreateQueue", {{"QueueName", name}, {"Attributes", attributes}});
  if (r.status != 200) throw std::runtime_error("fauxqs CreateQueue failed: " + r.body.dump());
  return r.body.at("QueueUrl").get<std::string>();
}

std::string fq_arn(const std::string& url) {
  const auto r = fauxqs().call("AmazonSQS.GetQueueAttributes", {{"QueueUrl", url}, {"AttributeNames", {"QueueArn"}}});
  return r.body.at("Attributes").at("QueueArn").get<std::string>();
}

emulator::response fq_send(const std::string& url, const nlohmann::json& extra) {
  nlohmann::json req = extra;
  req["QueueUrl"] = url;
  return fauxqs().call("AmazonSQS.SendMessage", req);
}

std::vector<fq_message> fq_receive(const std::string& url, int max) {
  const auto r = fauxqs().call("AmazonSQS.ReceiveMessage", {{"QueueUrl", url},
                                                            {"MaxNumberOfMessages", max},
                                                            {"WaitTimeSeconds", 0},
                                                            {"AttributeNames", {"All"}},
                                                            {"MessageAttributeNames", {"All"}}});
  if (r.status != 200) throw std::runtime_error("fauxqs ReceiveMessage failed: " + r.body.dump());
  std::vector<fq_message> out;
  if (!r.body.is_object() || !r.body.contains("Messages")) return out;
  for (const auto& m : r.body.at("Messages")) {
    fq_message f;
    f.body = m.value("Body", "");
    f.handle = m.value("ReceiptHandle", "");
    f.message_id = m.value("MessageId", "");
    f.md5_of_body = m.value("MD5OfBody", "");
    f.md5_of_message_attributes = m.value("MD5OfMessageAttributes", "");
    if (m.contains("Attributes")) f.receive_count = std::stoi(m["Attributes"].value("ApproximateReceiveCount", "0"));
    out.push_back(std::move(f));
  }
  return out;
}

std::string fq_delete(const std::string& url, const std::string& handle) {
  return error_name(fauxqs().call("AmazonSQS.DeleteMessage", {{"QueueUrl", url}, {"ReceiptHandle", handle}}));
}

std::string fq_change_visibility(const std::string& url, const std::string& handle, int seconds) {
  return error_name(fauxqs().call("AmazonSQS.ChangeMessageVisibility",
                                  {{"QueueUrl", url}, {"ReceiptHandle", handle}, {"VisibilityTimeout", seconds}}));
}

long fq_attribute(const std::string& url, const std::string& name) {
  const auto r = fauxqs().call("AmazonSQS.GetQueueAttributes", {{"QueueUrl", url}, {"AttributeNames", {name}}});
  return std::stol(r.body.at("Attributes").at(name).get<std::string>());
}

}  // namespace slsim::queue::conformance
