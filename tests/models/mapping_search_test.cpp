// SPDX-License-Identifier: Apache-2.0
// Mapping search with the analytical model (SystemC-free): never worse than the default
// mapper on any ResNet-50 layer, deterministic for a seed, and the network EDP gain on
// the Gemmini-like preset (the TLM confirmation is a CLI test).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/analytical/mapping_search.h"
#include "tlm/core/arch_config.h"
#include "workloads/mapper.h"
#include "workloads/mapping_validity.h"
#include "workloads/network.h"

namespace sextant {
namespace {

const std::string kRoot = SEXTANT_SOURCE_DIR;

struct NetworkTotals {
  double energy_pj = 0.0;
  double latency_cycles = 0.0;
  double edp() const { return energy_pj * latency_cycles; }
};

TEST(MappingSearch, BestEdpNeverWorseThanDefaultOnResNet50AndGainsOnTheNetwork) {
  const ArchConfig arch = load_arch_config(kRoot + "/yaml/arch/gemmini-default-like.yaml");
  const PpaModel ppa = prepare_ppa(arch);
  const Network network = load_network(kRoot + "/yaml/workloads/resnet50.yaml");
  NetworkTotals baseline, searched;
  const std::vector<SearchResult> results = search_network(network, arch, ppa, SearchObjective::kEdp, SearchOptions{});
  ASSERT_EQ(results.size(), network.ops.size());
  for (std::size_t i = 0; i < network.ops.size(); ++i) {
    const Op& op = network.ops[i];
    const Mapping fallback = default_mapping(op, arch);
    const AnalyticalEstimate base = estimate_op(op, fallback, arch);
    const PpaEstimate base_ppa = evaluate_ppa(ppa, access_counts(base));
    const SearchResult& found = results[i];
    ASSERT_TRUE(check_mapping(op, found.mapping, arch).ok) << op.name;
    EXPECT_LE(found.ppa.edp_pj_cycles, base_ppa.edp_pj_cycles) << op.name;
    EXPECT_GT(found.evaluated, 1u);
    const auto count = static_cast<double>(op.count);
    baseline.energy_pj += count * base_ppa.energy_pj;
    baseline.latency_cycles += count * static_cast<double>(base.latency_cycles);
    searched.energy_pj += count * found.ppa.energy_pj;
    searched.latency_cycles += count * static_cast<double>(found.estimate.latency_cycles);
  }
  const double gain = baseline.edp() / searched.edp();
  RecordProperty("network_edp_gain", std::to_string(gain));
  std::cout << "network EDP gain of best-edp over the default mapper (analytical): " << gain << "\n";
  EXPECT_GE(gain, 1.0);
}

TEST(MappingSearch, SameSeedSameMapping) {
  const ArchConfig arch = load_arch_config(kRoot + "/yaml/arch/gemmini-default-like.yaml");
  const PpaModel ppa = prepare_ppa(arch);
  const Network network = load_network(kRoot + "/yaml/workloads/resnet50.yaml");
  const Op& op = network.ops.at(1);
  const SearchResult a = search_mapping(op, arch, ppa, SearchObjective::kEnergy, SearchOptions{});
  const SearchResult b = search_mapping(op, arch, ppa, SearchObjective::kEnergy, SearchOptions{});
  EXPECT_TRUE(a.mapping == b.mapping);
  EXPECT_EQ(a.evaluated, b.evaluated);
}

TEST(MappingSearch, EachObjectiveNeverWorseThanDefaultOnItsOwnMetric) {
  const ArchConfig arch = load_arch_config(kRoot + "/yaml/arch/gemmini-default-like.yaml");
  const PpaModel ppa = prepare_ppa(arch);
  const Network network = load_network(kRoot + "/yaml/workloads/resnet50.yaml");
  for (const Op& op : {network.ops.at(0), network.ops.at(14), network.ops.at(25)}) {
    const AnalyticalEstimate base = estimate_op(op, default_mapping(op, arch), arch);
    const PpaEstimate base_ppa = evaluate_ppa(ppa, access_counts(base));
    const SearchResult fast = search_mapping(op, arch, ppa, SearchObjective::kLatency, SearchOptions{});
    const SearchResult frugal = search_mapping(op, arch, ppa, SearchObjective::kEnergy, SearchOptions{});
    EXPECT_LE(fast.estimate.latency_cycles, base.latency_cycles) << op.name;
    EXPECT_LE(frugal.ppa.energy_pj, base_ppa.energy_pj) << op.name;
  }
}

TEST(MappingSearch, ObjectiveNames) {
  EXPECT_EQ(parse_search_objective("best-edp"), SearchObjective::kEdp);
  EXPECT_EQ(parse_search_objective("best-latency"), SearchObjective::kLatency);
  EXPECT_EQ(parse_search_objective("best-energy"), SearchObjective::kEnergy);
  EXPECT_FALSE(parse_search_objective("default").has_value());
}

}  // namespace
}  // namespace sextant
