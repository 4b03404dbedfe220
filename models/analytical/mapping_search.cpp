// SPDX-License-Identifier: Apache-2.0
#include "models/analytical/mapping_search.h"

#include "workloads/core_split.h"

#include <algorithm>
#include <limits>
#include <random>
#include <vector>

#include "workloads/mapper.h"
#include "workloads/mapping_space.h"
#include "workloads/mapping_validity.h"

namespace sextant {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// Evaluates points of one op's space, keeping the best.
class Evaluator {
 public:
  Evaluator(const Op& op, const ArchConfig& arch, const PpaModel& ppa, SearchObjective objective,
            double network_pj_per_cycle, const MappingSpace& space, SearchResult& result)
      : m_op(op), m_arch(arch), m_ppa(ppa), m_objective(objective), m_weight(network_pj_per_cycle),
        m_space(space), m_result(result) {}

  /// Cost of a mapping (infinity when invalid); keeps it when it is the best so far.
  double evaluate(const Mapping& mapping) {
    ++m_result.evaluated;
    if (!check_mapping(m_op, mapping, m_arch).ok) return kInfinity;
    ++m_result.valid;
    const AnalyticalEstimate estimate = estimate_op(m_op, mapping, m_arch);
    const PpaEstimate ppa = evaluate_ppa(m_ppa, access_counts(estimate));
    // A network-weighted search may trade an op's own EDP for the network's, but never
    // below what the default mapping gives that op.
    if (ppa.edp_pj_cycles > m_edp_cap) return kInfinity;
    const double cost = objective_cost(m_objective, estimate, ppa, m_weight);
    if (cost < m_result.cost) {
      m_result.cost = cost;
      m_result.mapping = mapping;
      m_result.estimate = estimate;
      m_result.ppa = ppa;
    }
    return cost;
  }

  /// From now on, mappings whose own EDP exceeds `cap` count as invalid.
  void cap_edp(double cap) { m_edp_cap = cap; }

  double evaluate(const MappingPoint& point) {
    m_space.fill_mapping(point, m_scratch);
    return evaluate(m_scratch);
  }

 private:
  const Op& m_op;
  const ArchConfig& m_arch;
  const PpaModel& m_ppa;
  SearchObjective m_objective;
  double m_weight;
  double m_edp_cap = kInfinity;
  const MappingSpace& m_space;
  SearchResult& m_result;
  Mapping m_scratch;
};

/// A few DRAM loop orders worth trying for a tile: each role's dims innermost in turn
/// (stream dims innermost keeps the stationary tensor; reduction innermost keeps outputs).
std::vector<std::array<Dim, kNumDims>> candidate_orders() {
  return {{Dim::Q, Dim::P, Dim::N, Dim::K, Dim::C, Dim::S, Dim::R, Dim::G},
          {Dim::C, Dim::S, Dim::R, Dim::Q, Dim::P, Dim::N, Dim::K, Dim::G},
          {Dim::K, Dim::Q, Dim::P, Dim::N, Dim::C, Dim::S, Dim::R, Dim::G},
          {Dim::C, Dim::S, Dim::R, Dim::K, Dim::Q, Dim::P, Dim::N, Dim::G},
          {Dim::K, Dim::C, Dim::S, Dim::R, Dim::Q, Dim::P, Dim::N, Dim::G},
          {Dim::Q, Dim::P, Dim::N, Dim::C, Dim::S, Dim::R, Dim::K, Dim::G}};
}

}  // namespace

std::optional<SearchObjective> parse_search_objective(const std::string& name) {
  if (name == "best-latency") return SearchObjective::kLatency;
  if (name == "best-energy") return SearchObjective::kEnergy;
  if (name == "best-edp") return SearchObjective::kEdp;
  return std::nullopt;
}

double objective_cost(SearchObjective objective, const AnalyticalEstimate& estimate, const PpaEstimate& ppa,
                      double network_pj_per_cycle) {
  switch (objective) {
    case SearchObjective::kLatency:
      // Ties in latency go to the lower energy.
      return static_cast<double>(estimate.latency_cycles) * (1.0 + 1e-12 * ppa.energy_pj);
    case SearchObjective::kEnergy:
      return ppa.energy_pj;
    case SearchObjective::kEdp:
      if (network_pj_per_cycle > 0.0) {
        return ppa.energy_pj + network_pj_per_cycle * static_cast<double>(estimate.latency_cycles);
      }
      return ppa.edp_pj_cycles;
  }
  return ppa.edp_pj_cycles;
}

AccessCounts access_counts(const AnalyticalEstimate& e) {
  AccessCounts c;
  c.macs = e.macs;
  c.latency_cycles = e.latency_cycles;
  c.dram_read_bytes = e.dram_read_bytes;
  c.dram_write_bytes = e.dram_write_bytes;
  for (int b = 0; b < e.buffer_count && b < kMaxPpaBuffers; ++b) {
    c.buffer_read_bytes[static_cast<std::size_t>(b)] = e.buffer_read_bytes[static_cast<std::size_t>(b)];
    c.buffer_write_bytes[static_cast<std::size_t>(b)] = e.buffer_write_bytes[static_cast<std::size_t>(b)];
  }
  return c;
}

SearchResult search_mapping(const Op& op, const ArchConfig& arch, const PpaModel& ppa, SearchObjective objective,
                            const SearchOptions& options) {
  const Mapping by_default = default_mapping(op, arch);
  if (by_default.cores_used() > 1) {
    // Every core runs one per-core mapping on its part: search it on the largest part
    // (the default split is kept; the split itself is not searched). The estimate is the part's.
    ArchConfig one_core = arch;
    one_core.noc.reset();
    SearchResult part = search_mapping(core_shares(op, by_default).front().op, one_core, ppa, objective, options);
    part.mapping.cores = by_default.cores;
    return part;
  }
  SearchResult result;
  result.cost = kInfinity;
  const MappingSpace space(op, arch);
  Evaluator evaluator(op, arch, ppa, objective, options.network_pj_per_cycle, space, result);
  evaluator.evaluate(by_default);
  if (objective == SearchObjective::kEdp && options.network_pj_per_cycle > 0.0) evaluator.cap_edp(result.ppa.edp_pj_cycles);

  const auto orders = candidate_orders();
  const std::uint64_t tiles_and_buffering = space.size();
  std::uint64_t tile_points = 1u << arch.buffers.size();
  for (Dim d : kAllDims) tile_points *= static_cast<std::uint64_t>(space.tile_choices(d));
  if (tile_points * orders.size() <= options.exhaustive_limit || tiles_and_buffering <= options.exhaustive_limit) {
    // Small: every tile and double-buffering choice, each with every candidate order.
    result.exhaustive = true;
    for (const auto& order : orders) {
      space.for_each_tile([&](const MappingPoint& point) { evaluator.evaluate(point); },
                          [&](const DimArray&) { return order; });
    }
  } else {
    // Large: seeded samples, then hill-climbing from the best few.
    std::mt19937_64 rng(options.seed);
    std::vector<std::pair<double, MappingPoint>> samples;
    for (std::uint64_t i = 0; i < options.random_samples; ++i) {
      MappingPoint point = space.random_point(rng);
      // Half the samples take a sensible order rather than a random one.
      if (i % 2 == 0) point.order = orders[static_cast<std::size_t>(i / 2 % orders.size())];
      const double cost = evaluator.evaluate(point);
      if (cost < kInfinity) samples.emplace_back(cost, point);
    }
    std::sort(samples.begin(), samples.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    const std::size_t starts = std::min<std::size_t>(samples.size(), static_cast<std::size_t>(options.refine_starts));
    for (std::size_t s = 0; s < starts; ++s) {
      MappingPoint current = samples[s].second;
      double current_cost = samples[s].first;
      for (int step = 0; step < options.refine_steps; ++step) {
        bool improved = false;
        for (const MappingPoint& next : space.neighbours(current)) {
          const double cost = evaluator.evaluate(next);
          if (cost < current_cost) {
            current_cost = cost;
            current = next;
            improved = true;
          }
        }
        if (!improved) break;
      }
    }
  }
  return result;
}

namespace {

struct NetworkCost {
  double energy_pj = 0.0;
  double latency_cycles = 0.0;
  double edp() const { return energy_pj * latency_cycles; }
};

NetworkCost network_cost(const Network& network, const std::vector<SearchResult>& results) {
  NetworkCost cost;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto count = static_cast<double>(network.ops[i].count);
    cost.energy_pj += count * results[i].ppa.energy_pj;
    cost.latency_cycles += count * static_cast<double>(results[i].estimate.latency_cycles);
  }
  return cost;
}

}  // namespace

std::vector<SearchResult> search_network(const Network& network, const ArchConfig& arch, const PpaModel& ppa,
                                         SearchObjective objective, const SearchOptions& options) {
  const auto search_all = [&](const SearchOptions& pass) {
    std::vector<SearchResult> results;
    for (const Op& op : network.ops) results.push_back(search_mapping(op, arch, ppa, objective, pass));
    return results;
  };
  std::vector<SearchResult> best = search_all(options);
  if (objective != SearchObjective::kEdp || network.ops.empty()) return best;
  // Every pass's evaluations count, per op.
  std::vector<std::uint64_t> evaluated;
  for (const SearchResult& r : best) evaluated.push_back(r.evaluated);
  NetworkCost best_cost = network_cost(network, best);
  constexpr int kPasses = 3;
  for (int pass = 0; pass < kPasses && best_cost.latency_cycles > 0.0; ++pass) {
    SearchOptions weighted = options;
    weighted.network_pj_per_cycle = best_cost.energy_pj / best_cost.latency_cycles;
    std::vector<SearchResult> next = search_all(weighted);
    for (std::size_t i = 0; i < next.size(); ++i) evaluated[i] += next[i].evaluated;
    const NetworkCost cost = network_cost(network, next);
    if (!(cost.edp() < best_cost.edp())) break;
    best = std::move(next);
    best_cost = cost;
  }
  for (std::size_t i = 0; i < best.size(); ++i) best[i].evaluated = evaluated[i];
  return best;
}

}  // namespace sextant
