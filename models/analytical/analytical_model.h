// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/analytical/prepared_op.h"
#include "tlm/core/arch_config.h"
#include "tlm/core/result.h"
#include "workloads/mapping.h"
#include "workloads/network.h"
#include "workloads/op.h"

namespace sextant {

/// What the analytical model computes for one op instance under one mapping: plain
/// numbers, no maps, so that a mapping search can evaluate millions of them.
struct AnalyticalEstimate {
  std::uint64_t macs = 0;
  std::uint64_t latency_cycles = 0;       ///< busy + every stall below
  std::uint64_t busy_cycles = 0;          ///< sum of the systolic formula over all tiles
  std::uint64_t bank_port_cycles = 0;     ///< tiles longer than the formula: buffer ports too narrow
  std::uint64_t memory_stall_cycles = 0;  ///< array waiting for DRAM transfers (prologue, epilogue, overlap)
  std::uint64_t issue_stall_cycles = 0;   ///< array waiting for the command issue stage
  std::uint64_t tiles = 0;                ///< COMPUTE commands
  std::uint64_t loads = 0;                ///< LOAD commands (inputs, weights, partial-sum reloads)
  std::uint64_t stores = 0;               ///< STORE commands
  std::uint64_t memory_requests = 0;      ///< contiguous runs moved (estimated from a full tile)
  std::uint64_t dram_read_bytes = 0;
  std::uint64_t dram_write_bytes = 0;
  int buffer_count = 0;
  /// Bytes read and written per arch buffer (index as in ArchConfig::buffers), by the
  /// DMA and by the PE array, exactly as the TLM buffers count them.
  std::array<std::uint64_t, kMaxAnalyticalBuffers> buffer_read_bytes{};
  std::array<std::uint64_t, kMaxAnalyticalBuffers> buffer_write_bytes{};

  std::uint64_t commands() const { return tiles + loads + stores + 1; }  // + final barrier
};

/// Closed-form estimate of one op on one arch under one valid mapping (check_mapping()
/// first: an invalid mapping gives meaningless numbers). The DRAM access counts follow
/// the compiler's rules exactly (tile reloads under the DRAM loop order, partial-sum
/// spills); latency follows the systolic formula per tile class, the buffers' port
/// bandwidth and the DRAM transfers with double-buffer overlap. It ignores bank
/// conflicts between tensors, arbitration and queueing (docs/models/analytical.md).
/// `whole`: when op is one core's part of a split op, that op (whose tensors the part's
/// boxes live in, so its tile rows are shorter than a dense tensor of the part's size).
AnalyticalEstimate estimate_op(const Op& op, const Mapping& mapping, const ArchConfig& arch, const Op* whole = nullptr,
                               int sharers = 1);

/// The same estimate with the (op, arch) invariants prepared once: what a search calls
/// for every mapping of one op. Per-tile compute sums come from per-dim sums
/// (compute_totals_separable), not from a fold list per tile class.
AnalyticalEstimate estimate_op(const PreparedOp& prepared, const Mapping& mapping);

/// Reference path: the compute side folds every tile class with the TLM PE array's own
/// fold_classes() / systolic_cycles() / array_traffic(). Equal to estimate_op() on every
/// valid mapping (tested); slower.
AnalyticalEstimate estimate_op_by_tile_classes(const PreparedOp& prepared, const Mapping& mapping);

/// The estimate as an OpResult with the same keys as the TLM model's (no stats groups).
OpResult analytical_op_result(const Op& op, const Mapping& mapping, const ArchConfig& arch);

/// Every op of a network with its mapping (same order), and the total: the analytical
/// counterpart of simulate().
Result analyze_network(const ArchConfig& arch, const Network& network, const std::vector<Mapping>& mappings);

}  // namespace sextant
