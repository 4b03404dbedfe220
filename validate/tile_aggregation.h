// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include "workloads/importers/gemmini_firesim_csv.h"
#include "workloads/mapping.h"

namespace sextant {

/// One sextant-sim run of a row and its weight in the estimate of the row's cycles.
struct WeightedRun {
  double weight = 1.0;
  /// 0: the whole row. N > 0: only the first N iterations of its outermost DRAM loop, on
  /// the whole row's tensors (sextant-sim --dram-iterations N).
  std::int64_t dram_iterations = 0;
};

/// The two prefixes an aggregated row is timed from (iterations of its outermost loop).
inline constexpr std::int64_t kPrefixShort = 3;
inline constexpr std::int64_t kPrefixLong = 6;

/// Aggregation of a long row. A row with more than max_tiles DRAM tiles whose outermost
/// DRAM loop (the first, in program order, that runs more than once) runs at least
/// 2 x kPrefixLong times is estimated from two prefixes of the whole row, its first a =
/// kPrefixShort and b = kPrefixLong iterations:
///   T(f) = T(a) + (f - a) (T(b) - T(a)) / (b - a),
/// f being the loop's iterations with its edge tile counted by its share of a full one.
/// A prefix runs exactly as the start of the detailed run (same tensors, addresses, warm
/// caches, TLB; over a reduction loop its last iteration finishes and stores the outputs,
/// as the whole row's does), so only the drift of the per-iteration cost along the layer is
/// left: exact with address-insensitive memory, within a few percent with the caches and
/// the TLB (docs/fidelity.md), not within 1%, which is why sextant-validate keeps it off by
/// default. max_tiles = 0 or any other row gives the row itself, weight 1.
std::vector<WeightedRun> aggregation_plan(const GemminiFiresimRow& row, const Mapping& mapping,
                                          std::int64_t max_tiles);

/// DRAM tiles of a row (the product of its DRAM trip counts).
std::int64_t dram_tiles(const GemminiFiresimRow& row);

}  // namespace sextant
