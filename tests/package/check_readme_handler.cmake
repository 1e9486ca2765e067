# The user's path of README.md, as a new user follows it: the README's handler, its
# CMakeLists.txt and its effect contract are extracted from the README into a separate
# project, built against this build installed into a scratch prefix (find_package(slsim) +
# slsim_add_handler), and checked with the README's own `slsim check` command from the
# installed prefix: exit 0. The same handler without its condition (a redelivery writes the
# result twice) must exit 1, naming exactly_once.
#   cmake -DBUILD=<slsim build> -DWORK=<scratch dir> -DREADME=<README.md> -P check_readme_handler.cmake
file(READ ${README} readme)
string(REGEX MATCH "```cpp\n(#include <boost/asio/as_tuple.hpp>[^`]*)```" _ "${readme}")
set(handler "${CMAKE_MATCH_1}")
string(REGEX MATCH "```cmake\n([^`]*slsim_add_handler[^`]*)```" _ "${readme}")
set(cmakelists "${CMAKE_MATCH_1}")
string(REGEX MATCH "```json\n({\"effects\"[^`]*)```" _ "${readme}")
set(contract "${CMAKE_MATCH_1}")
string(REGEX MATCH "bin/slsim\" check ([^#\n]*)#" _ "${readme}")
string(STRIP "${CMAKE_MATCH_1}" check_args)
foreach(part handler cmakelists contract check_args)
  if(NOT ${part})
    message(FATAL_ERROR "README.md: the user path's ${part} was not found")
  endif()
endforeach()
if(NOT handler MATCHES "SLSIM_HANDLER_PLUGIN\\(" OR NOT cmakelists MATCHES "find_package\\(slsim")
  message(FATAL_ERROR "README.md: the handler must be a plugin built with find_package(slsim) + slsim_add_handler")
endif()

set(SOURCE ${WORK}-src)
file(REMOVE_RECURSE ${SOURCE})
file(WRITE ${SOURCE}/my_handler.cpp "${handler}")
string(REGEX REPLACE "\n[^\n]*put\\.condition[^\n]*" "" buggy "${handler}")
if(buggy STREQUAL handler)
  message(FATAL_ERROR "README.md: the handler has no put.condition line to remove for the buggy variant")
endif()
file(WRITE ${SOURCE}/my_handler_buggy.cpp "${buggy}")
file(WRITE ${SOURCE}/CMakeLists.txt "${cmakelists}\nslsim_add_handler(my_handler_buggy my_handler_buggy.cpp)\n")
file(WRITE ${SOURCE}/my_contract.json "${contract}")
include(${CMAKE_CURRENT_LIST_DIR}/../../cmake/install_and_build_consumer.cmake)
# The README's paths: the project's build directory is ./build, the prefix is the scratch one.
file(CREATE_LINK ${WORK}/build ${SOURCE}/build SYMBOLIC)

separate_arguments(args UNIX_COMMAND "${check_args}")
execute_process(COMMAND ${WORK}/prefix/bin/slsim check ${args} WORKING_DIRECTORY ${SOURCE}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "slsim check ${check_args} on the README's handler: exit ${rc}, expected 0\n${out}")
endif()
message(STATUS "README handler: exit 0\n${out}")

string(REPLACE "my_handler.so" "my_handler_buggy.so" buggy_args "${args}")
execute_process(COMMAND ${WORK}/prefix/bin/slsim check ${buggy_args} WORKING_DIRECTORY ${SOURCE}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 1 OR NOT out MATCHES "exactly_once")
  message(FATAL_ERROR "the README's handler without its condition: exit ${rc}, expected 1 naming exactly_once\n${out}")
endif()
message(STATUS "README handler without its condition: exit 1\n${out}")
