// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/simple_initiator_socket.h>

#include "tlm/core/arch_config.h"
#include "tlm/sc/stats_provider.h"
#include "tlm/sc/trace_recorder.h"
#include "workloads/program.h"

namespace sextant {

/// Moves tensor boxes between off-chip memory and the on-chip buffers. Each contiguous
/// run of a box (a tile row) is one memory transaction; up to `outstanding` are in
/// flight, and the DMA's own data path moves bytes_per_cycle. Loads and stores run on
/// separate channels (the controller calls execute() from two threads); every channel
/// synchronizes to its true time before it reaches memory, so contention is ordered by
/// simulated time, never by the quantum. Padding elements of a box are written as zeros
/// and never cross the memory bus.
class Dma : public sc_core::sc_module, public StatsProvider {
 public:
  tlm_utils::simple_initiator_socket<Dma> mem;
  tlm_utils::multi_passthrough_initiator_socket<Dma> buffers;  ///< bound in ArchConfig::buffers order

  /// ideal=true: transfers take no time (ideal-memory mode).
  Dma(sc_core::sc_module_name name, const DmaConfig& config, double cycle_ns, bool ideal,
      bool functional);

  /// Runs one kLoad or kStore command to completion (blocking; waits simulated time).
  void execute(const Command& command);

  /// Records every LOAD and STORE on the tracks "<name>.load" and "<name>.store".
  void set_trace(TraceRecorder* trace);

  void collect_stats(StatsGroup& group) const override;
  void reset_stats() override;

  std::uint64_t busy_cycles() const { return m_busy_cycles; }

 private:
  void transfer_run(const Transfer& transfer, bool load, const ByteRun& run, std::uint64_t buffer_offset,
                    sc_core::sc_time issue, sc_core::sc_time& completion);
  void zero_fill(const Transfer& transfer);

  const DmaConfig m_config;
  const sc_core::sc_time m_cycle;
  const bool m_ideal;
  const bool m_functional;
  TraceRecorder* m_trace = nullptr;
  int m_load_track = 0;
  int m_store_track = 0;
  tlm::tlm_generic_payload m_payload;  ///< reused: no allocation per transaction
  std::vector<std::uint8_t> m_staging;

  std::uint64_t m_loads = 0;
  std::uint64_t m_stores = 0;
  std::uint64_t m_requests = 0;
  std::uint64_t m_bytes_loaded = 0;
  std::uint64_t m_bytes_stored = 0;
  std::uint64_t m_busy_cycles = 0;
};

/// Byte offset, inside the densely packed box, of the element at `tensor_offset` bytes
/// from the tensor's start.
std::uint64_t box_relative_offset(const TensorBox& box, std::uint64_t tensor_offset);

}  // namespace sextant
