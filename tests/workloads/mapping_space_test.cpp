// SPDX-License-Identifier: Apache-2.0
// The mapping space: sizes of small spaces against hand counts, uniform sampling, and
// 10,000 random draws that check_mapping accepts on every test arch.
#include "workloads/mapping_space.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

#include "tests/workloads/test_archs.h"
#include "workloads/mapping_validity.h"

namespace sextant {
namespace {

using testing::buffer;
using testing::make_arch;

// One buffer holding everything; WS 2x2, 1-byte operands, 4-byte accumulators.
ArchConfig tiny_arch(std::uint64_t buffer_bytes) {
  return make_arch("tiny", 2, 2, Dataflow::kWeightStationary, 8, 32,
                   {buffer("Buffer", {TensorKind::kInputs, TensorKind::kWeights, TensorKind::kOutputs},
                           buffer_bytes)});
}

MappingSpaceOptions no_double_buffering(bool imperfect) {
  MappingSpaceOptions options;
  options.imperfect_factors = imperfect;
  options.double_buffering = false;
  return options;
}

TEST(MappingSpace, OneStreamDimHandCount) {
  // M = 3 (dim P, streamed under WS): chains (stream, buffer, DRAM) with no empty iteration:
  // stream 1: buffer 1, 2, 3 (DRAM 3, 2, 1); stream 2: buffer 1, 2 (DRAM 2, 1); stream 3: 1.
  const Op op = make_matmul("m", 3, 1, 1);
  const ArchConfig arch = tiny_arch(1 << 20);
  const MappingSpace imperfect(op, arch, no_double_buffering(true));
  EXPECT_EQ(imperfect.count_valid(), 6u);
  EXPECT_DOUBLE_EQ(imperfect.candidate_count(), 6.0);
  // Exact divisor chains only: stream 1 with buffer 1 or 3, stream 3.
  const MappingSpace perfect(op, arch, no_double_buffering(false));
  EXPECT_EQ(perfect.count_valid(), 3u);
  // Double buffering doubles every point when the buffer is large.
  const MappingSpace doubled(op, arch, MappingSpaceOptions{});
  EXPECT_EQ(doubled.count_valid(), 12u);
}

TEST(MappingSpace, TwoDimsCountLoopOrders) {
  // M = 3 (P, streamed): 6 chains, 3 of them with a DRAM loop. K = 2 (C, on 2 PE rows):
  // spatial 1 with buffer 1 or 2, or spatial 2: 3 chains, 1 with a DRAM loop. 6 x 3 tuples,
  // and the 3 tuples with two DRAM loops have 2 orders each: 18 + 3 = 21.
  const Op op = make_matmul("m", 3, 1, 2);
  const MappingSpace space(op, tiny_arch(1 << 20), no_double_buffering(true));
  EXPECT_EQ(space.count_valid(), 21u);
  EXPECT_DOUBLE_EQ(space.candidate_count(), 21.0);
}

TEST(MappingSpace, CapacityRemovesTilesByHand) {
  // M = 4 streamed: 9 chains, DRAM tiles (clipped to 4) 1,2,3,4,2,4,3,4,4. A P tile of e
  // needs e (inputs) + 1 (weight) + 4e (outputs) = 5e + 1 bytes. In 12 bytes: e <= 2 fits
  // once (3 chains); only e = 1 fits twice (12 bytes, 1 chain). 3 + 1 = 4 mappings.
  const Op op = make_matmul("m", 4, 1, 1);
  const MappingSpace space(op, tiny_arch(12), MappingSpaceOptions{});
  EXPECT_EQ(space.count_valid(), 4u);
  EXPECT_DOUBLE_EQ(space.candidate_count(), 18.0);
}

TEST(MappingSpace, EnumerationGivesUpOnHugeSpaces) {
  const Op op = make_conv("c", 1, 64, 64, 56, 56, 3, 3, 1, 1);
  const MappingSpace space(op, testing::gemmini_like());
  EXPECT_FALSE(space.count_valid(1000).has_value());
  EXPECT_GT(space.candidate_count(), 1e9);
  const double estimate = space.estimate_valid_count(2000, 7);
  EXPECT_GT(estimate, 0.0);
  EXPECT_LT(estimate, space.candidate_count());
}

// The factors and loop orders that tell two mappings of the space apart.
std::string key_of(const Mapping& mapping) {
  std::string key;
  for (const LevelMapping& level : mapping.levels) {
    for (const std::int64_t factor : level.temporal) key += std::to_string(factor) + ",";
    key += level.permutation + (level.double_buffer ? "d|" : "|");
  }
  for (const std::int64_t factor : mapping.spatial.rows) key += std::to_string(factor) + ",";
  return key;
}

TEST(MappingSpace, DrawsAreUniformOverTheValidMappings) {
  const Op op = make_matmul("m", 3, 1, 2);
  const MappingSpace space(op, tiny_arch(1 << 20), no_double_buffering(true));
  std::mt19937_64 random(11);
  std::map<std::string, int> seen;
  const int draws = 21 * 400;
  for (int i = 0; i < draws; ++i) ++seen[key_of(space.sample(random))];
  ASSERT_EQ(seen.size(), 21u);
  for (const auto& [text, times] : seen) {
    // 400 expected; a binomial standard deviation is ~20, so 300..500 is > 5 sigma.
    EXPECT_GT(times, 300) << text;
    EXPECT_LT(times, 500) << text;
  }
}

TEST(MappingSpace, TenThousandDrawsAreAllValid) {
  const Op ops[] = {make_conv("conv3x3", 1, 64, 64, 56, 56, 3, 3, 1, 1),
                    make_conv("strided", 1, 3, 64, 224, 224, 7, 7, 2, 3),
                    make_conv("depthwise", 1, 32, 32, 28, 28, 3, 3, 1, 1, 1, 32),
                    make_matmul("heads", 128, 128, 64, 12), make_fully_connected("fc", 4, 2048, 1000)};
  std::mt19937_64 random(2026);
  int draws = 0;
  for (const ArchConfig& arch : testing::all_test_archs()) {
    for (const Op& op : ops) {
      const MappingSpace space(op, arch);
      for (int i = 0; i < 400; ++i, ++draws) {
        const Mapping mapping = space.sample(random);
        const Validity validity = check_mapping(op, mapping, arch);
        ASSERT_TRUE(validity.ok) << arch.name << " " << op.name << ": " << validity.reason;
      }
    }
  }
  EXPECT_EQ(draws, 10'000);
}

TEST(MappingSpace, SameSeedSameDraws) {
  const Op op = make_conv("c", 1, 16, 16, 14, 14, 3, 3, 1, 1);
  const MappingSpace space(op, testing::gemmini_like());
  std::mt19937_64 a(5);
  std::mt19937_64 b(5);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(space.sample(a), space.sample(b));
}

}  // namespace
}  // namespace sextant
