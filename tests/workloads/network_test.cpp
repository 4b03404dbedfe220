// SPDX-License-Identifier: Apache-2.0
#include "workloads/network.h"

#include <gtest/gtest.h>

#include "tests/tlm/config_error_expect.h"

namespace sextant {
namespace {

using testing::expect_config_error;

const std::string kWorkloads = std::string(SEXTANT_SOURCE_DIR) + "/yaml/workloads/";

TEST(Network, ParsesAllOpKindsWithDefaults) {
  const Network network = parse_network(R"(name: tiny
source: "made up"
ops:
  - name: conv
    type: conv
    in_channels: 3
    out_channels: 8
    in_h: 32
    kernel: 3
    padding: 1
    count: 2
  - {name: rect, type: conv, batch: 2, in_channels: 4, out_channels: 4, in_h: 9, in_w: 12,
     kernel_h: 3, kernel_w: 1, stride: 2, dilation: 1, groups: 4}
  - {name: fc, type: fc, in_features: 128, out_features: 10}
  - {name: gemm, type: matmul, M: 5, N: 6, K: 7}
)",
                                        "tiny.yaml");
  EXPECT_EQ(network.name, "tiny");
  EXPECT_EQ(network.source, "made up");
  ASSERT_EQ(network.ops.size(), 4u);

  const Op& conv = network.ops[0];
  EXPECT_EQ(conv.name, "conv");
  EXPECT_EQ(conv.count, 2);
  EXPECT_EQ(conv.dim(Dim::N), 1);
  EXPECT_EQ(conv.dim(Dim::P), 32);
  EXPECT_EQ(conv.dim(Dim::Q), 32);  // in_w defaults to in_h
  EXPECT_EQ(conv.stride_h, 1);
  EXPECT_EQ(conv.where.file, "tiny.yaml");
  EXPECT_EQ(conv.where.line, 4);
  EXPECT_EQ(conv.where.column, 5);

  const Op& rect = network.ops[1];
  EXPECT_EQ(rect.dim(Dim::N), 2);
  EXPECT_EQ(rect.dim(Dim::G), 4);
  EXPECT_EQ(rect.dim(Dim::C), 1);
  EXPECT_EQ(rect.dim(Dim::R), 3);
  EXPECT_EQ(rect.dim(Dim::S), 1);
  EXPECT_EQ(rect.dim(Dim::P), 4);  // floor((9 - 3) / 2) + 1
  EXPECT_EQ(rect.dim(Dim::Q), 6);  // floor((12 - 1) / 2) + 1
  EXPECT_EQ(rect.where.line, 12);

  EXPECT_EQ(network.ops[2].kind, OpKind::kFullyConnected);
  EXPECT_EQ(network.ops[2].dim(Dim::P), 1);
  EXPECT_EQ(network.ops[3].macs(), 5 * 6 * 7);
  EXPECT_EQ(network.total_macs(),
            2 * conv.macs() + rect.macs() + network.ops[2].macs() + network.ops[3].macs());
}

TEST(Network, UnknownKeyHasLocationAndPath) {
  const std::string text = R"(name: n
ops:
  - {name: a, type: fc, in_features: 4, out_features: 4}
  - name: b
    type: conv
    in_channels: 3
    out_channels: 8
    in_h: 32
    kernal: 3
)";
  expect_config_error([&] { parse_network(text, "n.yaml"); },
                      {"n.yaml:9:5", "key 'ops.1.kernal'", "unknown key 'kernal'"});
}

TEST(Network, MisspeltOptionalKeyIsReported) {
  expect_config_error(
      [] {
        parse_network("name: n\nops:\n  - {name: a, type: conv, in_channels: 3, out_channels: 8, "
                      "in_h: 32, kernel: 3, stide: 2}\n",
                      "n.yaml");
      },
      {"n.yaml:3:", "key 'ops.0.stide'", "unknown key"});
}

TEST(Network, WrongTypeHasLocationAndPath) {
  const std::string text = "name: n\nops:\n  - name: a\n    type: conv\n    in_channels: three\n"
                           "    out_channels: 8\n    in_h: 32\n    kernel: 3\n";
  expect_config_error([&] { parse_network(text, "n.yaml"); },
                      {"n.yaml:5:18", "key 'ops.0.in_channels'", "an integer", "'three'"});
  expect_config_error([] { parse_network("name: n\nops: {a: 1}\n", "n.yaml"); },
                      {"n.yaml:2:6", "key 'ops'", "a list"});
}

TEST(Network, BadTypeNameListsValidNames) {
  expect_config_error(
      [] { parse_network("name: n\nops:\n  - {name: a, type: convolution}\n", "n.yaml"); },
      {"n.yaml:3:", "key 'ops.0.type'", "one of conv, matmul, fc", "'convolution'"});
}

TEST(Network, DuplicateNamesAndEmptyListAreErrors) {
  expect_config_error(
      [] {
        parse_network("name: n\nops:\n  - {name: a, type: fc, in_features: 4, out_features: 4}\n"
                      "  - {name: a, type: fc, in_features: 4, out_features: 4}\n",
                      "n.yaml");
      },
      {"n.yaml:4:", "key 'ops.1.name'", "unique", "ops.0"});
  expect_config_error([] { parse_network("name: n\nops: []\n", "n.yaml"); },
                      {"key 'ops'", "at least one op"});
}

TEST(Network, ConvShapeErrorsGetTheOpLocation) {
  expect_config_error(
      [] {
        parse_network("name: n\nops:\n  - {name: a, type: conv, in_channels: 30, out_channels: 64,"
                      " in_h: 8, kernel: 3, groups: 4}\n",
                      "n.yaml");
      },
      {"n.yaml:3:", "key 'ops.0.groups'", "divisor of in_channels (30)", "found 4"});
  expect_config_error(
      [] {
        parse_network("name: n\nops:\n  - {name: a, type: conv, in_channels: 3, out_channels: 4,"
                      " in_h: 8, kernel: 3, kernel_h: 3}\n",
                      "n.yaml");
      },
      {"key 'ops.0.kernel_h'", "either kernel or kernel_h/kernel_w"});
  expect_config_error(
      [] {
        parse_network("name: n\nops:\n  - {name: a, type: conv, in_channels: 3, out_channels: 4,"
                      " in_h: 8, kernel: 3, count: 0}\n",
                      "n.yaml");
      },
      {"key 'ops.0.count'", ">= 1"});
}

TEST(Network, MissingFileIsConfigError) {
  expect_config_error([] { load_network(kWorkloads + "no-such-network.yaml"); }, {"no such file"});
}

// The MACs of ResNet-50 v1.5 (torchvision), computed here from the architecture rather
// than from the YAML: conv1, four stages of bottlenecks (the first block of each stage
// has a 1x1 projection and, from stage 2 on, stride 2 on its 3x3 conv), then the FC.
std::int64_t resnet50_macs_from_architecture() {
  const auto conv = [](std::int64_t in, std::int64_t out, std::int64_t size, std::int64_t kernel,
                       std::int64_t stride, std::int64_t padding, std::int64_t& out_size) {
    out_size = (size + 2 * padding - kernel) / stride + 1;
    return out_size * out_size * in * out * kernel * kernel;
  };
  std::int64_t size = 0;
  std::int64_t total = conv(3, 64, 224, 7, 2, 3, size);  // 112x112
  size = 56;                                              // 3x3/2 max pooling
  std::int64_t channels = 64;
  const std::int64_t widths[] = {64, 128, 256, 512};
  const std::int64_t blocks[] = {3, 4, 6, 3};
  for (int stage = 0; stage < 4; ++stage) {
    const std::int64_t width = widths[stage];
    for (std::int64_t block = 0; block < blocks[stage]; ++block) {
      const std::int64_t stride = (block == 0 && stage > 0) ? 2 : 1;
      std::int64_t unused = 0;
      std::int64_t out_size = 0;
      total += conv(channels, width, size, 1, 1, 0, unused);
      total += conv(width, width, size, 3, stride, 1, out_size);
      total += conv(width, 4 * width, out_size, 1, 1, 0, unused);
      if (block == 0) total += conv(channels, 4 * width, size, 1, stride, 0, unused);
      channels = 4 * width;
      size = out_size;
    }
  }
  return total + 2048 * 1000;
}

TEST(Network, ResNet50MacsMatchTheArchitecture) {
  const Network network = load_network(kWorkloads + "resnet50.yaml");
  EXPECT_EQ(network.name, "resnet50");
  EXPECT_NE(network.source.find("He et al."), std::string::npos);
  std::int64_t convolutions = 0;
  std::int64_t fully_connected = 0;
  std::int64_t vector_ops = 0;
  for (const Op& op : network.ops) {
    if (op.kind == OpKind::kConv) convolutions += op.count;
    if (op.kind == OpKind::kFullyConnected) fully_connected += op.count;
    if (is_vector_op(op.kind)) vector_ops += op.count;
  }
  EXPECT_EQ(convolutions, 53);
  EXPECT_EQ(fully_connected, 1);
  EXPECT_EQ(vector_ops, 2) << "the stem's max pool and the global average pool";
  const std::int64_t expected = resnet50_macs_from_architecture();
  EXPECT_EQ(expected, 4089184256);
  EXPECT_EQ(network.total_macs(), expected);
  EXPECT_NEAR(static_cast<double>(network.total_macs()), 4.09e9, 0.01 * 4.09e9);
  EXPECT_EQ(network.ops.back().dim(Dim::C), 2048);
  EXPECT_EQ(network.ops.front().dim(Dim::P), 112);
}

TEST(Network, ShippedSingleOpWorkloads) {
  const Network gemm = load_network(kWorkloads + "gemm-512.yaml");
  ASSERT_EQ(gemm.ops.size(), 1u);
  EXPECT_EQ(gemm.total_macs(), 512LL * 512 * 512);
  const Network conv = load_network(kWorkloads + "conv-3x3.yaml");
  ASSERT_EQ(conv.ops.size(), 1u);
  EXPECT_EQ(conv.ops[0].dim(Dim::P), 56);
  EXPECT_EQ(conv.total_macs(), 56LL * 56 * 64 * 64 * 9);
}

}  // namespace
}  // namespace sextant
