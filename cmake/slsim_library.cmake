# slsim_add_layer(NAME <target> DEPS <targets...>): one static library per layer
# (docs/architecture.md §1), with an alias slsim::<short-name> for in-tree and package use.
function(slsim_add_layer)
  cmake_parse_arguments(ARG "" "NAME;ALIAS" "DEPS" ${ARGN})
  add_library(${ARG_NAME} STATIC)
  add_library(slsim::${ARG_ALIAS} ALIAS ${ARG_NAME})
  set_target_properties(${ARG_NAME} PROPERTIES EXPORT_NAME ${ARG_ALIAS} POSITION_INDEPENDENT_CODE ON)
  target_link_libraries(${ARG_NAME} PUBLIC ${ARG_DEPS} PRIVATE $<BUILD_INTERFACE:slsim_build_options>)
  set_property(GLOBAL APPEND PROPERTY SLSIM_EXPORTED_TARGETS ${ARG_NAME})
endfunction()

# slsim_public_headers(<target> <dir>): <dir> holds public headers under slsim/...
function(slsim_public_headers target dir)
  target_include_directories(${target} PUBLIC $<BUILD_INTERFACE:${dir}> $<INSTALL_INTERFACE:include>)
  set_property(GLOBAL APPEND PROPERTY SLSIM_PUBLIC_INCLUDE_DIRS ${dir})
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
