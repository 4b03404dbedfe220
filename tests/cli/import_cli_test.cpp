// SPDX-License-Identifier: Apache-2.0
// Files written for other tools, run as users run them: a SCALE-Sim topology on a SCALE-Sim
// config matches SCALE-Sim's published systolic formula (Samajdar et al., ISPASS 2020) for
// OS, WS and IS; GEMM topologies and Timeloop problems run; malformed rows are one-line errors.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <tuple>

#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.h"

namespace sextant {
namespace {

using testing_support::read_file;
using testing_support::run_command;
using testing_support::write_temp_file;

const std::string kSim = SEXTANT_SIM_PATH;

// A SCALE-Sim config with SRAMs of `sram_kib` each (the repository's
// tests/data/scalesim/scale.cfg is SCALE-Sim's default, 64 KiB).
std::string scalesim_cfg(const std::string& dataflow, int sram_kib) {
  const std::string kib = std::to_string(sram_kib);
  return "[general]\nrun_name = formula_" + dataflow +
         "\n\n[architecture_presets]\nArrayHeight: 32\nArrayWidth: 32\nIfmapSramSzkB: " + kib +
         "\nFilterSramSzkB: " + kib + "\nOfmapSramSzkB: " + kib +
         "\nIfmapOffset: 0\nFilterOffset: 10000000\n"
         "OfmapOffset: 20000000\nBandwidth : 10\nDataflow : " +
         dataflow + "\nMemoryBanks: 1\n\n[run_presets]\nInterfaceBandwidth: CALC\n";
}

struct Layer {
  const char* name;
  std::int64_t ifmap_h, ifmap_w, filter_h, filter_w, channels, filters, stride;
};

// The layers of tests/data/scalesim/three_convs.csv (v2 dialect, trailing commas): a
// pointwise, a 3x3 and a strided 3x3 conv. Keep both in step.
const Layer kLayers[] = {{"pw", 16, 16, 1, 1, 64, 64, 1}, {"conv3", 18, 18, 3, 3, 32, 64, 1},
                         {"s2", 33, 33, 3, 3, 32, 32, 2}};

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

/// SCALE-Sim's compute cycles: per layer, ceil(Sr/R) x ceil(Sc/C) folds of 2R + C + T - 2.
std::int64_t scalesim_formula(const std::string& dataflow, std::int64_t rows, std::int64_t cols) {
  std::int64_t total = 0;
  for (const Layer& l : kLayers) {
    const std::int64_t pixels = ((l.ifmap_h - l.filter_h) / l.stride + 1) * ((l.ifmap_w - l.filter_w) / l.stride + 1);
    const std::int64_t window = l.filter_h * l.filter_w * l.channels;
    std::int64_t sr = pixels, sc = l.filters, t = window;  // OS
    if (dataflow == "ws") sr = window, sc = l.filters, t = pixels;
    if (dataflow == "is") sr = window, sc = pixels, t = l.filters;
    total += ceil_div(sr, rows) * ceil_div(sc, cols) * (2 * rows + cols + t - 2);
  }
  return total;
}

class ScaleSimFormula : public ::testing::TestWithParam<std::tuple<std::string, int>> {};

TEST_P(ScaleSimFormula, CyclesWithinFivePercentOfScaleSim) {
  const auto [dataflow, sram_kib] = GetParam();
  const std::string name = "formula_" + dataflow + "_" + std::to_string(sram_kib);
  // SCALE-Sim's default config as a user has it (its dataflow set on the command line), or
  // a written one with large SRAMs.
  std::string upper = dataflow;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  const std::string arch = sram_kib == 64 ? testing_support::source_path("tests/data/scalesim/scale.cfg") +
                                                " --set pe_array.dataflow=" + upper
                                          : write_temp_file(name + ".cfg", scalesim_cfg(dataflow, sram_kib));
  const std::string csv = testing_support::source_path("tests/data/scalesim/three_convs.csv");
  const std::string out = ::testing::TempDir() + name + "_" + std::to_string(getpid()) + ".json";
  const auto result = run_command(kSim + " --arch " + arch + " --workload " + csv + " --ideal-memory --quiet --output " + out);
  ASSERT_EQ(result.exit_code, 0) << result.error;
  const auto json = nlohmann::json::parse(read_file(out));
  const auto cycles = json["total"]["latency_cycles"].get<std::int64_t>();
  const std::int64_t expected = scalesim_formula(dataflow, 32, 32);
  EXPECT_LE(std::abs(cycles - expected), expected / 20) << cycles << " vs SCALE-Sim " << expected;
}

// SCALE-Sim's default 64 KiB SRAMs, and 1 MiB ones where no layer needs tiling.
INSTANTIATE_TEST_SUITE_P(Dataflows, ScaleSimFormula,
                         ::testing::Combine(::testing::Values("os", "ws", "is"), ::testing::Values(64, 1024)));

TEST(ImportCli, GemmTopologyDpLayerAndTimeloopProblemRun) {
  const std::string cfg = write_temp_file("run.cfg", scalesim_cfg("ws", 1024));
  const std::string gemm = write_temp_file("gemm.csv", "Layer, M, N, K,\nQKT, 128, 128, 64,\nFC, 64, 96, 40, 1:1,\n");
  const std::string depthwise =
      write_temp_file("mobile.csv",
                      "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                      "Conv_DP, 16, 16, 3, 3, 8, 1, 1,\n");
  const std::string problem = write_temp_file(
      "conv.yaml", "problem:\n  shape: cnn-layer\n  instance: {C: 16, M: 16, R: 3, S: 3, P: 8, Q: 8, N: 1}\n");
  for (const std::string& workload : {gemm, depthwise, problem}) {
    const auto result = run_command(kSim + " --functional --arch " + cfg + " --workload " + workload + " --quiet");
    EXPECT_EQ(result.exit_code, 0) << workload << "\n" << result.error;
  }
}

TEST(ImportCli, MalformedRowIsOneLineErrorWithFileAndLine) {
  const std::string cfg = write_temp_file("bad_row.cfg", scalesim_cfg("os", 1024));
  const std::string csv = write_temp_file(
      "bad_row.csv",
      "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
      "ok, 8, 8, 3, 3, 4, 8, 1,\nbad, 8, 8, 3, x, 4, 8, 1,\n");
  const auto result = run_command(kSim + " --arch " + cfg + " --workload " + csv);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(std::count(result.error.begin(), result.error.end(), '\n'), 1) << result.error;
  EXPECT_NE(result.error.find("bad_row.csv:3:"), std::string::npos) << result.error;
  EXPECT_NE(result.error.find("'Filter Width'"), std::string::npos) << result.error;
}

}  // namespace
}  // namespace sextant

namespace sextant {
namespace {

TEST(ImportCli, TimeloopProblemWithTimeloopMapping) {
  using testing_support::source_path;
  // C = K = 16, 8x8 output, 3x3 filter on the Gemmini-like preset (WS, 16x16): C on rows,
  // K on columns, the 8x8 output streamed, the window folded in the accumulator level.
  const std::string problem = write_temp_file(
      "tl_conv.yaml", "problem:\n  shape: {name: CNN-Layer}\n  instance: {C: 16, K: 16, R: 3, S: 3, P: 8, Q: 8}\n");
  const std::string mapping = write_temp_file(
      "tl_mapping.yaml",
      "mapping:\n"
      "  - {target: DRAM, type: temporal, factors: N=1, permutation: NCKPQRSG}\n"
      "  - {target: Accumulator, type: temporal, factors: R=3 S=3, permutation: RSCKPQNG}\n"
      "  - {target: Accumulator, type: spatial, factors: K=16 C=16, permutation: KC, split: 1}\n"
      "  - {target: Registers, type: temporal, factors: P=8 Q=8, permutation: QPNGCKRS}\n"
      "  - {target: Registers, type: datatype, keep: [Weights], bypass: [Inputs, Outputs]}\n");
  const std::string out = ::testing::TempDir() + "tl.json";
  const auto result = run_command(kSim + " --functional --arch " + source_path("yaml/arch/gemmini-default-like.yaml") +
                                  " --workload " + problem + " --mapping " + mapping + " --quiet --output " + out);
  ASSERT_EQ(result.exit_code, 0) << result.error;
  const auto json = nlohmann::json::parse(read_file(out));
  EXPECT_EQ(json["total"]["macs"].get<std::int64_t>(), 16 * 16 * 9 * 64);
  EXPECT_EQ(json["ops"][0]["name"].get<std::string>(), "tl_conv");
}

TEST(ImportCli, InterLayerAndEveryInstanceOptions) {
  using testing_support::source_path;
  const std::string base = kSim + " --arch " + source_path("yaml/arch/tpu-v1-like.yaml") + " --workload " +
                           source_path("yaml/workloads/mlp_lenet300.yaml") + " --quiet --output ";
  const std::string dram_out = ::testing::TempDir() + "il_dram.json";
  const std::string chip_out = ::testing::TempDir() + "il_chip.json";
  ASSERT_EQ(run_command(base + dram_out).exit_code, 0);
  ASSERT_EQ(run_command(base + chip_out + " --inter-layer on-chip").exit_code, 0);
  const auto dram = nlohmann::json::parse(read_file(dram_out));
  const auto chip = nlohmann::json::parse(read_file(chip_out));
  // Only the last layer's output (128 x 10 int32) leaves the chip.
  EXPECT_EQ(chip["total"]["bytes_written"]["DRAM"].get<std::int64_t>(), 128 * 10 * 4);
  EXPECT_LT(chip["total"]["bytes_read"]["DRAM"].get<std::int64_t>(), dram["total"]["bytes_read"]["DRAM"].get<std::int64_t>());
  EXPECT_LT(chip["total"]["latency_cycles"].get<std::int64_t>(), dram["total"]["latency_cycles"].get<std::int64_t>());

  const auto bad = run_command(base + chip_out + " --inter-layer sram");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.error.find("'--inter-layer'"), std::string::npos) << bad.error;

  const std::string every_out = ::testing::TempDir() + "every.json";
  ASSERT_EQ(run_command(kSim + " --arch " + source_path("yaml/arch/tpu-v1-like.yaml") + " --workload " +
                        source_path("yaml/workloads/bert_base.yaml") + " --simulate-every-instance --quiet --output " +
                        every_out)
                .exit_code,
            0);
  const auto every = nlohmann::json::parse(read_file(every_out));
  EXPECT_EQ(every["ops"].size(), 12u * 12u);  // 8 matmuls and 4 vector ops, 12 layers each
  EXPECT_EQ(every["total"]["macs"].get<std::int64_t>(), 11'173'625'856);
}

}  // namespace
}  // namespace sextant
