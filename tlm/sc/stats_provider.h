// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

#include <systemc>

#include "tlm/core/stats.h"

namespace sextant {

/// Implemented by every component that owns statistics. Counters stay plain integers in
/// the component; they become a StatsGroup only when a snapshot is taken.
class StatsProvider {
 public:
  virtual ~StatsProvider() = default;
  /// Fills group.stats (the collector sets group.component to the SystemC name).
  virtual void collect_stats(StatsGroup& group) const = 0;
  /// Zeroes the counters (between ops).
  virtual void reset_stats() = 0;
};

/// Walks the SystemC hierarchy below root (root included) and snapshots every
/// StatsProvider, in hierarchy order.
std::vector<StatsGroup> collect_stats(const sc_core::sc_object& root);
/// Resets every StatsProvider below root.
void reset_stats(sc_core::sc_object& root);

}  // namespace sextant
