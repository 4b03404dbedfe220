// SPDX-License-Identifier: Apache-2.0
#include "models/noc/link_schedule.h"

#include <algorithm>

namespace sextant {

LinkSchedule::LinkSchedule(const NocConfig& config, std::size_t links)
    : m_config(config),
      m_flit_cycles(static_cast<double>(config.flit_bytes) / config.link_bytes_per_cycle),
      m_links(links) {}

void LinkSchedule::reset_counts() {
  for (Link& link : m_links) {
    link.bytes = 0;
    link.busy_cycles = 0.0;
    link.credit_stall_cycles = 0.0;
  }
}

double LinkSchedule::reserve(const std::vector<int>& route, int routers, double ready, std::uint64_t bytes,
                             std::vector<Span>* spans) {
  const std::uint64_t flit = m_config.flit_bytes;
  const std::uint64_t packet = m_config.packet_bytes;
  const std::uint64_t full_packets = bytes / packet;
  const std::uint64_t rest = bytes % packet;
  const std::uint64_t packet_flits = (packet + flit - 1) / flit;
  const std::uint64_t rest_flits = (rest + flit - 1) / flit;
  const std::uint64_t flits = std::max<std::uint64_t>(1, full_packets * packet_flits + rest_flits);
  const bool store_and_forward = m_config.flow_control == NocFlowControl::kPacket;
  // What a router must hold before the head (first packet) or tail (last packet) moves on.
  const double head_step = store_and_forward ? static_cast<double>(std::min(flits, packet_flits)) : 1.0;
  const double tail_step = store_and_forward ? static_cast<double>(rest_flits > 0 ? rest_flits : std::min(flits, packet_flits)) : 1.0;
  const double buffered = store_and_forward
                              ? static_cast<double>((static_cast<std::uint64_t>(m_config.buffer_flits) / packet_flits) * packet_flits)
                              : static_cast<double>(m_config.buffer_flits);
  const double router = m_config.router_latency_cycles;
  const double f = m_flit_cycles;
  const double serial = static_cast<double>(flits) * f;
  const std::size_t n = route.size();
  m_start.assign(n, 0.0);
  m_end.assign(n, 0.0);
  m_unstalled_end.assign(n, 0.0);

  // Routers that do not sit between two links of the route come first (the bus arbiter).
  double head = ready + router * static_cast<double>(std::max<int>(0, routers - static_cast<int>(n - 1)));
  for (std::size_t i = 0; i < n; ++i) {
    const Link& link = m_links[static_cast<std::size_t>(route[i])];
    m_start[i] = std::max(head, link.free_at);
    m_end[i] = m_start[i] + serial;
    // The tail cannot cross this link before it crossed the previous one and its router.
    if (i > 0) m_end[i] = std::max(m_end[i], m_end[i - 1] + router + tail_step * f);
    m_unstalled_end[i] = m_end[i];
    head = m_start[i] + head_step * f + router;
  }
  // Credits, from the destination back: a link keeps the message until its tail fits in
  // the next router's input buffer, which drains as the next link moves it on.
  for (std::size_t i = n - 1; i-- > 0;) {
    m_end[i] = std::max(m_end[i], m_end[i + 1] - (buffered + 1.0) * f - router);
  }
  for (std::size_t i = 0; i < n; ++i) {
    Link& link = m_links[static_cast<std::size_t>(route[i])];
    link.free_at = m_end[i];
    link.bytes += bytes;
    link.busy_cycles += serial;
    link.credit_stall_cycles += m_end[i] - m_unstalled_end[i];
    if (spans != nullptr) spans->push_back(Span{route[i], m_start[i], m_end[i], serial});
  }
  return m_end[n - 1];
}

}  // namespace sextant
