# Installs the layer libraries and their public headers, and exports them as the
# `slsim` CMake package: find_package(slsim) then link slsim::models etc.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS ${SLSIM_EXPORTED_TARGETS}
        EXPORT slsimTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(dir IN LISTS SLSIM_PUBLIC_INCLUDE_DIRS)
  install(DIRECTORY ${dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()
install(EXPORT slsimTargets NAMESPACE slsim:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/slsim)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/slsimConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/slsimConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/slsim)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/slsimConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/slsimConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/slsimConfigVersion.cmake
              ${CMAKE_CURRENT_LIST_DIR}/slsim_handler.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/slsim)

# A user expects a library's size, not its debug info: RelWithDebInfo archives are ~10x
# larger with DWARF (coroutine-heavy code). Installed archives and the program are stripped
# of debug info (symbols stay: plugins resolve against the program's exported ones) unless
# SLSIM_INSTALL_DEBUG_INFO is ON.
option(SLSIM_INSTALL_DEBUG_INFO "Keep debug info in installed libraries and the slsim program" OFF)
if(NOT SLSIM_INSTALL_DEBUG_INFO AND CMAKE_STRIP)
  set(_slsim_installed_archives "")
  foreach(target IN LISTS SLSIM_EXPORTED_TARGETS)
    list(APPEND _slsim_installed_archives "${CMAKE_INSTALL_LIBDIR}/$<TARGET_FILE_NAME:${target}>")
  endforeach()
  list(APPEND _slsim_installed_archives "${CMAKE_INSTALL_BINDIR}/$<TARGET_FILE_NAME:slsim>")
  install(CODE "
    foreach(file ${_slsim_installed_archives})
      set(path \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/\${file}\")
      execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-debug \"\${path}\" RESULT_VARIABLE rc)
      if(rc)
        message(FATAL_ERROR \"stripping debug info from \${path} failed: \${rc}\")
      endif()
    endforeach()")
endif()
