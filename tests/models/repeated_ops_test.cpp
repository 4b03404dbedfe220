// SPDX-License-Identifier: Apache-2.0
// Repeated ops are simulated once unless every instance is asked for; outputs kept on chip
// skip their stores and the next op's input loads. One simulating TEST per process.
#include <string>

#include <gtest/gtest.h>

#include "models/accelerator/simulation.h"
#include "tests/models/model_test_support.h"
#include "tlm/core/config_error.h"
#include "workloads/mapper.h"

namespace sextant {
namespace {

using testing_support::arch_from_yaml;
using testing_support::small_arch_yaml;

SimulationRequest request_for(const std::string& network_yaml) {
  SimulationRequest request;
  request.arch = arch_from_yaml(small_arch_yaml("WS", true, "fixed"));
  request.network = parse_network(network_yaml, "net.yaml");
  for (const Op& op : request.network.ops) request.mappings.push_back(default_mapping(op, request.arch));
  return request;
}

// Two identical FC layers listed separately, and one repeated with count: 3.
const std::string kRepeated = R"(name: repeated
ops:
  - {name: a, type: fc, batch: 4, in_features: 16, out_features: 16}
  - {name: b, type: fc, batch: 4, in_features: 16, out_features: 16}
  - {name: c, type: fc, batch: 4, in_features: 16, out_features: 8, count: 3}
)";

TEST(RepeatedOps, IdenticalOpsListedSeparatelyAreSimulatedOnce) {
  SimulationRequest request = request_for(kRepeated);
  int programs = 0;
  request.program_mutator = [&](Program&) { ++programs; };
  const Result result = simulate(request);
  EXPECT_EQ(programs, 2);  // a (b reuses it) and c once
  ASSERT_EQ(result.ops.size(), 3u);
  EXPECT_EQ(result.ops[1].name, "b");
  EXPECT_EQ(result.ops[1].latency_cycles, result.ops[0].latency_cycles);
  EXPECT_EQ(result.ops[2].count, 3u);
  EXPECT_EQ(result.total.latency_cycles,
            result.ops[0].latency_cycles * 2 + result.ops[2].latency_cycles * 3);
  EXPECT_EQ(result.total.macs, request.network.total_macs());
}

TEST(RepeatedOps, EveryInstanceOnRequest) {
  SimulationRequest request = request_for(kRepeated);
  request.simulate_every_instance = true;
  int programs = 0;
  request.program_mutator = [&](Program&) { ++programs; };
  const Result result = simulate(request);
  EXPECT_EQ(programs, 5);  // a, b and three instances of c
  ASSERT_EQ(result.ops.size(), 5u);
  for (const OpResult& op : result.ops) EXPECT_EQ(op.count, 1u);
  EXPECT_EQ(result.total.macs, request.network.total_macs());
}

// A chain whose intermediate outputs fit on chip: 4x16 -> 16 -> 16 -> 8.
const std::string kChain = R"(name: chain
ops:
  - {name: l1, type: fc, batch: 4, in_features: 16, out_features: 16}
  - {name: l2, type: fc, batch: 4, in_features: 16, out_features: 12}
  - {name: l3, type: fc, batch: 4, in_features: 12, out_features: 8}
)";

std::uint64_t dram_bytes(const OpResult& op, const char* direction) {
  const auto& map = std::string(direction) == "read" ? op.bytes_read : op.bytes_written;
  const auto found = map.find("DRAM");
  return found == map.end() ? 0 : found->second;
}

TEST(InterLayer, OnChipSkipsStoresAndTheNextLoads) {
  SimulationRequest request = request_for(kChain);
  request.inter_layer = InterLayerPolicy::kOnChip;
  const Result result = simulate(request);
  ASSERT_EQ(result.ops.size(), 3u);
  EXPECT_EQ(dram_bytes(result.ops[0], "written"), 0u);  // l1's output stays for l2
  EXPECT_EQ(dram_bytes(result.ops[1], "written"), 0u);
  // The last op's output is the result: it goes to DRAM (4 x 8 accumulators of 4 bytes).
  EXPECT_EQ(dram_bytes(result.ops[2], "written"), 4u * 8u * 4u);
  // l2 and l3 load only their weights (16 x 12 and 12 x 8 one-byte operands).
  EXPECT_EQ(dram_bytes(result.ops[1], "read"), 16u * 12u);
  EXPECT_EQ(dram_bytes(result.ops[2], "read"), 12u * 8u);
  EXPECT_EQ(result.total.macs, request.network.total_macs());
}

TEST(InterLayer, PerOpKeyOverridesThePolicy) {
  std::string text = kChain;
  text.replace(text.find("out_features: 16}"), 17, "out_features: 16, keep_output_on_chip: true}");
  SimulationRequest request = request_for(text);  // policy: DRAM
  const Result result = simulate(request);
  EXPECT_EQ(dram_bytes(result.ops[0], "written"), 0u);
  EXPECT_EQ(dram_bytes(result.ops[1], "written"), 4u * 12u * 4u);
  EXPECT_EQ(dram_bytes(result.ops[1], "read"), 16u * 12u);
}

TEST(InterLayer, FunctionalModeRefusesOnChipOutputs) {
  SimulationRequest request = request_for(kChain);
  request.inter_layer = InterLayerPolicy::kOnChip;
  request.functional = true;
  EXPECT_THROW(simulate(request), ConfigError);
}

}  // namespace
}  // namespace sextant
