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
# every slsim symbol against it.
function(slsim_export_for_plugins target)
  # Whole archives: a plugin may call any slsim function, not only those the program uses.
  set_target_properties(${target} PROPERTIES ENABLE_EXPORTS ON
    LINK_LIBRARY_OVERRIDE_slsim_api WHOLE_ARCHIVE
    LINK_LIBRARY_OVERRIDE_slsim_models WHOLE_ARCHIVE
    LINK_LIBRARY_OVERRIDE_slsim_sim WHOLE_ARCHIVE)
  target_link_libraries(${target} PRIVATE slsim::api)
endfunction()
