// SPDX-License-Identifier: Apache-2.0
// controller.matmul_issue_cycles: a host that runs matrix multiplies through a different
// software loop than convolutions (Gemmini's tiled_matmul vs tiled_conv) spends a
// different time issuing each command of a matmul. With ideal memory and an issue cost far
// above any command's own time, the program is issue-bound, so the latency moves by exactly
// commands x the change; a convolution does not move at all.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.h"

namespace sextant {
namespace {

const std::string kSim = SEXTANT_SIM_PATH;

nlohmann::json run(const std::string& op, int matmul_issue_cycles, const std::string& name) {
  const std::string workload = testing_support::write_temp_file("issue-" + name + ".yaml", "name: w\nops:\n  - " + op + "\n");
  return testing_support::run_sim_json(
      kSim,
      "--arch " + testing_support::source_path("yaml/arch/gemmini-firesim-like-d16.yaml") + " --workload " + workload +
          " --set memory.model=ideal --set controller.issue_cycles=2000 --set controller.matmul_issue_cycles=" +
          std::to_string(matmul_issue_cycles),
      name + ".json")
      .at("ops")
      .at(0);
}

double latency(const nlohmann::json& op) { return op.at("latency_cycles").get<double>(); }

TEST(MatmulIssueSimCli, MatmulCommandsCostTheirOwnIssueCycles) {
  const std::string matmul = "{name: mm, type: matmul, M: 64, N: 64, K: 64}";
  const nlohmann::json same = run(matmul, 2000, "mm-2000");
  const nlohmann::json dearer = run(matmul, 3000, "mm-3000");
  const double commands = same.at("commands").get<double>();
  ASSERT_GT(commands, 0.0);
  EXPECT_EQ(dearer.at("commands").get<double>(), commands);
  EXPECT_EQ(latency(dearer) - latency(same), commands * 1000.0);
}

TEST(MatmulIssueSimCli, ConvolutionsKeepTheGeneralIssueCost) {
  const std::string conv = "{name: c, type: conv, in_channels: 32, out_channels: 32, in_h: 8, kernel: 3, padding: 1}";
  EXPECT_EQ(latency(run(conv, 2000, "conv-2000")), latency(run(conv, 3000, "conv-3000")));
}

}  // namespace
}  // namespace sextant
