// Both emulators start on loopback and answer the AWS JSON protocol. If this fails,
// every differential test fails too: check Node.js and `npm ci`.
#include <gtest/gtest.h>

#include "emulator.hpp"

namespace slsim::testing {
namespace {

TEST(emulators, dynalite_answers_list_tables) {
  auto dynalite = emulator::start("dynalite");
  const auto r = dynalite.call("DynamoDB_20120810.ListTables", nlohmann::json::object());
  EXPECT_EQ(r.status, 200) << r.body.dump();
  EXPECT_TRUE(r.body.contains("TableNames"));
}

TEST(emulators, fauxqs_creates_a_queue) {
  auto fauxqs = emulator::start("fauxqs");
  const auto r = fauxqs.call("AmazonSQS.CreateQueue", {{"QueueName", "probe"}});
  EXPECT_EQ(r.status, 200) << r.body.dump();
  EXPECT_NE(r.body.value("QueueUrl", "").find("probe"), std::string::npos);
}

}  // namespace
}  // namespace slsim::testing
