// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "tlm/core/yaml_access.h"

namespace sextant {

/// How the routers are connected: a 2-D mesh with XY routing, one crossbar (every core
/// port to every memory-controller port), or one shared bus.
enum class NocTopology { kMesh, kCrossbar, kBus };
/// Credit granularity: per flit (wormhole: a packet may span several routers) or per
/// packet (store-and-forward: a router forwards a packet once it holds all of it).
enum class NocFlowControl { kFlit, kPacket };

const char* noc_topology_name(NocTopology topology);         // "mesh", "crossbar", "bus"
const char* noc_flow_control_name(NocFlowControl control);  // "flit", "packet"

/// A router position on the grid, row-major node id = row * cols + col.
struct NocNode {
  int row = 0;
  int col = 0;
  bool operator==(const NocNode& other) const { return row == other.row && col == other.col; }
};

/// The validated `noc:` section (docs/models/noc.md). Cores sit on nodes 0..cores-1 in
/// row-major order; each memory controller is one more port on its node's router. Every
/// memory controller reaches the same off-chip memory (memory:), addresses interleaved
/// across them every interleave_bytes.
struct NocConfig {
  NocTopology topology = NocTopology::kMesh;
  int rows = 1;
  int cols = 1;
  int cores = 1;
  double link_bytes_per_cycle = 16.0;  ///< every link, in accelerator clock cycles
  int router_latency_cycles = 1;       ///< pipeline depth of one router
  std::uint32_t flit_bytes = 16;
  int buffer_flits = 4;                ///< input buffer depth of every router port
  NocFlowControl flow_control = NocFlowControl::kFlit;
  std::uint32_t packet_bytes = 64;     ///< largest packet; longer messages are split
  std::vector<NocNode> memory_controllers{NocNode{}};
  std::uint64_t interleave_bytes = 4096;

  std::uint32_t flits_per_packet() const { return (packet_bytes + flit_bytes - 1) / flit_bytes; }
};

bool operator==(const NocConfig& a, const NocConfig& b);
inline bool operator!=(const NocConfig& a, const NocConfig& b) { return !(a == b); }

/// Reads and validates a `noc:` map; throws ConfigError naming file:line:column and key
/// (zero rows, a memory controller off the mesh, an unknown topology, a packet that does
/// not fit a router buffer under packet flow control, ...).
NocConfig read_noc_config(YamlMap& map);

/// Writes the keys of a `noc:` map (the caller opens and closes the map).
void emit_noc_config(YAML::Emitter& out, const NocConfig& config);

}  // namespace sextant
