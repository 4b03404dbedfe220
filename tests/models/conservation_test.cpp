// SPDX-License-Identifier: Apache-2.0
// Conservation: the MACs simulated equal the op's, and the bytes moved to and from DRAM
// equal what the mapping's tiling implies (hand-derived below for three loop orders).
#include <string>

#include <gtest/gtest.h>

#include "tests/models/model_test_support.h"
#include "workloads/op.h"

namespace sextant {
namespace {

using testing_support::arch_from_yaml;
using testing_support::mapping_from_yaml;
using testing_support::run_one;
using testing_support::small_arch_yaml;

// C[64x40] = A[64x48] . B[48x40]: P=64, C=48, K=40. int8 operands, int32 outputs.
constexpr std::uint64_t kInputBytes = 64 * 48;
constexpr std::uint64_t kWeightBytes = 48 * 40;
constexpr std::uint64_t kOutputBytes = 64 * 40 * 4;

std::string tiled_mapping(const std::string& dram_permutation) {
  // DRAM tiles: P 32, C 16, K 20 (2 x 3 x 2 tiles). On chip: rows C4, cols K4, stream P.
  return "mapping:\n"
         "  - {target: DRAM, type: temporal, factors: P=2 C=3 K=2, permutation: " + dram_permutation + "}\n"
         "  - {target: OutputBuffer, type: temporal, factors: C=4 K=5, permutation: CKPNGQRS}\n"
         "  - {target: Registers, type: temporal, factors: P=32, permutation: PNQGCKRS}\n"
         "  - {target: OutputBuffer, type: spatial, factors: K=4 C=4, permutation: KC, split: 1}\n";
}

Result run_matmul(const std::string& mapping_yaml) {
  const ArchConfig arch = arch_from_yaml(small_arch_yaml("WS", true, "fixed"));
  const Op op = make_matmul("mm", 64, 40, 48);
  return run_one(arch, op, mapping_from_yaml(mapping_yaml, arch), /*functional=*/true);
}

TEST(Conservation, WholeOpInOneTileMovesEachTensorOnce) {
  const Result result = run_matmul(
      "mapping:\n"
      "  - {target: DRAM, type: temporal, factors: P=1, permutation: PCKNGQRS}\n"
      "  - {target: OutputBuffer, type: temporal, factors: C=12 K=10, permutation: CKPNGQRS}\n"
      "  - {target: Registers, type: temporal, factors: P=64, permutation: PNQGCKRS}\n"
      "  - {target: OutputBuffer, type: spatial, factors: K=4 C=4, permutation: KC, split: 1}\n");
  EXPECT_EQ(result.total.macs, 64u * 48u * 40u);
  EXPECT_EQ(result.total.bytes_read.at("DRAM"), kInputBytes + kWeightBytes);
  EXPECT_EQ(result.total.bytes_written.at("DRAM"), kOutputBytes);
  ASSERT_TRUE(result.total.functional.has_value());
  EXPECT_TRUE(result.total.functional->passed);
}

TEST(Conservation, ReductionInnermostReloadsOperandsPerOutputTile) {
  // Innermost first: C, then K, then P. Inputs (P, C) and weights (C, K) change every
  // iteration; outputs (P, K) stay while C iterates, so partial sums never leave the chip.
  const Result result = run_matmul(tiled_mapping("CKPNGQRS"));
  EXPECT_EQ(result.total.macs, 64u * 48u * 40u);
  EXPECT_EQ(result.total.bytes_read.at("DRAM"), 2 * kInputBytes + 2 * kWeightBytes);
  EXPECT_EQ(result.total.bytes_written.at("DRAM"), kOutputBytes);
  EXPECT_TRUE(result.total.functional->passed);
}

TEST(Conservation, ReductionOutermostSpillsPartialSums) {
  // Innermost first: K, then P, then C. Inputs are reused across K; every output tile is
  // visited once per C tile: stored 3 times, and reloaded as partial sums twice.
  const Result result = run_matmul(tiled_mapping("KPCNGQRS"));
  EXPECT_EQ(result.total.macs, 64u * 48u * 40u);
  EXPECT_EQ(result.total.bytes_read.at("DRAM"), kInputBytes + 2 * kWeightBytes + 2 * kOutputBytes);
  EXPECT_EQ(result.total.bytes_written.at("DRAM"), 3 * kOutputBytes);
  EXPECT_TRUE(result.total.functional->passed);
}

TEST(Conservation, LatencyIsComputePlusStalls) {
  // Every cycle is either the PE array computing or the array stalled for a named cause.
  const Result result = run_matmul(tiled_mapping("KPCNGQRS"));
  std::uint64_t stalls = 0;
  for (const auto& [cause, cycles] : result.total.stall_cycles) stalls += cycles;
  EXPECT_EQ(result.total.latency_cycles, result.total.busy_cycles.at("pe_array") + stalls);
  EXPECT_GT(result.total.stall_cycles.at("dram_bandwidth"), 0u);
}

}  // namespace
}  // namespace sextant
