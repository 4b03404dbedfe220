// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "tlm/core/arch_config.h"
#include "tlm/sc/stats_provider.h"

namespace sextant {

/// Timing port of a buffer for the PE array, which streams operands at its own pace
/// instead of issuing one transaction per vector.
class BufferAccessIf {
 public:
  virtual ~BufferAccessIf() = default;
  /// Books `traffic_bytes` of reads or writes spread over the banks that
  /// [address, address + region_bytes) covers, starting no earlier than `at` (absolute).
  /// Returns the absolute time the last byte is served.
  virtual sc_core::sc_time reserve(std::uint64_t address, std::uint64_t region_bytes,
                                   std::uint64_t traffic_bytes, bool write, sc_core::sc_time at) = 0;
  /// Host pointer to the contents (functional mode only; nullptr otherwise).
  virtual std::uint8_t* contents() = 0;
};

/// An on-chip SRAM (scratchpad, accumulator, global buffer) of `banks` banks, each a
/// contiguous address range with `ports` ports that move bank_width bytes per cycle.
/// A request waits for the earliest free port of every bank it touches: bank conflicts
/// and port limits cost cycles. The DMA side is a TLM target; the array side is
/// BufferAccessIf.
class Scratchpad : public sc_core::sc_module, public BufferAccessIf, public StatsProvider {
 public:
  tlm_utils::simple_target_socket<Scratchpad> in;

  /// timed_fills=false makes DMA-side transfers take no time (ideal-memory mode).
  Scratchpad(sc_core::sc_module_name name, const BufferConfig& config, double cycle_ns,
             bool functional, bool timed_fills);

  sc_core::sc_time reserve(std::uint64_t address, std::uint64_t region_bytes,
                           std::uint64_t traffic_bytes, bool write, sc_core::sc_time at) override;
  std::uint8_t* contents() override { return m_storage.empty() ? nullptr : m_storage.data(); }

  void collect_stats(StatsGroup& group) const override;
  void reset_stats() override;

  std::uint64_t bytes_read() const { return m_bytes_read; }
  std::uint64_t bytes_written() const { return m_bytes_written; }
  const BufferConfig& config() const { return m_config; }

 private:
  void b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& payload);
  bool copy_data(tlm::tlm_generic_payload& payload);

  const BufferConfig m_config;
  const sc_core::sc_time m_cycle;
  const bool m_timed_fills;
  std::vector<std::uint8_t> m_storage;
  std::vector<sc_core::sc_time> m_port_free;  ///< banks x ports, when each port frees up

  std::uint64_t m_bytes_read = 0;
  std::uint64_t m_bytes_written = 0;
  std::uint64_t m_requests = 0;
  std::uint64_t m_conflict_cycles = 0;
  std::uint64_t m_port_busy_cycles = 0;
};

}  // namespace sextant
