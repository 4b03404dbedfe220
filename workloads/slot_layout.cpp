// SPDX-License-Identifier: Apache-2.0
#include "workloads/slot_layout.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "workloads/mapping_validity.h"

namespace sextant {

SlotLayout allocate_slots(const Op& op, const Mapping& mapping, const ArchConfig& arch) {
  SlotLayout layout;
  for (std::size_t b = 0; b < arch.buffers.size(); ++b) {
    const BufferConfig& buffer = arch.buffers[b];
    const LevelMapping* level = mapping.level(buffer.name);
    const int slots = (level != nullptr && level->double_buffer) ? 2 : 1;
    std::vector<std::pair<TensorKind, std::uint64_t>> regions;
    for (TensorKind tensor : kAllTensorKinds) {
      if (!buffer.holds.has(tensor)) continue;
      layout.buffer[static_cast<int>(tensor)] = static_cast<int>(b);
      layout.slots[static_cast<int>(tensor)] = slots;
      const std::uint64_t bytes = tile_bytes(op, mapping, arch, tensor);
      for (int s = 0; s < slots; ++s) regions.emplace_back(tensor, bytes);
    }
    const std::uint64_t bank_bytes = buffer.bank_size_bytes();
    const bool one_bank_each =
        regions.size() <= static_cast<std::size_t>(buffer.banks) &&
        std::all_of(regions.begin(), regions.end(),
                    [&](const auto& region) { return region.second <= bank_bytes; });
    std::uint64_t cursor = 0;
    std::array<int, kNumTensorKinds> next_slot{};
    for (std::size_t r = 0; r < regions.size(); ++r) {
      const int t = static_cast<int>(regions[r].first);
      const std::uint64_t address = one_bank_each ? r * bank_bytes : cursor;
      layout.address[t][static_cast<std::size_t>(next_slot[t]++)] = address;
      cursor = align_up(cursor + regions[r].second, buffer.bank_width_bytes);
    }
  }
  return layout;
}

}  // namespace sextant
