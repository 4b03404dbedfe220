// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "tlm/core/noc_config.h"

namespace sextant {

/// The links of a NoC and the route of every (core, memory controller, direction) pair.
/// Links are one-directional. Mesh: each core injects into and ejects from its router on
/// its own pair of links, each memory controller likewise, and neighbouring routers are
/// joined by one link per direction; routes are XY (along the row to the target column,
/// then along the column). Crossbar: one router; a route is the source's injection link
/// and the destination's ejection link, so only transfers to or from the same port
/// contend. Bus: every transfer, in either direction, crosses the one shared link.
class NocRoutes {
 public:
  explicit NocRoutes(const NocConfig& config);

  const std::vector<std::string>& link_names() const { return m_link_names; }
  /// Links from core to memory controller mc (to_memory) or back, in crossing order.
  const std::vector<int>& route(int core, int mc, bool to_memory) const;
  /// Routers a route passes through (each adds the router pipeline latency).
  int routers(int core, int mc) const;

 private:
  int add_link(const std::string& name);
  int mesh_link(int from_node, int to_node) const;
  std::vector<int> mesh_path(int from_node, int to_node) const;

  NocConfig m_config;
  std::vector<std::string> m_link_names;
  std::vector<int> m_mesh_links;  ///< (from_node * nodes + to_node) -> link, -1 unless neighbours
  std::vector<std::vector<int>> m_routes;  ///< ((core * mcs + mc) * 2 + back)
  std::vector<int> m_routers;              ///< (core * mcs + mc)
};

}  // namespace sextant
