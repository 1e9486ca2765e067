// SigV4 against AWS's published test-suite vectors (credentials AKIDEXAMPLE, 20150830T123600Z,
// us-east-1, service "service").
#include <gtest/gtest.h>

#include "slsim/live/sigv4.hpp"

namespace slsim::live {
namespace {

const sigv4_credentials k_suite_credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
const sigv4_scope k_suite_scope{"us-east-1", "service", "20150830T123600Z"};

sigv4_request suite_request(std::string method, std::string query = "") {
  return {std::move(method), "/", std::move(query), {{"Host", "example.amazonaws.com"}}, ""};
}

TEST(sigv4, get_vanilla) {
  const auto s = sign_v4(suite_request("GET"), k_suite_credentials, k_suite_scope);
  EXPECT_EQ(sha256_hex(s.canonical_request), "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  EXPECT_EQ(s.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(sigv4, get_vanilla_query_order_key_case) {
  const auto s = sign_v4(suite_request("GET", "Param2=value2&Param1=value1"), k_suite_credentials, k_suite_scope);
  EXPECT_EQ(s.signature, "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

TEST(sigv4, post_vanilla) {
  const auto s = sign_v4(suite_request("POST"), k_suite_credentials, k_suite_scope);
  EXPECT_EQ(s.signature, "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
}

TEST(sigv4, post_x_www_form_urlencoded_signs_the_body_and_content_type) {
  sigv4_request r = suite_request("POST");
  r.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  r.body = "Param1=value1";
  const auto s = sign_v4(r, k_suite_credentials, k_suite_scope);
  EXPECT_EQ(s.signed_headers, "content-type;host;x-amz-date");
  EXPECT_EQ(s.string_to_sign.substr(s.string_to_sign.rfind('\n') + 1),
            "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281");
  EXPECT_EQ(s.signature, "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
}

TEST(sigv4, a_changed_body_changes_the_signature) {
  sigv4_request a = suite_request("POST"), b = suite_request("POST");
  a.body = "{\"TableName\":\"results\"}";
  b.body = "{\"TableName\":\"result\"}";
  EXPECT_NE(sign_v4(a, k_suite_credentials, k_suite_scope).signature,
            sign_v4(b, k_suite_credentials, k_suite_scope).signature);
}

TEST(sigv4, session_token_is_signed) {
  sigv4_credentials c = k_suite_credentials;
  c.session_token = "TOKEN";
  const auto s = sign_v4(suite_request("GET"), c, k_suite_scope);
  EXPECT_EQ(s.signed_headers, "host;x-amz-date;x-amz-security-token");
}

TEST(sigv4, missing_host_is_rejected) {
  sigv4_request r{"GET", "/", "", {}, ""};
  EXPECT_THROW(sign_v4(r, k_suite_credentials, k_suite_scope), std::invalid_argument);
}

TEST(sigv4, uri_encoding_is_rfc3986) {
  EXPECT_EQ(uri_encode("/a b/\xe1\x88\xb4~", true), "/a%20b/%E1%88%B4~");
  EXPECT_EQ(uri_encode("a/b", false), "a%2Fb");
}

}  // namespace
}  // namespace slsim::live
