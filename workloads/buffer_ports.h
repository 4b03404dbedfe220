// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>

#include "tlm/core/arch_config.h"
#include "tlm/core/tensor_kind.h"
#include "workloads/op.h"
#include "workloads/slot_layout.h"

namespace sextant {

/// Footprint in its buffer of one tile of each tensor (bytes, by TensorKind), the region
/// the PE array streams: the input halo box, the weight box, the output box.
std::array<std::uint64_t, kNumTensorKinds> tile_regions(const Op& op, const DimArray& extent,
                                                        std::uint64_t operand_bytes, std::uint64_t accumulator_bytes);

/// Cycles one tile keeps one tensor's buffer busy: its traffic spread over the banks the
/// tile's region spans (at most `banks`), `bank_width` bytes per port and cycle, reads and
/// writes serialized on a single-ported bank, plus the buffer's latency. A tile cannot run
/// faster than its buffers feed it: the analytical model and the default mapper time a
/// tile as the longer of this and the systolic formula. `bank_size` is
/// buffer.bank_size_bytes(), passed in so a hot loop divides it out once.
std::uint64_t buffer_port_cycles(const BufferConfig& buffer, std::uint64_t bank_size, std::uint64_t region_bytes,
                                 std::uint64_t read_bytes, std::uint64_t write_bytes);

/// Port time of one tile on buffer `index` as the TLM buffers book it: each tensor the
/// buffer holds reserves, at the tile's start, its read and its write traffic on the banks
/// its slot spans (in proportion to the slot's bytes in each bank, `bank_width` bytes per
/// port and cycle, on the least busy port of each bank), so tensors whose slots share a
/// bank wait for each other; the tile waits for the last bank plus the buffer's latency.
/// Averaged over the combinations of the tensors' slots, which double buffering alternates
/// from tile to tile. The default mapper times candidate tilings with it; the analytical
/// model keeps the per-tensor buffer_port_cycles() (docs/models/analytical.md).
double shared_bank_port_cycles(const BufferConfig& buffer, int index, const SlotLayout& layout,
                               const std::array<std::uint64_t, kNumTensorKinds>& regions,
                               const std::uint64_t (&read)[kNumTensorKinds], const std::uint64_t (&write)[kNumTensorKinds]);

}  // namespace sextant
