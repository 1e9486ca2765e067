# Installs this slsim build into a scratch prefix, then configures, builds and tests this
# folder as a separate project against it with find_package(slsim).
include(${CMAKE_CURRENT_LIST_DIR}/../../cmake/install_and_build_consumer.cmake)
execute_process(COMMAND ${CMAKE_CTEST_COMMAND} --test-dir ${WORK}/build --output-on-failure RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc OR NOT out MATCHES "100% tests passed")
  message(FATAL_ERROR "user test failed: ${rc}\n${out}")
endif()
message(STATUS "user test: ${out}")
