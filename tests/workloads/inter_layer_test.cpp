// SPDX-License-Identifier: Apache-2.0
// Inter-layer policy: which outputs stay on chip and why not, and the program rewrite that
// skips their transfers without leaving a dependency dangling.
#include "workloads/inter_layer.h"

#include <gtest/gtest.h>

#include "tests/workloads/test_archs.h"
#include "workloads/compiler.h"
#include "workloads/mapper.h"

namespace sextant {
namespace {

std::vector<Mapping> default_mappings(const Network& network, const ArchConfig& arch) {
  std::vector<Mapping> mappings;
  for (const Op& op : network.ops) mappings.push_back(default_mapping(op, arch));
  return mappings;
}

TEST(InterLayer, DropTransfersRewiresDependencies) {
  const ArchConfig arch = testing::gemmini_like();
  const Op op = make_conv("c", 1, 64, 64, 28, 28, 3, 3, 1, 1);
  Program program = compile(op, default_mapping(op, arch), arch);
  const std::size_t before = program.commands.size();
  std::size_t stores = 0;
  for (const Command& command : program.commands) stores += command.kind == CommandKind::kStore;
  ASSERT_GT(stores, 0u);
  drop_transfers(program, CommandKind::kStore, TensorKind::kOutputs);
  drop_transfers(program, CommandKind::kLoad, TensorKind::kInputs);
  EXPECT_LT(program.commands.size(), before - stores + 1);
  for (std::size_t i = 0; i < program.commands.size(); ++i) {
    const Command& command = program.commands[i];
    EXPECT_EQ(command.id, i);
    EXPECT_FALSE(command.kind == CommandKind::kStore && command.transfer.tensor == TensorKind::kOutputs);
    EXPECT_FALSE(command.kind == CommandKind::kLoad && command.transfer.tensor == TensorKind::kInputs);
    for (const std::uint32_t dep : command.deps) EXPECT_LT(dep, i);  // earlier, still present
  }
}

TEST(InterLayer, PlanKeepsOutputsThatTheNextOpReadsAndThatFit) {
  const ArchConfig arch = testing::gemmini_like();
  const Network network = parse_network(R"(name: n
ops:
  - {name: a, type: fc, batch: 8, in_features: 64, out_features: 64}
  - {name: b, type: fc, batch: 8, in_features: 64, out_features: 32}
  - {name: c, type: fc, batch: 8, in_features: 16, out_features: 16}
  - {name: d, type: fc, batch: 8, in_features: 16, out_features: 16, keep_output_on_chip: false}
  - {name: e, type: fc, batch: 8, in_features: 16, out_features: 16}
)",
                                        "n.yaml");
  const auto mappings = default_mappings(network, arch);
  const auto dram = plan_inter_layer(network, mappings, arch, InterLayerPolicy::kDram);
  for (const InterLayerStep& step : dram) EXPECT_FALSE(step.output_on_chip || step.input_on_chip);

  const auto plan = plan_inter_layer(network, mappings, arch, InterLayerPolicy::kOnChip);
  EXPECT_TRUE(plan[0].output_on_chip);
  EXPECT_TRUE(plan[1].input_on_chip);
  EXPECT_FALSE(plan[1].output_on_chip);  // c reads 8 x 16, b writes 8 x 32
  EXPECT_NE(plan[1].reason.find("does not read this output"), std::string::npos) << plan[1].reason;
  EXPECT_TRUE(plan[2].output_on_chip);
  EXPECT_FALSE(plan[3].output_on_chip);  // its own key says DRAM
  EXPECT_TRUE(plan[3].reason.empty());
  EXPECT_FALSE(plan[4].output_on_chip);
  EXPECT_NE(plan[4].reason.find("last op"), std::string::npos);
}

TEST(InterLayer, OutputTooLargeForTheInputBufferGoesToDram) {
  const ArchConfig arch = testing::gemmini_like();  // 256 KiB scratchpad
  const Network network = parse_network(R"(name: n
ops:
  - {name: a, type: fc, batch: 512, in_features: 64, out_features: 1024}
  - {name: b, type: fc, batch: 512, in_features: 1024, out_features: 16}
)",
                                        "n.yaml");
  const auto plan = plan_inter_layer(network, default_mappings(network, arch), arch, InterLayerPolicy::kOnChip);
  EXPECT_FALSE(plan[0].output_on_chip);
  EXPECT_NE(plan[0].reason.find("exceed Scratchpad"), std::string::npos) << plan[0].reason;
}

}  // namespace
}  // namespace sextant
