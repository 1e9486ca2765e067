# slsim_add_handler(<target> <sources...>): builds a handler plugin, a shared library
# that `slsim run|check --handler PATH` loads. Installed with the package and included by
# slsimConfig.cmake, so a user's project has it after find_package(slsim). The sources
# export their handler with SLSIM_HANDLER_PLUGIN(definition) (<slsim/api/handler_plugin.hpp>). It compiles against slsim's public headers
# and links none of slsim's libraries: its slsim symbols resolve against the loading
# program (one copy of every slsim global). RapidCheck must never be linked into it.
function(slsim_add_handler target)
  add_library(${target} MODULE ${ARGN})
  set_target_properties(${target} PROPERTIES PREFIX "" CXX_VISIBILITY_PRESET hidden)
  foreach(lib slsim::api slsim::models slsim::sim)
    target_include_directories(${target} PRIVATE $<TARGET_PROPERTY:${lib},INTERFACE_INCLUDE_DIRECTORIES>)
  endforeach()
  target_link_libraries(${target} PRIVATE Boost::headers nlohmann_json::nlohmann_json fmt::fmt)
  target_compile_features(${target} PRIVATE cxx_std_20)
endfunction()
