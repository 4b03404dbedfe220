// SPDX-License-Identifier: Apache-2.0
// controller.reload_unchanged_tiles: software that hands the accelerator one whole tile per
// call (Gemmini's tiled_conv / tiled_matmul) moves a tile's weights in again even when the
// previous DRAM iteration used the same ones. A hand-written mapping makes the bytes exact.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.h"

namespace sextant {
namespace {

const std::string kSim = SEXTANT_SIM_PATH;

/// A 64x64x64 matmul on the 16x16 FireSim-like preset: the DRAM loop runs over 4 blocks
/// of 16 rows of M (P) only, so the 4 KiB of weights are the same in every iteration.
const char* const kMapping = R"(mapping:
  - {target: DRAM, type: temporal, factors: G=1 N=1 C=1 K=1 P=4 Q=1 R=1 S=1, permutation: PKCRSQNG}
  - {target: DRAM, type: datatype, keep: [Inputs, Weights, Outputs], bypass: []}
  - {target: Scratchpad, type: temporal, factors: G=1 N=1 C=1 K=1 P=1 Q=1 R=1 S=1, permutation: GNCKPQRS}
  - {target: Scratchpad, type: datatype, keep: [Inputs, Weights], bypass: [Outputs]}
  - {target: Accumulator, type: temporal, factors: G=1 N=1 C=4 K=4 P=1 Q=1 R=1 S=1, permutation: CSRKGNPQ}
  - {target: Accumulator, type: spatial, factors: G=1 N=1 C=16 K=16 P=1 Q=1 R=1 S=1, permutation: KGNCPQRS, split: 1}
  - {target: Accumulator, type: datatype, keep: [Outputs], bypass: [Inputs, Weights]}
  - {target: Registers, type: temporal, factors: G=1 N=1 C=1 K=1 P=16 Q=1 R=1 S=1, permutation: QPNGCKRS}
  - {target: Registers, type: datatype, keep: [Weights], bypass: [Inputs, Outputs]}
)";

nlohmann::json run(bool reload, const std::string& extra, const std::string& name) {
  const std::string workload = testing_support::write_temp_file("reload-mm.yaml", R"(name: mm
ops:
  - {name: mm, type: matmul, M: 64, N: 64, K: 64}
)");
  const std::string mapping = testing_support::write_temp_file("reload-mapping.yaml", kMapping);
  return testing_support::run_sim_json(
      kSim,
      "--arch " + testing_support::source_path("yaml/arch/gemmini-firesim-like-d16.yaml") + " --workload " + workload +
          " --mapping " + mapping + " --set controller.reload_unchanged_tiles=" + (reload ? "true" : "false") + extra,
      name);
}

double bytes_loaded(const nlohmann::json& op) {
  return op.at("stats").at("accelerator.dma").at("bytes_loaded").at("value").get<double>();
}

TEST(ReloadTilesSimCli, UnchangedWeightsAreMovedInOncePerDramIteration) {
  const nlohmann::json kept = run(false, "", "reload-off.json").at("ops").at(0);
  const nlohmann::json reloaded = run(true, "", "reload-on.json").at("ops").at(0);
  const double inputs = 64.0 * 64.0;   // int8 A, each block once either way
  const double weights = 64.0 * 64.0;  // int8 B
  EXPECT_EQ(bytes_loaded(kept), inputs + weights);
  EXPECT_EQ(bytes_loaded(reloaded), inputs + 4.0 * weights);
  // Three more weight loads, and they take time.
  EXPECT_EQ(reloaded.at("commands").get<double>(), kept.at("commands").get<double>() + 3.0);
  EXPECT_GT(reloaded.at("latency_cycles").get<double>(), kept.at("latency_cycles").get<double>());
  EXPECT_EQ(reloaded.at("macs").get<double>(), kept.at("macs").get<double>());
}

TEST(ReloadTilesSimCli, FunctionalModeIsExactWithReloads) {
  // Functional mode compares the accumulator's values: outputs at full precision.
  const nlohmann::json result = run(true, " --functional --set pe_array.output_bits=32", "reload-functional.json");
  EXPECT_TRUE(result.at("ops").at(0).at("functional").at("passed").get<bool>());
}

}  // namespace
}  // namespace sextant
