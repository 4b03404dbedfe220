// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>

#include "models/analytical/prepared_op.h"
#include "workloads/mapping.h"

namespace sextant {

/// The compute side of an op summed over all its tiles: the PE array's systolic cycles,
/// tile cycles with the buffers' port time, the array's buffer traffic and the MACs.
struct ComputeTotals {
  std::uint64_t busy = 0;    ///< systolic cycles
  std::uint64_t cycles = 0;  ///< tile cycles, buffer ports included
  std::array<std::uint64_t, kNumTensorKinds> array_read{};
  std::array<std::uint64_t, kNumTensorKinds> array_write{};
  std::uint64_t macs = 0;
};

/// The DRAM-level tiles of a mapping: the full tile extent and the trip count per dim
/// (the last tile of a dim may be an edge tile).
struct DramTiling {
  DimArray tile{};
  DimArray trips{};
};

/// Reference: every tile class (at most two extents per dim) is folded with
/// fold_classes() and timed with systolic_cycles() / array_traffic(), the TLM PE array's
/// own functions.
ComputeTotals compute_totals_by_tile_classes(const PreparedOp& prepared, const Mapping& mapping,
                                             const DramTiling& tiling);

/// The same totals from per-dim sums: a sum over a tile's folds of a product of per-dim
/// chunk sizes is the product of per-dim sums, so no fold list is built. Equal to the
/// reference on every valid mapping (tested on random mapping-space draws).
ComputeTotals compute_totals_separable(const PreparedOp& prepared, const Mapping& mapping,
                                       const DramTiling& tiling);

}  // namespace sextant
