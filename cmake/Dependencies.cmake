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

# HDF5 C++ (datasets) and MPI (distributed datagen), with their headers marked SYSTEM.
find_package(HDF5 REQUIRED COMPONENTS CXX)
add_library(sextant_hdf5 INTERFACE)
target_include_directories(sextant_hdf5 SYSTEM INTERFACE ${HDF5_INCLUDE_DIRS})
target_link_libraries(sextant_hdf5 INTERFACE ${HDF5_CXX_LIBRARIES} ${HDF5_LIBRARIES})
target_compile_definitions(sextant_hdf5 INTERFACE ${HDF5_DEFINITIONS})

find_package(MPI REQUIRED COMPONENTS CXX)
add_library(sextant_mpi INTERFACE)
get_target_property(_mpi_inc MPI::MPI_CXX INTERFACE_INCLUDE_DIRECTORIES)
target_link_libraries(sextant_mpi INTERFACE MPI::MPI_CXX)
if(_mpi_inc)
  target_include_directories(sextant_mpi SYSTEM INTERFACE ${_mpi_inc})
endif()
