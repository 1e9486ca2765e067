# Installs this build into a scratch prefix, then configures, builds and runs a separate
# consumer project against it with find_package(slsim).
include(${CMAKE_CURRENT_LIST_DIR}/../../cmake/install_and_build_consumer.cmake)
execute_process(COMMAND ${WORK}/build/consumer RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(rc OR NOT out MATCHES "trace_hash [0-9a-f]+")
  message(FATAL_ERROR "consumer run failed: ${rc} ${out}")
endif()
message(STATUS "consumer: ${out}")
