// SPDX-License-Identifier: Apache-2.0
#include "tlm/core/noc_config.h"

#include <string>
#include <utility>

#include "tlm/core/config_error.h"

namespace sextant {
namespace {

const std::vector<std::pair<std::string, NocTopology>> kTopologyNames = {
    {"mesh", NocTopology::kMesh}, {"crossbar", NocTopology::kCrossbar}, {"bus", NocTopology::kBus}};
const std::vector<std::pair<std::string, NocFlowControl>> kFlowControlNames = {
    {"flit", NocFlowControl::kFlit}, {"packet", NocFlowControl::kPacket}};

std::uint32_t size_at_most_4g(YamlMap& map, const std::string& key, std::uint32_t fallback) {
  const std::uint64_t bytes = map.get_size_bytes(key, fallback);
  if (bytes > UINT32_MAX) map.fail(key, "a size below 4 GiB");
  return static_cast<std::uint32_t>(bytes);
}

/// One `[row, col]` pair of memory_controllers, checked against the grid.
NocNode read_node(const YAML::Node& item, const YamlMap& map, const std::string& item_path, const NocConfig& config) {
  const SourceLocation where = location_of(item, map.file());
  const std::string grid = std::to_string(config.rows) + "x" + std::to_string(config.cols);
  const std::string expected = "a [row, col] pair on the " + grid + " " + noc_topology_name(config.topology) + " grid";
  if (!item.IsSequence() || item.size() != 2 || !item[0].IsScalar() || !item[1].IsScalar()) {
    throw ConfigError(where, item_path, expected, describe_node(item));
  }
  NocNode node;
  try {
    node.row = item[0].as<int>();
    node.col = item[1].as<int>();
  } catch (const YAML::Exception&) {
    throw ConfigError(where, item_path, expected, "[" + item[0].Scalar() + ", " + item[1].Scalar() + "]");
  }
  if (node.row < 0 || node.row >= config.rows || node.col < 0 || node.col >= config.cols) {
    throw ConfigError(where, item_path, expected + " (off the grid)",
                      "[" + std::to_string(node.row) + ", " + std::to_string(node.col) + "]");
  }
  return node;
}

}  // namespace

const char* noc_topology_name(NocTopology topology) {
  switch (topology) {
    case NocTopology::kMesh: return "mesh";
    case NocTopology::kCrossbar: return "crossbar";
    case NocTopology::kBus: return "bus";
  }
  return "?";
}

const char* noc_flow_control_name(NocFlowControl control) {
  return control == NocFlowControl::kFlit ? "flit" : "packet";
}

NocConfig read_noc_config(YamlMap& map) {
  NocConfig config;
  config.topology = map.get_enum("topology", kTopologyNames);
  config.rows = static_cast<int>(map.get_int_at_least("rows", 1, 1));
  config.cols = static_cast<int>(map.get_int_at_least("cols", 1, 1));
  if (config.rows > 64 || config.cols > 64) map.fail(config.rows > 64 ? "rows" : "cols", "at most 64");
  const int nodes = config.rows * config.cols;
  config.cores = static_cast<int>(map.get_int_at_least("cores", 1, nodes));
  if (config.cores > nodes) {
    map.fail("cores", "at most rows x cols = " + std::to_string(nodes) + " (one core per node)");
  }
  config.link_bytes_per_cycle = map.get_double("link_bytes_per_cycle", config.link_bytes_per_cycle);
  if (!(config.link_bytes_per_cycle > 0.0)) map.fail("link_bytes_per_cycle", "a number > 0");
  config.router_latency_cycles = static_cast<int>(map.get_int_at_least("router_latency_cycles", 0, 1));
  config.flit_bytes = size_at_most_4g(map, "flit_bytes", config.flit_bytes);
  config.buffer_flits = static_cast<int>(map.get_int_at_least("buffer_flits", 1, config.buffer_flits));
  config.flow_control = map.get_enum("flow_control", kFlowControlNames, NocFlowControl::kFlit);
  config.packet_bytes = size_at_most_4g(map, "packet_bytes", config.packet_bytes);
  if (config.flow_control == NocFlowControl::kPacket &&
      config.flits_per_packet() > static_cast<std::uint32_t>(config.buffer_flits)) {
    map.fail("buffer_flits",
             "at least packet_bytes / flit_bytes = " + std::to_string(config.flits_per_packet()) +
                 " flits under packet flow control (a router must hold a whole packet)",
             std::to_string(config.buffer_flits));
  }
  config.interleave_bytes = map.get_size_bytes("interleave_bytes", config.interleave_bytes);
  if (map.has("memory_controllers")) {
    const std::vector<YAML::Node> items = map.get_list("memory_controllers");
    if (items.empty()) map.fail("memory_controllers", "at least one [row, col] pair");
    config.memory_controllers.clear();
    for (const YAML::Node& item : items) {
      const std::string path =
          map.key_path("memory_controllers") + "." + std::to_string(config.memory_controllers.size());
      config.memory_controllers.push_back(read_node(item, map, path, config));
    }
  } else {
    map.raw("memory_controllers");
  }
  map.finish();
  return config;
}

void emit_noc_config(YAML::Emitter& out, const NocConfig& config) {
  out << YAML::Key << "topology" << YAML::Value << noc_topology_name(config.topology);
  out << YAML::Key << "rows" << YAML::Value << config.rows;
  out << YAML::Key << "cols" << YAML::Value << config.cols;
  out << YAML::Key << "cores" << YAML::Value << config.cores;
  out << YAML::Key << "link_bytes_per_cycle" << YAML::Value << YAML::DoublePrecision(17) << config.link_bytes_per_cycle;
  out << YAML::Key << "router_latency_cycles" << YAML::Value << config.router_latency_cycles;
  out << YAML::Key << "flit_bytes" << YAML::Value << config.flit_bytes;
  out << YAML::Key << "buffer_flits" << YAML::Value << config.buffer_flits;
  out << YAML::Key << "flow_control" << YAML::Value << noc_flow_control_name(config.flow_control);
  out << YAML::Key << "packet_bytes" << YAML::Value << config.packet_bytes;
  out << YAML::Key << "interleave_bytes" << YAML::Value << config.interleave_bytes;
  out << YAML::Key << "memory_controllers" << YAML::Value << YAML::BeginSeq;
  for (const NocNode& node : config.memory_controllers) {
    out << YAML::Flow << YAML::BeginSeq << node.row << node.col << YAML::EndSeq;
  }
  out << YAML::EndSeq;
}

bool operator==(const NocConfig& a, const NocConfig& b) {
  return a.topology == b.topology && a.rows == b.rows && a.cols == b.cols && a.cores == b.cores &&
         a.link_bytes_per_cycle == b.link_bytes_per_cycle && a.router_latency_cycles == b.router_latency_cycles &&
         a.flit_bytes == b.flit_bytes && a.buffer_flits == b.buffer_flits && a.flow_control == b.flow_control &&
         a.packet_bytes == b.packet_bytes && a.memory_controllers == b.memory_controllers &&
         a.interleave_bytes == b.interleave_bytes;
}

}  // namespace sextant
