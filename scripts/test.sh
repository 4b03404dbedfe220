#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs dependencies, builds Sextant with run-time TLM invariant checks on, and runs
# the whole test suite (one process per test, two at a time).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSEXTANT_TLM_CHECKS=ON >/dev/null
cmake --build build-test -j2
ctest --test-dir build-test -j2 --output-on-failure --timeout 600
