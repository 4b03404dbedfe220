// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include "tlm/core/arch_config.h"
#include "workloads/op.h"

namespace sextant {

/// Number format of vector-op tensors: fp32, or signed integers of element_bytes.
struct VectorNumerics {
  bool is_float = false;
  int element_bytes = 1;
};
VectorNumerics vector_numerics(const ArchConfig& arch);

/// The golden vector op on whole tensors in the layouts of op.h, written as textbook
/// loops. Inputs are raw bytes of the numeric type; the result is every output element
/// as a double, already rounded to the output type (fp32, or the integer type with
/// saturation; integer averages truncate toward zero). Integer mode defines add, mul,
/// ReLU, pooling, reductions and embedding bags; the other ops need float and throw
/// ConfigError (see needs_float()). The vector unit runs this same kernel on each tile.
std::vector<double> reference_vector(const Op& op, const VectorNumerics& numerics, const std::uint8_t* inputs,
                                     const std::uint8_t* weights);

/// Reads element `index` of a tensor of the numeric type as a double.
double read_vector_element(const VectorNumerics& numerics, const std::uint8_t* data, std::int64_t index);
/// Writes `value` (already in range) as element `index`.
void write_vector_element(const VectorNumerics& numerics, std::uint8_t* data, std::int64_t index, double value);

}  // namespace sextant
