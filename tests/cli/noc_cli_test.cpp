// SPDX-License-Identifier: Apache-2.0
// Multi-core accelerators from the command line: splitting a compute-bound layer across 4
// cores with ideal memory is close to 4x faster in both fidelities, ResNet-50 runs on the
// Simba-like preset in timing mode and (reduced) in functional mode, and both fidelities
// report the same keys for a NoC arch.
#include <algorithm>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.h"

namespace sextant {
namespace {

using testing_support::read_file;
using testing_support::source_path;
using testing_support::write_temp_file;

const std::string kSim = SEXTANT_SIM_PATH;

nlohmann::json simulate(const std::string& args, const std::string& output_name) {
  return testing_support::run_sim_json(kSim, args, output_name);
}

std::string simba() { return "--arch " + source_path("yaml/arch/simba-like.yaml"); }

// Tolerance: 4 cores may lose up to 10% to the edge fold of each core's part and to the
// pipeline fill every core pays once, so the speedup must lie in [3.6, 4.0].
TEST(NocCli, FourCoresAreCloseToFourTimesFasterOnAComputeBoundLayer) {
  const std::string layer = "--workload " + source_path("yaml/workloads/conv-3x3.yaml") + " --ideal-memory ";
  for (const std::string fidelity : {"tlm", "analytical"}) {
    SCOPED_TRACE(fidelity);
    const auto one = simulate(simba() + " " + layer + "--set noc.cores=1 --fidelity " + fidelity, "one.json");
    const auto four = simulate(simba() + " " + layer + "--set noc.cores=4 --fidelity " + fidelity, "four.json");
    ASSERT_TRUE(one.contains("total") && four.contains("total"));
    const double speedup = one["total"]["latency_cycles"].get<double>() / four["total"]["latency_cycles"].get<double>();
    EXPECT_GE(speedup, 3.6);
    EXPECT_LE(speedup, 4.0);
    EXPECT_EQ(one["total"]["macs"], four["total"]["macs"]);
  }
}

TEST(NocCli, BothFidelitiesReportTheSameKeysOnANocArch) {
  const std::string args = simba() + " --workload " + source_path("yaml/workloads/conv-3x3.yaml");
  const auto tlm = simulate(args + " --fidelity tlm", "tlm.json");
  const auto analytical = simulate(args + " --fidelity analytical", "analytical.json");
  // busy_cycles differ by design: the analytical model books only the PE array and the NoC.
  for (const char* map : {"stall_cycles", "bytes_read", "bytes_written"}) {
    SCOPED_TRACE(map);
    std::vector<std::string> tlm_keys, analytical_keys;
    for (const auto& [key, value] : tlm["total"][map].items()) tlm_keys.push_back(key);
    for (const auto& [key, value] : analytical["total"][map].items()) analytical_keys.push_back(key);
    EXPECT_EQ(tlm_keys, analytical_keys);
  }
  EXPECT_TRUE(tlm["total"]["stall_cycles"].contains("noc"));
}

TEST(NocCli, TraceHasOneTrackPerLinkAddingUpToItsBusyCycles) {
  const std::string trace_path = write_temp_file("noc-trace.json", "");
  const auto result = simulate(simba() + " --workload " + source_path("yaml/workloads/conv-3x3.yaml") + " --trace " +
                                   trace_path,
                               "noc-trace-result.json");
  ASSERT_TRUE(result.contains("total"));
  const nlohmann::json trace = nlohmann::json::parse(read_file(trace_path));
  std::map<int, std::string> track_names;
  std::map<std::string, double> busy;
  for (const auto& event : trace.at("traceEvents")) {
    if (event.at("ph") == "M") track_names[event.at("tid").get<int>()] = event.at("args").at("name");
  }
  for (const auto& event : trace.at("traceEvents")) {
    if (event.at("ph") != "X") continue;
    const std::string& track = track_names.at(event.at("tid").get<int>());
    if (track.rfind("accelerator.noc.", 0) == 0) busy[track] += event.at("args").at("busy_cycles").get<double>();
  }
  // 16 cores x (inject, eject) + 4 controllers x (in, out) + 48 mesh links, all used here.
  EXPECT_EQ(busy.size(), 88u);
  double busiest = 0.0;
  for (const auto& [track, cycles] : busy) busiest = std::max(busiest, cycles);
  EXPECT_NEAR(busiest, result["total"]["busy_cycles"]["noc"].get<double>(), 1.0);
}

TEST(NocCli, ResNet50RunsOnTheSimbaLikePresetInTimingMode) {
  const auto result = simulate(simba() + " --workload " + source_path("yaml/workloads/resnet50.yaml"), "resnet50.json");
  ASSERT_TRUE(result.contains("total"));
  EXPECT_EQ(result["total"]["macs"].get<std::uint64_t>(), 4089184256u);
  EXPECT_GT(result["total"]["latency_cycles"].get<std::uint64_t>(), 4089184256u / (16 * 64));
  EXPECT_TRUE(result["total"]["stall_cycles"].contains("noc"));
}

TEST(NocCli, ReducedResNet50IsExactOnTheSimbaLikePresetInFunctionalMode) {
  // The full ResNet-50 with real data takes minutes; its reduced copy keeps every layer
  // shape class (kernel, stride, padding) at small sizes.
  const auto result = simulate(simba() + " --functional --workload " +
                                   source_path("yaml/workloads/reduced/resnet50_reduced.yaml"),
                               "resnet50_reduced.json");
  ASSERT_TRUE(result.contains("total"));
  EXPECT_TRUE(result["total"]["functional"]["passed"].get<bool>());
  EXPECT_GT(result["total"]["functional"]["checked"].get<std::uint64_t>(), 0u);
}

}  // namespace
}  // namespace sextant
