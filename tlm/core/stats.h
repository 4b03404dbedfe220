// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sextant {

/// One named statistic with its unit and meaning. Hot paths keep plain integers and
/// fill these only when a snapshot is taken.
struct Stat {
  std::string name;
  std::string unit;
  std::string description;
  double value = 0.0;
};

/// The statistics of one component (named by its SystemC hierarchical name).
struct StatsGroup {
  std::string component;
  std::vector<Stat> stats;

  void add(std::string name, std::string unit, std::string description, double value) {
    stats.push_back(Stat{std::move(name), std::move(unit), std::move(description), value});
  }
  const Stat* find(const std::string& name) const {
    for (const Stat& stat : stats) {
      if (stat.name == name) return &stat;
    }
    return nullptr;
  }
};

}  // namespace sextant
