// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include "workloads/importers/gemmini_firesim_csv.h"

namespace sextant {

/// One smaller run and its weight in the estimate of the whole row's cycles.
struct WeightedRun {
  GemminiFiresimRow row;
  double weight = 1.0;
};

/// Aggregation of repeated identical tiles. While a row has more than max_tiles DRAM tiles,
/// its outermost DRAM loop over N, C, K, P or Q with at least 6 full iterations is cut to 3 and to 4 full
/// iterations (plus its edge tile, if any): iterations of an outer loop run the same tiles
/// one after another, so the cycles grow by the same amount per iteration,
/// T(f) = T(3) + (f - 3) (T(4) - T(3)). Applied recursively, the estimate is a weighted sum
/// of small runs. max_tiles = 0 or a row within it gives the row itself with weight 1.
/// The error against the detailed run is measured by tests/validate (within 1%).
std::vector<WeightedRun> aggregation_plan(const GemminiFiresimRow& row, std::int64_t max_tiles);

/// DRAM tiles of a row (the product of its DRAM trip counts).
std::int64_t dram_tiles(const GemminiFiresimRow& row);

}  // namespace sextant
