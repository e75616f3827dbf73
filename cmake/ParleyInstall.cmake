# make install: the public headers, every layer's static library, a CMake
# package (find_package(parley) -> parley::parley) and a pkg-config file.
include(CMakePackageConfigHelpers)

get_property(_layers GLOBAL PROPERTY PARLEY_LAYERS)
install(TARGETS parley ${_layers} EXPORT parleyTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/parley DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT parleyTargets NAMESPACE parley:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/parley)

configure_package_config_file(cmake/parleyConfig.cmake.in ${PROJECT_BINARY_DIR}/parleyConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/parley)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/parleyConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/parleyConfig.cmake ${PROJECT_BINARY_DIR}/parleyConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/parley)

# Static libraries must be listed from the top layer down for the linker.
set(PARLEY_PC_LIBS "")
list(REVERSE _layers)
foreach(_l IN LISTS _layers)
  string(APPEND PARLEY_PC_LIBS " -l${_l}")
endforeach()
configure_file(cmake/parley.pc.in ${PROJECT_BINARY_DIR}/parley.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/parley.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
