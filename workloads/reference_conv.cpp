// SPDX-License-Identifier: Apache-2.0
#include "workloads/reference_conv.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace sextant {
namespace {

double operand_at(const PeArrayConfig& array, const std::uint8_t* base, std::int64_t index) {
  if (array.arithmetic == Arithmetic::kFloat) {
    float value;
    std::memcpy(&value, base + index * 4, 4);
    return value;
  }
  switch (array.operand_bits) {
    case 8: return static_cast<std::int8_t>(base[index]);
    case 16: {
      std::int16_t value;
      std::memcpy(&value, base + index * 2, 2);
      return value;
    }
    default: {
      std::int32_t value;
      std::memcpy(&value, base + index * 4, 4);
      return value;
    }
  }
}

std::int64_t wrap(std::int64_t value, int bits) {
  if (bits >= 64) return value;
  const auto mask = (std::uint64_t{1} << bits) - 1;
  std::uint64_t bits_value = static_cast<std::uint64_t>(value) & mask;
  if (bits_value >> (bits - 1)) bits_value |= ~mask;  // sign-extend
  return static_cast<std::int64_t>(bits_value);
}

}  // namespace

std::vector<double> reference_conv(const Op& op, const PeArrayConfig& array,
                                   const std::uint8_t* inputs, const std::uint8_t* weights) {
  const std::int64_t G = op.dim(Dim::G), N = op.dim(Dim::N), C = op.dim(Dim::C), K = op.dim(Dim::K);
  const std::int64_t P = op.dim(Dim::P), Q = op.dim(Dim::Q), R = op.dim(Dim::R), S = op.dim(Dim::S);
  const std::int64_t H = op.input_h(), W = op.input_w();
  const bool is_float = array.arithmetic == Arithmetic::kFloat;
  std::vector<double> outputs(static_cast<std::size_t>(N * P * Q * G * K));
  for (std::int64_t n = 0; n < N; ++n) {
    for (std::int64_t p = 0; p < P; ++p) {
      for (std::int64_t q = 0; q < Q; ++q) {
        for (std::int64_t g = 0; g < G; ++g) {
          for (std::int64_t k = 0; k < K; ++k) {
            std::int64_t int_sum = 0;
            float float_sum = 0.0f;
            for (std::int64_t r = 0; r < R; ++r) {
              const std::int64_t h = p * op.stride_h - op.pad_h + r * op.dilation_h;
              if (h < 0 || h >= H) continue;
              for (std::int64_t s = 0; s < S; ++s) {
                const std::int64_t w = q * op.stride_w - op.pad_w + s * op.dilation_w;
                if (w < 0 || w >= W) continue;
                for (std::int64_t c = 0; c < C; ++c) {
                  const double a = operand_at(array, inputs, ((n * H + h) * W + w) * G * C + g * C + c);
                  const double b = operand_at(array, weights, (((g * R + r) * S + s) * C + c) * K + k);
                  if (is_float) {
                    float_sum += static_cast<float>(a) * static_cast<float>(b);
                  } else {
                    int_sum += static_cast<std::int64_t>(a) * static_cast<std::int64_t>(b);
                  }
                }
              }
            }
            outputs[static_cast<std::size_t>(((n * P + p) * Q + q) * G * K + g * K + k)] =
                is_float ? static_cast<double>(float_sum)
                         : static_cast<double>(wrap(int_sum, array.accumulator_bits));
          }
        }
      }
    }
  }
  return outputs;
}

double read_accumulator(const PeArrayConfig& array, const std::uint8_t* outputs, std::int64_t index) {
  if (array.arithmetic == Arithmetic::kFloat) {
    float value;
    std::memcpy(&value, outputs + index * 4, 4);
    return value;
  }
  if (array.accumulator_bytes() == 8) {
    std::int64_t value;
    std::memcpy(&value, outputs + index * 8, 8);
    return static_cast<double>(value);
  }
  std::int32_t value;
  std::memcpy(&value, outputs + index * 4, 4);
  return value;
}

double float_tolerance(std::int64_t reduction_length) {
  // Summing n products of magnitude <= 1 in another order moves the result by about
  // n x epsilon x |partial sum|, and random-sign partial sums grow like sqrt(n). Sixteen
  // times that stays far below the size of one lost or repeated product (~0.25).
  const double n = static_cast<double>(reduction_length);
  return 16.0 * n * std::sqrt(std::max(1.0, n)) * std::numeric_limits<float>::epsilon();
}

}  // namespace sextant
