// SPDX-License-Identifier: Apache-2.0
#include "workloads/op.h"

#include <string>
#include <utility>

namespace sextant {
namespace {

constexpr char kDimLetters[kNumDims + 1] = "GNCKPQRS";

// make_conv() has no file position; the network loader re-throws its errors with the
// op's location and prefixes the key path with "ops.<index>.".
[[noreturn]] void conv_error(const std::string& name, const std::string& key,
                             const std::string& expected, const std::string& found) {
  throw ConfigError(SourceLocation{}, key, expected + " (op '" + name + "')", found);
}

void require_at_least(const std::string& name, const std::string& key, std::int64_t value,
                      std::int64_t minimum) {
  if (value < minimum) {
    conv_error(name, key, "an integer >= " + std::to_string(minimum), std::to_string(value));
  }
}

// floor((extent + 2*pad - dilation*(kernel-1) - 1) / stride) + 1, or 0 when the
// dilated kernel does not fit in the padded input.
std::int64_t conv_output_size(std::int64_t extent, std::int64_t kernel, int stride, int padding,
                              int dilation) {
  const std::int64_t span = extent + 2 * std::int64_t{padding} - std::int64_t{dilation} * (kernel - 1) - 1;
  if (span < 0) return 0;
  return span / stride + 1;
}

}  // namespace

char dim_letter(Dim dim) { return kDimLetters[static_cast<int>(dim)]; }

DimArray ones() {
  DimArray array;
  array.fill(1);
  return array;
}

const char* op_kind_name(OpKind kind) {
  switch (kind) {
    case OpKind::kConv:
      return "conv";
    case OpKind::kMatmul:
      return "matmul";
    case OpKind::kFullyConnected:
      return "fc";
    case OpKind::kMaxPool:
      return "max_pool";
    case OpKind::kAvgPool:
      return "avg_pool";
    case OpKind::kGlobalAvgPool:
      return "global_avg_pool";
    case OpKind::kAdd:
      return "add";
    case OpKind::kMul:
      return "mul";
    case OpKind::kRelu:
      return "relu";
    case OpKind::kGelu:
      return "gelu";
    case OpKind::kSigmoid:
      return "sigmoid";
    case OpKind::kSoftmax:
      return "softmax";
    case OpKind::kLayerNorm:
      return "layer_norm";
    case OpKind::kReduceSum:
      return "reduce_sum";
    case OpKind::kReduceMax:
      return "reduce_max";
    case OpKind::kBatchNorm:
      return "batch_norm";
    case OpKind::kEmbeddingBag:
      return "embedding_bag";
  }
  return "?";
}

bool is_vector_op(OpKind kind) {
  return kind != OpKind::kConv && kind != OpKind::kMatmul && kind != OpKind::kFullyConnected;
}

bool needs_float(OpKind kind) {
  switch (kind) {
    case OpKind::kGelu:
    case OpKind::kSigmoid:
    case OpKind::kSoftmax:
    case OpKind::kLayerNorm:
    case OpKind::kBatchNorm:
      return true;
    default:
      return false;
  }
}

bool VectorShape::operator==(const VectorShape& other) const {
  return n == other.n && h == other.h && w == other.w && c == other.c && window_h == other.window_h &&
         window_w == other.window_w && stride == other.stride && pad_top == other.pad_top &&
         pad_left == other.pad_left && out_h == other.out_h && table_rows == other.table_rows &&
         bags == other.bags && indices_per_bag == other.indices_per_bag && gathered == other.gathered;
}

bool same_computation(const Op& a, const Op& b) {
  return a.kind == b.kind && a.dims == b.dims && a.stride_h == b.stride_h && a.stride_w == b.stride_w &&
         a.pad_h == b.pad_h && a.pad_w == b.pad_w && a.dilation_h == b.dilation_h &&
         a.dilation_w == b.dilation_w && a.input_h() == b.input_h() && a.input_w() == b.input_w() &&
         a.vector == b.vector;
}

std::int64_t Op::macs() const {
  if (is_vector_op(kind)) return 0;
  std::int64_t product = 1;
  for (const std::int64_t extent : dims) product *= extent;
  return product;
}

std::int64_t Op::input_h() const {
  if (in_h > 0) return in_h;
  return (dim(Dim::P) - 1) * stride_h + (dim(Dim::R) - 1) * dilation_h + 1 - 2 * std::int64_t{pad_h};
}

std::int64_t Op::input_w() const {
  if (in_w > 0) return in_w;
  return (dim(Dim::Q) - 1) * stride_w + (dim(Dim::S) - 1) * dilation_w + 1 - 2 * std::int64_t{pad_w};
}

std::int64_t Op::pool_out_h() const {
  if (vector.out_h > 0) return vector.out_h;
  return (vector.h + 2 * std::int64_t{vector.pad_top} - vector.window_h) / vector.stride + 1;
}
std::int64_t Op::pool_out_w() const {
  return (vector.w + 2 * std::int64_t{vector.pad_left} - vector.window_w) / vector.stride + 1;
}

std::int64_t Op::vector_work(int transcendental_cycles) const {
  const std::int64_t t = transcendental_cycles;
  const std::int64_t elements = vector.rows() * vector.c;
  switch (kind) {
    case OpKind::kConv:
    case OpKind::kMatmul:
    case OpKind::kFullyConnected:
      return 0;
    case OpKind::kAdd:
    case OpKind::kMul:
    case OpKind::kRelu:
    case OpKind::kBatchNorm:  // one fused multiply-add per element
    case OpKind::kReduceSum:
    case OpKind::kReduceMax:
    case OpKind::kGlobalAvgPool:
      return elements;
    case OpKind::kGelu:
    case OpKind::kSigmoid:
      return elements * t;
    case OpKind::kSoftmax:  // max pass, exp-and-sum pass, scale pass
      return elements * (2 + t);
    case OpKind::kLayerNorm:  // mean pass, variance pass, normalize-scale-shift pass
      return elements * 3;
    case OpKind::kMaxPool:
    case OpKind::kAvgPool:
      return vector.n * pool_out_h() * pool_out_w() * vector.c * vector.window_h * vector.window_w;
    case OpKind::kEmbeddingBag:
      return vector.bags * vector.indices_per_bag * vector.c;
  }
  return 0;
}

std::int64_t Op::input_elements() const {
  if (kind == OpKind::kEmbeddingBag) {
    return (vector.gathered ? vector.bags * vector.indices_per_bag : vector.table_rows) * vector.c;
  }
  if (is_vector_op(kind)) return vector.rows() * vector.c;
  return dim(Dim::N) * input_h() * input_w() * dim(Dim::G) * dim(Dim::C);
}

std::int64_t Op::weight_elements() const {
  if (kind == OpKind::kAdd || kind == OpKind::kMul) return vector.rows() * vector.c;
  if (kind == OpKind::kLayerNorm || kind == OpKind::kBatchNorm) return 2 * vector.c;  // scale, shift
  if (is_vector_op(kind)) return 0;
  return dim(Dim::G) * dim(Dim::R) * dim(Dim::S) * dim(Dim::C) * dim(Dim::K);
}

std::int64_t Op::output_elements() const {
  switch (kind) {
    case OpKind::kMaxPool:
    case OpKind::kAvgPool:
      return vector.n * pool_out_h() * pool_out_w() * vector.c;
    case OpKind::kGlobalAvgPool:
      return vector.n * vector.c;
    case OpKind::kReduceSum:
    case OpKind::kReduceMax:
      return vector.rows();
    case OpKind::kEmbeddingBag:
      return vector.bags * vector.c;
    default:
      if (is_vector_op(kind)) return vector.rows() * vector.c;
  }
  return dim(Dim::N) * dim(Dim::P) * dim(Dim::Q) * dim(Dim::G) * dim(Dim::K);
}

Op make_conv(std::string name, std::int64_t batch, std::int64_t in_channels,
             std::int64_t out_channels, std::int64_t in_h, std::int64_t in_w, std::int64_t kernel_h,
             std::int64_t kernel_w, int stride, int padding, int dilation, int groups) {
  require_at_least(name, "batch", batch, 1);
  require_at_least(name, "in_channels", in_channels, 1);
  require_at_least(name, "out_channels", out_channels, 1);
  require_at_least(name, "in_h", in_h, 1);
  require_at_least(name, "in_w", in_w, 1);
  require_at_least(name, "kernel_h", kernel_h, 1);
  require_at_least(name, "kernel_w", kernel_w, 1);
  require_at_least(name, "stride", stride, 1);
  require_at_least(name, "padding", padding, 0);
  require_at_least(name, "dilation", dilation, 1);
  require_at_least(name, "groups", groups, 1);
  if (in_channels % groups != 0 || out_channels % groups != 0) {
    conv_error(name, "groups",
               "a divisor of in_channels (" + std::to_string(in_channels) + ") and out_channels (" +
                   std::to_string(out_channels) + ")",
               std::to_string(groups));
  }
  const std::int64_t p = conv_output_size(in_h, kernel_h, stride, padding, dilation);
  const std::int64_t q = conv_output_size(in_w, kernel_w, stride, padding, dilation);
  if (p < 1) {
    conv_error(name, "in_h",
               "an input height of at least " +
                   std::to_string(std::int64_t{dilation} * (kernel_h - 1) + 1 - 2 * std::int64_t{padding}) +
                   " for the dilated kernel",
               std::to_string(in_h));
  }
  if (q < 1) {
    conv_error(name, "in_w",
               "an input width of at least " +
                   std::to_string(std::int64_t{dilation} * (kernel_w - 1) + 1 - 2 * std::int64_t{padding}) +
                   " for the dilated kernel",
               std::to_string(in_w));
  }

  Op op;
  op.name = std::move(name);
  op.kind = OpKind::kConv;
  at(op.dims, Dim::G) = groups;
  at(op.dims, Dim::N) = batch;
  at(op.dims, Dim::C) = in_channels / groups;
  at(op.dims, Dim::K) = out_channels / groups;
  at(op.dims, Dim::P) = p;
  at(op.dims, Dim::Q) = q;
  at(op.dims, Dim::R) = kernel_h;
  at(op.dims, Dim::S) = kernel_w;
  op.stride_h = op.stride_w = stride;
  op.pad_h = op.pad_w = padding;
  op.dilation_h = op.dilation_w = dilation;
  op.in_h = in_h;
  op.in_w = in_w;
  return op;
}

Op make_matmul(std::string name, std::int64_t m, std::int64_t n, std::int64_t k,
               std::int64_t groups) {
  require_at_least(name, "M", m, 1);
  require_at_least(name, "N", n, 1);
  require_at_least(name, "K", k, 1);
  require_at_least(name, "groups", groups, 1);
  Op op;
  op.name = std::move(name);
  op.kind = OpKind::kMatmul;
  at(op.dims, Dim::G) = groups;
  at(op.dims, Dim::P) = m;
  at(op.dims, Dim::C) = k;
  at(op.dims, Dim::K) = n;
  return op;
}

Op make_fully_connected(std::string name, std::int64_t batch, std::int64_t in_features,
                        std::int64_t out_features) {
  require_at_least(name, "batch", batch, 1);
  require_at_least(name, "in_features", in_features, 1);
  require_at_least(name, "out_features", out_features, 1);
  Op op;
  op.name = std::move(name);
  op.kind = OpKind::kFullyConnected;
  at(op.dims, Dim::P) = batch;
  at(op.dims, Dim::C) = in_features;
  at(op.dims, Dim::K) = out_features;
  return op;
}

Op make_vector(std::string name, OpKind kind, const VectorShape& shape) {
  require_at_least(name, "batch", shape.n, 1);
  require_at_least(name, "height", shape.h, 1);
  require_at_least(name, "width", shape.w, 1);
  require_at_least(name, "channels", shape.c, 1);
  if (kind == OpKind::kMaxPool || kind == OpKind::kAvgPool) {
    require_at_least(name, "kernel", shape.window_h, 1);
    require_at_least(name, "stride", shape.stride, 1);
    require_at_least(name, "padding", shape.pad_top, 0);
    if (2 * shape.pad_top > shape.window_h || 2 * shape.pad_left > shape.window_w) {
      conv_error(name, "padding", "at most half the kernel (" + std::to_string(shape.window_h) + ")",
                 std::to_string(shape.pad_top));
    }
    const std::int64_t padded_h = shape.h + 2 * std::int64_t{shape.pad_top};
    const std::int64_t padded_w = shape.w + 2 * std::int64_t{shape.pad_left};
    if (shape.window_h > padded_h || shape.window_w > padded_w) {
      conv_error(name, "kernel", "a window no larger than the padded input (" + std::to_string(padded_h) + "x" +
                     std::to_string(padded_w) + ")", std::to_string(shape.window_h) + "x" + std::to_string(shape.window_w));
    }
  }
  if (kind == OpKind::kEmbeddingBag) {
    require_at_least(name, "table_rows", shape.table_rows, 1);
    require_at_least(name, "bags", shape.bags, 1);
    require_at_least(name, "indices_per_bag", shape.indices_per_bag, 1);
  }
  Op op;
  op.name = std::move(name);
  op.kind = kind;
  op.vector = shape;
  return op;
}

std::int64_t embedding_index(const VectorShape& shape, std::int64_t bag, std::int64_t j) {
  if (shape.gathered) return bag * shape.indices_per_bag + j;
  // Knuth's multiplicative hash spreads the rows over the table like random ids would.
  const auto key = static_cast<std::uint64_t>(bag * shape.indices_per_bag + j);
  return static_cast<std::int64_t>((key * 2654435761ULL) % static_cast<std::uint64_t>(shape.table_rows));
}

}  // namespace sextant
