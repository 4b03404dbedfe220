// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/analytical/analytical_model.h"
#include "models/ppa/ppa_model.h"
#include "tlm/core/arch_config.h"
#include "workloads/mapping.h"
#include "workloads/network.h"
#include "workloads/op.h"

namespace sextant {

/// What a mapping search minimizes, per op, with the analytical model and PPA.
enum class SearchObjective { kLatency, kEnergy, kEdp };

/// "best-latency", "best-energy", "best-edp"; nullopt for anything else ("default").
std::optional<SearchObjective> parse_search_objective(const std::string& name);

struct SearchOptions {
  std::uint64_t seed = 1;
  /// Spaces up to this many points are enumerated (tiles x double buffering, each tile with
  /// its best DRAM loop order among a few candidates); larger ones are sampled.
  std::uint64_t exhaustive_limit = 20000;
  std::uint64_t random_samples = 3000;  ///< seeded uniform samples of a large space
  int refine_starts = 4;                ///< best samples refined by local search
  int refine_steps = 200;               ///< improving moves per refinement at most
  /// With kEdp and a value > 0, minimize energy_pj + network_pj_per_cycle x latency_cycles
  /// instead of the op's own EDP: the first-order change of the network's
  /// (sum of energy) x (sum of latency) when this op changes, given the network's current
  /// average energy per cycle (search_network() sets it).
  double network_pj_per_cycle = 0.0;
};

struct SearchResult {
  Mapping mapping;                 ///< the best valid mapping found (the default one if nothing beats it)
  double cost = 0.0;               ///< its objective (cycles, pJ or pJ x cycles)
  AnalyticalEstimate estimate;
  PpaEstimate ppa;
  std::uint64_t evaluated = 0;     ///< mappings evaluated (validity + counts + latency + energy)
  std::uint64_t valid = 0;         ///< of which valid
  bool exhaustive = false;
};

/// Searches the op's mapping space (workloads/mapping_space.h) for the mapping that
/// minimizes `objective` under the analytical model priced by `ppa`. The default mapper's
/// mapping is always a candidate, so the result is never worse than it by this model.
SearchResult search_mapping(const Op& op, const ArchConfig& arch, const PpaModel& ppa, SearchObjective objective,
                            const SearchOptions& options);

/// The objective of one evaluated mapping.
double objective_cost(SearchObjective objective, const AnalyticalEstimate& estimate, const PpaEstimate& ppa,
                      double network_pj_per_cycle = 0.0);

/// Searches every op of a network. For kEdp the objective is the network's EDP,
/// (sum of count x energy) x (sum of count x latency): a first pass minimizes each op's EDP,
/// then passes weigh each op's latency by the network's energy per cycle until the network
/// EDP stops improving; the best pass wins. No op's own EDP ends up worse than with the
/// default mapping. Latency and energy objectives are per op.
std::vector<SearchResult> search_network(const Network& network, const ArchConfig& arch, const PpaModel& ppa,
                                         SearchObjective objective, const SearchOptions& options);

/// AccessCounts of an analytical estimate.
AccessCounts access_counts(const AnalyticalEstimate& estimate);

}  // namespace sextant
