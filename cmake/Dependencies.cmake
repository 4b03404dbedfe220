# SPDX-License-Identifier: Apache-2.0
# Every dependency comes from a Debian package; nothing is downloaded at build time.
find_package(PkgConfig REQUIRED)
pkg_check_modules(SYSTEMC REQUIRED IMPORTED_TARGET systemc>=2.3.4)
find_package(yaml-cpp REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(Threads REQUIRED)

# Mark SystemC's headers as system headers so our warning flags do not flag them.
add_library(sextant_systemc INTERFACE)
target_link_libraries(sextant_systemc INTERFACE PkgConfig::SYSTEMC Threads::Threads)
get_target_property(_systemc_inc PkgConfig::SYSTEMC INTERFACE_INCLUDE_DIRECTORIES)
if(_systemc_inc)
  target_include_directories(sextant_systemc SYSTEM INTERFACE ${_systemc_inc})
endif()
