// SPDX-License-Identifier: Apache-2.0
#include "workloads/mapping_validity.h"

#include <gtest/gtest.h>

#include "tests/workloads/test_archs.h"

namespace sextant {
namespace {

using testing::gemmini_like;

Mapping parse_one(const std::string& entries, const ArchConfig& arch) {
  return parse_network_mapping("mapping:\n" + entries, "m.yaml", arch).ops.at(0).second;
}

// 64x64x64 GEMM on the Gemmini-like core: C and K fill the 16x16 array in 4 folds each,
// all 64 rows of A stream through per fold, one DRAM tile.
const char* const kGemmMapping =
    "  - {target: Accumulator, type: temporal, factors: C=4 K=4, permutation: CK}\n"
    "  - {target: Accumulator, type: spatial, factors: K=16 C=16, permutation: KC, split: 1}\n"
    "  - {target: Registers, type: temporal, factors: P=64, permutation: P}\n";

void expect_invalid(const Op& op, const Mapping& mapping, const ArchConfig& arch,
                    const std::vector<std::string>& parts) {
  const Validity validity = check_mapping(op, mapping, arch);
  EXPECT_FALSE(validity.ok);
  for (const std::string& part : parts) {
    EXPECT_NE(validity.reason.find(part), std::string::npos)
        << "reason: " << validity.reason << "\nmissing: " << part;
  }
}

class Validity64 : public ::testing::Test {
 protected:
  ArchConfig arch = gemmini_like();
  Op op = make_matmul("gemm", 64, 64, 64);
  Mapping mapping = parse_one(kGemmMapping, arch);
};

TEST_F(Validity64, HandWrittenMappingIsValid) {
  const Validity validity = check_mapping(op, mapping, arch);
  EXPECT_TRUE(validity.ok) << validity.reason;
  EXPECT_EQ(tile_bytes(op, mapping, arch, TensorKind::kInputs), 64u * 64);
  EXPECT_EQ(tile_bytes(op, mapping, arch, TensorKind::kWeights), 64u * 64);
  EXPECT_EQ(tile_bytes(op, mapping, arch, TensorKind::kOutputs), 64u * 64 * 4);
}

TEST_F(Validity64, LevelsMustBeTheArchs) {
  mapping.levels.erase(mapping.levels.begin() + 2);
  expect_invalid(op, mapping, arch,
                 {"levels (DRAM, Scratchpad, Registers)",
                  "storage levels (DRAM, Scratchpad, Accumulator, Registers)"});
}

TEST_F(Validity64, FactorsMustCoverEachDim) {
  at(mapping.levels[3].temporal, Dim::P) = 32;
  expect_invalid(op, mapping, arch, {"dim P", "multiply to 32", "extent 64"});
}

TEST_F(Validity64, NoEmptyOuterIteration) {
  at(mapping.levels[3].temporal, Dim::P) = 32;
  at(mapping.levels[0].temporal, Dim::P) = 3;  // 3 x 32 covers 64, but the third tile starts at 64
  expect_invalid(op, mapping, arch, {"level DRAM", "dim P 3 times", "tiles of 32", "starts at 64"});
  // Imperfect but not empty: 3 x 24 = 72 >= 64 and the last tile starts at 48.
  at(mapping.levels[3].temporal, Dim::P) = 24;
  EXPECT_TRUE(check_mapping(op, mapping, arch).ok) << check_mapping(op, mapping, arch).reason;
}

TEST_F(Validity64, SpatialFactorsMustFitTheArray) {
  at(mapping.spatial.rows, Dim::C) = 32;
  at(mapping.levels[2].temporal, Dim::C) = 2;
  expect_invalid(op, mapping, arch, {"32 PE rows", "array has 16"});
  at(mapping.spatial.rows, Dim::C) = 16;
  at(mapping.levels[2].temporal, Dim::C) = 4;
  at(mapping.spatial.cols, Dim::K) = 17;
  expect_invalid(op, mapping, arch, {"17 PE columns", "array has 16"});
}

TEST_F(Validity64, SpatialDimsMustSuitTheDataflow) {
  at(mapping.spatial.rows, Dim::C) = 8;
  at(mapping.spatial.rows, Dim::P) = 2;
  expect_invalid(op, mapping, arch, {"dim P", "PE rows", "WS dataflow allows only C, R, S on rows"});
  ArchConfig os = arch;
  os.pe_array.dataflow = Dataflow::kOutputStationary;
  const Mapping original = parse_one(kGemmMapping, arch);
  expect_invalid(op, original, os, {"dim C", "OS dataflow allows only N, P, Q on rows"});
}

TEST_F(Validity64, RegistersStreamOnlyStreamDims) {
  at(mapping.levels[2].temporal, Dim::C) = 1;
  at(mapping.levels[3].temporal, Dim::C) = 4;
  expect_invalid(op, mapping, arch, {"level Registers", "factor 4 for dim C", "streams only N, P, Q"});
}

TEST_F(Validity64, SpatialFanOutMustNotExceedTheDim) {
  const Op small = make_matmul("small", 64, 64, 8);  // C = 8 on 16 rows
  at(mapping.levels[2].temporal, Dim::C) = 1;
  expect_invalid(small, mapping, arch, {"dim C", "16 PE rows", "extent 8", "a row would get nothing"});
}

TEST_F(Validity64, FactorsAndPermutationsMustBeWellFormed) {
  at(mapping.levels[1].temporal, Dim::N) = 0;
  expect_invalid(op, mapping, arch, {"level Scratchpad", "factor 0 for dim N", ">= 1"});
  at(mapping.levels[1].temporal, Dim::N) = 1;
  mapping.levels[1].permutation = "CKPQ";
  expect_invalid(op, mapping, arch, {"level Scratchpad", "permutation 'CKPQ'", "once"});
}

TEST_F(Validity64, KeepMustMatchTheArchsBuffers) {
  mapping.levels[1].keep = testing::tensors({TensorKind::kInputs});
  expect_invalid(op, mapping, arch, {"level Scratchpad bypasses weights", "exactly one buffer"});
  mapping.levels[1].keep =
      testing::tensors({TensorKind::kInputs, TensorKind::kWeights, TensorKind::kOutputs});
  expect_invalid(op, mapping, arch, {"level Scratchpad keeps outputs", "another buffer"});
}

TEST(Validity, GroupedTilesNeedWholeChannels) {
  const ArchConfig arch = gemmini_like();
  const Op op = make_conv("grouped", 1, 128, 128, 8, 8, 1, 1, 1, 0, 1, 2);  // G=2, C=K=64
  Mapping mapping = parse_one(
      "  - {target: DRAM, type: temporal, factors: C=2}\n"
      "  - {target: Accumulator, type: temporal, factors: G=2 C=2 K=4}\n"
      "  - {target: Accumulator, type: spatial, factors: K=16 C=16, split: 1, permutation: KC}\n"
      "  - {target: Registers, type: temporal, factors: P=8 Q=8}\n",
      arch);
  expect_invalid(op, mapping, arch, {"2 groups", "only 32 of 64 channels", "dim C", "contiguous"});
  // With G at DRAM level the tile holds one group: fine.
  at(mapping.levels[2].temporal, Dim::G) = 1;
  at(mapping.levels[0].temporal, Dim::G) = 2;
  EXPECT_TRUE(check_mapping(op, mapping, arch).ok) << check_mapping(op, mapping, arch).reason;
}

TEST(Validity, BufferCapacityWithAndWithoutDoubleBuffering) {
  const ArchConfig arch = gemmini_like();
  const Op op = make_matmul("tall", 2048, 64, 64);
  Mapping mapping = parse_one(
      "  - {target: Accumulator, type: temporal, factors: C=4 K=4, permutation: CK}\n"
      "  - {target: Accumulator, type: spatial, factors: K=16 C=16, permutation: KC, split: 1}\n"
      "  - {target: Registers, type: temporal, factors: P=2048}\n",
      arch);
  expect_invalid(op, mapping, arch, {"buffer Accumulator needs 512 KiB", "outputs 512 KiB", "holds 64 KiB"});

  at(mapping.levels[3].temporal, Dim::P) = 256;
  at(mapping.levels[0].temporal, Dim::P) = 8;
  EXPECT_TRUE(check_mapping(op, mapping, arch).ok) << check_mapping(op, mapping, arch).reason;
  mapping.levels[2].double_buffer = true;
  expect_invalid(op, mapping, arch,
                 {"buffer Accumulator needs 128 KiB", "outputs 128 KiB", "double buffered", "holds 64 KiB"});

  // Scratchpad: inputs 256 x 64 + weights 64 x 64 = 20 KiB.
  mapping.levels[2].double_buffer = false;
  ArchConfig small = arch;
  small.buffers[0].size_bytes = 16 * 1024;
  expect_invalid(op, mapping, small, {"buffer Scratchpad needs 20 KiB", "inputs 16 KiB + weights 4 KiB"});
}

TEST(Validity, TileBytesIncludeTheInputHalo) {
  const ArchConfig arch = gemmini_like();
  const Op op = make_conv("down", 1, 64, 64, 56, 56, 3, 3, 2, 1);  // P = Q = 28
  const Mapping mapping = parse_one(
      "  - {target: DRAM, type: temporal, factors: P=7 C=4 K=4}\n"
      "  - {target: Accumulator, type: temporal, factors: R=3 S=3}\n"
      "  - {target: Accumulator, type: spatial, factors: K=16 C=16, split: 1, permutation: KC}\n"
      "  - {target: Registers, type: temporal, factors: P=4 Q=28}\n",
      arch);
  EXPECT_TRUE(check_mapping(op, mapping, arch).ok) << check_mapping(op, mapping, arch).reason;
  // Rows: (4-1)*2 + (3-1) + 1 = 9; columns: (28-1)*2 + 2 + 1 = 57; 16 channels.
  EXPECT_EQ(tile_bytes(op, mapping, arch, TensorKind::kInputs), 9u * 57 * 16);
  EXPECT_EQ(tile_bytes(op, mapping, arch, TensorKind::kWeights), 9u * 16 * 16);
  EXPECT_EQ(tile_bytes(op, mapping, arch, TensorKind::kOutputs), 4u * 28 * 16 * 4);
}

TEST(Validity, DataflowRolesAndRelevance) {
  const DataflowRoles ws = dataflow_roles(Dataflow::kWeightStationary);
  EXPECT_TRUE(ws.row_dim[static_cast<int>(Dim::C)]);
  EXPECT_TRUE(ws.col_dim[static_cast<int>(Dim::K)]);
  EXPECT_TRUE(ws.stream_dim[static_cast<int>(Dim::P)]);
  EXPECT_EQ(ws.stationary, TensorKind::kWeights);
  const DataflowRoles os = dataflow_roles(Dataflow::kOutputStationary);
  EXPECT_TRUE(os.row_dim[static_cast<int>(Dim::Q)]);
  EXPECT_TRUE(os.stream_dim[static_cast<int>(Dim::R)]);
  EXPECT_EQ(os.stationary, TensorKind::kOutputs);
  const DataflowRoles is = dataflow_roles(Dataflow::kInputStationary);
  EXPECT_TRUE(is.col_dim[static_cast<int>(Dim::N)]);
  EXPECT_TRUE(is.stream_dim[static_cast<int>(Dim::K)]);
  EXPECT_EQ(is.stationary, TensorKind::kInputs);
  for (const DataflowRoles& roles : {ws, os, is}) {
    const int g = static_cast<int>(Dim::G);
    EXPECT_FALSE(roles.row_dim[g] || roles.col_dim[g] || roles.stream_dim[g]);
  }
  EXPECT_FALSE(dim_relevant(TensorKind::kInputs, Dim::K));
  EXPECT_TRUE(dim_relevant(TensorKind::kInputs, Dim::R));
  EXPECT_FALSE(dim_relevant(TensorKind::kWeights, Dim::P));
  EXPECT_FALSE(dim_relevant(TensorKind::kOutputs, Dim::C));
  EXPECT_TRUE(dim_relevant(TensorKind::kOutputs, Dim::G));
}

}  // namespace
}  // namespace sextant
