// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include "tlm/core/arch_config.h"
#include "workloads/op.h"

namespace sextant {

/// The golden software convolution (matmul and FC are convs) used to check functional
/// simulation. Operands are raw bytes in the layouts of op.h, of the array's operand type
/// (int8/int16/int32 or fp32); the result is every output element as a double, with
/// integer sums wrapped to the accumulator width exactly as the hardware wraps them.
/// Written as the textbook loop nest, independent of any mapping or tiling.
std::vector<double> reference_conv(const Op& op, const PeArrayConfig& array,
                                   const std::uint8_t* inputs, const std::uint8_t* weights);

/// Reads element `index` of an accumulator-typed output tensor as a double.
double read_accumulator(const PeArrayConfig& array, const std::uint8_t* outputs, std::int64_t index);

/// Largest |error| a correct fp32 result may show for a reduction of `length` products of
/// operands in [-1, 1] summed in a different order than the reference's.
double float_tolerance(std::int64_t reduction_length);

}  // namespace sextant
