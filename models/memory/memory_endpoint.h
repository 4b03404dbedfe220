// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "tlm/core/arch_config.h"
#include "tlm/sc/stats_provider.h"
#include "tlm/sc/trace_recorder.h"

namespace sextant {

/// Off-chip memory as one endpoint. `ideal`: every request completes at once. `fixed`:
/// requests are served first come, first served at bandwidth_bytes_per_cycle and each
/// returns latency_cycles after its last byte; a request of any size is one transaction
/// (the DMA sends a tile row at a time), counted in bursts of the DMA's burst size.
/// Initiators must call at their true local time (they synchronize first), so the
/// service order is the simulated arrival order.
class MemoryEndpoint : public sc_core::sc_module, public StatsProvider {
 public:
  tlm_utils::simple_target_socket<MemoryEndpoint> in;

  MemoryEndpoint(sc_core::sc_module_name name, const MemoryConfig& config, std::uint32_t burst_bytes,
                 double cycle_ns, bool functional);

  /// Functional mode: makes the backing store at least `bytes` long (zero-filled).
  void reserve_storage(std::uint64_t bytes);
  /// Host pointer to the backing store (functional mode), like a DMI pointer: the
  /// simulation driver writes operands and reads results through it between ops.
  std::uint8_t* contents() { return m_storage.data(); }

  /// Records the data bus's busy intervals on a track named after this component.
  void set_trace(TraceRecorder* trace);

  void collect_stats(StatsGroup& group) const override;
  void reset_stats() override;

  std::uint64_t bytes_read() const { return m_bytes_read; }
  std::uint64_t bytes_written() const { return m_bytes_written; }
  std::uint64_t requests() const { return m_requests; }

 private:
  void b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& payload);
  bool copy_data(tlm::tlm_generic_payload& payload);

  const MemoryConfig m_config;
  const std::uint32_t m_burst_bytes;
  const sc_core::sc_time m_cycle;
  const bool m_functional;
  std::vector<std::uint8_t> m_storage;
  TraceRecorder* m_trace = nullptr;
  int m_trace_track = 0;
  sc_core::sc_time m_free_at = sc_core::SC_ZERO_TIME;  ///< when the data bus frees up

  std::uint64_t m_bytes_read = 0;
  std::uint64_t m_bytes_written = 0;
  std::uint64_t m_requests = 0;
  std::uint64_t m_bursts = 0;
  double m_busy_cycles = 0.0;
  double m_queue_cycles = 0.0;
};

}  // namespace sextant
