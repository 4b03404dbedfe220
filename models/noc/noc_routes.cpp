// SPDX-License-Identifier: Apache-2.0
#include "models/noc/noc_routes.h"

#include <cstdlib>

namespace sextant {
namespace {

std::string node_name(int node, int cols) {
  return "r" + std::to_string(node / cols) + "c" + std::to_string(node % cols);
}

}  // namespace

int NocRoutes::add_link(const std::string& name) {
  m_link_names.push_back(name);
  return static_cast<int>(m_link_names.size()) - 1;
}

int NocRoutes::mesh_link(int from_node, int to_node) const {
  const int nodes = m_config.rows * m_config.cols;
  return m_mesh_links[static_cast<std::size_t>(from_node * nodes + to_node)];
}

std::vector<int> NocRoutes::mesh_path(int from_node, int to_node) const {
  std::vector<int> path;
  const int cols = m_config.cols;
  int row = from_node / cols;
  int col = from_node % cols;
  const int to_row = to_node / cols;
  const int to_col = to_node % cols;
  // X first (along the row), then Y: deadlock-free dimension-order routing.
  while (col != to_col) {
    const int next = col + (to_col > col ? 1 : -1);
    path.push_back(mesh_link(row * cols + col, row * cols + next));
    col = next;
  }
  while (row != to_row) {
    const int next = row + (to_row > row ? 1 : -1);
    path.push_back(mesh_link(row * cols + col, next * cols + col));
    row = next;
  }
  return path;
}

NocRoutes::NocRoutes(const NocConfig& config) : m_config(config) {
  const int cores = config.cores;
  const int mcs = static_cast<int>(config.memory_controllers.size());
  const int nodes = config.rows * config.cols;
  std::vector<int> inject(static_cast<std::size_t>(cores)), eject(static_cast<std::size_t>(cores));
  std::vector<int> mc_in(static_cast<std::size_t>(mcs)), mc_out(static_cast<std::size_t>(mcs));
  int bus = -1;
  if (config.topology == NocTopology::kBus) {
    bus = add_link("bus");
  } else {
    for (int c = 0; c < cores; ++c) {
      inject[static_cast<std::size_t>(c)] = add_link("core" + std::to_string(c) + ".inject");
      eject[static_cast<std::size_t>(c)] = add_link("core" + std::to_string(c) + ".eject");
    }
    for (int m = 0; m < mcs; ++m) {
      mc_in[static_cast<std::size_t>(m)] = add_link("mc" + std::to_string(m) + ".in");
      mc_out[static_cast<std::size_t>(m)] = add_link("mc" + std::to_string(m) + ".out");
    }
  }
  if (config.topology == NocTopology::kMesh) {
    m_mesh_links.assign(static_cast<std::size_t>(nodes * nodes), -1);
    for (int node = 0; node < nodes; ++node) {
      const int row = node / config.cols;
      const int col = node % config.cols;
      const int neighbours[4][2] = {{row, col + 1}, {row, col - 1}, {row + 1, col}, {row - 1, col}};
      for (const auto& n : neighbours) {
        if (n[0] < 0 || n[0] >= config.rows || n[1] < 0 || n[1] >= config.cols) continue;
        const int other = n[0] * config.cols + n[1];
        m_mesh_links[static_cast<std::size_t>(node * nodes + other)] =
            add_link(node_name(node, config.cols) + "-" + node_name(other, config.cols));
      }
    }
  }
  for (int c = 0; c < cores; ++c) {
    for (int m = 0; m < mcs; ++m) {
      const NocNode& place = config.memory_controllers[static_cast<std::size_t>(m)];
      const int mc_node = place.row * config.cols + place.col;
      std::vector<int> there;
      std::vector<int> back;
      int routers = 1;
      if (config.topology == NocTopology::kBus) {
        there = back = {bus};
      } else {
        there.push_back(inject[static_cast<std::size_t>(c)]);
        back.push_back(mc_out[static_cast<std::size_t>(m)]);
        if (config.topology == NocTopology::kMesh) {
          for (int link : mesh_path(c, mc_node)) there.push_back(link);
          for (int link : mesh_path(mc_node, c)) back.push_back(link);
          routers = std::abs(c / config.cols - place.row) + std::abs(c % config.cols - place.col) + 1;
        }
        there.push_back(mc_in[static_cast<std::size_t>(m)]);
        back.push_back(eject[static_cast<std::size_t>(c)]);
      }
      m_routes.push_back(there);
      m_routes.push_back(back);
      m_routers.push_back(routers);
    }
  }
}

const std::vector<int>& NocRoutes::route(int core, int mc, bool to_memory) const {
  const auto mcs = static_cast<int>(m_config.memory_controllers.size());
  return m_routes[static_cast<std::size_t>((core * mcs + mc) * 2 + (to_memory ? 0 : 1))];
}

int NocRoutes::routers(int core, int mc) const {
  const auto mcs = static_cast<int>(m_config.memory_controllers.size());
  return m_routers[static_cast<std::size_t>(core * mcs + mc)];
}

}  // namespace sextant
