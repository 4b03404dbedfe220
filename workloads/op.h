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
/// Dim index of each character, -1 for characters that are not a dim's letter.
inline constexpr std::array<std::int8_t, 256> kDimOfLetter = [] {
  std::array<std::int8_t, 256> table{};
  for (std::int8_t& entry : table) entry = -1;
  const char letters[] = "GNCKPQRS";  // in Dim order
  for (int d = 0; d < kNumDims; ++d) table[static_cast<unsigned char>(letters[d])] = static_cast<std::int8_t>(d);
  return table;
}();

/// Dim for a letter ('G','N','C','K','P','Q','R','S'); false when not one of them. Inline
/// and a table lookup: every evaluated mapping's permutations are decoded letter by letter,
/// and a switch's jump mispredicts on every letter of a random permutation.
inline bool dim_from_letter(char letter, Dim& dim) {
  const int d = kDimOfLetter[static_cast<unsigned char>(letter)];
  if (d < 0) return false;
  dim = static_cast<Dim>(d);
  return true;
}

/// A value per dimension.
using DimArray = std::array<std::int64_t, kNumDims>;
inline std::int64_t& at(DimArray& array, Dim dim) { return array[static_cast<int>(dim)]; }
inline std::int64_t at(const DimArray& array, Dim dim) { return array[static_cast<int>(dim)]; }
DimArray ones();

/// PE-array ops (conv, matmul, fc) are loop nests over Dim; the others run on the vector
/// unit and describe their tensors with a VectorShape instead (docs/workloads.md).
enum class OpKind {
  kConv, kMatmul, kFullyConnected,
  kMaxPool, kAvgPool, kGlobalAvgPool,       // pooling over NHWC
  kAdd, kMul,                               // elementwise, two tensors
  kRelu, kGelu, kSigmoid,                   // elementwise, one tensor
  kSoftmax, kLayerNorm, kReduceSum, kReduceMax,  // over the last dim of [rows][cols]
  kBatchNorm,                               // inference: per-channel scale and shift
  kEmbeddingBag                             // gather rows of a table, sum per bag
};
const char* op_kind_name(OpKind kind);  // "conv", "matmul", "fc", "max_pool", ...
/// Whether the op runs on the vector unit (everything but conv, matmul and fc).
bool is_vector_op(OpKind kind);
/// Whether a vector op needs floating point (no integer semantics are defined for it).
bool needs_float(OpKind kind);

/// Tensor shape of a vector op. Every vector op sees its input as NHWC [n][h][w][c];
/// rows = n*h*w and the last dim c is what softmax, layer norm and reductions run over.
/// Elementwise ops of `length` elements are [1][1][length][1].
struct VectorShape {
  std::int64_t n = 1, h = 1, w = 1, c = 1;
  int window_h = 1, window_w = 1;  ///< pooling window
  int stride = 1;                  ///< pooling stride
  /// Pooling padding above and left of the input (the same below and right unless out_h
  /// says otherwise). Padded positions are skipped by max pooling and count as zeros in
  /// average pooling (PyTorch's count_include_pad default).
  int pad_top = 0, pad_left = 0;
  std::int64_t out_h = 0;          ///< pooling output rows; 0: derived (a tile sets it)
  std::int64_t table_rows = 0;     ///< embedding bag: rows of the table (input [table_rows][c])
  std::int64_t bags = 0;           ///< embedding bag: output rows
  std::int64_t indices_per_bag = 0;
  /// Embedding bag only: the input holds the bags' rows already gathered in order
  /// (bag 0's rows, then bag 1's ...), as a tile on chip does; the table is not indexed.
  bool gathered = false;

  std::int64_t rows() const { return n * h * w; }
  bool operator==(const VectorShape& other) const;
};

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
  VectorShape vector;  ///< vector ops only

  std::int64_t dim(Dim d) const { return at(dims, d); }
  /// Multiply-accumulates on the PE array (0 for vector ops).
  std::int64_t macs() const;
  /// Vector ops: elements the vector unit processes, summed over the op's passes
  /// (docs/models/vector_unit.md); with transcendental_cycles > 1, the exp/GELU/sigmoid
  /// steps count that many times each, which gives the unit's lane-cycles. 0 for PE-array ops.
  std::int64_t vector_work(int transcendental_cycles = 1) const;
  /// Vector ops: output height and width of a pooling op.
  std::int64_t pool_out_h() const;
  std::int64_t pool_out_w() const;
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
/// A vector op of `kind` on an NHWC shape (elementwise: n = h = c = 1, w = length;
/// softmax, layer norm, reductions: w = rows, c = cols). Pooling also takes its window and
/// stride; throws ConfigError when the window does not fit the input.
Op make_vector(std::string name, OpKind kind, const VectorShape& shape);
/// Row of the table that index j of bag b reads: a fixed hash, so that the compiler's
/// gathers and the golden model agree without an index tensor in the workload file.
std::int64_t embedding_index(const VectorShape& shape, std::int64_t bag, std::int64_t j);

}  // namespace sextant
