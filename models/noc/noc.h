// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <tlm_utils/simple_initiator_socket.h>

#include "models/noc/link_schedule.h"
#include "models/noc/noc_routes.h"
#include "tlm/core/noc_config.h"
#include "tlm/sc/stats_provider.h"
#include "tlm/sc/trace_recorder.h"

namespace sextant {

/// The network-on-chip between the cores' DMAs and off-chip memory (docs/models/noc.md).
/// Core i's DMA binds `in` i-th; `out` reaches the memory behind every memory controller.
/// A transaction is routed to the controller that owns its address (interleave_bytes
/// granularity): the request leg carries the write data (a one-flit header for a read),
/// the response leg the read data (a one-flit acknowledgement for a write). Each leg
/// reserves its links in closed form (LinkSchedule) at its true simulated time: the NoC
/// waits until the request is ready before reserving, until it reaches the controller
/// before calling memory, and until the response is ready before reserving the way
/// back, so contending transfers are ordered by simulated time and results do not
/// depend on any quantum. b_transport blocks (call it from a thread).
class Noc : public sc_core::sc_module, public StatsProvider {
 public:
  tlm_utils::multi_passthrough_target_socket<Noc> in;
  tlm_utils::simple_initiator_socket<Noc> out;

  /// ideal=true (ideal memory): transactions pass through in zero time.
  Noc(sc_core::sc_module_name name, const NocConfig& config, double cycle_ns, bool ideal);

  /// One trace track per link ("<name>.<link>"), busy while a message holds it.
  void set_trace(TraceRecorder* trace);

  void collect_stats(StatsGroup& group) const override;
  void reset_stats() override;

  const NocRoutes& routes() const { return m_routes; }
  const LinkSchedule& schedule() const { return m_schedule; }
  /// Busy cycles of the busiest link since the last reset.
  double max_link_busy_cycles() const;
  double credit_stall_cycles() const;

 private:
  void b_transport(int core, tlm::tlm_generic_payload& payload, sc_core::sc_time& delay);
  unsigned int transport_dbg(int core, tlm::tlm_generic_payload& payload);
  /// One leg waiting to be reserved at the current time.
  struct Leg {
    int core;
    int mc;
    bool to_memory;
    std::uint64_t bytes;
    double tail = 0.0;  ///< cycles, set when reserved
    bool done = false;
  };
  /// Reserves one leg at the current time; returns when its tail arrives. Legs that become
  /// ready at the same time are reserved together in core order, so a tie never depends on
  /// which process the kernel happened to run first.
  sc_core::sc_time send(int core, int mc, bool to_memory, std::uint64_t bytes);
  void reserve_group();
  void wait_until(sc_core::sc_time when);

  const NocConfig m_config;
  const sc_core::sc_time m_cycle;
  const bool m_ideal;
  NocRoutes m_routes;
  LinkSchedule m_schedule;
  TraceRecorder* m_trace = nullptr;
  std::vector<int> m_link_tracks;
  std::vector<Leg*> m_group;  ///< legs ready at the current time, not yet reserved
  sc_core::sc_event m_group_event;
  std::vector<LinkSchedule::Span> m_spans;  ///< scratch: reused, no allocation per message
  sc_core::sc_time m_counted_since = sc_core::SC_ZERO_TIME;

  std::uint64_t m_transactions = 0;
  double m_network_cycles = 0.0;  ///< both legs, summed over transactions
};

}  // namespace sextant
