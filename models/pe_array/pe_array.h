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
#include "workloads/systolic_timing.h"

namespace sextant {

/// The rows x cols systolic array. A compute tile takes the cycles of the systolic
/// formula (workloads/systolic_timing.h) or longer when the buffers cannot feed it (bank
/// conflicts, port limits). It computes once per tile, not once per cycle: it books its
/// operand traffic on the buffers, waits until the later of the two, and in functional
/// mode does the tile's MACs on the real buffer contents.
class PeArray : public sc_core::sc_module, public StatsProvider {
 public:
  PeArray(sc_core::sc_module_name name, const PeArrayConfig& config, double cycle_ns,
          std::vector<BufferAccessIf*> buffers, bool functional);

  /// Runs one compute tile to completion (blocking). Returns the cycles lost to the
  /// buffers beyond the systolic time (bank conflicts and port limits).
  std::uint64_t execute(const ComputeTile& tile);

  /// Records every tile on a "pe_array" track (nullptr: no tracing).
  void set_trace(TraceRecorder* trace);

  void collect_stats(StatsGroup& group) const override;
  void reset_stats() override;

  std::uint64_t macs() const { return m_macs; }
  std::uint64_t busy_cycles() const { return m_busy_cycles; }
  /// Cycles a finished tile's results still drain (pipeline_drain_cycles).
  std::uint64_t drain_cycles() const { return pipeline_drain_cycles(m_config); }

 private:
  template <typename Operand, typename Sum>
  void compute_tile(const ComputeTile& tile);

  const PeArrayConfig m_config;
  const sc_core::sc_time m_cycle;
  const std::vector<BufferAccessIf*> m_buffers;
  const bool m_functional;
  TraceRecorder* m_trace = nullptr;
  int m_trace_track = 0;

  std::uint64_t m_tiles = 0;
  std::uint64_t m_folds = 0;
  std::uint64_t m_macs = 0;
  std::uint64_t m_busy_cycles = 0;
  std::uint64_t m_conflict_cycles = 0;
};

}  // namespace sextant
