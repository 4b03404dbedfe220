// SPDX-License-Identifier: Apache-2.0
#include "workloads/mapping_space.h"

#include <random>

#include <gtest/gtest.h>

#include "tests/workloads/test_archs.h"
#include "workloads/mapper.h"
#include "workloads/mapping_validity.h"

namespace sextant {
namespace {

ArchConfig gemmini_like() {
  ArchConfig arch = testing::make_arch("g", 16, 16, Dataflow::kWeightStationary, 8, 32,
                                       {testing::buffer("Scratchpad", {TensorKind::kInputs, TensorKind::kWeights}, 256 * 1024),
                                        testing::buffer("Accumulator", {TensorKind::kOutputs}, 64 * 1024)});
  return arch;
}

TEST(TilingSpace, SmallestAndWholeTilesAreValid) {
  const ArchConfig arch = gemmini_like();
  const Op op = make_conv("c", 1, 64, 64, 14, 14, 3, 3, 1, 1);
  const TilingSpace space(op, arch);
  MappingPoint point;
  for (Dim d : kAllDims) at(point.tile, d) = space.tile_extent(d, 0);
  point.order = kAllDims;
  const Mapping smallest = space.to_mapping(point);
  EXPECT_TRUE(check_mapping(op, smallest, arch).ok) << check_mapping(op, smallest, arch).reason;
  EXPECT_EQ(at(smallest.levels.front().temporal, Dim::K), 4);  // 64 / 16 columns
  // The whole op in one tile does not fit a 64 KiB accumulator? 14x14x64x4 B = 49 KiB: it does.
  for (Dim d : kAllDims) at(point.tile, d) = op.dim(d);
  const Mapping whole = space.to_mapping(point);
  EXPECT_TRUE(check_mapping(op, whole, arch).ok) << check_mapping(op, whole, arch).reason;
  for (Dim d : kAllDims) EXPECT_EQ(at(whole.levels.front().temporal, d), 1);
}

TEST(TilingSpace, SamplesAreSeededAndCoverTheFactors) {
  const ArchConfig arch = gemmini_like();
  const Op op = make_conv("c", 1, 256, 128, 28, 28, 3, 3, 1, 1);
  const TilingSpace space(op, arch);
  EXPECT_GT(space.size(), 1000000u);
  std::mt19937_64 a(7), b(7);
  int valid = 0;
  for (int i = 0; i < 200; ++i) {
    const MappingPoint p = space.random_point(a);
    const MappingPoint q = space.random_point(b);
    EXPECT_EQ(p.tile, q.tile);
    EXPECT_EQ(p.order, q.order);
    const Mapping mapping = space.to_mapping(p);
    // Factors always cover every dim exactly once tiled.
    for (Dim d : kAllDims) {
      EXPECT_GE(mapping.inner_extent(0, d) * at(mapping.levels.front().temporal, d), op.dim(d));
    }
    valid += check_mapping(op, mapping, arch).ok ? 1 : 0;
  }
  EXPECT_GT(valid, 0);
}

TEST(TilingSpace, NeighboursDifferInOneCoordinate) {
  const ArchConfig arch = gemmini_like();
  const Op op = make_conv("c", 1, 64, 64, 14, 14, 3, 3, 1, 1);
  const TilingSpace space(op, arch);
  std::mt19937_64 rng(3);
  const MappingPoint p = space.random_point(rng);
  const auto next = space.neighbours(p);
  EXPECT_FALSE(next.empty());
  for (const MappingPoint& q : next) {
    int changes = (q.tile != p.tile) + (q.order != p.order) + (q.double_buffer != p.double_buffer);
    EXPECT_EQ(changes, 1);
  }
}

}  // namespace
}  // namespace sextant
