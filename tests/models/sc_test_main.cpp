// SPDX-License-Identifier: Apache-2.0
// Test runner for SystemC model tests: SystemC elaborates once per process, so ctest runs
// every TEST in its own process (gtest_discover_tests), and each simulating TEST calls
// sc_start at most once. SystemC warnings and errors become test failures.
#include <gtest/gtest.h>
#include <systemc>

#include "tlm/sc/report_handler.h"

int sc_main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  sextant::install_report_handler(/*warnings_are_errors=*/true);
  return RUN_ALL_TESTS();
}
