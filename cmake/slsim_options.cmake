# Warning and sanitizer flags shared by every slsim target, applied through one
# interface target so that users consuming slsim as a package do not inherit them.
add_library(slsim_build_options INTERFACE)
target_compile_options(slsim_build_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wno-missing-field-initializers
  $<$<BOOL:${SLSIM_WERROR}>:-Werror>)

if(SLSIM_SANITIZE)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    message(FATAL_ERROR "SLSIM_SANITIZE needs GCC: clang 14 cannot build the coroutine code with sanitizers")
  endif()
  # -g1: line tables for the sanitizers' reports, without the variable info only a debugger
  # reads (less to compile and link; the sanitizer pass is half of CI's build time).
  target_compile_options(slsim_build_options INTERFACE -O0 -g1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(slsim_build_options INTERFACE -fsanitize=address,undefined)
  target_compile_definitions(slsim_build_options INTERFACE SLSIM_SANITIZED=1)
endif()

find_program(SLSIM_CCACHE ccache)
if(SLSIM_CCACHE)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${SLSIM_CCACHE})
endif()
