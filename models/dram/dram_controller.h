// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include "models/dram/address_mapping.h"
#include "models/dram/scheduler.h"
#include "tlm/core/dram_config.h"
#include "tlm/sc/stats_provider.h"
#include "tlm/sc/trace_recorder.h"

namespace sextant {

/// A DRAM memory controller and its devices as one TLM-2.0 target. A request of any size
/// (a DMA tile row) is one blocking transaction: the controller splits it into bursts,
/// maps each to channel/rank/bank group/bank/row/column, queues them per channel, and one
/// scheduler process issues ACT/PRE/RD/WR/REF commands, each at the exact cycle it becomes
/// legal (no per-cycle process). b_transport returns when the request's last burst has
/// crossed the data bus. Callers that want several requests in flight call from several
/// processes; requests from different callers at the same time are ordered by address,
/// never by which process ran first, so results do not depend on the quantum.
class DramController : public sc_core::sc_module, public StatsProvider {
 public:
  SC_HAS_PROCESS(DramController);
  /// Any number of initiators may bind (DMAs of several cores, test initiators).
  tlm_utils::multi_passthrough_target_socket<DramController> in;

  DramController(sc_core::sc_module_name name, const DramConfig& config, bool functional);

  /// Functional mode: makes the backing store at least `bytes` long (zero-filled).
  void reserve_storage(std::uint64_t bytes);
  /// Host pointer to the backing store (functional mode), like a DMI pointer.
  std::uint8_t* contents() { return m_storage.data(); }

  void collect_stats(StatsGroup& group) const override;
  void reset_stats() override;

  /// Records each channel's data-bus busy intervals on a track "<name>.ch<i>", with busy
  /// cycles counted in cycles of `cycle_ns` (the accelerator's clock).
  void set_trace(TraceRecorder* trace, double cycle_ns);
  /// Time channel `channel`'s data bus was busy since the statistics were reset, in cycles
  /// of `cycle_ns`.
  double channel_busy_cycles(int channel, double cycle_ns) const;

  const DramConfig& config() const { return m_config; }
  std::uint64_t bytes_read() const { return m_bytes_read; }
  std::uint64_t bytes_written() const { return m_bytes_written; }
  std::uint64_t requests() const { return m_requests; }
  std::uint64_t bursts() const { return m_bursts; }
  std::uint64_t row_hits() const { return m_row_hits; }
  std::uint64_t row_misses() const { return m_row_misses; }
  std::uint64_t row_conflicts() const { return m_row_conflicts; }
  CommandCounts command_counts() const;
  double latency_ns_mean() const;
  double latency_ns_p99() const;
  /// Request latencies (arrival to last data), ns, in completion order.
  const std::vector<double>& latencies_ns() const { return m_latencies_ns; }

 private:
  struct Request {
    sc_core::sc_event done;
    int remaining = 0;
    std::int64_t done_cycle = 0;
  };

  void b_transport(int initiator, tlm::tlm_generic_payload& payload, sc_core::sc_time& delay);
  unsigned int transport_dbg(int initiator, tlm::tlm_generic_payload& payload);
  bool copy_data(tlm::tlm_generic_payload& payload);
  void scheduler_thread();
  void complete(const ServedBurst& served);
  std::int64_t cycle_at_or_after(const sc_core::sc_time& time) const;
  sc_core::sc_time time_of(std::int64_t cycle) const { return m_tck * static_cast<double>(cycle); }

  const DramConfig m_config;
  const sc_core::sc_time m_tck;
  const bool m_functional;
  const AddressMapping m_mapping;
  std::vector<ChannelScheduler> m_channels;
  std::vector<std::uint8_t> m_storage;
  sc_core::sc_event m_wake;  ///< new requests arrived, or the next command is due

  std::uint64_t m_bytes_read = 0;
  std::uint64_t m_bytes_written = 0;
  std::uint64_t m_requests = 0;
  std::uint64_t m_bursts = 0;
  std::uint64_t m_row_hits = 0;
  std::uint64_t m_row_misses = 0;
  std::uint64_t m_row_conflicts = 0;
  std::vector<double> m_latencies_ns;
  std::vector<std::uint64_t> m_channel_bursts;  ///< bursts per channel since the reset
  TraceRecorder* m_trace = nullptr;
  std::vector<int> m_channel_tracks;
  double m_trace_cycle_ns = 1.0;
  sc_core::sc_time m_stats_since = sc_core::SC_ZERO_TIME;  ///< when the statistics were reset
};

}  // namespace sextant
