// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>

#include "models/scratchpad/scratchpad.h"
#include "tlm/core/arch_config.h"
#include "tlm/sc/stats_provider.h"
#include "tlm/sc/trace_recorder.h"
#include "workloads/program.h"
#include "workloads/reference_vector.h"

namespace sextant {

/// The vector unit: `lanes` SIMD lanes behind a pipeline of pipeline_latency_cycles that run
/// the non-GEMM ops one tile at a time (docs/models/vector_unit.md). A tile takes
///   pipeline_latency_cycles + ceil(work / lanes)
/// cycles, where work = Op::vector_work(transcendental_cycles) of the tile, or longer when
/// its buffers cannot serve its traffic (each operand read once, the output written once,
/// booked through BufferAccessIf as the PE array does). Like the PE array it computes once
/// per tile, not per cycle; in functional mode it runs the golden kernel on the tile's
/// buffer contents and writes the output there.
class VectorUnit : public sc_core::sc_module, public StatsProvider {
 public:
  VectorUnit(sc_core::sc_module_name name, const VectorUnitConfig& config, const VectorNumerics& numerics,
             double cycle_ns, std::vector<BufferAccessIf*> buffers, bool functional);

  /// Cycles a tile takes with buffers that never stall it.
  static std::uint64_t tile_cycles(const VectorUnitConfig& config, const Op& tile);

  /// Runs one tile to completion (blocking). Returns the cycles lost to the buffers.
  std::uint64_t execute(const VectorTile& tile);

  /// Records every tile on a "vector_unit" track (nullptr: no tracing).
  void set_trace(TraceRecorder* trace);

  void collect_stats(StatsGroup& group) const override;
  void reset_stats() override;

  std::uint64_t element_ops() const { return m_element_ops; }
  std::uint64_t busy_cycles() const { return m_busy_cycles; }

 private:
  const VectorUnitConfig m_config;
  const VectorNumerics m_numerics;
  const sc_core::sc_time m_cycle;
  const std::vector<BufferAccessIf*> m_buffers;
  const bool m_functional;
  TraceRecorder* m_trace = nullptr;
  int m_trace_track = 0;

  std::uint64_t m_tiles = 0;
  std::uint64_t m_element_ops = 0;
  std::uint64_t m_busy_cycles = 0;
  std::uint64_t m_conflict_cycles = 0;
};

}  // namespace sextant
