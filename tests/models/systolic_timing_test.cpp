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

PeArrayConfig command_array(int size) {
  PeArrayConfig array;
  array.rows = array.cols = size;
  array.dataflow = Dataflow::kWeightStationary;
  array.compute_command_rows = size;
  array.compute_command_min_cycles = 4;
  return array;
}

TEST(SystolicCycles, CommandsNeverCrossAnOutputRow) {
  // A 4 x 4 array, one fold streaming 14 output rows of 2 columns: 14 commands of 2 rows,
  // each held to the 4-cycle minimum; the first also preloads 4 rows of weights (4
  // cycles, which hides its 2). Gemmini's LoopConv: 4 + 13 x max(2, 4) = 56.
  const ComputeTile tile = tile_with(dims(1, 1, 4, 4, 14, 2, 1, 1), dims(1, 1, 4, 1, 1, 1, 1, 1),
                                     dims(1, 1, 1, 4, 1, 1, 1, 1), dims(1, 1, 1, 1, 14, 2, 1, 1));
  EXPECT_EQ(systolic_cycles(command_array(4), fold_classes(tile)), 56u);
  // One stream of 28 rows would have taken 4 + 28 + 6 = 38 cycles.
  PeArrayConfig streamed = command_array(4);
  streamed.compute_command_rows = 0;
  EXPECT_EQ(systolic_cycles(streamed, fold_classes(tile)), 38u);
  EXPECT_EQ(pipeline_drain_cycles(command_array(4)), 6u);
  EXPECT_EQ(pipeline_drain_cycles(streamed), 0u);
}

TEST(SystolicCycles, EveryFoldPaysItsPreloadAndLongRowsSplitIntoArrayHeights) {
  // 64 x 64, 8 folds (2 x 2 kernel positions, 2 channel blocks) of 14 rows x 2 columns:
  // each 64 + 13 x 4 = 116 (source row 1514 of the FireSim data), 928 in all.
  const ComputeTile narrow = tile_with(dims(1, 1, 128, 16, 14, 2, 2, 2), dims(1, 1, 64, 1, 1, 1, 1, 1),
                                       dims(1, 1, 1, 16, 1, 1, 1, 1), dims(1, 1, 1, 1, 14, 2, 1, 1));
  EXPECT_EQ(systolic_cycles(command_array(64), fold_classes(narrow)), 8u * 116u);
  // Rows of 150 columns: commands of 64, 64 and 22 rows; the first preload hides under
  // its 64 rows. Two output rows: 2 x 150 = 300 cycles for the one fold.
  const ComputeTile wide = tile_with(dims(1, 1, 64, 64, 2, 150, 1, 1), dims(1, 1, 64, 1, 1, 1, 1, 1),
                                     dims(1, 1, 1, 64, 1, 1, 1, 1), dims(1, 1, 1, 1, 2, 150, 1, 1));
  EXPECT_EQ(systolic_cycles(command_array(64), fold_classes(wide)), 300u);
}

TEST(SystolicCycles, MatrixMultiplyCommandsRunAlongTheRowsOfM) {
  // M = 100 rows streamed (P) on a 16 x 16 array: commands of 16 x 6 and 4 rows = 100.
  ComputeTile tile = tile_with(dims(1, 1, 16, 16, 100, 1, 1, 1), dims(1, 1, 16, 1, 1, 1, 1, 1),
                               dims(1, 1, 1, 16, 1, 1, 1, 1), dims(1, 1, 1, 1, 100, 1, 1, 1));
  tile.command_dim = compute_command_dim(OpKind::kMatmul);
  EXPECT_EQ(systolic_cycles(command_array(16), fold_classes(tile)), 100u);
  // Read as a convolution's output rows of one column each, the same tile is 100 commands
  // held to 4 cycles, the first 16 (its preload).
  tile.command_dim = compute_command_dim(OpKind::kConv);
  EXPECT_EQ(systolic_cycles(command_array(16), fold_classes(tile)), 16u + 99u * 4u);
}

TEST(SystolicCycles, ShortCommandsOnALargeArrayWaitForAPlaceInIt) {
  // The tile of source row 1013 of the FireSim data on a 64 x 64 array: one fold of 13
  // output rows of one column. Without a limit: the preload (64) and 12 commands held to
  // 4 cycles. With Gemmini's 6 tags, a command's tag leaves when the next command's row
  // has crossed the array (64 + 64 - 1 cycles after entering): 5 commands per 1 - 1 + 127
  // cycles, 26 cycles each.
  const ComputeTile tile = tile_with(dims(1, 1, 64, 1, 13, 1, 1, 1), dims(1, 1, 64, 1, 1, 1, 1, 1),
                                     dims(1, 1, 1, 1, 1, 1, 1, 1), dims(1, 1, 1, 1, 13, 1, 1, 1));
  PeArrayConfig array = command_array(64);
  EXPECT_EQ(systolic_cycles(array, fold_classes(tile)), 64u + 12u * 4u);
  EXPECT_EQ(array_latency_cycles(array), 127);
  array.compute_commands_in_flight = 6;
  EXPECT_EQ(systolic_cycles(array, fold_classes(tile)), 64u + 12u * 26u);
  // The limit binds only short commands: full commands of 64 rows need (63 + 127) / 5 = 38
  // cycles of places and take 64 anyway.
  const ComputeTile wide = tile_with(dims(1, 1, 64, 64, 2, 128, 1, 1), dims(1, 1, 64, 1, 1, 1, 1, 1),
                                     dims(1, 1, 1, 64, 1, 1, 1, 1), dims(1, 1, 1, 1, 2, 128, 1, 1));
  PeArrayConfig unlimited = command_array(64);
  EXPECT_EQ(systolic_cycles(array, fold_classes(wide)), systolic_cycles(unlimited, fold_classes(wide)));
  // On a 4 x 4 array the places turn over faster than the 4-cycle minimum: no effect.
  const ComputeTile small = tile_with(dims(1, 1, 4, 4, 14, 2, 1, 1), dims(1, 1, 4, 1, 1, 1, 1, 1),
                                      dims(1, 1, 1, 4, 1, 1, 1, 1), dims(1, 1, 1, 1, 14, 2, 1, 1));
  PeArrayConfig small_limited = command_array(4);
  small_limited.compute_commands_in_flight = 6;
  EXPECT_EQ(systolic_cycles(small_limited, fold_classes(small)), systolic_cycles(command_array(4), fold_classes(small)));
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
