// SPDX-License-Identifier: Apache-2.0
// controller.tile_issue_cycles: a host that hands the accelerator one whole DRAM-level tile
// per call (Gemmini's tiled_conv calling sp_tiled_conv, one LOOP_CONV_WS each) pays its
// software loop once per tile, whatever number of commands the tile has. With ideal memory
// and a per-tile cost far above any tile's own time the op is host-bound, so raising the
// cost by 1,000 cycles moves the latency by exactly tiles x 1,000, in both fidelities.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.h"

namespace sextant {
namespace {

const std::string kSim = SEXTANT_SIM_PATH;

// 64 -> 64 channels, 8 x 8, 3 x 3: DRAM loops K 4 x P 2 = 8 tiles of 16 channels x 4 rows.
const char* const kConv =
    "name: w\nops:\n  - {name: c, type: conv, in_channels: 64, out_channels: 64, in_h: 8, kernel: 3, padding: 1}\n";
const char* const kEightTiles = R"(mapping:
  - target: DRAM
    type: temporal
    factors: G=1 N=1 C=1 K=4 P=2 Q=1 R=1 S=1
    permutation: PKGNCQRS
  - target: Scratchpad
    type: temporal
    factors: G=1 N=1 C=1 K=1 P=1 Q=1 R=1 S=1
  - target: Accumulator
    type: temporal
    factors: G=1 N=1 C=4 K=1 P=1 Q=1 R=3 S=3
    permutation: CSRKGNPQ
  - target: Accumulator
    type: spatial
    factors: G=1 N=1 C=16 K=16 P=1 Q=1 R=1 S=1
    permutation: KGNCPQRS
    split: 1
  - target: Registers
    type: temporal
    factors: G=1 N=1 C=1 K=1 P=4 Q=8 R=1 S=1
    permutation: QPNGCKRS
)";

nlohmann::json run(const std::string& workload_text, const std::string& mapping_text, const std::string& settings,
                   const std::string& fidelity, const std::string& name) {
  const std::string workload = testing_support::write_temp_file("tile-issue-" + name + ".yaml", workload_text);
  std::string args = "--arch " + testing_support::source_path("yaml/arch/gemmini-firesim-like-d16.yaml") +
                     " --workload " + workload + " --fidelity " + fidelity +
                     " --set memory.model=ideal --set controller.issue_cycles=0 " + settings;
  if (!mapping_text.empty()) {
    args += " --mapping " + testing_support::write_temp_file("tile-issue-" + name + "-mapping.yaml", mapping_text);
  }
  return testing_support::run_sim_json(kSim, args, name + ".json").at("ops").at(0);
}

double latency(const nlohmann::json& op) { return op.at("latency_cycles").get<double>(); }

class TileIssueCli : public ::testing::TestWithParam<std::string> {};

TEST_P(TileIssueCli, EveryTileCostsTheHostOnceWhateverItsCommands) {
  const std::string fidelity = GetParam();
  const nlohmann::json cheap =
      run(kConv, kEightTiles, "--set controller.tile_issue_cycles=5000", fidelity, "conv-5000-" + fidelity);
  const nlohmann::json dear =
      run(kConv, kEightTiles, "--set controller.tile_issue_cycles=6000", fidelity, "conv-6000-" + fidelity);
  // 8 tiles, each with more than one command (input, weights, compute; stores).
  EXPECT_GT(cheap.at("commands").get<double>(), 8.0 * 3.0);
  EXPECT_EQ(dear.at("commands"), cheap.at("commands"));
  EXPECT_EQ(latency(dear) - latency(cheap), 8.0 * 1000.0);
  EXPECT_GE(latency(cheap), 8.0 * 5000.0);
}

TEST_P(TileIssueCli, MatmulTileCostLeavesConvolutionsAlone) {
  const std::string fidelity = GetParam();
  const std::string base = "--set controller.tile_issue_cycles=5000 --set controller.matmul_tile_issue_cycles=";
  EXPECT_EQ(latency(run(kConv, kEightTiles, base + "100", fidelity, "conv-mm100-" + fidelity)),
            latency(run(kConv, kEightTiles, base + "9000", fidelity, "conv-mm9000-" + fidelity)));
  const std::string matmul = "name: w\nops:\n  - {name: mm, type: matmul, M: 64, N: 64, K: 64}\n";
  EXPECT_LT(latency(run(matmul, "", base + "100", fidelity, "mm-100-" + fidelity)),
            latency(run(matmul, "", base + "9000", fidelity, "mm-9000-" + fidelity)));
}

TEST_P(TileIssueCli, VectorTilesPayTheSameHostCost) {
  const std::string fidelity = GetParam();
  const std::string pool = "name: w\nops:\n  - {name: p, type: max_pool, channels: 64, in_h: 56, kernel: 2, stride: 2}\n";
  const double cheap = latency(run(pool, "", "--set controller.tile_issue_cycles=5000", fidelity, "pool-5000-" + fidelity));
  const double dear = latency(run(pool, "", "--set controller.tile_issue_cycles=6000", fidelity, "pool-6000-" + fidelity));
  const double tiles = (dear - cheap) / 1000.0;
  EXPECT_GE(tiles, 2.0);
  EXPECT_EQ(tiles, static_cast<double>(static_cast<long>(tiles)));
}

INSTANTIATE_TEST_SUITE_P(BothFidelities, TileIssueCli, ::testing::Values("tlm", "analytical"));

}  // namespace
}  // namespace sextant
