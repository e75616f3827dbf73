# Compiler settings shared by every parley target, carried by an interface target.
add_library(parley_flags INTERFACE)
target_compile_options(parley_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wnon-virtual-dtor -Wold-style-cast)
if(PARLEY_WERROR)
  target_compile_options(parley_flags INTERFACE -Werror)
endif()

if(PARLEY_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_compile_options(${_san})
  add_link_options(${_san})
endif()

# Asio 1.28 enables co_await under clang only with <experimental/coroutine>,
# which libstdc++ 12 does not have; its <coroutine> serves clang 16 as well.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  add_compile_definitions(ASIO_HAS_CO_AWAIT=1)
endif()

if(PARLEY_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PARLEY_FUZZ needs clang (libFuzzer); configure with CXX=clang++-16")
  endif()
  # libstdc++ 12 hides std::expected unless __cpp_concepts >= 202002L; clang 16
  # implements the missing piece (P0848, conditionally trivial special members)
  # but still reports 201907L, so we state it for the fuzz build only.
  # The fuzz build is also the sanitizer build of the unit tests (scripts/test.sh):
  # everything is compiled once with ASan + UBSan, UBSan findings are fatal.
  add_compile_options(-Wno-macro-redefined -D__cpp_concepts=202002L
                      -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# parley_layer(NAME SOURCES... DEPS...): a static library for one layer.
function(parley_layer name)
  cmake_parse_arguments(L "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${L_SOURCES})
  add_library(parley::${name} ALIAS ${name})
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/src>
    # Installed: only include/parley/ (the public API); src/ stays in the build tree.
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(${name} PUBLIC ${L_DEPS} PRIVATE ${L_PRIVATE_DEPS} $<BUILD_INTERFACE:parley_flags>)
  set_property(GLOBAL APPEND PROPERTY PARLEY_LAYERS ${name})
endfunction()
