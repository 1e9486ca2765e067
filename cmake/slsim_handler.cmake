# slsim_add_handler(<target> <sources...>): builds a handler plugin, a shared library
# that `slsim run|check --handler PATH` loads. It compiles against slsim's public headers
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

# slsim_export_for_plugins(<executable>): lets plugins loaded by this program resolve
# every slsim symbol against it. The layer libraries' object files are linked in whole
# (a plugin may call any slsim function, not only those the program uses); the static
# archives then contribute nothing twice.
function(slsim_export_for_plugins target)
  set_target_properties(${target} PROPERTIES ENABLE_EXPORTS ON)
  target_sources(${target} PRIVATE $<TARGET_OBJECTS:slsim_api> $<TARGET_OBJECTS:slsim_models> $<TARGET_OBJECTS:slsim_sim>)
  target_link_libraries(${target} PRIVATE slsim::api)
endfunction()
