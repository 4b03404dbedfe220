// SPDX-License-Identifier: Apache-2.0
// sextant-dram-bench as users run it, and sextant-sim with the DRAM model behind the DMA.
// Figures are checked against the preset's parameters with the tolerances documented in
// docs/models/dram.md; nothing here measures wall time.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.h"

namespace sextant {
namespace {

using testing_support::read_file;
using testing_support::run_command;
using testing_support::source_path;
using testing_support::write_temp_file;

const std::string kBench = SEXTANT_DRAM_BENCH_PATH;
const std::string kSim = SEXTANT_SIM_PATH;

// DDR4-2400 preset values, in tCK = 0.833 ns (yaml/dram/ddr4-2400.yaml).
constexpr double kTck = 0.833;
constexpr double kFrontend = 2, kTrcd = 17, kTrp = 17, kCl = 17, kBurst = 4;

nlohmann::json bench(const std::string& args) {
  const auto result = run_command(kBench + " --json " + args);
  EXPECT_EQ(result.exit_code, 0) << result.error;
  return nlohmann::json::parse(result.output);
}

int line_count(const std::string& text) {
  int lines = 0;
  for (char c : text) lines += c == '\n';
  return lines;
}

TEST(DramBenchCli, HelpExitsZero) {
  const auto result = run_command(kBench + " --help");
  EXPECT_EQ(result.exit_code, 0);
  for (const char* option : {"--preset", "--pattern", "--requests", "--outstanding", "--json"}) {
    EXPECT_NE(result.output.find(option), std::string::npos) << option;
  }
}

TEST(DramBenchCli, PrintsEveryKey) {
  const nlohmann::json out = bench("--preset ddr4-2400 --pattern seq-read --requests 2000");
  for (const char* key : {"bandwidth_gb_per_s", "peak_gb_per_s", "latency_ns_mean", "latency_ns_p99", "row_hits",
                          "row_misses", "row_conflicts"}) {
    EXPECT_TRUE(out.contains(key)) << key;
  }
  const auto text = run_command(kBench + " --preset ddr4-2400 --pattern seq-read --requests 2000");
  EXPECT_NE(text.output.find("bandwidth_gb_per_s: "), std::string::npos) << text.output;
}

TEST(DramBenchCli, SequentialReadsReachEightyToNinetyEightPercentOfPeak) {
  const nlohmann::json out = bench("--preset ddr4-2400 --pattern seq-read");
  const double ratio = out.at("bandwidth_gb_per_s").get<double>() / out.at("peak_gb_per_s").get<double>();
  EXPECT_NEAR(out.at("peak_gb_per_s").get<double>(), 19.2, 0.05);
  EXPECT_GE(ratio, 0.80);
  EXPECT_LE(ratio, 0.98);
  EXPECT_GT(out.at("row_hits").get<double>(), 0.95 * 20000);
}

TEST(DramBenchCli, RandomReadsAreFarSlower) {
  const double sequential = bench("--preset ddr4-2400 --pattern seq-read").at("bandwidth_gb_per_s").get<double>();
  const nlohmann::json random = bench("--preset ddr4-2400 --pattern random-read");
  EXPECT_LT(random.at("bandwidth_gb_per_s").get<double>(), 0.7 * sequential);
  EXPECT_GT(random.at("row_conflicts").get<double>(), 0.9 * 20000);
}

// Closed page: every read finds its bank closed: frontend + tRCD + CL + burst. Tolerance
// +15%: the rare read to the bank just used waits for tRC, and refreshes add tRFC.
TEST(DramBenchCli, LatencyProbeMatchesClosedPageFormula) {
  const nlohmann::json out = bench("--preset ddr4-2400 --pattern latency --page-policy closed --requests 5000");
  const double formula = (kFrontend + kTrcd + kCl + kBurst) * kTck;
  EXPECT_GE(out.at("latency_ns_mean").get<double>(), formula - 1e-6);
  EXPECT_LE(out.at("latency_ns_mean").get<double>(), 1.15 * formula);
  EXPECT_EQ(out.at("row_hits").get<int>() + out.at("row_conflicts").get<int>(), 0);
}

// Open page, random rows: nearly every read finds another row open (a conflict):
// frontend + tRP + tRCD + CL + burst. Tolerance +10% (first touches are cheaper misses,
// refreshes dearer).
TEST(DramBenchCli, LatencyProbeMatchesOpenPageConflictFormula) {
  const nlohmann::json out = bench("--preset ddr4-2400 --pattern latency --requests 5000");
  const double formula = (kFrontend + kTrp + kTrcd + kCl + kBurst) * kTck;
  EXPECT_GT(out.at("row_conflicts").get<double>(), 0.9 * 5000);
  EXPECT_NEAR(out.at("latency_ns_mean").get<double>(), formula, 0.10 * formula);
  EXPECT_NEAR(out.at("latency_ns_p99").get<double>(), formula, 1e-3);
}

TEST(DramBenchCli, SameSeedSameFigures) {
  const std::string args = " --preset hbm2 --pattern mixed-2r1w --requests 3000";
  EXPECT_EQ(run_command(kBench + args).output, run_command(kBench + args).output);
}

TEST(DramBenchCli, EveryPresetAndPatternRuns) {
  for (const char* preset : {"ddr3-1600", "ddr4-2400", "lpddr4-3200", "hbm2"}) {
    for (const char* pattern : {"seq-read", "seq-write", "random-read", "mixed-2r1w", "strided-8k", "latency"}) {
      SCOPED_TRACE(std::string(preset) + " " + pattern);
      const nlohmann::json out =
          bench(std::string("--preset ") + preset + " --pattern " + pattern + " --requests 500");
      EXPECT_GT(out.at("bandwidth_gb_per_s").get<double>(), 0.0);
      EXPECT_LE(out.at("bandwidth_gb_per_s").get<double>(), out.at("peak_gb_per_s").get<double>());
    }
  }
}

TEST(DramBenchCli, PresetByPath) {
  const nlohmann::json out =
      bench("--preset " + source_path("yaml/dram/lpddr4-3200.yaml") + " --pattern seq-read --requests 500");
  EXPECT_NEAR(out.at("peak_gb_per_s").get<double>(), 12.8, 0.01);
}

void expect_bad_input(const std::string& args, const std::string& fragment) {
  const auto result = run_command(kBench + " " + args);
  EXPECT_EQ(result.exit_code, 2) << result.output << result.error;
  EXPECT_EQ(line_count(result.error), 1) << result.error;
  EXPECT_NE(result.error.find(fragment), std::string::npos) << result.error;
  EXPECT_TRUE(result.output.empty()) << result.output;
}

TEST(DramBenchCli, BadInputIsOneLineAndExitTwo) {
  expect_bad_input("--preset ddr9 --pattern seq-read", "ddr9");
  expect_bad_input("--preset ddr4-2400 --pattern zigzag", "expected one of seq-read");
  expect_bad_input("--preset ddr4-2400", "pattern");
  expect_bad_input("--preset ddr4-2400 --pattern seq-read --requests 0", "--requests");
  expect_bad_input("--preset ddr4-2400 --pattern seq-read --page-policy half", "--page-policy");
  std::string text = read_file(source_path("yaml/dram/ddr4-2400.yaml"));
  text.replace(text.find("bank_groups: 4"), 14, "bank_groups: 0");
  const std::string bad = write_temp_file("bad-ddr.yaml", text);
  expect_bad_input("--preset " + bad + " --pattern seq-read", "key 'bank_groups'");
  expect_bad_input("--preset " + bad + " --pattern seq-read", bad + ":");
}

// --- sextant-sim with the DRAM model -------------------------------------------------------

/// The ResNet-50 classifier: 2048 x 1000 weights used once per image, so every weight
/// byte crosses the memory bus once for two MACs: memory-bound on any of our presets.
const char* kFcWorkload = R"(name: fc-only
ops:
  - {name: fc, type: fc, batch: 1, in_features: 2048, out_features: 1000}
)";

nlohmann::json simulate(const std::string& arch, const std::string& workload, const std::string& extra,
                        const std::string& out_name) {
  return testing_support::run_sim_json(
      kSim, "--arch " + source_path("yaml/arch/" + arch + ".yaml") + " --workload " + workload + " " + extra, out_name);
}

TEST(DramSimCli, MemoryBoundLayerIsSlowerWithDramAndSaysWhy) {
  const std::string workload = write_temp_file("fc.yaml", kFcWorkload);
  const nlohmann::json dram = simulate("gemmini-ddr4-like", workload, "", "fc-dram.json");
  const nlohmann::json ideal = simulate("gemmini-ddr4-like", workload, "--ideal-memory", "fc-ideal.json");
  const nlohmann::json& op = dram.at("ops").at(0);
  const nlohmann::json& ideal_op = ideal.at("ops").at(0);
  // Measurably slower: the DMA streams 2 MB of weights through DDR4 (measured 1.75x).
  EXPECT_GT(op.at("latency_cycles").get<double>(), 1.3 * ideal_op.at("latency_cycles").get<double>());
  // The same traffic, whatever the memory model.
  EXPECT_EQ(op.at("bytes_read").at("DRAM"), ideal_op.at("bytes_read").at("DRAM"));
  EXPECT_EQ(op.at("bytes_written").at("DRAM"), ideal_op.at("bytes_written").at("DRAM"));
  EXPECT_EQ(op.at("memory_requests"), ideal_op.at("memory_requests"));
  // The stall breakdown names memory as the largest cause: the stream runs through open
  // rows, so bandwidth, not row conflicts.
  const nlohmann::json& stalls = op.at("stall_cycles");
  const double memory = stalls.at("dram_bandwidth").get<double>();
  for (const auto& [cause, cycles] : stalls.items()) EXPECT_GE(memory, cycles.get<double>()) << cause;
  EXPECT_GT(memory, 0.3 * op.at("latency_cycles").get<double>());
  EXPECT_LT(stalls.at("dram_row_conflict").get<double>(), 0.2 * memory);
  double stalled = 0.0;
  for (const auto& [cause, cycles] : stalls.items()) stalled += cycles.get<double>();
  EXPECT_EQ(op.at("latency_cycles").get<double>(), op.at("busy_cycles").at("pe_array").get<double>() + stalled);
  EXPECT_EQ(ideal_op.at("stall_cycles").at("dram_bandwidth").get<double>(), 0.0);
  // The DRAM's own statistics group, with row-buffer outcomes and command counts.
  const nlohmann::json& stats = op.at("stats").at("accelerator.dram");
  for (const char* key : {"row_hits", "row_misses", "row_conflicts", "activates", "precharges", "reads", "writes",
                          "refreshes", "latency_ns_mean", "latency_ns_p99", "bandwidth_gb_per_s", "peak_gb_per_s"}) {
    EXPECT_TRUE(stats.contains(key)) << key;
  }
  EXPECT_EQ(stats.at("bytes_read").at("value").get<double>(), op.at("bytes_read").at("DRAM").get<double>());
  const double achieved = stats.at("bandwidth_gb_per_s").at("value").get<double>();
  EXPECT_GT(achieved, 0.0);
  EXPECT_LT(achieved, stats.at("peak_gb_per_s").at("value").get<double>());
}

TEST(DramSimCli, ClosedPageCostsMoreDramEnergyForTheSameBytes) {
  // Every burst activates a row with the closed-page policy; the open page streams through
  // each row. Energy per command comes from the preset's IDD currents (docs/ppa.md).
  const std::string workload = write_temp_file("fc-energy.yaml", kFcWorkload);
  const nlohmann::json open = simulate("gemmini-ddr4-like", workload, "", "fc-open.json").at("ops").at(0);
  const nlohmann::json closed =
      simulate("gemmini-ddr4-like", workload, "--set memory.dram.page_policy=closed", "fc-closed.json").at("ops").at(0);
  EXPECT_EQ(open.at("bytes_read").at("DRAM"), closed.at("bytes_read").at("DRAM"));
  const auto activates = [](const nlohmann::json& op) {
    return op.at("stats").at("accelerator.dram").at("activates").at("value").get<double>();
  };
  EXPECT_GT(activates(closed), 10 * activates(open));
  EXPECT_GT(closed.at("energy_breakdown_pj").at("dram").get<double>(),
            1.5 * open.at("energy_breakdown_pj").at("dram").get<double>());
}

TEST(DramSimCli, RowMissesShowInTheStallBreakdown) {
  // The same stream with the closed-page policy opens a row for every burst: the stall
  // breakdown attributes part of the wait to row opening, more than with open pages.
  const std::string workload = write_temp_file("fc-stalls.yaml", kFcWorkload);
  const nlohmann::json open = simulate("gemmini-ddr4-like", workload, "", "fc-open-stalls.json").at("ops").at(0);
  const nlohmann::json closed = simulate("gemmini-ddr4-like", workload, "--set memory.dram.page_policy=closed",
                                         "fc-closed-stalls.json")
                                    .at("ops")
                                    .at(0);
  const auto rows = [](const nlohmann::json& op) { return op.at("stall_cycles").at("dram_row_conflict").get<double>(); };
  const auto share = [](const nlohmann::json& op) {
    return op.at("stats").at("accelerator.dram").at("row_overhead_share").at("value").get<double>();
  };
  EXPECT_GT(rows(closed), 2.0 * rows(open));
  EXPECT_GT(share(closed), 0.5);  // tRCD 17 against 4 tCK of data per burst
  EXPECT_LT(share(open), 0.1);
  const double waited = closed.at("stall_cycles").at("dram_bandwidth").get<double>() + rows(closed);
  EXPECT_NEAR(rows(closed), share(closed) * waited, 1.0);
}

TEST(DramSimCli, FunctionalModeIsExactWithDram) {
  const nlohmann::json result =
      simulate("gemmini-ddr4-like", source_path("yaml/workloads/conv-3x3.yaml"), "--functional", "conv-dram.json");
  EXPECT_TRUE(result.at("ops").at(0).at("functional").at("passed").get<bool>());
}

TEST(DramSimCli, DumpConfigRoundTripsTheDramSection) {
  const auto trip = testing_support::dump_config_round_trip(
      kSim, "--arch " + source_path("yaml/arch/gemmini-ddr4-like.yaml") + " --set memory.dram.page_policy=closed",
      "dumped-ddr4.yaml");
  ASSERT_EQ(trip.first.exit_code, 0) << trip.first.error;
  EXPECT_NE(trip.first.output.find("page_policy: closed"), std::string::npos) << trip.first.output;
  ASSERT_EQ(trip.second.exit_code, 0) << trip.second.error;
  EXPECT_EQ(trip.second.output, trip.first.output);
}

}  // namespace
}  // namespace sextant
