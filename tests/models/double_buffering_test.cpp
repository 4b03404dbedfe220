// SPDX-License-Identifier: Apache-2.0
// With a bandwidth-limited memory, a double-buffered mapping takes about
// max(compute, transfer) per tile plus a prologue and an epilogue, not their sum.
#include <algorithm>
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

// C[256x4] = A[256x16] . B[16x4] on a 4x4 WS array, 16 DRAM tiles of 16 rows (P).
// Per tile: inputs 16x16 = 256 B in, outputs 16x4x4 B = 256 B out; weights load once.
constexpr int kTiles = 16;
constexpr double kBandwidth = 4.0;        // bytes per cycle (small_arch_yaml)
constexpr double kLatency = 20.0;         // cycles
constexpr double kTransferPerTile = (256.0 + 256.0) / kBandwidth;  // 128: loads and stores share memory
// Compute per tile, docs/models/pe_array.md with overlap: R + folds x max(T, R) + R + C - 2
// = 4 + 4 x 16 + 6 (4 folds of C, stream T = 16 rows of P).
constexpr double kComputePerTile = 4 + 4 * 16 + 6;

std::string mapping(bool double_buffer) {
  const std::string db = double_buffer ? "true" : "false";
  return "mapping:\n"
         "  - {target: DRAM, type: temporal, factors: P=16, permutation: PCKNGQRS}\n"
         "  - {target: InputBuffer, type: temporal, factors: C=1, permutation: CKPNGQRS, double_buffer: " + db + "}\n"
         "  - {target: WeightBuffer, type: temporal, factors: C=1, permutation: CKPNGQRS, double_buffer: " + db + "}\n"
         "  - {target: OutputBuffer, type: temporal, factors: C=4, permutation: CKPNGQRS, double_buffer: " + db + "}\n"
         "  - {target: Registers, type: temporal, factors: P=16, permutation: PNQGCKRS}\n"
         "  - {target: OutputBuffer, type: spatial, factors: K=4 C=4, permutation: KC, split: 1}\n";
}

Result run(bool double_buffer) {
  const ArchConfig arch = arch_from_yaml(small_arch_yaml("WS", true, "fixed"));
  const Op op = make_matmul("mm", 256, 4, 16);
  return run_one(arch, op, mapping_from_yaml(mapping(double_buffer), arch), /*functional=*/true);
}

TEST(DoubleBuffering, OverlapsTransferWithCompute) {
  const Result result = run(true);
  const double steady = kTiles * std::max(kComputePerTile, kTransferPerTile);
  // Prologue: the first tile's load and the weights; epilogue: the last compute and store.
  const double edges = 2 * (kTransferPerTile + kLatency) + kComputePerTile + 64 / kBandwidth;
  const auto cycles = static_cast<double>(result.total.latency_cycles);
  EXPECT_GE(cycles, steady);
  EXPECT_LE(cycles, steady + edges);
  EXPECT_LT(cycles, 0.8 * kTiles * (kComputePerTile + kTransferPerTile));
  EXPECT_GT(result.total.stall_cycles.at("dram_bandwidth"), 0u);
  EXPECT_TRUE(result.total.functional->passed);
}

TEST(DoubleBuffering, SingleBufferSerializesLoadComputeStore) {
  // One slot per tensor: tile i+1's load waits for tile i's compute, and tile i+1's compute
  // waits for tile i's store. Each tile pays at least its input load and its compute.
  const Result result = run(false);
  const auto cycles = static_cast<double>(result.total.latency_cycles);
  EXPECT_GE(cycles, kTiles * (kComputePerTile + 256.0 / kBandwidth + kLatency));
  EXPECT_TRUE(result.total.functional->passed);
}

}  // namespace
}  // namespace sextant
