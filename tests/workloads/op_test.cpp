// SPDX-License-Identifier: Apache-2.0
#include "workloads/op.h"

#include <gtest/gtest.h>

#include "tests/tlm/config_error_expect.h"

namespace sextant {
namespace {

using testing::expect_config_error;

TEST(Op, DimLettersRoundTrip) {
  for (const Dim dim : kAllDims) {
    Dim parsed = Dim::S;
    ASSERT_TRUE(dim_from_letter(dim_letter(dim), parsed));
    EXPECT_EQ(parsed, dim);
  }
  Dim unused = Dim::G;
  EXPECT_FALSE(dim_from_letter('M', unused));
  EXPECT_FALSE(dim_from_letter('c', unused));
  EXPECT_EQ(std::string(op_kind_name(OpKind::kFullyConnected)), "fc");
}

TEST(Op, ConvStrideTwoWithPadding) {
  // ResNet-50 conv1: 224x224x3, 7x7/2, padding 3 -> 112x112x64.
  const Op op = make_conv("conv1", 1, 3, 64, 224, 224, 7, 7, 2, 3);
  EXPECT_EQ(op.dim(Dim::P), 112);
  EXPECT_EQ(op.dim(Dim::Q), 112);
  EXPECT_EQ(op.dim(Dim::C), 3);
  EXPECT_EQ(op.dim(Dim::K), 64);
  EXPECT_EQ(op.dim(Dim::R), 7);
  EXPECT_EQ(op.dim(Dim::G), 1);
  EXPECT_EQ(op.macs(), 112LL * 112 * 64 * 3 * 7 * 7);
  EXPECT_EQ(op.macs(), 118013952);
  // The declared 224x224 input is the tensor in memory, though a 7x7/2 window with
  // padding 3 never reads its last row: (112-1)*2 + 6 + 1 - 2*3 = 223 rows are enough.
  EXPECT_EQ(op.input_h(), 224);
  EXPECT_EQ(op.input_w(), 224);
  Op derived = op;
  derived.in_h = derived.in_w = 0;
  EXPECT_EQ(derived.input_h(), 223);
  EXPECT_EQ(op.input_elements(), 224LL * 224 * 3);
  EXPECT_EQ(op.weight_elements(), 7LL * 7 * 3 * 64);
  EXPECT_EQ(op.output_elements(), 112LL * 112 * 64);
}

TEST(Op, ConvStrideOneKeepsInputSize) {
  const Op op = make_conv("c", 2, 64, 64, 56, 56, 3, 3, 1, 1);
  EXPECT_EQ(op.dim(Dim::P), 56);
  EXPECT_EQ(op.dim(Dim::N), 2);
  EXPECT_EQ(op.input_h(), 56);
  EXPECT_EQ(op.input_elements(), 2LL * 56 * 56 * 64);
  EXPECT_EQ(op.macs(), 2LL * 56 * 56 * 64 * 64 * 9);
}

TEST(Op, ConvWithoutPaddingAndRectangular) {
  const Op op = make_conv("c", 1, 8, 16, 10, 7, 3, 5, 1, 0);
  EXPECT_EQ(op.dim(Dim::P), 8);
  EXPECT_EQ(op.dim(Dim::Q), 3);
  EXPECT_EQ(op.dim(Dim::R), 3);
  EXPECT_EQ(op.dim(Dim::S), 5);
  EXPECT_EQ(op.input_h(), 10);
  EXPECT_EQ(op.input_w(), 7);
}

TEST(Op, DilationAndStrideRoundDown) {
  // 7 + 0 - 2*(3-1) - 1 = 2 -> floor(2/1)+1 = 3 outputs.
  const Op dilated = make_conv("d", 1, 4, 4, 7, 7, 3, 3, 1, 0, 2);
  EXPECT_EQ(dilated.dim(Dim::P), 3);
  EXPECT_EQ(dilated.input_h(), 7);
  // 1x1 stride 2 on 56: 28 outputs read rows 0..54 only, but the tensor in memory keeps
  // its declared 56 rows.
  const Op downsample = make_conv("ds", 1, 256, 512, 56, 56, 1, 1, 2, 0);
  EXPECT_EQ(downsample.dim(Dim::P), 28);
  EXPECT_EQ(downsample.input_h(), 56);
  EXPECT_EQ(downsample.input_elements(), 56 * 56 * 256);
}

TEST(Op, Depthwise) {
  const Op op = make_conv("dw", 1, 32, 32, 112, 112, 3, 3, 1, 1, 1, 32);
  EXPECT_EQ(op.dim(Dim::G), 32);
  EXPECT_EQ(op.dim(Dim::C), 1);
  EXPECT_EQ(op.dim(Dim::K), 1);
  EXPECT_EQ(op.macs(), 32LL * 112 * 112 * 9);
  EXPECT_EQ(op.input_elements(), 112LL * 112 * 32);
  EXPECT_EQ(op.weight_elements(), 32LL * 9);
  EXPECT_EQ(op.output_elements(), 112LL * 112 * 32);
}

TEST(Op, GroupedWithChannelMultiplier) {
  const Op op = make_conv("g", 1, 32, 64, 8, 8, 3, 3, 1, 1, 1, 4);
  EXPECT_EQ(op.dim(Dim::G), 4);
  EXPECT_EQ(op.dim(Dim::C), 8);
  EXPECT_EQ(op.dim(Dim::K), 16);
  EXPECT_EQ(op.macs(), 4LL * 8 * 16 * 8 * 8 * 9);
}

TEST(Op, MatmulLowering) {
  // C[7x13] = A[7x61] . B[61x13]: P = M, C = K, K = N.
  const Op op = make_matmul("mm", 7, 13, 61);
  EXPECT_EQ(op.kind, OpKind::kMatmul);
  EXPECT_EQ(op.dim(Dim::P), 7);
  EXPECT_EQ(op.dim(Dim::C), 61);
  EXPECT_EQ(op.dim(Dim::K), 13);
  for (const Dim dim : {Dim::G, Dim::N, Dim::Q, Dim::R, Dim::S}) EXPECT_EQ(op.dim(dim), 1);
  EXPECT_EQ(op.macs(), 7 * 13 * 61);
  EXPECT_EQ(op.input_elements(), 7 * 61);   // A
  EXPECT_EQ(op.weight_elements(), 61 * 13); // B
  EXPECT_EQ(op.output_elements(), 7 * 13);  // C
}

TEST(Op, FullyConnectedLowering) {
  const Op op = make_fully_connected("fc", 4, 2048, 1000);
  EXPECT_EQ(op.kind, OpKind::kFullyConnected);
  EXPECT_EQ(op.dim(Dim::P), 4);
  EXPECT_EQ(op.dim(Dim::C), 2048);
  EXPECT_EQ(op.dim(Dim::K), 1000);
  EXPECT_EQ(op.macs(), 4LL * 2048 * 1000);
}

TEST(Op, BadConvolutionsAreConfigErrors) {
  expect_config_error([] { make_conv("c", 1, 30, 64, 8, 8, 3, 3, 1, 1, 1, 4); },
                      {"key 'groups'", "divisor of in_channels (30)", "op 'c'", "found 4"});
  expect_config_error([] { make_conv("c", 1, 3, 3, 3, 3, 5, 5, 1, 0); },
                      {"key 'in_h'", "at least 5", "found 3"});
  expect_config_error([] { make_conv("c", 1, 3, 3, 8, 8, 3, 3, 0, 0); },
                      {"key 'stride'", ">= 1", "found 0"});
  expect_config_error([] { make_matmul("m", 0, 1, 1); }, {"key 'M'", "found 0"});
}

}  // namespace
}  // namespace sextant
