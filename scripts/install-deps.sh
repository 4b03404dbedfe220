#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs Sextant's build and test dependencies from Debian's archive (nothing else is
# downloaded). Skips apt-get entirely when everything is already installed.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libsystemc-dev          # SystemC 2.3.4 + TLM-2.0 (built for C++17)
  libyaml-cpp-dev         # configs
  libboost-program-options-dev  # command lines
  nlohmann-json3-dev      # JSON Result writer and test parsing
  libgtest-dev libgmock-dev googletest  # tests
  valgrind                # callgrind instruction counts in bench/
  libbenchmark-dev        # Google Benchmark: analytical-model throughput (bench/)
  libhdf5-dev             # HDF5 C++ API: datagen's datasets
  openmpi-bin libopenmpi-dev  # mpirun and MPI for distributed datagen
  libboost-random-dev     # Sobol sequence and Mersenne twister of the samplers
  python3-h5py python3-pandas  # the test that reads a dataset without Sextant
)

missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  as_root=(sudo)
fi
echo "installing: ${missing[*]}"
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
