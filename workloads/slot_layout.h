// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>

#include "tlm/core/arch_config.h"
#include "tlm/core/tensor_kind.h"
#include "workloads/mapping.h"
#include "workloads/op.h"

namespace sextant {

inline std::uint64_t align_up(std::uint64_t value, std::uint64_t alignment) {
  return alignment == 0 ? value : (value + alignment - 1) / alignment * alignment;
}

/// Where each tensor's tile slots live inside its buffer (the compiler's placement). Slots
/// of different tensors go to different banks when they fit, so DMA fills and PE-array
/// reads do not collide; otherwise they are packed one after another.
struct SlotLayout {
  std::array<int, kNumTensorKinds> buffer{};  ///< index in ArchConfig::buffers
  std::array<int, kNumTensorKinds> slots{};   ///< 2 when its buffer double-buffers
  std::array<std::array<std::uint64_t, 2>, kNumTensorKinds> address{};
};
SlotLayout allocate_slots(const Op& op, const Mapping& mapping, const ArchConfig& arch);

}  // namespace sextant
