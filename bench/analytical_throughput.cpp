// SPDX-License-Identifier: Apache-2.0
// Analytical evaluations per second on one core: one evaluation = the validity check, the
// analytical access counts and latency, and PPA energy, for one op and one mapping, with
// the arch's technology coefficients and each op's invariants (PreparedOp) prepared once
// (docs/benchmarks.md). The evaluate_* benchmarks check with PreparedCheck (check_mapping()
// prepared per (op, arch)) or, for search points, the space's own test; the reference_*
// benchmarks run the path before the speed-up (check_mapping(), per-tile-class fold lists,
// nothing prepared) in the same run.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "models/analytical/analytical_model.h"
#include "models/analytical/mapping_search.h"
#include "models/ppa/ppa_model.h"
#include "tlm/core/arch_config.h"
#include "workloads/mapper.h"
#include "workloads/mapping_space.h"
#include "workloads/mapping_validity.h"
#include "workloads/network.h"

namespace sextant {
namespace {

const std::string kRoot = SEXTANT_SOURCE_DIR;

struct Fixture {
  ArchConfig arch;
  Network network;
  PpaModel ppa;
  std::vector<Mapping> mappings;  ///< default mapping of every op
  std::vector<PreparedOp> prepared;  ///< every op's invariants on the arch
  std::vector<PreparedCheck> checks;  ///< every op's validity check, prepared on the arch

  explicit Fixture(const std::string& preset)
      : arch(load_arch_config(kRoot + "/yaml/arch/" + preset + ".yaml")),
        network(load_network(kRoot + "/yaml/workloads/resnet50.yaml")),
        ppa(prepare_ppa(arch)) {
    for (const Op& op : network.ops) {
      mappings.push_back(default_mapping(op, arch));
      prepared.emplace_back(op, arch);
      checks.emplace_back(op, arch);
    }
  }
};

/// Cycles through ResNet-50's layers with their default mappings (any mapping: the full
/// validity check, `check`), estimating each valid one with `estimate`.
template <typename Check, typename Estimate>
void cycle_default_mappings(benchmark::State& state, const char* preset, Check check, Estimate estimate) {
  const Fixture f(preset);
  std::size_t i = 0;
  double sink = 0.0;
  std::int64_t valid = 0;
  for (auto _ : state) {
    const Mapping& mapping = f.mappings[i];
    if (check(f, i, mapping)) {
      sink += evaluate_ppa(f.ppa, access_counts(estimate(f, i, mapping))).edp_pj_cycles;
      ++valid;
    }
    i = i + 1 == f.network.ops.size() ? 0 : i + 1;
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["valid_share"] = static_cast<double>(valid) / static_cast<double>(std::max<std::int64_t>(1, state.iterations()));
}

void evaluate_default_mappings(benchmark::State& state, const char* preset) {
  cycle_default_mappings(
      state, preset, [](const Fixture& f, std::size_t i, const Mapping& mapping) { return f.checks[i].holds(mapping); },
      [](const Fixture& f, std::size_t i, const Mapping& mapping) { return estimate_op(f.prepared[i], mapping); });
}

/// The same work on the path before the speed-up: check_mapping(), nothing prepared, the
/// compute side folded per tile class.
void reference_default_mappings(benchmark::State& state, const char* preset) {
  cycle_default_mappings(
      state, preset,
      [](const Fixture& f, std::size_t i, const Mapping& mapping) {
        return check_mapping(f.network.ops[i], mapping, f.arch).ok;
      },
      [](const Fixture& f, std::size_t i, const Mapping& mapping) {
        return estimate_op_by_tile_classes(PreparedOp(f.network.ops[i], f.arch), mapping);
      });
}

/// 256 random points of one layer's tiling space (layer2_rest_conv2 on the Gemmini-like
/// preset), as a search draws them; `valid_only`: drawn until 256 pass check_mapping(),
/// the evaluations a search keeps.
struct SearchPoints {
  Fixture f{"gemmini-default-like"};
  const Op& op = f.network.ops[14];  // layer2_rest_conv2
  TilingSpace space{op, f.arch};
  std::vector<MappingPoint> points;
  std::vector<Mapping> mappings;

  explicit SearchPoints(bool valid_only) {
    std::mt19937_64 rng(1);
    while (mappings.size() < 256) {
      const MappingPoint point = space.random_point(rng);
      Mapping mapping = space.to_mapping(point);
      if (valid_only && !check_mapping(op, mapping, f.arch).ok) continue;
      points.push_back(point);
      mappings.push_back(std::move(mapping));
    }
  }
};

/// Cycles through the points: `check(i)` decides whether point i is valid, `estimate(i)`
/// estimates a valid one.
template <typename Check, typename Estimate>
void cycle_points(benchmark::State& state, const SearchPoints& s, Check check, Estimate estimate) {
  std::size_t i = 0;
  double sink = 0.0;
  std::int64_t valid = 0;
  for (auto _ : state) {
    if (check(i)) {
      sink += evaluate_ppa(s.f.ppa, access_counts(estimate(i))).edp_pj_cycles;
      ++valid;
    }
    i = (i + 1) % s.points.size();
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  // Invalid draws stop at the validity check; the share says how much of the rate they carry.
  state.counters["valid_share"] = static_cast<double>(valid) / static_cast<double>(std::max<std::int64_t>(1, state.iterations()));
  state.counters["valid_evaluations"] = benchmark::Counter(static_cast<double>(valid), benchmark::Counter::kIsRate);
}

/// A search's evaluation: the space's own validity test (TilingSpace::is_valid).
void evaluate_random_mappings(benchmark::State& state) {
  const SearchPoints s(false);
  const PreparedOp prepared(s.op, s.f.arch);
  cycle_points(
      state, s, [&](std::size_t i) { return s.space.is_valid(s.points[i]); },
      [&](std::size_t i) { return estimate_op(prepared, s.mappings[i]); });
}

void reference_random_mappings(benchmark::State& state) {
  const SearchPoints s(false);
  cycle_points(
      state, s, [&](std::size_t i) { return check_mapping(s.op, s.mappings[i], s.f.arch).ok; },
      [&](std::size_t i) { return estimate_op_by_tile_classes(PreparedOp(s.op, s.f.arch), s.mappings[i]); });
}

/// Valid points only, each paying the full validity check (PreparedCheck), the counts,
/// latency and energy: the figure for mappings that run.
void evaluate_valid_search_points(benchmark::State& state) {
  const SearchPoints s(true);
  const PreparedOp prepared(s.op, s.f.arch);
  const PreparedCheck full(s.op, s.f.arch);
  cycle_points(
      state, s, [&](std::size_t i) { return full.holds(s.mappings[i]); },
      [&](std::size_t i) { return estimate_op(prepared, s.mappings[i]); });
}

/// The same points checked as the search checks them (TilingSpace::is_valid()).
void evaluate_valid_search_points_space_check(benchmark::State& state) {
  const SearchPoints s(true);
  const PreparedOp prepared(s.op, s.f.arch);
  cycle_points(
      state, s, [&](std::size_t i) { return s.space.is_valid(s.points[i]); },
      [&](std::size_t i) { return estimate_op(prepared, s.mappings[i]); });
}

void reference_valid_search_points(benchmark::State& state) {
  const SearchPoints s(true);
  cycle_points(
      state, s, [&](std::size_t i) { return check_mapping(s.op, s.mappings[i], s.f.arch).ok; },
      [&](std::size_t i) { return estimate_op_by_tile_classes(PreparedOp(s.op, s.f.arch), s.mappings[i]); });
}

BENCHMARK_CAPTURE(evaluate_default_mappings, gemmini, "gemmini-default-like");
BENCHMARK_CAPTURE(reference_default_mappings, gemmini, "gemmini-default-like");
BENCHMARK_CAPTURE(evaluate_default_mappings, tpu_v1, "tpu-v1-like");
BENCHMARK_CAPTURE(reference_default_mappings, tpu_v1, "tpu-v1-like");
BENCHMARK(evaluate_random_mappings);
BENCHMARK(reference_random_mappings);
BENCHMARK(evaluate_valid_search_points);
BENCHMARK(evaluate_valid_search_points_space_check);
BENCHMARK(reference_valid_search_points);

}  // namespace
}  // namespace sextant

BENCHMARK_MAIN();
