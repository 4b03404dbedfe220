// SPDX-License-Identifier: Apache-2.0
// Multi-core accelerators on a NoC: an op split across cores (by K, by P with its input
// halo) computes exactly the golden outputs even when a saturated NoC back-pressures the
// transfers; the cycle breakdown (the last core's) still adds up, with a `noc` stall.
// One simulation per TEST (one process each).
#include <gtest/gtest.h>

#include <string>

#include "tests/models/model_test_support.h"
#include "workloads/core_split.h"
#include "workloads/mapper.h"
#include "workloads/op.h"

namespace sextant {
namespace {

using testing_support::arch_from_yaml;
using testing_support::run_one;
using testing_support::small_arch_yaml;

/// The 4x4-array test arch with 4 cores on a 2x2 mesh whose links are narrow (2 B/cycle,
/// one-flit buffers), far below the memory's bandwidth: the NoC saturates.
ArchConfig four_cores(const std::string& memory_model) {
  return arch_from_yaml(small_arch_yaml("WS", true, memory_model) +
                        "noc: {topology: mesh, rows: 2, cols: 2, link_bytes_per_cycle: 2, flit_bytes: 4 B,\n"
                        "      buffer_flits: 1, packet_bytes: 16 B, router_latency_cycles: 2,\n"
                        "      memory_controllers: [[1, 1]]}\n",
                        {"memory.bandwidth_bytes_per_cycle=64"});
}

double stat(const Result& result, const std::string& component, const std::string& name) {
  for (const StatsGroup& group : result.total.stats.empty() ? result.ops.at(0).stats : result.total.stats) {
    if (group.component != component) continue;
    for (const Stat& entry : group.stats) {
      if (entry.name == name) return entry.value;
    }
  }
  ADD_FAILURE() << "no stat " << component << " " << name;
  return 0.0;
}

/// latency = busy + stalls of the core that finished last, up to rounding: each stall is
/// rounded to whole cycles on its own, and NoC and memory times are not whole cycles here.
void expect_breakdown_adds_up(const OpResult& op) {
  std::uint64_t stalls = 0;
  for (const auto& [cause, cycles] : op.stall_cycles) stalls += cycles;
  EXPECT_NEAR(static_cast<double>(op.latency_cycles), static_cast<double>(op.busy_cycles.at("pe_array") + stalls), 2.0);
}

TEST(MultiCore, SplitByOutputChannelsIsExactUnderNocBackPressure) {
  const ArchConfig arch = four_cores("fixed");
  const Op op = make_conv("conv", 1, 8, 16, 10, 10, 3, 3, 1, 1);
  const Mapping mapping = default_mapping(op, arch);
  ASSERT_EQ(at(mapping.cores, Dim::K), 4);
  const Result result = run_one(arch, op, mapping, /*functional=*/true);
  const OpResult& total = result.total;
  ASSERT_TRUE(total.functional.has_value());
  EXPECT_TRUE(total.functional->passed);
  EXPECT_EQ(total.functional->checked, static_cast<std::uint64_t>(op.output_elements()));
  EXPECT_EQ(total.macs, static_cast<std::uint64_t>(op.macs()));
  // Every output byte is written once (no partial sums spill in this mapping or not:
  // at least once, never lost).
  EXPECT_GE(total.bytes_written.at("DRAM"), static_cast<std::uint64_t>(op.output_elements()) * 4);
  EXPECT_GT(total.stall_cycles.at("noc"), 0u);
  EXPECT_GT(stat(result, "accelerator.noc", "credit_stall_cycles"), 0.0);
  EXPECT_GT(stat(result, "accelerator.noc", "mc0.in.bytes"), 0.0);
  expect_breakdown_adds_up(total);
}

TEST(MultiCore, SplitByOutputRowsReadsTheHaloOfItsNeighbours) {
  const ArchConfig arch = four_cores("fixed");
  // Strided, padded 3x3 conv: every core's rows need input rows of the next core's part.
  const Op op = make_conv("conv", 1, 4, 8, 15, 15, 3, 3, 2, 1);
  Mapping split;
  at(split.cores, Dim::P) = 4;
  ArchConfig one_core = arch;
  one_core.noc.reset();
  Mapping mapping = default_mapping(core_shares(op, split).front().op, one_core);
  mapping.cores = split.cores;
  ASSERT_EQ(core_shares(op, mapping).size(), 4u);
  const Result result = run_one(arch, op, mapping, /*functional=*/true);
  ASSERT_TRUE(result.total.functional.has_value());
  EXPECT_TRUE(result.total.functional->passed);
  EXPECT_EQ(result.total.macs, static_cast<std::uint64_t>(op.macs()));
  expect_breakdown_adds_up(result.total);
}

TEST(MultiCore, DramBehindTheNocStaysExact) {
  std::string yaml = small_arch_yaml("WS", true, "dram");
  const std::string memory_end = "latency_cycles: 20}";
  yaml.replace(yaml.find(memory_end), memory_end.size(), "latency_cycles: 20, dram: {preset: ddr4-2400}}");
  const ArchConfig arch = arch_from_yaml(yaml +
                                         "noc: {topology: crossbar, rows: 1, cols: 4, memory_controllers: [[0, 0], [0, 1]],\n"
                                         "      interleave_bytes: 256 B}\n");
  const Op op = make_conv("conv", 1, 8, 8, 8, 8, 3, 3, 1, 1);
  const Result result = run_one(arch, op, default_mapping(op, arch), /*functional=*/true);
  ASSERT_TRUE(result.total.functional.has_value());
  EXPECT_TRUE(result.total.functional->passed);
  EXPECT_GT(stat(result, "accelerator.noc", "mc1.in.bytes"), 0.0);
}

}  // namespace
}  // namespace sextant
