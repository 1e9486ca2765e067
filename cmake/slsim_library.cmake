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
