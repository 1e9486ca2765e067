#pragma once
namespace slsim::cli {
/// The version written into traces and case files.
inline constexpr const char* k_version = "0.1.0";
}  // namespace slsim::cli
