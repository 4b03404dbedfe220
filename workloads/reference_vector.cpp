// SPDX-License-Identifier: Apache-2.0
#include "workloads/reference_vector.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "tlm/core/config_error.h"

namespace sextant {
namespace {

/// The output type's rounding: fp32, or saturation to the signed integer range.
double to_output(const VectorNumerics& numerics, double value) {
  if (numerics.is_float) return static_cast<double>(static_cast<float>(value));
  const double high = std::ldexp(1.0, 8 * numerics.element_bytes - 1) - 1.0;
  return std::clamp(value, -high - 1.0, high);
}

double gelu(double x) { return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0))); }

constexpr double kLayerNormEpsilon = 1e-5;

}  // namespace

VectorNumerics vector_numerics(const ArchConfig& arch) {
  VectorNumerics numerics;
  numerics.is_float = arch.pe_array.arithmetic == Arithmetic::kFloat;
  numerics.element_bytes = numerics.is_float ? 4 : arch.pe_array.operand_bytes();
  return numerics;
}

double read_vector_element(const VectorNumerics& numerics, const std::uint8_t* data, std::int64_t index) {
  const std::uint8_t* at = data + index * numerics.element_bytes;
  if (numerics.is_float) {
    float value;
    std::memcpy(&value, at, 4);
    return value;
  }
  switch (numerics.element_bytes) {
    case 1:
      return static_cast<std::int8_t>(*at);
    case 2: {
      std::int16_t value;
      std::memcpy(&value, at, 2);
      return value;
    }
    default: {
      std::int32_t value;
      std::memcpy(&value, at, 4);
      return value;
    }
  }
}

void write_vector_element(const VectorNumerics& numerics, std::uint8_t* data, std::int64_t index, double value) {
  std::uint8_t* at = data + index * numerics.element_bytes;
  if (numerics.is_float) {
    const auto narrow = static_cast<float>(value);
    std::memcpy(at, &narrow, 4);
    return;
  }
  const auto integer = static_cast<std::int32_t>(value);
  switch (numerics.element_bytes) {
    case 1:
      *at = static_cast<std::uint8_t>(static_cast<std::int8_t>(integer));
      break;
    case 2: {
      const auto narrow = static_cast<std::int16_t>(integer);
      std::memcpy(at, &narrow, 2);
      break;
    }
    default:
      std::memcpy(at, &integer, 4);
      break;
  }
}

std::vector<double> reference_vector(const Op& op, const VectorNumerics& numerics, const std::uint8_t* inputs,
                                     const std::uint8_t* weights) {
  if (!numerics.is_float && needs_float(op.kind)) {
    throw ConfigError(op.where, "ops." + op.name + ".type",
                      "an op with integer semantics in integer mode (add, mul, relu, pooling, reductions, "
                      "embedding_bag); " + std::string(op_kind_name(op.kind)) + " needs arithmetic: float",
                      op_kind_name(op.kind));
  }
  const VectorShape& v = op.vector;
  const auto in = [&](std::int64_t i) { return read_vector_element(numerics, inputs, i); };
  const auto weight = [&](std::int64_t i) { return read_vector_element(numerics, weights, i); };
  std::vector<double> out(static_cast<std::size_t>(op.output_elements()));
  const std::int64_t rows = v.rows();
  const std::int64_t c = v.c;
  switch (op.kind) {
    case OpKind::kAdd:
    case OpKind::kMul:
    case OpKind::kRelu:
    case OpKind::kGelu:
    case OpKind::kSigmoid:
      for (std::int64_t i = 0; i < rows * c; ++i) {
        const double x = in(i);
        double y = 0.0;
        if (op.kind == OpKind::kAdd) y = x + weight(i);
        if (op.kind == OpKind::kMul) y = x * weight(i);
        if (op.kind == OpKind::kRelu) y = std::max(x, 0.0);
        if (op.kind == OpKind::kGelu) y = gelu(x);
        if (op.kind == OpKind::kSigmoid) y = 1.0 / (1.0 + std::exp(-x));
        out[static_cast<std::size_t>(i)] = to_output(numerics, y);
      }
      break;
    case OpKind::kBatchNorm:
      for (std::int64_t i = 0; i < rows * c; ++i) {
        out[static_cast<std::size_t>(i)] = to_output(numerics, in(i) * weight(i % c) + weight(c + i % c));
      }
      break;
    case OpKind::kSoftmax:
    case OpKind::kLayerNorm:
    case OpKind::kReduceSum:
    case OpKind::kReduceMax:
      for (std::int64_t r = 0; r < rows; ++r) {
        const std::int64_t base = r * c;
        double max = -std::numeric_limits<double>::infinity();
        double sum = 0.0;
        for (std::int64_t j = 0; j < c; ++j) {
          max = std::max(max, in(base + j));
          sum += in(base + j);
        }
        if (op.kind == OpKind::kReduceSum) out[static_cast<std::size_t>(r)] = to_output(numerics, sum);
        if (op.kind == OpKind::kReduceMax) out[static_cast<std::size_t>(r)] = to_output(numerics, max);
        if (op.kind == OpKind::kSoftmax) {
          double total = 0.0;
          for (std::int64_t j = 0; j < c; ++j) total += std::exp(in(base + j) - max);
          for (std::int64_t j = 0; j < c; ++j) {
            out[static_cast<std::size_t>(base + j)] = to_output(numerics, std::exp(in(base + j) - max) / total);
          }
        }
        if (op.kind == OpKind::kLayerNorm) {
          const double mean = sum / static_cast<double>(c);
          double variance = 0.0;
          for (std::int64_t j = 0; j < c; ++j) variance += (in(base + j) - mean) * (in(base + j) - mean);
          variance /= static_cast<double>(c);
          const double scale = 1.0 / std::sqrt(variance + kLayerNormEpsilon);
          for (std::int64_t j = 0; j < c; ++j) {
            out[static_cast<std::size_t>(base + j)] =
                to_output(numerics, (in(base + j) - mean) * scale * weight(j) + weight(c + j));
          }
        }
      }
      break;
    case OpKind::kMaxPool:
    case OpKind::kAvgPool: {
      const std::int64_t p_out = op.pool_out_h();
      const std::int64_t q_out = op.pool_out_w();
      const double window = static_cast<double>(v.window_h) * v.window_w;
      for (std::int64_t n = 0; n < v.n; ++n) {
        for (std::int64_t p = 0; p < p_out; ++p) {
          for (std::int64_t q = 0; q < q_out; ++q) {
            for (std::int64_t ch = 0; ch < c; ++ch) {
              double max = -std::numeric_limits<double>::infinity();
              double sum = 0.0;
              for (std::int64_t y = 0; y < v.window_h; ++y) {
                const std::int64_t row = p * v.stride - v.pad_top + y;
                if (row < 0 || row >= v.h) continue;  // padding: no value for max, zero for the sum
                for (std::int64_t x = 0; x < v.window_w; ++x) {
                  const std::int64_t col = q * v.stride - v.pad_left + x;
                  if (col < 0 || col >= v.w) continue;
                  const double value = in(((n * v.h + row) * v.w + col) * c + ch);
                  max = std::max(max, value);
                  sum += value;
                }
              }
              double result = max;
              if (op.kind == OpKind::kAvgPool) result = numerics.is_float ? sum / window : std::trunc(sum / window);
              out[static_cast<std::size_t>(((n * p_out + p) * q_out + q) * c + ch)] = to_output(numerics, result);
            }
          }
        }
      }
      break;
    }
    case OpKind::kGlobalAvgPool: {
      const std::int64_t area = v.h * v.w;
      for (std::int64_t n = 0; n < v.n; ++n) {
        for (std::int64_t ch = 0; ch < c; ++ch) {
          double sum = 0.0;
          for (std::int64_t i = 0; i < area; ++i) sum += in((n * area + i) * c + ch);
          const double mean = sum / static_cast<double>(area);
          out[static_cast<std::size_t>(n * c + ch)] = to_output(numerics, numerics.is_float ? mean : std::trunc(mean));
        }
      }
      break;
    }
    case OpKind::kEmbeddingBag:
      for (std::int64_t bag = 0; bag < v.bags; ++bag) {
        for (std::int64_t ch = 0; ch < c; ++ch) {
          double sum = 0.0;
          for (std::int64_t j = 0; j < v.indices_per_bag; ++j) sum += in(embedding_index(v, bag, j) * c + ch);
          out[static_cast<std::size_t>(bag * c + ch)] = to_output(numerics, sum);
        }
      }
      break;
    case OpKind::kConv:
    case OpKind::kMatmul:
    case OpKind::kFullyConnected:
      break;
  }
  return out;
}

}  // namespace sextant
