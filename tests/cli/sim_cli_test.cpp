// SPDX-License-Identifier: Apache-2.0
// sextant-sim as users run it: exit codes, one-line errors for every kind of bad input,
// --dump-config round trip, whole networks on the presets, and the JSON Result's keys.
#include <map>
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

const std::string kSim = SEXTANT_SIM_PATH;

std::string gemmini() { return source_path("yaml/arch/gemmini-default-like.yaml"); }
std::string conv_workload() { return source_path("yaml/workloads/conv-3x3.yaml"); }

int line_count(const std::string& text) {
  int lines = 0;
  for (char c : text) lines += c == '\n';
  return lines;
}

/// Bad input: exit 2 and exactly one line naming file:line:column, the key, what was
/// expected and what was found.
void expect_one_line_error(const std::string& args, const std::string& location, const std::string& key,
                           const std::string& expected_fragment) {
  const auto result = run_command(kSim + " " + args);
  EXPECT_EQ(result.exit_code, 2) << result.output << result.error;
  EXPECT_EQ(line_count(result.error), 1) << result.error;
  EXPECT_NE(result.error.find(location), std::string::npos) << result.error;
  EXPECT_NE(result.error.find("'" + key + "'"), std::string::npos) << result.error;
  EXPECT_NE(result.error.find("expected"), std::string::npos) << result.error;
  EXPECT_NE(result.error.find("found"), std::string::npos) << result.error;
  EXPECT_NE(result.error.find(expected_fragment), std::string::npos) << result.error;
}

std::string arch_with(const std::string& replace, const std::string& with) {
  std::string text = read_file(gemmini());
  const auto at = text.find(replace);
  if (at == std::string::npos) throw std::runtime_error("preset text changed: " + replace);
  text.replace(at, replace.size(), with);
  return text;
}

TEST(SimCli, HelpExitsZero) {
  const auto result = run_command(kSim + " --help");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.output.find("--arch"), std::string::npos);
  EXPECT_NE(result.output.find("--functional"), std::string::npos);
}

TEST(SimCli, MalformedYaml) {
  const std::string path = write_temp_file("malformed.yaml", "name: x\npe_array: {rows: 4, cols: [\n");
  const auto result = run_command(kSim + " --arch " + path + " --workload " + conv_workload());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(line_count(result.error), 1) << result.error;
  EXPECT_NE(result.error.find(path + ":"), std::string::npos) << result.error;
}

TEST(SimCli, UnknownKey) {
  const std::string path = write_temp_file("unknown.yaml", arch_with("fold_overlap:", "fold_overlapp:"));
  expect_one_line_error("--arch " + path + " --workload " + conv_workload(), path + ":", "pe_array.fold_overlapp",
                        "expected");
}

TEST(SimCli, WrongType) {
  const std::string path = write_temp_file("wrongtype.yaml", arch_with("rows: 16", "rows: sixteen"));
  expect_one_line_error("--arch " + path + " --workload " + conv_workload(), path + ":", "pe_array.rows",
                        "'sixteen'");
}

TEST(SimCli, ZeroSize) {
  const std::string path = write_temp_file("zerosize.yaml", arch_with("size: 256 KiB", "size: 0"));
  expect_one_line_error("--arch " + path + " --workload " + conv_workload(), path + ":", "buffers.0.size", "0");
}

TEST(SimCli, NegativeRows) {
  const std::string path = write_temp_file("negative.yaml", arch_with("rows: 16", "rows: -4"));
  expect_one_line_error("--arch " + path + " --workload " + conv_workload(), path + ":", "pe_array.rows", "-4");
}

TEST(SimCli, UnknownDataflowListsValidNames) {
  const std::string path = write_temp_file("dataflow.yaml", arch_with("dataflow: WS", "dataflow: RS"));
  expect_one_line_error("--arch " + path + " --workload " + conv_workload(), path + ":", "pe_array.dataflow",
                        "OS, WS, IS");
}

TEST(SimCli, BadOverride) {
  const auto result = run_command(kSim + " --arch " + gemmini() + " --workload " + conv_workload() +
                                  " --set pe_array.colz=4");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.error.find("pe_array.colz"), std::string::npos) << result.error;
}

TEST(SimCli, MappingThatDoesNotFit) {
  // The whole 3x3 conv in one DRAM tile does not fit a 256 KiB scratchpad double-buffered
  // with a 1 KiB override.
  const std::string mapping = write_temp_file(
      "toobig.yaml",
      "mapping:\n"
      "  - target: DRAM\n"
      "    type: temporal\n"
      "    factors: N=1\n"
      "    permutation: NCKPQRSG\n"
      "  - target: Scratchpad\n"
      "    type: temporal\n"
      "    factors: C=4 K=4 P=56 Q=56 R=3 S=3\n"
      "    permutation: CKRSPQNG\n"
      "    double_buffer: true\n"
      "  - target: Scratchpad\n"
      "    type: spatial\n"
      "    factors: K=16 C=16\n"
      "    permutation: KC\n"
      "    split: 1\n");
  const auto result = run_command(kSim + " --arch " + gemmini() + " --workload " + conv_workload() +
                                  " --mapping " + mapping + " --set buffers.0.size=1KiB");
  EXPECT_EQ(result.exit_code, 2) << result.output << result.error;
  EXPECT_EQ(line_count(result.error), 1) << result.error;
  EXPECT_NE(result.error.find(mapping + ":"), std::string::npos) << result.error;
  EXPECT_NE(result.error.find("Scratchpad"), std::string::npos) << result.error;
}

TEST(SimCli, DumpConfigRoundTrips) {
  const auto first = run_command(kSim + " --arch " + gemmini() + " --set pe_array.rows=32 --dump-config");
  ASSERT_EQ(first.exit_code, 0) << first.error;
  const std::string dumped = write_temp_file("dumped.yaml", first.output);
  const auto second = run_command(kSim + " --arch " + dumped + " --dump-config");
  ASSERT_EQ(second.exit_code, 0) << second.error;
  EXPECT_EQ(first.output, second.output);
  EXPECT_NE(first.output.find("rows: 32"), std::string::npos);
}

TEST(SimCli, WritesJsonResultWithRequiredKeys) {
  const std::string out = write_temp_file("result.json", "");
  const auto result = run_command(kSim + " --arch " + gemmini() + " --workload " + conv_workload() +
                                  " --functional --quiet --output " + out);
  ASSERT_EQ(result.exit_code, 0) << result.output << result.error;
  const nlohmann::json json = nlohmann::json::parse(read_file(out));
  EXPECT_EQ(json.at("schema_version"), 3);  // kResultSchemaVersion
  EXPECT_TRUE(json.at("provenance").contains("sextant_version"));
  EXPECT_TRUE(json.at("provenance").contains("seed"));
  EXPECT_TRUE(json.at("provenance").contains("config"));
  for (const nlohmann::json& op : {json.at("total"), json.at("ops").at(0)}) {
    for (const char* key : {"latency_cycles", "latency_ns", "macs", "utilization", "bytes_read",
                            "bytes_written", "stall_cycles", "energy_pj", "energy_breakdown_pj",
                            "area_mm2", "area_breakdown_mm2", "power_mw", "edp_pj_cycles"}) {
      EXPECT_TRUE(op.contains(key)) << key;
    }
    EXPECT_TRUE(op.at("bytes_read").contains("DRAM"));
    EXPECT_TRUE(op.at("stall_cycles").contains("dram_bandwidth"));
    EXPECT_TRUE(op.at("functional").at("passed").get<bool>());
  }
  // Every component's statistics group, collected from the SystemC hierarchy, with units.
  const nlohmann::json& stats = json.at("ops").at(0).at("stats");
  for (const char* component : {"accelerator.pe_array", "accelerator.dma", "accelerator.memory",
                                "accelerator.controller", "accelerator.Scratchpad", "accelerator.Accumulator"}) {
    ASSERT_TRUE(stats.contains(component)) << component;
  }
  EXPECT_EQ(stats.at("accelerator.pe_array").at("macs").at("unit"), "count");
  EXPECT_EQ(stats.at("accelerator.pe_array").at("macs").at("value").get<double>(),
            json.at("ops").at(0).at("macs").get<double>());
  EXPECT_TRUE(json.at("ops").at(0).contains("name"));
  EXPECT_TRUE(json.at("ops").at(0).contains("count"));
}

class WholeNetwork : public ::testing::TestWithParam<std::string> {};

TEST_P(WholeNetwork, ResNet50RunsOnPreset) {
  const std::string out = write_temp_file("resnet-" + GetParam() + ".json", "");
  const auto result = run_command(kSim + " --arch " + source_path("yaml/arch/" + GetParam() + ".yaml") +
                                  " --workload " + source_path("yaml/workloads/resnet50.yaml") + " --output " + out);
  ASSERT_EQ(result.exit_code, 0) << result.output << result.error;
  const nlohmann::json json = nlohmann::json::parse(read_file(out));
  EXPECT_GT(json.at("total").at("latency_cycles").get<std::uint64_t>(), 0u);
  // ResNet-50's MACs (count included) all ran.
  std::uint64_t macs = 0;
  for (const auto& op : json.at("ops")) macs += op.at("macs").get<std::uint64_t>() * op.at("count").get<std::uint64_t>();
  EXPECT_EQ(json.at("total").at("macs").get<std::uint64_t>(), macs);
  EXPECT_GT(macs, 4'000'000'000u);
  // The two pooling ops ran on the vector unit: elements processed, no MACs.
  std::uint64_t pooled = 0;
  for (const auto& op : json.at("ops")) {
    if (op.at("type") != "max_pool" && op.at("type") != "global_avg_pool") continue;
    EXPECT_EQ(op.at("macs").get<std::uint64_t>(), 0u);
    EXPECT_GT(op.at("busy_cycles").at("vector_unit").get<std::uint64_t>(), 0u);
    pooled += op.at("vector_element_ops").get<std::uint64_t>();
  }
  EXPECT_EQ(pooled, 56u * 56u * 64u * 9u + 7u * 7u * 2048u);
  EXPECT_EQ(json.at("total").at("vector_element_ops").get<std::uint64_t>(), pooled);
}

INSTANTIATE_TEST_SUITE_P(Presets, WholeNetwork, ::testing::Values("gemmini-default-like", "tpu-v1-like", "gemmini-ddr4-like"),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           for (char& c : name) c = c == '-' ? '_' : c;
                           return name;
                         });

}  // namespace
}  // namespace sextant

namespace sextant {
namespace {

TEST(SimCliTrace, ResNet50TraceIsValidAndAddsUpToBusyCycles) {
  const std::string out = write_temp_file("trace-result.json", "");
  const std::string trace_path = write_temp_file("trace.json", "");
  const auto result = run_command(kSim + " --arch " + gemmini() + " --workload " +
                                  source_path("yaml/workloads/resnet50.yaml") + " --quiet --output " + out +
                                  " --trace " + trace_path);
  ASSERT_EQ(result.exit_code, 0) << result.error;
  const nlohmann::json json = nlohmann::json::parse(read_file(out));
  const nlohmann::json trace = nlohmann::json::parse(read_file(trace_path));

  std::map<int, std::string> track_names;
  std::map<std::string, double> busy;
  std::size_t ops = 0;
  for (const auto& event : trace.at("traceEvents")) {
    if (event.at("ph") == "M") track_names[event.at("tid").get<int>()] = event.at("args").at("name");
  }
  for (const auto& event : trace.at("traceEvents")) {
    if (event.at("ph") != "X") continue;
    EXPECT_GE(event.at("dur").get<double>(), 0.0);
    const std::string& track = track_names.at(event.at("tid").get<int>());
    busy[track] += event.at("args").at("busy_cycles").get<double>();
    ops += track == "ops";
  }
  // The trace holds the simulated instances: each distinct op once (an op listed again
  // with the same shape and mapping reuses the earlier result and says so in result_of).
  double pe_busy = 0, dma_busy = 0, memory_busy = 0;
  std::size_t simulated_ops = 0;
  for (const auto& op : json.at("ops")) {
    if (op.contains("result_of")) continue;
    ++simulated_ops;
    pe_busy += op.at("busy_cycles").at("pe_array").get<double>();
    dma_busy += op.at("busy_cycles").at("dma").get<double>();
    memory_busy += op.at("stats").at("accelerator.memory").at("busy_cycles").at("value").get<double>();
  }
  EXPECT_EQ(ops, simulated_ops);
  EXPECT_LT(simulated_ops, json.at("ops").size()) << "ResNet-50 lists identical ops separately";
  EXPECT_NEAR(busy["accelerator.pe_array"], pe_busy, 1e-6 * pe_busy);
  EXPECT_NEAR(busy["accelerator.dma.load"] + busy["accelerator.dma.store"], dma_busy, 1e-6 * dma_busy);
  EXPECT_NEAR(busy["accelerator.memory"], memory_busy, 1e-6 * memory_busy);
  EXPECT_GT(pe_busy, 0.0);

  // With the DRAM model (two channels) behind a last-level cache: one track per DRAM
  // channel and one for the LLC, each adding up to its busy cycles in the Result (rounded
  // to whole cycles per op there).
  const std::string dram_trace_path = write_temp_file("trace-dram.json", "");
  const auto dram_run = run_command(kSim + " --arch " + source_path("yaml/arch/gemmini-ddr4-like.yaml") +
                                    " --set memory.dram.channels=2 --set memory.llc.size=4MiB --workload " +
                                    source_path("yaml/workloads/resnet50.yaml") + " --quiet --output " + out +
                                    " --trace " + dram_trace_path);
  ASSERT_EQ(dram_run.exit_code, 0) << dram_run.error;
  const nlohmann::json dram_json = nlohmann::json::parse(read_file(out));
  const nlohmann::json dram_trace = nlohmann::json::parse(read_file(dram_trace_path));
  track_names.clear();
  busy.clear();
  for (const auto& event : dram_trace.at("traceEvents")) {
    if (event.at("ph") == "M") track_names[event.at("tid").get<int>()] = event.at("args").at("name");
  }
  for (const auto& event : dram_trace.at("traceEvents")) {
    if (event.at("ph") == "X") busy[track_names.at(event.at("tid").get<int>())] += event.at("args").at("busy_cycles").get<double>();
  }
  std::map<std::string, double> result_busy;
  double rounding = 0.0;
  for (const auto& op : dram_json.at("ops")) {
    if (op.contains("result_of")) continue;
    for (const char* key : {"dram.ch0", "dram.ch1", "llc"}) result_busy[key] += op.at("busy_cycles").at(key).get<double>();
    rounding += 0.5;
  }
  for (const char* key : {"dram.ch0", "dram.ch1", "llc"}) {
    EXPECT_GT(result_busy[key], 0.0) << key;
    EXPECT_NEAR(busy[std::string("accelerator.") + key], result_busy[key], rounding) << key;
  }
}

TEST(SimCli, DramIterationsRejectsNegativeCountsAndFunctionalRuns) {
  const std::string point = "--arch " + gemmini() + " --workload " + conv_workload();
  expect_one_line_error(point + " --dram-iterations -1", "command line", "--dram-iterations", "a count >= 0");
  // A cut op computes only part of its outputs: nothing to check against the golden model.
  expect_one_line_error(point + " --functional --dram-iterations 2", "command line", "--dram-iterations",
                        "timing-only TLM runs");
}

}  // namespace
}  // namespace sextant
