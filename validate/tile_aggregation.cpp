// SPDX-License-Identifier: Apache-2.0
#include "validate/tile_aggregation.h"

#include "workloads/dram_prefix.h"

namespace sextant {

std::int64_t dram_tiles(const GemminiFiresimRow& row) {
  std::int64_t tiles = 1;
  for (const Dim d : kAllDims) tiles *= at(row.dram, d);
  return tiles;
}

std::vector<WeightedRun> aggregation_plan(const GemminiFiresimRow& row, const Mapping& mapping,
                                          std::int64_t max_tiles) {
  const std::vector<WeightedRun> whole = {WeightedRun{}};
  if (max_tiles <= 0 || dram_tiles(row) <= max_tiles) return whole;
  const OuterDramLoop outer = outermost_dram_loop(mapping);
  if (!outer.found || outer.trips < 2 * kPrefixLong) return whole;
  const std::int64_t tile = mapping.inner_extent(0, outer.dim);
  const std::int64_t extent = row.op.dim(outer.dim);
  const double f = static_cast<double>(extent / tile) + static_cast<double>(extent % tile) / static_cast<double>(tile);
  const auto a = static_cast<double>(kPrefixShort), b = static_cast<double>(kPrefixLong);
  const double long_weight = (f - a) / (b - a);
  return {WeightedRun{1.0 - long_weight, kPrefixShort}, WeightedRun{long_weight, kPrefixLong}};
}

}  // namespace sextant
