#pragma once
#include <string>
#include <string_view>

namespace slsim::traces {

/// Appends `text` as a JSON string literal (with quotes) to `out`; control characters and
/// invalid UTF-8 bytes are escaped, so any handler log line yields a valid trace line.
void append_json_string(std::string& out, std::string_view text);

}  // namespace slsim::traces
