// SPDX-License-Identifier: Apache-2.0
// Pure timing logic of the PE array (no simulation kernel needed).
#include <gtest/gtest.h>

#include "workloads/systolic_timing.h"

namespace sextant {
namespace {

ComputeTile tile_with(DimArray extent, DimArray rows, DimArray cols, DimArray stream) {
  ComputeTile tile;
  tile.extent = extent;
  tile.rows = rows;
  tile.cols = cols;
  tile.stream = stream;
  return tile;
}

DimArray dims(std::int64_t g, std::int64_t n, std::int64_t c, std::int64_t k, std::int64_t p, std::int64_t q,
              std::int64_t r, std::int64_t s) {
  return DimArray{g, n, c, k, p, q, r, s};
}

TEST(FoldClasses, CoverEveryMacOnceWithEdgeChunks) {
  // C 10 on 4 rows (4, 4, 2), K 7 on 4 cols (4, 3), stream P 9 by 4 (4, 4, 1), R 3 folds.
  const ComputeTile tile = tile_with(dims(1, 1, 10, 7, 9, 1, 3, 1), dims(1, 1, 4, 1, 1, 1, 1, 1),
                                     dims(1, 1, 1, 4, 1, 1, 1, 1), dims(1, 1, 1, 1, 4, 1, 1, 1));
  std::int64_t macs = 0;
  std::int64_t folds = 0;
  for (const FoldClass& fold : fold_classes(tile)) {
    EXPECT_LE(fold.rows_used, 4);
    EXPECT_LE(fold.cols_used, 4);
    macs += fold.count * fold.rows_used * fold.cols_used * fold.stream;
    folds += fold.count;
  }
  EXPECT_EQ(macs, 10 * 7 * 9 * 3);
  EXPECT_EQ(folds, 3 * 2 * 3 * 3);
}

TEST(SystolicCycles, ScaleSimFormulaWithoutOverlap) {
  PeArrayConfig array;
  array.rows = 8;
  array.cols = 16;
  array.fold_overlap = false;
  // 2R + C + T - 2 per fold: 16 + 16 + 100 - 2 = 130; three folds.
  EXPECT_EQ(systolic_cycles(array, {FoldClass{8, 16, 100, 3}}), 3u * 130u);
}

TEST(SystolicCycles, OverlapHidesPreloadUnderLongStreams) {
  PeArrayConfig array;
  array.rows = 8;
  array.cols = 16;
  array.fold_overlap = true;
  // R + sum max(T, R) + R + C - 2 = 8 + (100 + 100 + 3 x 8) + 22.
  EXPECT_EQ(systolic_cycles(array, {FoldClass{8, 16, 100, 2}, FoldClass{8, 16, 3, 3}}), 8u + 224u + 22u);
}

TEST(ArrayTraffic, WeightStationaryMovesEachOperandAsDocumented) {
  PeArrayConfig array;
  array.rows = 4;
  array.cols = 4;
  array.dataflow = Dataflow::kWeightStationary;
  ComputeTile tile = tile_with(dims(1, 1, 8, 4, 10, 1, 1, 1), dims(1, 1, 4, 1, 1, 1, 1, 1),
                               dims(1, 1, 1, 4, 1, 1, 1, 1), dims(1, 1, 1, 1, 10, 1, 1, 1));
  tile.boxes[2].rank = 4;
  tile.boxes[2].extent = {1, 10, 1, 4, 0};
  const auto folds = fold_classes(tile);
  const ArrayTraffic traffic = array_traffic(array, tile, folds);
  EXPECT_EQ(traffic.folds, 2u);
  EXPECT_EQ(traffic.read_bytes[1], 2u * 4u * 4u);    // weights: rows x cols per fold
  EXPECT_EQ(traffic.read_bytes[0], 2u * 10u * 4u);   // inputs: T x rows per fold
  EXPECT_EQ(traffic.write_bytes[2], 2u * 10u * 4u * 4u);  // outputs: T x cols x 4 B per fold
  EXPECT_EQ(traffic.read_bytes[2], 1u * 10u * 4u * 4u);   // second fold accumulates
}

}  // namespace
}  // namespace sextant
