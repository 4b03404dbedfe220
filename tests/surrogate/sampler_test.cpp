// SPDX-License-Identifier: Apache-2.0
#include "surrogate/sampler.h"

#include <gtest/gtest.h>

#include <set>

#include "surrogate/sample_plan.h"

namespace sextant {
namespace {

TEST(Sampler, DeterministicAndInRange) {
  for (SamplerKind kind : {SamplerKind::kUniform, SamplerKind::kLatinHypercube, SamplerKind::kSobol}) {
    const auto a = sample_unit_cube(kind, 3, 50, 7);
    const auto b = sample_unit_cube(kind, 3, 50, 7);
    const auto c = sample_unit_cube(kind, 3, 50, 8);
    EXPECT_EQ(a, b) << sampler_name(kind);
    EXPECT_NE(a, c) << sampler_name(kind);
    for (const auto& point : a) {
      ASSERT_EQ(point.size(), 3u);
      for (double u : point) {
        EXPECT_GE(u, 0.0);
        EXPECT_LT(u, 1.0);
      }
    }
  }
}

TEST(Sampler, LatinHypercubeUsesEveryStratumOnce) {
  const std::size_t count = 37;
  const auto points = sample_unit_cube(SamplerKind::kLatinHypercube, 4, count, 3);
  for (std::size_t d = 0; d < 4; ++d) {
    std::set<std::size_t> strata;
    for (const auto& point : points) strata.insert(static_cast<std::size_t>(point[d] * static_cast<double>(count)));
    EXPECT_EQ(strata.size(), count) << "dimension " << d;
  }
}

TEST(Sampler, SobolIsBalanced) {
  // A shifted Sobol sequence's first 2^k points put exactly one point in each of the 2^k
  // intervals of width 2^-k in every dimension.
  const auto points = sample_unit_cube(SamplerKind::kSobol, 2, 64, 11);
  for (std::size_t d = 0; d < 2; ++d) {
    std::set<int> cells;
    for (const auto& point : points) cells.insert(static_cast<int>(point[d] * 64));
    EXPECT_EQ(cells.size(), 64u);
  }
}

TEST(SamplePlan, RowsEnumerateOpsOfEachDesign) {
  const DesignSpace space = load_design_space(std::string(SEXTANT_SOURCE_DIR) + "/yaml/spaces/tiny-test.yaml");
  const SamplePlan plan(space, 5, 10);
  EXPECT_EQ(plan.designs(), 4);  // ceil(10 / 3 ops)
  const SampleSpec s4 = plan.sample(4);
  EXPECT_EQ(s4.design_id, 1);
  EXPECT_EQ(s4.op->op_index, 1);
  // cols is tied to rows.
  EXPECT_EQ(s4.values[0], s4.values[1]);
  EXPECT_EQ(plan.sample(3).overrides, s4.overrides);
  const SamplePlan again(space, 5, 10);
  EXPECT_EQ(again.sample(9).overrides, plan.sample(9).overrides);
  EXPECT_EQ(again.sample(9).seed, plan.sample(9).seed);
  EXPECT_NE(plan.sample(8).seed, plan.sample(9).seed);
}

}  // namespace
}  // namespace sextant
