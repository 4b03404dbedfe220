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

bool dim_from_letter(char letter, Dim& dim) {
  for (int i = 0; i < kNumDims; ++i) {
    if (kDimLetters[i] == letter) {
      dim = static_cast<Dim>(i);
      return true;
    }
  }
  return false;
}

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
  }
  return "?";
}

bool same_computation(const Op& a, const Op& b) {
  return a.kind == b.kind && a.dims == b.dims && a.stride_h == b.stride_h && a.stride_w == b.stride_w &&
         a.pad_h == b.pad_h && a.pad_w == b.pad_w && a.dilation_h == b.dilation_h &&
         a.dilation_w == b.dilation_w && a.input_h() == b.input_h() && a.input_w() == b.input_w();
}

std::int64_t Op::macs() const {
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

std::int64_t Op::input_elements() const {
  return dim(Dim::N) * input_h() * input_w() * dim(Dim::G) * dim(Dim::C);
}

std::int64_t Op::weight_elements() const {
  return dim(Dim::G) * dim(Dim::R) * dim(Dim::S) * dim(Dim::C) * dim(Dim::K);
}

std::int64_t Op::output_elements() const {
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

}  // namespace sextant
