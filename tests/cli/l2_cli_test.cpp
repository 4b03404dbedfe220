// SPDX-License-Identifier: Apache-2.0
// sextant-sim with two caches between the DMA and the DRAM: an on-chip L2 (memory.l2) in
// front of the last-level cache (memory.llc), as in a Rocket/Gemmini SoC under FireSim.
// Checks byte conservation along the chain, warm hits, functional exactness, bad configs
// and the dump round trip. Each run is its own process; nothing here measures wall time.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.h"

namespace sextant {
namespace {

const std::string kSim = SEXTANT_SIM_PATH;
const std::string kDdr3Llc =
    " --set memory.dram.preset=ddr3-1600 --set memory.llc.size=4MiB --set memory.llc.ways=8 --set memory.llc.line=128B";
const std::string kL2 = " --set memory.l2.size=64KiB --set memory.l2.ways=8 --set memory.l2.line=64B --set memory.l2.mshrs=5";

nlohmann::json simulate(const std::string& workload, const std::string& extra, const std::string& out_name) {
  return testing_support::run_sim_json(
      kSim, "--arch " + testing_support::source_path("yaml/arch/gemmini-ddr4-like.yaml") + " --workload " + workload + extra,
      out_name);
}

double stat(const nlohmann::json& op, const std::string& group, const std::string& name) {
  return op.at("stats").at(group).at(name).at("value").get<double>();
}

std::string layer4_conv() {
  return testing_support::write_temp_file("l2-layer4.yaml", R"(name: layer4-conv2
ops:
  - {name: layer4_0_conv2, type: conv, in_channels: 512, out_channels: 512, in_h: 14, kernel: 3, stride: 2, padding: 1}
)");
}

TEST(L2SimCli, EveryByteIsCountedOnceAlongDmaL2LlcDram) {
  const std::string workload = layer4_conv();
  const nlohmann::json llc_only = simulate(workload, kDdr3Llc, "l2-none.json").at("ops").at(0);
  const nlohmann::json both = simulate(workload, kDdr3Llc + kL2, "l2-both.json").at("ops").at(0);
  // The DMA asks the L2 for what it asked the LLC for without one.
  EXPECT_EQ(stat(both, "accelerator.l2", "bytes_read"), stat(llc_only, "accelerator.llc", "bytes_read"));
  EXPECT_EQ(stat(both, "accelerator.l2", "bytes_written"), stat(llc_only, "accelerator.llc", "bytes_written"));
  // The LLC sees the L2's 64 B fills and write-backs, the DRAM the LLC's 128 B ones.
  EXPECT_EQ(stat(both, "accelerator.llc", "bytes_read"), stat(both, "accelerator.l2", "fills") * 64.0);
  EXPECT_EQ(stat(both, "accelerator.llc", "bytes_written"), stat(both, "accelerator.l2", "writebacks") * 64.0);
  EXPECT_EQ(both.at("bytes_read").at("DRAM").get<double>(), stat(both, "accelerator.llc", "fills") * 128.0);
  // This layer's 16 B weight rows are far apart and their line's other rows come a whole
  // K block later: in a 64 KiB L2 every row costs a 64 B line of its own, so the LLC
  // serves about 4x what the DMA asks (the 4 MiB LLC keeps the lines and hits).
  EXPECT_GE(stat(both, "accelerator.l2", "fills") * 64.0, stat(both, "accelerator.l2", "bytes_read"));
  EXPECT_GT(stat(both, "accelerator.llc", "bytes_read"), 3.0 * stat(both, "accelerator.l2", "bytes_read"));
  // The L2 is a storage level, a busy component and a priced part of its own.
  EXPECT_GT(both.at("bytes_read").at("L2").get<double>(), 0.0);
  EXPECT_GT(both.at("busy_cycles").at("l2").get<double>(), 0.0);
  EXPECT_GT(both.at("energy_breakdown_pj").at("l2").get<double>(), 0.0);
  EXPECT_GT(both.at("area_breakdown_mm2").at("l2").get<double>(), 0.0);
  EXPECT_GT(both.at("area_mm2").get<double>(), llc_only.at("area_mm2").get<double>());
}

TEST(L2SimCli, AWarmL2ThatHoldsTheLayerServesEveryReadItself) {
  const std::string workload = testing_support::source_path("yaml/workloads/conv-3x3.yaml");
  const nlohmann::json warm =
      simulate(workload, kDdr3Llc + kL2 + " --set memory.l2.size=4MiB --set memory.l2.warm=all", "l2-warm.json")
          .at("ops")
          .at(0);
  const nlohmann::json cold = simulate(workload, kDdr3Llc + kL2, "l2-cold.json").at("ops").at(0);
  // Inputs and weights were put in the L2: only the outputs' partial lines still go to the
  // LLC (write-allocate fetches the rest of a line it does not fully write).
  EXPECT_GT(stat(warm, "accelerator.l2", "hits"), stat(cold, "accelerator.l2", "hits"));
  EXPECT_LT(stat(warm, "accelerator.llc", "bytes_read"), stat(cold, "accelerator.llc", "bytes_read"));
  EXPECT_LT(warm.at("latency_cycles").get<double>(), cold.at("latency_cycles").get<double>());
}

TEST(L2SimCli, FunctionalModeIsExactThroughBothCaches) {
  const nlohmann::json result = simulate(testing_support::source_path("yaml/workloads/conv-3x3.yaml"),
                                         kDdr3Llc + kL2 + " --set memory.l2.size=16KiB --functional", "l2-functional.json");
  EXPECT_TRUE(result.at("ops").at(0).at("functional").at("passed").get<bool>());
  EXPECT_GT(stat(result.at("ops").at(0), "accelerator.l2", "writebacks"), 0.0);
}

TEST(L2SimCli, BadL2ConfigsAreOneLineWithFileLineAndKey) {
  const std::string arch = testing_support::source_path("yaml/arch/gemmini-ddr4-like.yaml");
  const struct {
    std::string set;
    std::string expected;
  } cases[] = {
      {"memory.l2.ways=0", "key 'memory.l2.ways': expected an integer from 1 to 1024, found 0"},
      {"memory.l2.line=48B", "key 'memory.l2.line': expected a power of two from 8 B to 4 KiB, found 48 B"},
      {"memory.l2.warm=hot", "key 'memory.l2.warm': expected one of none, inputs, all, found 'hot'"},
      {"memory.l2.colour=red", "memory.l2.colour"},
  };
  for (const auto& bad : cases) {
    const auto result = testing_support::run_command(kSim + " --arch " + arch + " --set " + bad.set + " --dump-config");
    EXPECT_EQ(result.exit_code, 2) << bad.set;
    EXPECT_NE(result.error.find(bad.expected), std::string::npos) << bad.set << ": " << result.error;
    EXPECT_EQ(result.error.find('\n'), result.error.size() - 1) << result.error;
  }
}

TEST(L2SimCli, DumpConfigRoundTripsTheL2Section) {
  const auto trip = testing_support::dump_config_round_trip(
      kSim, "--arch " + testing_support::source_path("yaml/arch/gemmini-firesim-like-d16.yaml"), "dumped-l2.yaml");
  ASSERT_EQ(trip.first.exit_code, 0) << trip.first.error;
  for (const char* key : {"l2:", "size: 512 KiB", "mshrs: 10", "line: 128 B", "tag_cycles: 2", "reload_unchanged_tiles: true"}) {
    EXPECT_NE(trip.first.output.find(key), std::string::npos) << key << "\n" << trip.first.output;
  }
  ASSERT_EQ(trip.second.exit_code, 0) << trip.second.error;
  EXPECT_EQ(trip.second.output, trip.first.output);
}

}  // namespace
}  // namespace sextant
