// SPDX-License-Identifier: Apache-2.0
#include "models/analytical/mapping_search.h"

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
            const MappingSpace& space, SearchResult& result)
      : m_op(op), m_arch(arch), m_ppa(ppa), m_objective(objective), m_space(space), m_result(result) {}

  /// Cost of a mapping (infinity when invalid); keeps it when it is the best so far.
  double evaluate(const Mapping& mapping) {
    ++m_result.evaluated;
    if (!check_mapping(m_op, mapping, m_arch).ok) return kInfinity;
    ++m_result.valid;
    const AnalyticalEstimate estimate = estimate_op(m_op, mapping, m_arch);
    const PpaEstimate ppa = evaluate_ppa(m_ppa, access_counts(estimate));
    const double cost = objective_cost(m_objective, estimate, ppa);
    if (cost < m_result.cost) {
      m_result.cost = cost;
      m_result.mapping = mapping;
      m_result.estimate = estimate;
      m_result.ppa = ppa;
    }
    return cost;
  }

  double evaluate(const MappingPoint& point) {
    m_space.fill_mapping(point, m_scratch);
    return evaluate(m_scratch);
  }

 private:
  const Op& m_op;
  const ArchConfig& m_arch;
  const PpaModel& m_ppa;
  SearchObjective m_objective;
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

double objective_cost(SearchObjective objective, const AnalyticalEstimate& estimate, const PpaEstimate& ppa) {
  switch (objective) {
    case SearchObjective::kLatency:
      // Ties in latency go to the lower energy.
      return static_cast<double>(estimate.latency_cycles) * (1.0 + 1e-12 * ppa.energy_pj);
    case SearchObjective::kEnergy:
      return ppa.energy_pj;
    case SearchObjective::kEdp:
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
  SearchResult result;
  result.cost = kInfinity;
  const MappingSpace space(op, arch);
  Evaluator evaluator(op, arch, ppa, objective, space, result);
  evaluator.evaluate(default_mapping(op, arch));

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

}  // namespace sextant
