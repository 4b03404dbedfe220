// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <string>

namespace sextant {

/// The three operands of a convolution or matrix multiplication, as Timeloop names them.
enum class TensorKind { kInputs = 0, kWeights = 1, kOutputs = 2 };
inline constexpr int kNumTensorKinds = 3;
inline constexpr std::array<TensorKind, kNumTensorKinds> kAllTensorKinds = {
    TensorKind::kInputs, TensorKind::kWeights, TensorKind::kOutputs};

/// "inputs", "weights", "outputs" (the lower-case spelling used in arch YAML).
const char* tensor_kind_name(TensorKind kind);

/// Set of tensors as a bit mask (bit i = TensorKind i).
class TensorSet {
 public:
  TensorSet() = default;
  void add(TensorKind kind) { m_bits |= bit(kind); }
  bool has(TensorKind kind) const { return (m_bits & bit(kind)) != 0; }
  bool empty() const { return m_bits == 0; }
  bool operator==(const TensorSet& other) const { return m_bits == other.m_bits; }

 private:
  static unsigned bit(TensorKind kind) { return 1u << static_cast<unsigned>(kind); }
  unsigned m_bits = 0;
};

}  // namespace sextant
