// SPDX-License-Identifier: Apache-2.0
// Importers of other tools' workload files: SCALE-Sim topology CSVs (conv and GEMM forms,
// v2 and v3 dialects, trailing comma, DP layers, malformed rows) and Timeloop problems.
#include <string>

#include <gtest/gtest.h>

#include "tests/tlm/config_error_expect.h"
#include "tlm/core/yaml_access.h"
#include "workloads/importers/scalesim_topology.h"
#include "workloads/importers/timeloop_problem.h"

namespace sextant {
namespace {

using testing::expect_config_error;

const std::string kConvHeader =
    "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n";

TEST(ScaleSimTopology, ConvFormV2WithOneOrTwoStrides) {
  const Network network = parse_scalesim_topology(kConvHeader +
                                                      "Conv1, 224, 224, 7, 7, 3, 64, 2,\n"
                                                      "\n"
                                                      "Conv2, 56, 60, 3, 3, 64, 64, 1, 2,\n",
                                                  "topologies/resnet.csv");
  EXPECT_EQ(network.name, "resnet");
  ASSERT_EQ(network.ops.size(), 2u);
  const Op& conv1 = network.ops[0];
  EXPECT_EQ(conv1.name, "Conv1");
  EXPECT_EQ(conv1.dim(Dim::P), 109);  // SCALE-Sim: ceil((224 - 7 + 2) / 2), no padding
  EXPECT_EQ(conv1.dim(Dim::C), 3);
  EXPECT_EQ(conv1.dim(Dim::K), 64);
  EXPECT_EQ(conv1.pad_h, 0);
  EXPECT_EQ(conv1.where.line, 2);
  const Op& conv2 = network.ops[1];
  EXPECT_EQ(conv2.where.line, 4);
  EXPECT_EQ(conv2.dim(Dim::P), 54);
  EXPECT_EQ(conv2.stride_w, 2);
  EXPECT_EQ(conv2.dim(Dim::Q), 29);  // (60 - 3) / 2 + 1
  EXPECT_EQ(conv2.macs(), 54 * 29 * 9 * 64 * 64);
}

TEST(ScaleSimTopology, ConvFormV3WithSparsityColumn) {
  const Network network =
      parse_scalesim_topology(kConvHeader + "a, 8, 8, 3, 3, 4, 8, 1, 1:1,\nb, 8, 8, 3, 3, 4, 8, 1, 4:4,\n", "v3.csv");
  ASSERT_EQ(network.ops.size(), 2u);
  EXPECT_EQ(network.ops[0].stride_w, 1);
  EXPECT_EQ(network.ops[1].dim(Dim::P), 6);
  expect_config_error([] { parse_scalesim_topology(kConvHeader + "a, 8, 8, 3, 3, 4, 8, 1, 2:4,\n", "sparse.csv"); },
                      {"sparse.csv:2:", "'Sparsity'", "dense N:M", "'2:4'"});
}

TEST(ScaleSimTopology, DpLayerIsDepthwiseWithTheSameMacsAsScaleSim) {
  // SCALE-Sim runs a DP layer as one single-channel layer per channel, each with every filter.
  const Network network = parse_scalesim_topology(kConvHeader + "Conv_DP_1, 114, 114, 3, 3, 32, 1, 1,\n", "m.csv");
  const Op& op = network.ops.front();
  EXPECT_EQ(op.dim(Dim::G), 32);
  EXPECT_EQ(op.dim(Dim::C), 1);
  EXPECT_EQ(op.dim(Dim::K), 1);
  EXPECT_EQ(op.macs(), 32 * (112 * 112 * 3 * 3 * 1 * 1));
}

TEST(ScaleSimTopology, GemmForm) {
  const Network network = parse_scalesim_topology("Layer, M, N, K,\nQKT, 1024, 1024, 64,\nFC, 8, 16, 32, 1:1,\n",
                                                  "gemm.csv");
  ASSERT_EQ(network.ops.size(), 2u);
  EXPECT_EQ(network.ops[0].kind, OpKind::kMatmul);
  EXPECT_EQ(network.ops[0].dim(Dim::P), 1024);
  EXPECT_EQ(network.ops[0].dim(Dim::C), 64);
  EXPECT_EQ(network.ops[0].dim(Dim::K), 1024);
  EXPECT_EQ(network.ops[1].macs(), 8 * 16 * 32);
}

TEST(ScaleSimTopology, MissingTrailingCommaIsRejectedNotGuessed) {
  // SCALE-Sim would drop the stride (its loader drops every row's last field).
  expect_config_error([] { parse_scalesim_topology(kConvHeader + "a, 8, 8, 3, 3, 4, 8, 1\n", "t.csv"); },
                      {"t.csv:2:22", "'last field'", "trailing comma", "'1'"});
}

TEST(ScaleSimTopology, MalformedRowsNameFileLineAndColumn) {
  expect_config_error([] { parse_scalesim_topology(kConvHeader + "a, 8, 8, 3, 3, four, 8, 1,\n", "m.csv"); },
                      {"m.csv:2:16", "'Channels'", "a positive integer", "'four'"});
  expect_config_error([] { parse_scalesim_topology(kConvHeader + "a, 8, 8, 3, 3, 4,\n", "m.csv"); },
                      {"m.csv:2:1", "'row'", "8 fields", "6 fields"});
  expect_config_error([] { parse_scalesim_topology(kConvHeader + "a, 8, 8, 3, 3, 4, 8, 1, 1, 1,\n", "m.csv"); },
                      {"m.csv:2:1", "10 fields"});
  expect_config_error([] { parse_scalesim_topology(kConvHeader + "a, 2, 8, 3, 3, 4, 8, 1,\n", "m.csv"); },
                      {"m.csv:2:", "'Filter Height'", "<= the IFMAP height 2"});
  expect_config_error([] { parse_scalesim_topology(kConvHeader + "a, 8, 8, 3, 3, 0, 8, 1,\n", "m.csv"); },
                      {"'Channels'", "'0'"});
  expect_config_error([] { parse_scalesim_topology(kConvHeader + "a, 8, 8, 3, 3, 4, 2000000000, 1,\n", "m.csv"); },
                      {"'Num Filter'", "at most 2^30"});
  expect_config_error(
      [] { parse_scalesim_topology(kConvHeader + "a, 8, 8, 3, 3, 4, 8, 1,\na, 8, 8, 3, 3, 4, 8, 1,\n", "m.csv"); },
      {"m.csv:3:1", "unique layer name", "line 2"});
  expect_config_error([] { parse_scalesim_topology("name, height, width,\n", "h.csv"); },
                      {"h.csv:1:1", "'header'", "SCALE-Sim topology header"});
  expect_config_error([] { parse_scalesim_topology(kConvHeader, "e.csv"); }, {"e.csv", "at least one layer row"});
  expect_config_error([] { parse_scalesim_topology("Layer, M, N, K,\nx, 4, 4,\n", "g.csv"); },
                      {"g.csv:2:1", "4 fields", "3 fields"});
}

TEST(TimeloopProblem, CnnLayerInstance) {
  const std::string text = R"(problem:
  shape:
    name: CNN-Layer
    dimensions: [C, M, R, S, N, P, Q]
  instance:
    C: 64
    M: 128
    R: 3
    S: 3
    P: 28
    Q: 14
    N: 2
    Hstride: 2
    Wstride: 1
    Wdilation: 2
)";
  const Network network = parse_timeloop_problem(parse_yaml_text(text, "layers/conv.yaml"), "layers/conv.yaml");
  ASSERT_EQ(network.ops.size(), 1u);
  const Op& op = network.ops.front();
  EXPECT_EQ(op.name, "conv");
  EXPECT_EQ(op.dim(Dim::K), 128);
  EXPECT_EQ(op.dim(Dim::N), 2);
  EXPECT_EQ(op.stride_h, 2);
  EXPECT_EQ(op.dilation_w, 2);
  EXPECT_EQ(op.input_h(), 27 * 2 + 2 + 1);
  EXPECT_EQ(op.input_w(), 13 + 2 * 2 + 1);
  EXPECT_EQ(op.macs(), std::int64_t{64} * 128 * 9 * 28 * 14 * 2);
}

TEST(TimeloopProblem, ErrorsHaveLocations) {
  const auto parse = [](const std::string& text) { parse_timeloop_problem(parse_yaml_text(text, "p.yaml"), "p.yaml"); };
  expect_config_error([&] { parse("problem:\n  shape: cnn-layer\n  instance: {C: 4, K: 4, Hstrid: 2}\n"); },
                      {"p.yaml:3:", "'problem.instance.Hstrid'", "unknown key"});
  expect_config_error([&] { parse("problem:\n  shape: cnn-layer\n  instance: {C: 4, K: 4, M: 4}\n"); },
                      {"'problem.instance.M'", "either K or M"});
  expect_config_error([&] { parse("problem:\n  shape: {name: GEMM}\n  instance: {C: 4}\n"); },
                      {"p.yaml:2:", "'problem.shape.name'", "CNN-Layer"});
  expect_config_error([&] { parse("problem:\n  shape: cnn-layer\n  instance: {C: 0}\n"); },
                      {"'problem.instance.C'", ">= 1"});
}

}  // namespace
}  // namespace sextant
