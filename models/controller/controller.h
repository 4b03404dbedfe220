// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include <systemc>

#include "models/dma/dma.h"
#include "models/pe_array/pe_array.h"
#include "models/vector_unit/vector_unit.h"
#include "tlm/core/arch_config.h"
#include "tlm/sc/stats_provider.h"
#include "workloads/program.h"

namespace sextant {

/// Executes a Program as Gemmini's and VTA's decoupled queues do: an issue stage hands
/// commands, in order and issue_cycles apart, to four in-order units (load, compute,
/// vector, store); a unit starts a command once all its dependencies are done, so loads of
/// tile i+1 overlap compute of tile i when the mapping double-buffers, and a VECTOR command
/// runs alongside PE-array COMPUTE commands that it does not depend on.
///
/// The PE array is the resource whose idleness explains latency: every cycle of a
/// program is either a compute cycle or a stall of the array, by cause — waiting for a
/// command to be issued (issue), for a transfer it depends on or the final stores
/// (dram_bandwidth), for buffer banks (bank_conflict), or for anything else
/// (dependency); with a NoC, the part of a transfer wait that its requests spent in the
/// network is booked as `noc` instead of dram_bandwidth. The vector unit's time is its own busy count: a program without COMPUTE
/// commands books no PE-array stalls.
class Controller : public sc_core::sc_module, public StatsProvider {
 public:
  SC_HAS_PROCESS(Controller);
  Controller(sc_core::sc_module_name name, const ControllerConfig& config, double cycle_ns, Dma& dma,
             PeArray& pe_array, VectorUnit& vector_unit);

  /// Runs a whole program (blocking; call from an SC_THREAD).
  void run(const Program& program);

  void collect_stats(StatsGroup& group) const override;
  void reset_stats() override;

  std::uint64_t stall_cycles(const char* cause) const;
  std::uint64_t commands() const { return m_commands; }

 private:
  enum Unit { kLoadUnit = 0, kComputeUnit = 1, kStoreUnit = 2, kVectorUnit = 3, kNumUnits = 4 };

  void issue_thread();
  void load_thread() { unit_loop(kLoadUnit); }
  void compute_thread() { unit_loop(kComputeUnit); }
  void store_thread() { unit_loop(kStoreUnit); }
  void vector_thread() { unit_loop(kVectorUnit); }
  void unit_loop(Unit unit);
  /// Waits until every dependency of `command` is done; returns the id of the one that
  /// finished last (or UINT32_MAX when none had to be waited for).
  std::uint32_t wait_for_dependencies(const Command& command);
  /// A store of results still draining out of a pipelined array (pe_array
  /// compute_command_rows) waits until they are out.
  void wait_for_drain(const Command& store);
  void finish(std::uint32_t id);
  void add_stall(const char* cause, sc_core::sc_time duration);

  const ControllerConfig m_config;
  const sc_core::sc_time m_cycle;
  Dma& m_dma;
  PeArray& m_pe_array;
  VectorUnit& m_vector_unit;

  const Program* m_program = nullptr;
  std::vector<bool> m_done;
  std::vector<sc_core::sc_time> m_done_at;
  std::vector<double> m_noc_share;  ///< per transfer command: share of its time in the NoC
  double m_last_transfer_noc_share = 0.0;
  /// Books a wait on a transfer: its NoC share as `noc`, the rest as dram_bandwidth.
  void add_transfer_stall(double noc_share, sc_core::sc_time duration);
  std::uint32_t m_remaining = 0;
  std::deque<std::uint32_t> m_queue[kNumUnits];
  sc_core::sc_event m_queue_event[kNumUnits];
  sc_core::sc_event m_start_event;
  sc_core::sc_event m_done_event;      ///< some command finished
  sc_core::sc_event m_program_event;   ///< the whole program finished
  sc_core::sc_time m_array_idle_since;  ///< when the PE array last finished a tile

  std::uint64_t m_commands = 0;
  std::uint64_t m_stall_issue = 0;
  std::uint64_t m_stall_memory = 0;
  std::uint64_t m_stall_dependency = 0;
  std::uint64_t m_stall_bank = 0;
  std::uint64_t m_stall_noc = 0;
};

}  // namespace sextant
