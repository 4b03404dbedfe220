#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs dependencies, builds Sextant, and simulates a whole ResNet-50 on the
# Gemmini-default-like preset at transaction level, printing its summary table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSEXTANT_BUILD_TESTS=OFF >/dev/null
cmake --build build -j2 --target sextant-sim
./build/models/sextant-sim --arch yaml/arch/gemmini-default-like.yaml \
  --workload yaml/workloads/resnet50.yaml --output build/resnet50-gemmini.json "$@"
echo "JSON Result: build/resnet50-gemmini.json"
