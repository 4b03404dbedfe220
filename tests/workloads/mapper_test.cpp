// SPDX-License-Identifier: Apache-2.0
#include "workloads/mapper.h"

#include "workloads/core_split.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "tests/tlm/config_error_expect.h"
#include "tests/workloads/test_archs.h"
#include "workloads/mapping_validity.h"
#include "workloads/network.h"

namespace sextant {
namespace {

using testing::all_test_archs;
using testing::expect_config_error;

const std::string kWorkloads = std::string(SEXTANT_SOURCE_DIR) + "/yaml/workloads/";

// Checks everything a caller relies on: validity, and that the factors at each level
// describe the same tile the checker sees.
void expect_good_mapping(const Op& op, const ArchConfig& arch) {
  SCOPED_TRACE("op " + op.name + " on " + arch.name);
  Mapping mapping;
  ASSERT_NO_THROW(mapping = default_mapping(op, arch));
  const Validity validity = check_mapping(op, mapping, arch);
  ASSERT_TRUE(validity.ok) << validity.reason << "\n" << mapping_to_yaml(mapping);
  EXPECT_LE(mapping.rows_used(), arch.pe_array.rows);
  EXPECT_LE(mapping.cols_used(), arch.pe_array.cols);
  // On a multi-core arch the factors describe one core's part (the first is the largest).
  const Op part = core_shares(op, mapping).front().op;
  EXPECT_LE(mapping.cores_used(), arch.cores());
  for (const Dim dim : kAllDims) {
    // The DRAM level iterates ceil(dim / tile) times over tiles that fit the dim.
    const std::int64_t tile = mapping.inner_extent(0, dim);
    EXPECT_EQ(at(mapping.levels.front().temporal, dim), (part.dim(dim) + tile - 1) / tile)
        << dim_letter(dim);
    EXPECT_LE(at(mapping.spatial.rows, dim) * at(mapping.spatial.cols, dim), part.dim(dim));
  }
}

TEST(Mapper, EveryResNet50OpOnEveryArch) {
  const Network network = load_network(kWorkloads + "resnet50.yaml");
  for (const ArchConfig& arch : all_test_archs()) {
    for (const Op& op : network.ops) {
      if (!is_vector_op(op.kind)) expect_good_mapping(op, arch);  // vector ops take no mapping
    }
  }
}

TEST(Mapper, EveryResNet50OpOnTheShippedArchPresets) {
  const Network network = load_network(kWorkloads + "resnet50.yaml");
  int presets = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(SEXTANT_SOURCE_DIR) + "/yaml/arch")) {
    if (entry.path().extension() != ".yaml") continue;
    const ArchConfig arch = load_arch_config(entry.path().string());
    for (const Op& op : network.ops) {
      if (!is_vector_op(op.kind)) expect_good_mapping(op, arch);  // vector ops take no mapping
    }
    ++presets;
  }
  EXPECT_GE(presets, 4);
}

TEST(Mapper, OddShapesWithEdgeTiles) {
  const std::vector<Op> ops = {
      make_matmul("primes", 7, 13, 61),
      make_matmul("tall_prime", 1009, 3, 257),
      make_conv("prime_conv", 1, 7, 61, 13, 13, 5, 5, 3, 2),
      make_conv("depthwise", 1, 32, 32, 112, 112, 3, 3, 1, 1, 1, 32),
      make_conv("depthwise_s2", 1, 96, 96, 113, 113, 3, 3, 2, 0, 1, 96),
      make_conv("grouped", 2, 96, 48, 17, 17, 3, 3, 1, 1, 1, 3),
      make_conv("pointwise", 1, 17, 19, 23, 29, 1, 1, 1, 0),
      make_conv("dilated", 1, 20, 30, 31, 31, 3, 3, 1, 2, 2),
      make_conv("wide_kernel", 1, 3, 5, 40, 40, 11, 11, 4, 2),
      make_fully_connected("fc1", 1, 2048, 1000),
      make_fully_connected("fc_batch", 33, 9216, 4096),
      make_matmul("one", 1, 1, 1),
  };
  for (const ArchConfig& arch : all_test_archs()) {
    for (const Op& op : ops) expect_good_mapping(op, arch);
  }
}

TEST(Mapper, FillsTheArrayWithTheDataflowsDims) {
  // 7x13x61 GEMM on 16x16 WS: C = 61 > 16 rows gives 4 row folds (16, 16, 16, 13);
  // K = 13 fits the columns in one fold; all 7 rows of A stream per fold.
  const Op op = make_matmul("primes", 7, 13, 61);
  const Mapping mapping = default_mapping(op, testing::gemmini_like());
  EXPECT_EQ(at(mapping.spatial.rows, Dim::C), 16);
  EXPECT_EQ(at(mapping.spatial.cols, Dim::K), 13);
  EXPECT_EQ(at(mapping.levels.back().temporal, Dim::P), 7);
  EXPECT_EQ(at(mapping.levels[2].temporal, Dim::C), 4);  // folds at the innermost buffer
  EXPECT_EQ(mapping.spatial.target, "Accumulator");

  // conv1 (C = 3) on 16 rows: C takes 3, then R takes 5 of the 7 filter rows.
  const Op conv1 = make_conv("conv1", 1, 3, 64, 224, 224, 7, 7, 2, 3);
  const Mapping conv_mapping = default_mapping(conv1, testing::gemmini_like());
  EXPECT_EQ(at(conv_mapping.spatial.rows, Dim::C), 3);
  EXPECT_EQ(at(conv_mapping.spatial.rows, Dim::R), 5);
  EXPECT_EQ(at(conv_mapping.spatial.rows, Dim::S), 1);

  // OS puts output pixels on rows (Q first) and K on columns.
  const Op conv = make_conv("c", 1, 64, 64, 56, 56, 3, 3, 1, 1);
  const Mapping os = default_mapping(conv, testing::scalesim_like());
  EXPECT_EQ(at(os.spatial.rows, Dim::Q), 32);
  EXPECT_EQ(at(os.spatial.cols, Dim::K), 32);
  EXPECT_EQ(os.rows_used(), 32);
}

TEST(Mapper, DoubleBuffersWhenItFitsAndFallsBackWhenNot) {
  const Op op = make_conv("c", 1, 64, 64, 56, 56, 3, 3, 1, 1);
  const Mapping roomy = default_mapping(op, testing::gemmini_like());
  EXPECT_TRUE(roomy.levels[1].double_buffer);
  EXPECT_TRUE(roomy.levels[2].double_buffer);
  EXPECT_FALSE(roomy.levels[0].double_buffer);
  EXPECT_FALSE(roomy.levels[3].double_buffer);

  // The smallest tile needs 16x16 weights + 16 inputs = 272 B in the scratchpad and
  // 16 x 4 B of outputs in the accumulator: 400 B holds one slot of it, not two.
  ArchConfig tight = testing::gemmini_like();
  tight.buffers[0].size_bytes = 400;
  const Mapping single = default_mapping(op, tight);
  EXPECT_FALSE(single.levels[1].double_buffer);
  EXPECT_TRUE(single.levels[2].double_buffer);
  EXPECT_TRUE(check_mapping(op, single, tight).ok);
}

TEST(Mapper, WholeLayerInOneTileWhenTheBuffersAreLarge) {
  // The TPU-v1-like unified buffer holds all inputs and the accumulators all outputs,
  // and the 3x3x64x64 weights (36 KiB) fit the weight FIFO: one DRAM tile.
  const Op op = make_conv("c", 1, 64, 64, 56, 56, 3, 3, 1, 1);
  const Mapping mapping = default_mapping(op, testing::tpu_v1_like());
  EXPECT_EQ(mapping.levels.front().temporal, ones()) << mapping_to_yaml(mapping);
}

TEST(Mapper, SmallestTileTooLargeIsConfigError) {
  ArchConfig arch = testing::gemmini_like();
  arch.buffers[0].size_bytes = 64;
  Op op = make_conv("conv_big", 1, 64, 64, 56, 56, 3, 3, 1, 1);
  op.where = SourceLocation{"net.yaml", 7, 5};
  expect_config_error([&] { default_mapping(op, arch); },
                      {"net.yaml:7:5", "buffer Scratchpad", "smallest tile of op 'conv_big'",
                       "weights 256 B", "64 B"});
}

TEST(Mapper, Deterministic) {
  const Network network = load_network(kWorkloads + "resnet50.yaml");
  const ArchConfig arch = testing::gemmini_like();
  std::vector<Mapping> first;
  for (const Op& op : network.ops) first.push_back(is_vector_op(op.kind) ? Mapping{} : default_mapping(op, arch));
  for (std::size_t i = 0; i < network.ops.size(); ++i) {
    if (is_vector_op(network.ops[i].kind)) continue;
    EXPECT_EQ(default_mapping(network.ops[i], arch), first[i]);
  }
}

}  // namespace
}  // namespace sextant
