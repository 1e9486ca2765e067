// The one escaping function behind the JUnit report and the sweep's HTML/SVG.
#include <gtest/gtest.h>

#include "slsim/io/markup_escape.hpp"

namespace slsim::io {
namespace {

TEST(markup_escape, escapes_the_specials_everywhere_and_quotes_and_newlines_only_in_attributes) {
  EXPECT_EQ(markup_escape("a<b>&c", markup_context::text), "a&lt;b&gt;&amp;c");
  EXPECT_EQ(markup_escape("say \"hi\"\nit's", markup_context::text), "say \"hi\"\nit's");
  EXPECT_EQ(markup_escape("say \"hi\"\nit's", markup_context::attribute), "say &quot;hi&quot;&#10;it&#39;s");
}

TEST(markup_escape, replaces_control_characters_xml_forbids_and_keeps_tab_and_utf8) {
  EXPECT_EQ(markup_escape(std::string("a\x01\x1f\tb", 5), markup_context::text), "a??\tb");
  EXPECT_EQ(markup_escape("★ ↓", markup_context::attribute), "★ ↓");
}

}  // namespace
}  // namespace slsim::io
