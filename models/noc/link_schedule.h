// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include "tlm/core/noc_config.h"

namespace sextant {

/// Link reservations of a NoC in closed form, one message (a burst of packets) at a time:
/// no process runs per cycle or per flit. Times are in accelerator cycles.
///
/// A message of B bytes is F flits (packets of at most packet_bytes, each cut into flits).
/// On every link of its route it occupies [start, end): start is when its head reaches the
/// link and the link is free; end is when its tail has crossed, at least F flit times later
/// (flit time = flit_bytes / link_bytes_per_cycle). Each router adds router_latency_cycles;
/// with flit flow control the head moves on after one flit time (wormhole), with packet
/// flow control after a whole packet (store-and-forward). Credits: a router's input port
/// buffers buffer_flits flits (whole packets only, under packet flow control), so when the
/// next link is busy the message keeps holding the upstream link until its tail fits in
/// that buffer; the extra holding time is the upstream link's credit stall. Links are
/// granted in the order messages are reserved, which the NoC makes simulated-time order.
class LinkSchedule {
 public:
  struct Link {
    double free_at = 0.0;              ///< when the last reservation releases it
    std::uint64_t bytes = 0;
    double busy_cycles = 0.0;          ///< flit times spent moving data
    double credit_stall_cycles = 0.0;  ///< held without moving: downstream buffer full
  };
  /// Where one message sat on one link.
  struct Span {
    int link = 0;
    double start = 0.0;
    double end = 0.0;
    double busy_cycles = 0.0;
  };

  LinkSchedule(const NocConfig& config, std::size_t links);

  /// Reserves `route` for a message of `bytes` (0: a header-only request, one flit) that
  /// is ready at `ready`, crossing `routers` routers in total (those not between two of
  /// its links sit before the first, e.g. the bus arbiter). Returns when its tail arrives;
  /// appends its spans to `spans` when not null.
  double reserve(const std::vector<int>& route, int routers, double ready, std::uint64_t bytes,
                 std::vector<Span>* spans = nullptr);

  const Link& link(std::size_t index) const { return m_links[index]; }
  std::size_t links() const { return m_links.size(); }
  /// Clears the counters (not the reservations: traffic in flight keeps its links).
  void reset_counts();

 private:
  const NocConfig m_config;
  const double m_flit_cycles;
  std::vector<Link> m_links;
  std::vector<double> m_start;  ///< scratch, per route position
  std::vector<double> m_end;
  std::vector<double> m_unstalled_end;
};

}  // namespace sextant
