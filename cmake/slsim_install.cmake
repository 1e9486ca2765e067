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
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/slsim)
