// SPDX-License-Identifier: Apache-2.0
#include "tlm/sc/stats_provider.h"

namespace sextant {
namespace {

template <typename Visit>
void walk(const sc_core::sc_object& object, const Visit& visit) {
  visit(object);
  for (const sc_core::sc_object* child : object.get_child_objects()) walk(*child, visit);
}

}  // namespace

std::vector<StatsGroup> collect_stats(const sc_core::sc_object& root) {
  std::vector<StatsGroup> groups;
  walk(root, [&](const sc_core::sc_object& object) {
    if (const auto* provider = dynamic_cast<const StatsProvider*>(&object)) {
      StatsGroup group;
      group.component = object.name();
      provider->collect_stats(group);
      groups.push_back(std::move(group));
    }
  });
  return groups;
}

void reset_stats(sc_core::sc_object& root) {
  walk(root, [](const sc_core::sc_object& object) {
    // The hierarchy hands out const pointers; providers reset their own counters.
    if (auto* provider = dynamic_cast<StatsProvider*>(const_cast<sc_core::sc_object*>(&object))) {
      provider->reset_stats();
    }
  });
}

}  // namespace sextant
