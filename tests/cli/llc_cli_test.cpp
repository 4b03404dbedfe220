// SPDX-License-Identifier: Apache-2.0
// sextant-sim with the last-level cache between the DMA and the DRAM: Gemmini-like core,
// DDR3-1600 (as in FireSim), 4 MiB LLC. Each run is its own process, so two designs can
// be compared in one TEST. Nothing here measures wall time.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.h"

namespace sextant {
namespace {

using testing_support::run_command;
using testing_support::source_path;
using testing_support::write_temp_file;

const std::string kSim = SEXTANT_SIM_PATH;
const std::string kDdr3 = " --set memory.dram.preset=ddr3-1600";
const std::string kLlc = " --set memory.llc.size=4MiB --set memory.llc.ways=8 --set memory.llc.line=64B";

nlohmann::json simulate(const std::string& workload, const std::string& extra, const std::string& out_name) {
  return testing_support::run_sim_json(
      kSim, "--arch " + source_path("yaml/arch/gemmini-ddr4-like.yaml") + " --workload " + workload + extra, out_name);
}

double stat(const nlohmann::json& op, const std::string& group, const std::string& name) {
  return op.at("stats").at(group).at(name).at("value").get<double>();
}

/// ResNet-50's layer4 strided 3x3 convolution: memory-bound on this core, and its default
/// mapping reloads input tiles once per block of output channels: the reloads hit in the
/// LLC (measured 0.66x the cycles, docs/models/cache.md).
TEST(LlcSimCli, ReuseHeavyLayerIsNeverSlowerWithTheLlcAndReadsLessDram) {
  const std::string workload = write_temp_file("layer4.yaml", R"(name: layer4-conv2
ops:
  - {name: layer4_0_conv2, type: conv, in_channels: 512, out_channels: 512, in_h: 14, kernel: 3, stride: 2, padding: 1}
)");
  const nlohmann::json plain = simulate(workload, kDdr3, "conv-plain.json").at("ops").at(0);
  const nlohmann::json cached = simulate(workload, kDdr3 + kLlc, "conv-llc.json").at("ops").at(0);
  EXPECT_LE(cached.at("latency_cycles").get<double>(), plain.at("latency_cycles").get<double>());
  EXPECT_GT(stat(cached, "accelerator.llc", "hits"), 0.0);
  EXPECT_LT(cached.at("bytes_read").at("DRAM").get<double>(), plain.at("bytes_read").at("DRAM").get<double>());
  // Conservation: the DRAM saw exactly the LLC's fills and write-backs.
  const double line = 64.0;
  EXPECT_EQ(cached.at("bytes_read").at("DRAM").get<double>(), stat(cached, "accelerator.llc", "fills") * line);
  EXPECT_EQ(cached.at("bytes_written").at("DRAM").get<double>(),
            stat(cached, "accelerator.llc", "writebacks") * line);
  // The DMA asked the LLC for what it used to ask the DRAM for.
  EXPECT_EQ(stat(cached, "accelerator.llc", "bytes_read"), plain.at("bytes_read").at("DRAM").get<double>());
  EXPECT_GT(cached.at("energy_breakdown_pj").at("llc").get<double>(), 0.0);
  EXPECT_GT(cached.at("area_breakdown_mm2").at("llc").get<double>(), 0.0);
}

/// The ResNet-50 classifier streams 2 MB of weights used once: nothing to reuse.
TEST(LlcSimCli, StreamingLayerGainsNothingFromTheLlc) {
  const std::string workload = write_temp_file("fc.yaml", R"(name: fc-only
ops:
  - {name: fc, type: fc, batch: 1, in_features: 2048, out_features: 1000}
)");
  const nlohmann::json plain = simulate(workload, kDdr3, "fc-plain.json").at("ops").at(0);
  const nlohmann::json cached = simulate(workload, kDdr3 + kLlc, "fc-llc.json").at("ops").at(0);
  EXPECT_EQ(stat(cached, "accelerator.llc", "hit_rate"), 0.0);
  // Every byte is fetched once, in whole lines (a tile row's ragged end costs its line).
  EXPECT_GE(cached.at("bytes_read").at("DRAM").get<double>(), plain.at("bytes_read").at("DRAM").get<double>());
  EXPECT_LE(cached.at("bytes_read").at("DRAM").get<double>(),
            1.001 * plain.at("bytes_read").at("DRAM").get<double>());
  const double ratio = cached.at("latency_cycles").get<double>() / plain.at("latency_cycles").get<double>();
  // Every line misses; the LLC adds its lookup and can hold only `mshrs` lines in flight
  // (docs/models/cache.md gives the measured ratio and why).
  EXPECT_GE(ratio, 1.0);
  EXPECT_LT(ratio, 1.6);
}

TEST(LlcSimCli, WarmInputsHitFromTheFirstLoad) {
  const std::string workload = source_path("yaml/workloads/conv-3x3.yaml");
  const nlohmann::json cold = simulate(workload, kDdr3 + kLlc, "conv-cold.json").at("ops").at(0);
  const nlohmann::json warm =
      simulate(workload, kDdr3 + kLlc + " --set memory.llc.warm=all", "conv-warm.json").at("ops").at(0);
  EXPECT_GT(stat(warm, "accelerator.llc", "hits"), stat(cold, "accelerator.llc", "hits"));
  EXPECT_LT(stat(warm, "accelerator.llc", "fills"), stat(cold, "accelerator.llc", "fills"));
  EXPECT_LE(warm.at("latency_cycles").get<double>(), cold.at("latency_cycles").get<double>());
}

TEST(LlcSimCli, FunctionalModeIsExactThroughTheLlc) {
  for (const std::string& memory : {kDdr3, std::string(" --set memory.model=fixed")}) {
    const nlohmann::json result = simulate(source_path("yaml/workloads/conv-3x3.yaml"),
                                           memory + kLlc + " --set memory.llc.size=64KiB --functional",
                                           "conv-functional.json");
    EXPECT_TRUE(result.at("ops").at(0).at("functional").at("passed").get<bool>()) << memory;
    EXPECT_GT(stat(result.at("ops").at(0), "accelerator.llc", "writebacks"), 0.0) << memory;
  }
}

TEST(LlcSimCli, BadLlcConfigsAreOneLineWithFileLineAndKey) {
  const std::string arch = source_path("yaml/arch/gemmini-ddr4-like.yaml");
  const struct {
    std::string set;
    std::string expected;
  } cases[] = {
      {"memory.llc.ways=0", "key 'memory.llc.ways': expected an integer from 1 to 1024, found 0"},
      {"memory.llc.line=48B", "key 'memory.llc.line': expected a power of two from 8 B to 4 KiB, found 48 B"},
      {"memory.llc.size=1000B", "key 'memory.llc.size': expected a multiple of ways x line (512 B), found 1000 B"},
      {"memory.llc.warm=hot", "key 'memory.llc.warm': expected one of none, inputs, all, found 'hot'"},
      {"memory.llc.colour=red", "memory.llc.colour"},
      {"memory.llc.mshrs=0", "key 'memory.llc.mshrs': expected an integer from 1 to 4096, found 0"},
      {"memory.llc.replacement=fifo", "key 'memory.llc.replacement': expected one of lru, random, found 'fifo'"},
      {"memory.llc.tag_cycles=-1", "key 'memory.llc.tag_cycles': expected an integer from 0 to 1000000, found -1"},
      {"memory.llc.occupied=maybe", "key 'memory.llc.occupied'"},
  };
  for (const auto& bad : cases) {
    const auto result = run_command(kSim + " --arch " + arch + " --set " + bad.set + " --dump-config");
    EXPECT_EQ(result.exit_code, 2) << bad.set;
    EXPECT_NE(result.error.find(bad.expected), std::string::npos) << bad.set << ": " << result.error;
    EXPECT_EQ(result.error.find('\n'), result.error.size() - 1) << result.error;
  }
}

TEST(LlcSimCli, DumpConfigRoundTripsTheLlcSection) {
  const auto trip = testing_support::dump_config_round_trip(
      kSim,
      "--arch " + source_path("yaml/arch/gemmini-ddr4-like.yaml") + kLlc +
          " --set memory.llc.warm=inputs --set memory.llc.replacement=random --set memory.llc.tag_cycles=2"
          " --set memory.llc.occupied=true",
      "dumped-llc.yaml");
  ASSERT_EQ(trip.first.exit_code, 0) << trip.first.error;
  // Every key is written out, the power keys of the DRAM preset too.
  for (const char* key : {"warm: inputs", "replacement: random", "mshrs: 8", "line: 64 B", "idd4r_ma: 184.5",
                          "tag_cycles: 2", "occupied: true"}) {
    EXPECT_NE(trip.first.output.find(key), std::string::npos) << key << "\n" << trip.first.output;
  }
  ASSERT_EQ(trip.second.exit_code, 0) << trip.second.error;
  EXPECT_EQ(trip.second.output, trip.first.output);
}

}  // namespace
}  // namespace sextant
