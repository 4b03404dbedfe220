// SPDX-License-Identifier: Apache-2.0
#include "workloads/mapping.h"

#include <gtest/gtest.h>

#include "tests/tlm/config_error_expect.h"
#include "tests/workloads/test_archs.h"
#include "workloads/mapper.h"
#include "workloads/mapping_validity.h"
#include "workloads/network.h"

namespace sextant {
namespace {

using testing::expect_config_error;
using testing::gemmini_like;

const char* const kGemminiMapping = R"(mapping:
  - target: DRAM
    type: temporal
    factors: C=4 K=4
    permutation: KC
  - target: Scratchpad
    type: temporal
    factors: G=1 P=2
    permutation: P
    double_buffer: true
  - target: Accumulator
    type: spatial
    factors: K=16 C=16
    permutation: KC
    split: 1
  - target: Registers
    type: temporal
    factors: P=8 Q=3
    permutation: QP
  - target: Scratchpad
    type: datatype
    keep: [Inputs]
    bypass: [Weights]
)";

TEST(Mapping, ParsesTimeloopStyleEntries) {
  const NetworkMapping parsed = parse_network_mapping(kGemminiMapping, "m.yaml", gemmini_like());
  ASSERT_EQ(parsed.ops.size(), 1u);
  EXPECT_EQ(parsed.ops[0].first, "");
  const Mapping& mapping = parsed.ops[0].second;
  ASSERT_EQ(mapping.levels.size(), 4u);
  EXPECT_EQ(mapping.where.line, 2);

  const LevelMapping& dram = mapping.levels[0];
  EXPECT_EQ(dram.target, "DRAM");
  EXPECT_EQ(at(dram.temporal, Dim::C), 4);
  EXPECT_EQ(at(dram.temporal, Dim::K), 4);
  EXPECT_EQ(at(dram.temporal, Dim::P), 1);
  // Listed dims innermost first, the rest appended (outermost) in G N C K P Q R S order.
  EXPECT_EQ(dram.permutation, "KCGNPQRS");
  EXPECT_FALSE(dram.double_buffer);
  for (const TensorKind kind : kAllTensorKinds) EXPECT_TRUE(dram.keep.has(kind));

  const LevelMapping& scratchpad = mapping.levels[1];
  EXPECT_EQ(scratchpad.target, "Scratchpad");
  EXPECT_EQ(at(scratchpad.temporal, Dim::P), 2);
  EXPECT_EQ(scratchpad.permutation, "PGNCKQRS");
  EXPECT_TRUE(scratchpad.double_buffer);
  EXPECT_TRUE(scratchpad.keep.has(TensorKind::kInputs));
  EXPECT_FALSE(scratchpad.keep.has(TensorKind::kWeights));
  EXPECT_FALSE(scratchpad.keep.has(TensorKind::kOutputs));

  // A level without a temporal entry: all factors 1, default keep (what the buffer holds).
  const LevelMapping& accumulator = mapping.levels[2];
  EXPECT_EQ(accumulator.temporal, ones());
  EXPECT_EQ(accumulator.permutation, "GNCKPQRS");
  EXPECT_TRUE(accumulator.keep.has(TensorKind::kOutputs));
  EXPECT_FALSE(accumulator.keep.has(TensorKind::kInputs));

  // Registers keep the dataflow's stationary tensor (weights for WS).
  const LevelMapping& registers = mapping.levels[3];
  EXPECT_EQ(at(registers.temporal, Dim::P), 8);
  EXPECT_EQ(at(registers.temporal, Dim::Q), 3);
  EXPECT_EQ(registers.permutation, "QPGNCKRS");
  EXPECT_TRUE(registers.keep.has(TensorKind::kWeights));
  EXPECT_FALSE(registers.keep.has(TensorKind::kInputs));

  // split 1: K (before the split) on X = columns, C on Y = rows.
  EXPECT_EQ(mapping.spatial.target, "Accumulator");
  EXPECT_EQ(at(mapping.spatial.cols, Dim::K), 16);
  EXPECT_EQ(at(mapping.spatial.rows, Dim::C), 16);
  EXPECT_EQ(at(mapping.spatial.rows, Dim::K), 1);
  EXPECT_EQ(mapping.rows_used(), 16);
  EXPECT_EQ(mapping.cols_used(), 16);
}

TEST(Mapping, InnerExtentCountsLevelsInsideAndTheSpatialFanOut) {
  const Mapping mapping = parse_network_mapping(kGemminiMapping, "m.yaml", gemmini_like()).ops[0].second;
  // Spatial target Accumulator (level 2): its fan-out sits inside levels 0..2.
  EXPECT_EQ(mapping.spatial_level_index(), 2);
  EXPECT_EQ(mapping.inner_extent(0, Dim::C), 16);
  EXPECT_EQ(mapping.inner_extent(0, Dim::K), 16);
  EXPECT_EQ(mapping.inner_extent(0, Dim::P), 2 * 8);
  EXPECT_EQ(mapping.inner_extent(1, Dim::P), 8);
  EXPECT_EQ(mapping.inner_extent(2, Dim::C), 16);
  EXPECT_EQ(mapping.inner_extent(3, Dim::C), 1);
  EXPECT_EQ(mapping.inner_extent(3, Dim::P), 1);
  EXPECT_EQ(mapping.level("Scratchpad"), &mapping.levels[1]);
  EXPECT_EQ(mapping.level("L2"), nullptr);
}

TEST(Mapping, DefaultSplitPutsEverythingOnColumns) {
  const Mapping mapping = parse_network_mapping(R"(mapping:
  - {target: Scratchpad, type: spatial, factors: K=4 C=2}
)",
                                                "m.yaml", gemmini_like())
                              .ops[0]
                              .second;
  EXPECT_EQ(at(mapping.spatial.cols, Dim::K), 4);
  EXPECT_EQ(at(mapping.spatial.cols, Dim::C), 2);
  EXPECT_EQ(mapping.rows_used(), 1);
}

TEST(Mapping, RoundTripsThroughYaml) {
  const ArchConfig arch = gemmini_like();
  const Mapping parsed = parse_network_mapping(kGemminiMapping, "m.yaml", arch).ops[0].second;
  const std::string text = mapping_to_yaml(parsed);
  const NetworkMapping again = parse_network_mapping(text, "again.yaml", arch);
  ASSERT_EQ(again.ops.size(), 1u);
  EXPECT_EQ(again.ops[0].second, parsed) << text;
  EXPECT_EQ(mapping_to_yaml(again.ops[0].second), text);
}

TEST(Mapping, DefaultMappingsRoundTripOnEveryArch) {
  const Network network = parse_network(R"(name: n
ops:
  - {name: conv1, type: conv, in_channels: 3, out_channels: 64, in_h: 224, kernel: 7, stride: 2, padding: 3}
  - {name: dw, type: conv, in_channels: 32, out_channels: 32, in_h: 28, kernel: 3, padding: 1, groups: 32}
  - {name: mm, type: matmul, M: 7, N: 13, K: 61}
)",
                                        "n.yaml");
  for (const ArchConfig& arch : testing::all_test_archs()) {
    NetworkMapping all;
    for (const Op& op : network.ops) all.ops.emplace_back(op.name, default_mapping(op, arch));
    const std::string text = network_mapping_to_yaml(all);
    const NetworkMapping again = parse_network_mapping(text, "again.yaml", arch);
    ASSERT_EQ(again.ops.size(), all.ops.size()) << arch.name;
    for (std::size_t i = 0; i < all.ops.size(); ++i) {
      EXPECT_EQ(again.ops[i].first, all.ops[i].first);
      EXPECT_EQ(again.ops[i].second, all.ops[i].second) << arch.name << "\n" << text;
    }
    EXPECT_EQ(network_mapping_to_yaml(again), text);
  }
}

TEST(Mapping, NetworkMappingFindsOpsByName) {
  const ArchConfig arch = gemmini_like();
  const NetworkMapping mapping = parse_network_mapping(R"(ops:
  - name: conv1
    mapping:
      - {target: DRAM, type: temporal, factors: K=2}
  - name: fc
    mapping: []
)",
                                                       "n.yaml", arch);
  ASSERT_EQ(mapping.ops.size(), 2u);
  ASSERT_NE(mapping.find("conv1"), nullptr);
  EXPECT_EQ(at(mapping.find("conv1")->levels[0].temporal, Dim::K), 2);
  ASSERT_NE(mapping.find("fc"), nullptr);
  EXPECT_EQ(mapping.find("fc")->levels[0].temporal, ones());
  EXPECT_EQ(mapping.find("other"), nullptr);
  // A single-op file applies to any op.
  const NetworkMapping single = parse_network_mapping(kGemminiMapping, "m.yaml", arch);
  EXPECT_EQ(single.find("anything"), &single.ops[0].second);
}

TEST(Mapping, SplitAcrossCoresRoundTripsAndRejectsOtherDims) {
  ArchConfig arch = gemmini_like();
  NocConfig noc;
  noc.rows = 2;
  noc.cols = 2;
  noc.cores = 4;
  arch.noc = noc;
  const Op op = make_conv("conv", 1, 16, 64, 16, 16, 3, 3, 1, 1);
  const Mapping mapping = default_mapping(op, arch);
  EXPECT_EQ(mapping.cores_used(), 4);
  const std::string text = mapping_to_yaml(mapping);
  EXPECT_NE(text.find("target: Cores"), std::string::npos) << text;
  const Mapping again = parse_network_mapping(text, "again.yaml", arch).ops[0].second;
  EXPECT_EQ(again, mapping);
  EXPECT_TRUE(check_mapping(op, again, arch).ok) << check_mapping(op, again, arch).reason;
  Mapping too_many = mapping;
  at(too_many.cores, Dim::Q) = 2;
  EXPECT_FALSE(check_mapping(op, too_many, arch).ok);
  expect_config_error(
      [&] { parse_network_mapping("mapping:\n  - {target: Cores, type: spatial, factors: C=2}\n", "m.yaml", arch); },
      {"m.yaml:2:", "key 'mapping.0.factors'", "a split of K, P or Q only", "a factor on C"});
}

TEST(Mapping, UnknownTargetListsTheLevels) {
  expect_config_error(
      [] {
        parse_network_mapping(
            "ops:\n  - name: a\n    mapping: []\n  - name: b\n    mapping:\n"
            "      - {target: GlobalBuffer, type: temporal}\n",
            "n.yaml", gemmini_like());
      },
      {"n.yaml:6:", "key 'ops.1.mapping.0.target'",
       "one of the arch's storage levels (DRAM, Scratchpad, Accumulator, Registers)", "'GlobalBuffer'"});
}

TEST(Mapping, BadFactorsAreReportedWithPath) {
  const auto parse_factors = [](const std::string& factors) {
    parse_network_mapping("ops:\n  - name: a\n    mapping: []\n  - name: b\n    mapping: []\n"
                          "  - name: c\n    mapping:\n      - target: DRAM\n        type: temporal\n"
                          "        factors: " +
                              factors + "\n",
                          "n.yaml", gemmini_like());
  };
  expect_config_error([&] { parse_factors("C4 K=2"); },
                      {"n.yaml:10:18", "key 'ops.2.mapping.0.factors'", "DIM=N", "'C4'"});
  expect_config_error([&] { parse_factors("M=4"); },
                      {"key 'ops.2.mapping.0.factors'", "a dim letter", "'M'"});
  expect_config_error([&] { parse_factors("C=0"); },
                      {"key 'ops.2.mapping.0.factors'", "a factor >= 1", "'C=0'"});
  expect_config_error([&] { parse_factors("C=x"); },
                      {"key 'ops.2.mapping.0.factors'", "an integer factor", "'C=x'"});
  expect_config_error([&] { parse_factors("C=2 C=3"); },
                      {"key 'ops.2.mapping.0.factors'", "each dim at most once"});
}

TEST(Mapping, OtherEntryErrors) {
  const ArchConfig arch = gemmini_like();
  const auto parse = [&](const std::string& entries) {
    parse_network_mapping("mapping:\n" + entries, "m.yaml", arch);
  };
  expect_config_error([&] { parse("  - {target: DRAM, type: temporal, permutation: KCX}\n"); },
                      {"key 'mapping.0.permutation'", "dim letters", "'X'"});
  expect_config_error([&] { parse("  - {target: DRAM, type: temporal, permutation: KCK}\n"); },
                      {"key 'mapping.0.permutation'", "each dim at most once"});
  expect_config_error([&] { parse("  - {target: DRAM, type: temporal, double_buffer: true}\n"); },
                      {"key 'mapping.0.double_buffer'", "only on a buffer level"});
  expect_config_error([&] { parse("  - {target: DRAM, type: bypass}\n"); },
                      {"key 'mapping.0.type'", "one of temporal, spatial, datatype", "'bypass'"});
  expect_config_error([&] { parse("  - {target: DRAM, type: temporal, factor: C=2}\n"); },
                      {"m.yaml:2:", "key 'mapping.0.factor'", "unknown key"});
  expect_config_error(
      [&] {
        parse("  - {target: Scratchpad, type: spatial, factors: K=2}\n"
              "  - {target: Accumulator, type: spatial, factors: C=2}\n");
      },
      {"key 'mapping.1.type'", "at most one spatial entry"});
  expect_config_error(
      [&] {
        parse("  - {target: DRAM, type: temporal}\n"
              "  - {target: DRAM, type: temporal}\n");
      },
      {"key 'mapping.1.target'", "at most one temporal entry per level"});
  expect_config_error([&] { parse("  - {target: Scratchpad, type: datatype, keep: [Psums]}\n"); },
                      {"key 'mapping.0.keep.0'", "one of Inputs, Weights, Outputs", "'Psums'"});
  expect_config_error(
      [&] { parse("  - {target: Scratchpad, type: datatype, keep: [Inputs], bypass: [Inputs]}\n"); },
      {"key 'mapping.0.bypass'", "not both"});
  expect_config_error([&] { parse("  - {target: Scratchpad, type: spatial, split: 9}\n"); },
                      {"key 'mapping.0.split'", "<= 8"});
  expect_config_error([] { parse_network_mapping("levels: []\n", "m.yaml", gemmini_like()); },
                      {"key 'mapping'", "either a `mapping:` list", "neither"});
}

}  // namespace
}  // namespace sextant
