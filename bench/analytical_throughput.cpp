// SPDX-License-Identifier: Apache-2.0
// Analytical evaluations per second on one core: one evaluation = check_mapping(), the
// analytical access counts and latency, and PPA energy, for one op and one mapping, with
// the arch's technology coefficients prepared once (docs/benchmarks.md).
#include <benchmark/benchmark.h>

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

  explicit Fixture(const std::string& preset)
      : arch(load_arch_config(kRoot + "/yaml/arch/" + preset + ".yaml")),
        network(load_network(kRoot + "/yaml/workloads/resnet50.yaml")),
        ppa(prepare_ppa(arch)) {
    for (const Op& op : network.ops) mappings.push_back(default_mapping(op, arch));
  }
};

/// Cycles through ResNet-50's layers with their default mappings.
void evaluate_default_mappings(benchmark::State& state, const char* preset) {
  const Fixture f(preset);
  std::size_t i = 0;
  double sink = 0.0;
  for (auto _ : state) {
    const Op& op = f.network.ops[i];
    const Mapping& mapping = f.mappings[i];
    if (check_mapping(op, mapping, f.arch).ok) {
      const AnalyticalEstimate e = estimate_op(op, mapping, f.arch);
      sink += evaluate_ppa(f.ppa, access_counts(e)).edp_pj_cycles;
    }
    i = i + 1 == f.network.ops.size() ? 0 : i + 1;
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

/// Random points of one layer's mapping space (valid or not), as a search sees them.
void evaluate_random_mappings(benchmark::State& state) {
  const Fixture f("gemmini-default-like");
  const Op& op = f.network.ops[14];  // layer2_rest_conv2
  const MappingSpace space(op, f.arch);
  std::mt19937_64 rng(1);
  std::vector<Mapping> mappings(256);
  for (Mapping& mapping : mappings) space.fill_mapping(space.random_point(rng), mapping);
  std::size_t i = 0;
  double sink = 0.0;
  for (auto _ : state) {
    const Mapping& mapping = mappings[i];
    if (check_mapping(op, mapping, f.arch).ok) {
      const AnalyticalEstimate e = estimate_op(op, mapping, f.arch);
      sink += evaluate_ppa(f.ppa, access_counts(e)).edp_pj_cycles;
    }
    i = (i + 1) % mappings.size();
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

BENCHMARK_CAPTURE(evaluate_default_mappings, gemmini, "gemmini-default-like");
BENCHMARK_CAPTURE(evaluate_default_mappings, tpu_v1, "tpu-v1-like");
BENCHMARK(evaluate_random_mappings);

}  // namespace
}  // namespace sextant

BENCHMARK_MAIN();
