// SPDX-License-Identifier: Apache-2.0
// Shared by the workload tests: arch configs built directly in C++ (no YAML), mirroring
// the presets in yaml/arch/, and a helper that checks a ConfigError's message.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tlm/core/arch_config.h"

namespace sextant::testing {

inline TensorSet tensors(std::initializer_list<TensorKind> kinds) {
  TensorSet set;
  for (const TensorKind kind : kinds) set.add(kind);
  return set;
}

inline BufferConfig buffer(const std::string& name, std::initializer_list<TensorKind> holds,
                           std::uint64_t size_bytes) {
  BufferConfig config;
  config.name = name;
  config.holds = tensors(holds);
  config.size_bytes = size_bytes;
  return config;
}

inline ArchConfig make_arch(const std::string& name, int rows, int cols, Dataflow dataflow,
                            int operand_bits, int accumulator_bits, std::vector<BufferConfig> buffers) {
  ArchConfig arch;
  arch.name = name;
  arch.pe_array.rows = rows;
  arch.pe_array.cols = cols;
  arch.pe_array.dataflow = dataflow;
  arch.pe_array.operand_bits = operand_bits;
  arch.pe_array.accumulator_bits = accumulator_bits;
  arch.buffers = std::move(buffers);
  return arch;
}

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = 1024 * 1024;

/// Gemmini default: 16x16 WS int8/int32, Scratchpad 256 KiB (inputs, weights),
/// Accumulator 64 KiB (outputs).
inline ArchConfig gemmini_like() {
  return make_arch("gemmini-like", 16, 16, Dataflow::kWeightStationary, 8, 32,
                   {buffer("Scratchpad", {TensorKind::kInputs, TensorKind::kWeights}, 256 * kKiB),
                    buffer("Accumulator", {TensorKind::kOutputs}, 64 * kKiB)});
}

/// TPU v1: 256x256 WS int8/int32, UnifiedBuffer 24 MiB, WeightFIFO 256 KiB,
/// Accumulators 4 MiB.
inline ArchConfig tpu_v1_like() {
  return make_arch("tpu-v1-like", 256, 256, Dataflow::kWeightStationary, 8, 32,
                   {buffer("UnifiedBuffer", {TensorKind::kInputs}, 24 * kMiB),
                    buffer("WeightFIFO", {TensorKind::kWeights}, 256 * kKiB),
                    buffer("Accumulators", {TensorKind::kOutputs}, 4 * kMiB)});
}

/// Eyeriss v1: 12x14 WS (standing in for row-stationary) 16/32-bit, one 108 KiB
/// GlobalBuffer holding all three tensors.
inline ArchConfig eyeriss_like() {
  return make_arch("eyeriss-like", 12, 14, Dataflow::kWeightStationary, 16, 32,
                   {buffer("GlobalBuffer",
                           {TensorKind::kInputs, TensorKind::kWeights, TensorKind::kOutputs}, 108 * kKiB)});
}

/// SCALE-Sim default: 32x32 OS, three 64 KiB SRAMs.
inline ArchConfig scalesim_like() {
  return make_arch("scalesim-like", 32, 32, Dataflow::kOutputStationary, 8, 32,
                   {buffer("IfmapSram", {TensorKind::kInputs}, 64 * kKiB),
                    buffer("FilterSram", {TensorKind::kWeights}, 64 * kKiB),
                    buffer("OfmapSram", {TensorKind::kOutputs}, 64 * kKiB)});
}

/// An input-stationary variant of the Gemmini-like core (covers the third dataflow).
inline ArchConfig gemmini_is_like() {
  ArchConfig arch = gemmini_like();
  arch.name = "gemmini-is-like";
  arch.pe_array.dataflow = Dataflow::kInputStationary;
  return arch;
}

inline std::vector<ArchConfig> all_test_archs() {
  return {gemmini_like(), tpu_v1_like(), eyeriss_like(), scalesim_like(), gemmini_is_like()};
}

}  // namespace sextant::testing
