// SPDX-License-Identifier: Apache-2.0
#include "validate/tile_aggregation.h"

namespace sextant {
namespace {

void plan(const GemminiFiresimRow& row, std::int64_t max_tiles, double weight, std::vector<WeightedRun>& out) {
  if (max_tiles > 0 && dram_tiles(row) > max_tiles) {
    const DimArray tile = gemmini_firesim_tile(row);
    // Outermost first: dram_order lists the loops innermost first.
    for (auto it = row.dram_order.rbegin(); it != row.dram_order.rend(); ++it) {
      Dim dim;
      // Only loops over the outermost dimensions of every tensor's layout (batch and output
      // rows: inputs N,H,W,C, outputs N,P,Q,K, matmul A and C row-major) are cut: cutting
      // them keeps every address stride, so the TLB pages, cache sets and DRAM rows a tile
      // touches stay those of the whole layer. Cutting C, K or Q changes the strides and
      // with them the memory system's behaviour (measured up to 22% off with the L2 and
      // TLB presets); kernel loops would change the output size.
      if (!dim_from_letter(*it, dim) || (dim != Dim::N && dim != Dim::P)) continue;
      const std::int64_t t = at(tile, dim);
      const std::int64_t full = row.op.dim(dim) / t;
      if (full < 6) continue;
      const std::int64_t edge = row.op.dim(dim) - full * t;
      const auto f = static_cast<double>(full);
      plan(with_extent(row, dim, 3 * t + edge), max_tiles, weight * (4.0 - f), out);
      plan(with_extent(row, dim, 4 * t + edge), max_tiles, weight * (f - 3.0), out);
      return;
    }
  }
  out.push_back({row, weight});
}

}  // namespace

std::int64_t dram_tiles(const GemminiFiresimRow& row) {
  std::int64_t tiles = 1;
  for (const Dim d : kAllDims) tiles *= at(row.dram, d);
  return tiles;
}

std::vector<WeightedRun> aggregation_plan(const GemminiFiresimRow& row, std::int64_t max_tiles) {
  std::vector<WeightedRun> out;
  plan(row, max_tiles, 1.0, out);
  return out;
}

}  // namespace sextant
