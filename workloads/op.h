// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "tlm/core/config_error.h"

namespace sextant {

/// Loop dimensions, Timeloop-style, plus G for groups. C and K count channels *per group*
/// (so a depthwise conv has G = channels, C = K = 1).
/// R, S: filter height and width; P, Q: output height and width; N: batch.
enum class Dim { G = 0, N, C, K, P, Q, R, S };
inline constexpr int kNumDims = 8;
inline constexpr std::array<Dim, kNumDims> kAllDims = {Dim::G, Dim::N, Dim::C, Dim::K,
                                                       Dim::P, Dim::Q, Dim::R, Dim::S};
char dim_letter(Dim dim);
/// Dim for a letter ('G','N','C','K','P','Q','R','S'); false when not one of them.
bool dim_from_letter(char letter, Dim& dim);

/// A value per dimension.
using DimArray = std::array<std::int64_t, kNumDims>;
inline std::int64_t& at(DimArray& array, Dim dim) { return array[static_cast<int>(dim)]; }
inline std::int64_t at(const DimArray& array, Dim dim) { return array[static_cast<int>(dim)]; }
DimArray ones();

enum class OpKind { kConv, kMatmul, kFullyConnected };
const char* op_kind_name(OpKind kind);  // "conv", "matmul", "fc"

/// One layer as a loop nest. Matmul C[MxN] = A[MxK].B[KxN] is lowered as P=M, C=K, K=N
/// (Q = R = S = 1; G = the batch of a batched matmul); fully connected with batch B, in features I, out features O as
/// P=B, C=I, K=O. Tensor layouts in memory (row-major, last index fastest):
/// inputs [N][H][W][G*C], weights [G][R][S][C][K], outputs [N][P][Q][G*K].
struct Op {
  std::string name;
  OpKind kind = OpKind::kConv;
  DimArray dims = ones();
  int stride_h = 1, stride_w = 1;
  int pad_h = 0, pad_w = 0;
  int dilation_h = 1, dilation_w = 1;
  std::int64_t count = 1;  ///< how many times the network runs this op
  /// Declared input height and width (0: derive them from P, Q, R, S, strides, dilation
  /// and padding). A strided conv may leave the last rows of its declared input unread,
  /// but the tensor in memory still has them.
  std::int64_t in_h = 0, in_w = 0;
  SourceLocation where;    ///< where it was defined (for error messages)
  /// Inter-layer policy for this op's output (`keep_output_on_chip:`); unset follows the
  /// network-wide policy (docs/workloads.md, "Inter-layer policy").
  std::optional<bool> keep_output_on_chip;

  std::int64_t dim(Dim d) const { return at(dims, d); }
  std::int64_t macs() const;
  /// Input height and width: the declared ones, else those P, Q, R, S, strides,
  /// dilation and padding imply.
  std::int64_t input_h() const;
  std::int64_t input_w() const;
  std::int64_t input_elements() const;
  std::int64_t weight_elements() const;
  std::int64_t output_elements() const;
};

/// Builds a convolution from its input size; throws ConfigError when the output
/// would be empty. groups must divide in_channels and out_channels.
/// Whether two ops are the same computation (kind, dims, strides, padding, dilation, declared
/// input size); names, counts, locations and inter-layer flags do not matter.
bool same_computation(const Op& a, const Op& b);

Op make_conv(std::string name, std::int64_t batch, std::int64_t in_channels,
             std::int64_t out_channels, std::int64_t in_h, std::int64_t in_w, std::int64_t kernel_h,
             std::int64_t kernel_w, int stride, int padding, int dilation = 1, int groups = 1);
/// A matmul C[MxN] = A[MxK].B[KxN]; groups > 1 makes it a batched matmul of `groups`
/// independent products (G dim), e.g. one per attention head: A is laid out [M][G*K]
/// (the heads side by side, as a transformer's Q or K projection leaves them), B is
/// [G][K][N] and C is [M][G*N].
Op make_matmul(std::string name, std::int64_t m, std::int64_t n, std::int64_t k,
               std::int64_t groups = 1);
Op make_fully_connected(std::string name, std::int64_t batch, std::int64_t in_features,
                        std::int64_t out_features);

}  // namespace sextant
