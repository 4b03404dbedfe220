// SPDX-License-Identifier: Apache-2.0
#include "models/noc/noc.h"

#include <algorithm>

#include "models/noc/noc_time_extension.h"
#include "tlm/sc/checked_transport.h"

namespace sextant {

Noc::Noc(sc_core::sc_module_name name, const NocConfig& config, double cycle_ns, bool ideal)
    : sc_core::sc_module(name),
      in("in"),
      out("out"),
      m_config(config),
      m_cycle(cycle_ns, sc_core::SC_NS),
      m_ideal(ideal),
      m_routes(config),
      m_schedule(config, m_routes.link_names().size()) {
  in.register_b_transport(this, &Noc::b_transport);
  in.register_transport_dbg(this, &Noc::transport_dbg);
}

void Noc::wait_until(sc_core::sc_time when) {
  if (when > sc_core::sc_time_stamp()) sc_core::wait(when - sc_core::sc_time_stamp());
}

sc_core::sc_time Noc::send(int core, int mc, bool to_memory, std::uint64_t bytes) {
  Leg leg{core, mc, to_memory, bytes};
  m_group.push_back(&leg);
  m_group_event.notify(sc_core::SC_ZERO_TIME);
  // One delta later every leg of this time step that is ready has joined; the first
  // process to wake reserves them all.
  while (!leg.done) {
    sc_core::wait(m_group_event);
    if (!m_group.empty()) reserve_group();
  }
  return leg.tail * m_cycle;
}

void Noc::reserve_group() {
  std::stable_sort(m_group.begin(), m_group.end(), [](const Leg* a, const Leg* b) {
    return a->core != b->core ? a->core < b->core : a->to_memory > b->to_memory;
  });
  const double now = sc_core::sc_time_stamp() / m_cycle;
  for (Leg* leg : m_group) {
    m_spans.clear();
    leg->tail = m_schedule.reserve(m_routes.route(leg->core, leg->mc, leg->to_memory), m_routes.routers(leg->core, leg->mc),
                                   now, leg->bytes, m_trace != nullptr ? &m_spans : nullptr);
    leg->done = true;
    for (const LinkSchedule::Span& span : m_spans) {
      m_trace->span(m_link_tracks[static_cast<std::size_t>(span.link)], leg->to_memory ? "request" : "response",
                    span.start * m_cycle, span.end * m_cycle, span.busy_cycles);
    }
  }
  m_group.clear();
  // Wakes legs that joined after this group was announced (they are reserved already).
  m_group_event.notify(sc_core::SC_ZERO_TIME);
}

void Noc::b_transport(int core, tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
  if (m_ideal) {
    checked_b_transport(*out.operator->(), name(), payload, delay);
    return;
  }
  // Reserve at the true time: a caller's annotated delay is waited out first.
  wait_until(sc_core::sc_time_stamp() + delay);
  delay = sc_core::SC_ZERO_TIME;
  const sc_core::sc_time start = sc_core::sc_time_stamp();
  const auto mcs = static_cast<std::uint64_t>(m_config.memory_controllers.size());
  const int mc = static_cast<int>((payload.get_address() / m_config.interleave_bytes) % mcs);
  const std::uint64_t length = payload.get_data_length();

  const sc_core::sc_time at_memory = send(core, mc, true, payload.is_write() ? length : 0);
  wait_until(at_memory);
  sc_core::sc_time memory_delay = sc_core::SC_ZERO_TIME;
  checked_b_transport(*out.operator->(), name(), payload, memory_delay);
  const sc_core::sc_time response_ready = sc_core::sc_time_stamp() + memory_delay;
  wait_until(response_ready);
  const sc_core::sc_time back = send(core, mc, false, payload.is_read() ? length : 0);

  const sc_core::sc_time network = (at_memory - start) + (back - response_ready);
  m_network_cycles += network / m_cycle;
  ++m_transactions;
  if (auto* extension = payload.get_extension<NocTimeExtension>()) extension->network += network;
  delay = back - sc_core::sc_time_stamp();
}

unsigned int Noc::transport_dbg(int /*core*/, tlm::tlm_generic_payload& payload) {
  return checked_transport_dbg(*out.operator->(), name(), payload);
}

void Noc::set_trace(TraceRecorder* trace) {
  m_trace = trace;
  m_link_tracks.clear();
  if (trace == nullptr) return;
  for (const std::string& link : m_routes.link_names()) m_link_tracks.push_back(trace->track(std::string(name()) + "." + link));
}

double Noc::max_link_busy_cycles() const {
  double busiest = 0.0;
  for (std::size_t i = 0; i < m_schedule.links(); ++i) busiest = std::max(busiest, m_schedule.link(i).busy_cycles);
  return busiest;
}

double Noc::credit_stall_cycles() const {
  double total = 0.0;
  for (std::size_t i = 0; i < m_schedule.links(); ++i) total += m_schedule.link(i).credit_stall_cycles;
  return total;
}

void Noc::collect_stats(StatsGroup& group) const {
  const double elapsed = (sc_core::sc_time_stamp() - m_counted_since) / m_cycle;
  group.add("transactions", "count", "DMA transactions carried", static_cast<double>(m_transactions));
  group.add("network_cycles", "cycles", "sum over transactions of cycles spent in the network (both legs)",
            m_network_cycles);
  group.add("credit_stall_cycles", "cycles", "sum over links of cycles held waiting for a downstream credit",
            credit_stall_cycles());
  group.add("max_link_busy_cycles", "cycles", "busy cycles of the busiest link", max_link_busy_cycles());
  for (std::size_t i = 0; i < m_schedule.links(); ++i) {
    const LinkSchedule::Link& link = m_schedule.link(i);
    const std::string& link_name = m_routes.link_names()[i];
    group.add(link_name + ".bytes", "bytes", "bytes carried by the link", static_cast<double>(link.bytes));
    group.add(link_name + ".utilization", "fraction", "busy cycles / cycles of the op",
              elapsed > 0.0 ? link.busy_cycles / elapsed : 0.0);
    group.add(link_name + ".credit_stall_cycles", "cycles", "cycles held without credit for the next router",
              link.credit_stall_cycles);
  }
}

void Noc::reset_stats() {
  m_schedule.reset_counts();
  m_transactions = 0;
  m_network_cycles = 0.0;
  m_counted_since = sc_core::sc_time_stamp();
}

}  // namespace sextant
