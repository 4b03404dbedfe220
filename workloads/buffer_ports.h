// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>

#include "tlm/core/arch_config.h"
#include "tlm/core/tensor_kind.h"
#include "workloads/op.h"

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

}  // namespace sextant
