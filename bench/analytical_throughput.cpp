// SPDX-License-Identifier: Apache-2.0
// Analytical evaluations per second on one core: one evaluation = the validity check, the
// analytical access counts and latency, and PPA energy, for one op and one mapping, with
// the arch's technology coefficients and each op's invariants (PreparedOp) prepared once
// (docs/benchmarks.md). The reference_* benchmarks run the path before the speed-up
// (full check_mapping(), per-tile-class fold lists, nothing prepared) in the same run.
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

  explicit Fixture(const std::string& preset)
      : arch(load_arch_config(kRoot + "/yaml/arch/" + preset + ".yaml")),
        network(load_network(kRoot + "/yaml/workloads/resnet50.yaml")),
        ppa(prepare_ppa(arch)) {
    for (const Op& op : network.ops) {
      mappings.push_back(default_mapping(op, arch));
      prepared.emplace_back(op, arch);
    }
  }
};

/// Cycles through ResNet-50's layers with their default mappings (any mapping: the full
/// check_mapping()), estimating each valid one with `estimate`.
template <typename Estimate>
void cycle_default_mappings(benchmark::State& state, const char* preset, Estimate estimate) {
  const Fixture f(preset);
  std::size_t i = 0;
  double sink = 0.0;
  for (auto _ : state) {
    const Op& op = f.network.ops[i];
    const Mapping& mapping = f.mappings[i];
    if (check_mapping(op, mapping, f.arch).ok) {
      sink += evaluate_ppa(f.ppa, access_counts(estimate(f, i, mapping))).edp_pj_cycles;
    }
    i = i + 1 == f.network.ops.size() ? 0 : i + 1;
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void evaluate_default_mappings(benchmark::State& state, const char* preset) {
  cycle_default_mappings(state, preset, [](const Fixture& f, std::size_t i, const Mapping& mapping) {
    return estimate_op(f.prepared[i], mapping);
  });
}

/// The same work on the path before the speed-up: nothing prepared, the compute side
/// folded per tile class.
void reference_default_mappings(benchmark::State& state, const char* preset) {
  cycle_default_mappings(state, preset, [](const Fixture& f, std::size_t i, const Mapping& mapping) {
    return estimate_op_by_tile_classes(PreparedOp(f.network.ops[i], f.arch), mapping);
  });
}

/// 256 random points of one layer's mapping space (valid or not), as a search sees them.
struct RandomPoints {
  Fixture f{"gemmini-default-like"};
  const Op& op = f.network.ops[14];  // layer2_rest_conv2
  TilingSpace space{op, f.arch};
  std::vector<MappingPoint> points;
  std::vector<Mapping> mappings;

  RandomPoints() {
    std::mt19937_64 rng(1);
    for (int k = 0; k < 256; ++k) {
      points.push_back(space.random_point(rng));
      mappings.push_back(space.to_mapping(points.back()));
    }
  }
};

/// A search's evaluation: the space's own validity test (TilingSpace::is_valid).
void evaluate_random_mappings(benchmark::State& state) {
  const RandomPoints r;
  const PreparedOp prepared(r.op, r.f.arch);
  std::size_t i = 0;
  double sink = 0.0;
  std::int64_t valid = 0;
  for (auto _ : state) {
    if (r.space.is_valid(r.points[i])) {
      const AnalyticalEstimate e = estimate_op(prepared, r.mappings[i]);
      sink += evaluate_ppa(r.f.ppa, access_counts(e)).edp_pj_cycles;
      ++valid;
    }
    i = (i + 1) % r.points.size();
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  // Invalid draws stop at the validity check; the share says how much of the rate they carry.
  state.counters["valid_share"] = static_cast<double>(valid) / static_cast<double>(std::max<std::int64_t>(1, state.iterations()));
  state.counters["valid_evaluations"] = benchmark::Counter(static_cast<double>(valid), benchmark::Counter::kIsRate);
}

void reference_random_mappings(benchmark::State& state) {
  const RandomPoints r;
  std::size_t i = 0;
  double sink = 0.0;
  for (auto _ : state) {
    if (check_mapping(r.op, r.mappings[i], r.f.arch).ok) {
      const AnalyticalEstimate e = estimate_op_by_tile_classes(PreparedOp(r.op, r.f.arch), r.mappings[i]);
      sink += evaluate_ppa(r.f.ppa, access_counts(e)).edp_pj_cycles;
    }
    i = (i + 1) % r.points.size();
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

BENCHMARK_CAPTURE(evaluate_default_mappings, gemmini, "gemmini-default-like");
BENCHMARK_CAPTURE(reference_default_mappings, gemmini, "gemmini-default-like");
BENCHMARK_CAPTURE(evaluate_default_mappings, tpu_v1, "tpu-v1-like");
BENCHMARK_CAPTURE(reference_default_mappings, tpu_v1, "tpu-v1-like");
BENCHMARK(evaluate_random_mappings);
BENCHMARK(reference_random_mappings);

}  // namespace
}  // namespace sextant

BENCHMARK_MAIN();
