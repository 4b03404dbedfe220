// SPDX-License-Identifier: Apache-2.0
#include "tlm/core/arch_config.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "tests/tlm/config_error_expect.h"
#include "tlm/core/config_error.h"

namespace sextant {
namespace {

using testing::expect_config_error;

// Line numbers in the error tests below refer to this text.
constexpr const char* kValid = R"(name: test
clock_mhz: 1000
pe_array:
  rows: 4
  cols: 4
  dataflow: WS
buffers:
  - name: Spad
    holds: [inputs, weights]
    size: 16 KiB
  - name: Acc
    holds: [outputs]
    size: 4 KiB
)";

/// kValid with one exact piece of text replaced (the piece must exist).
std::string with(const std::string& from, const std::string& to) {
  std::string text = kValid;
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

ArchConfig parse(const std::string& text) { return parse_arch_config(text, "test.yaml"); }

TEST(ArchConfig, MinimalConfigTakesDefaults) {
  const ArchConfig config = parse(kValid);
  EXPECT_EQ(config.name, "test");
  EXPECT_EQ(config.description, "");
  EXPECT_DOUBLE_EQ(config.clock_mhz, 1000.0);
  EXPECT_EQ(config.pe_array.rows, 4);
  EXPECT_EQ(config.pe_array.dataflow, Dataflow::kWeightStationary);
  EXPECT_EQ(config.pe_array.arithmetic, Arithmetic::kInteger);
  EXPECT_EQ(config.pe_array.operand_bits, 8);
  EXPECT_EQ(config.pe_array.accumulator_bits, 32);
  EXPECT_TRUE(config.pe_array.fold_overlap);
  ASSERT_EQ(config.buffers.size(), 2u);
  EXPECT_EQ(config.buffers[0].size_bytes, 16u * 1024);
  EXPECT_EQ(config.buffers[0].banks, 1);
  EXPECT_EQ(config.buffers[0].bank_width_bytes, 16u);
  EXPECT_EQ(config.buffers[0].ports, 1);
  EXPECT_EQ(config.buffers[0].latency_cycles, 1);
  EXPECT_EQ(config.dma.bytes_per_cycle, 16u);
  EXPECT_EQ(config.dma.burst_bytes, 64u);
  EXPECT_EQ(config.dma.outstanding, 8);
  EXPECT_EQ(config.controller.issue_cycles, 0);
  EXPECT_EQ(config.memory.model, MemoryModel::kFixed);
  EXPECT_DOUBLE_EQ(config.memory.bandwidth_bytes_per_cycle, 16.0);
  EXPECT_EQ(config.memory.latency_cycles, 100);
}

TEST(ArchConfig, LookupsAndStorageLevels) {
  const ArchConfig config = parse(kValid);
  EXPECT_EQ(config.buffer_for(TensorKind::kInputs).name, "Spad");
  EXPECT_EQ(config.buffer_for(TensorKind::kWeights).name, "Spad");
  EXPECT_EQ(config.buffer_for(TensorKind::kOutputs).name, "Acc");
  EXPECT_EQ(config.buffer_index("Acc"), 1);
  EXPECT_EQ(config.buffer_index("Nope"), -1);
  EXPECT_EQ(config.storage_levels(),
            (std::vector<std::string>{"DRAM", "Spad", "Acc", "Registers"}));
  EXPECT_DOUBLE_EQ(config.cycle_ns(), 1.0);
}

TEST(ArchConfig, EnumNames) {
  EXPECT_STREQ(dataflow_name(Dataflow::kOutputStationary), "OS");
  EXPECT_STREQ(dataflow_name(Dataflow::kInputStationary), "IS");
  EXPECT_STREQ(arithmetic_name(Arithmetic::kFloat), "float");
  EXPECT_STREQ(memory_model_name(MemoryModel::kIdeal), "ideal");
  EXPECT_STREQ(tensor_kind_name(TensorKind::kWeights), "weights");
}

TEST(ArchConfigErrors, MalformedYaml) {
  expect_config_error([] { parse(with("[inputs, weights]", "[inputs, weights")); },
                      {"test.yaml:10:", "expected valid YAML", "found a syntax error"});
}

TEST(ArchConfigErrors, MissingFile) {
  expect_config_error([] { load_arch_config("/nonexistent/arch.yaml"); },
                      {"/nonexistent/arch.yaml", "expected a readable file", "found no such file"});
}

TEST(ArchConfigErrors, EmptyDocument) {
  expect_config_error(
      [] { parse("# nothing here\n"); },
      {"test.yaml:1:1: ", "expected a map of architecture settings", "found an empty document"});
}

TEST(ArchConfigErrors, UnknownKeyAtRoot) {
  expect_config_error([] { parse(std::string(kValid) + "clock_mzh: 5\n"); },
                      {"test.yaml:14:1: key 'clock_mzh'", "expected one of the known keys (",
                       "clock_mhz", "found unknown key 'clock_mzh'"});
}

TEST(ArchConfigTech, DefaultsTo45nmAndTakesAnyTable) {
  EXPECT_EQ(parse(kValid).tech, "45nm");
  EXPECT_EQ(parse(std::string(kValid) + "tech: 7nm\n").tech, "7nm");
  EXPECT_EQ(parse_arch_config(kValid, "test.yaml", {"tech=22nm"}).tech, "22nm");
  const std::vector<std::string> names = technology_names();
  for (const char* required : {"45nm", "22nm", "12nm", "7nm"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), required), names.end()) << required;
  }
  ArchConfig config = parse(kValid);
  config.tech = "12nm";
  EXPECT_TRUE(config == parse_arch_config(dump_arch_config(config), "dump"));
}

TEST(ArchConfigTech, UnknownTableListsTheValidNames) {
  expect_config_error([] { parse(std::string(kValid) + "tech: 3nm\n"); },
                      {"test.yaml:14:7: key 'tech'", "expected one of ", "45nm", "7nm", "found '3nm'"});
  expect_config_error([] { parse_arch_config(kValid, "test.yaml", {"tech=3nm"}); },
                      {"key 'tech'", "found '3nm'"});
}

TEST(ArchConfigErrors, UnknownNestedKeys) {
  expect_config_error([] { parse(with("  cols: 4\n", "  cols: 4\n  colls: 4\n")); },
                      {"test.yaml:6:3: key 'pe_array.colls'", "found unknown key 'colls'"});
  expect_config_error([] { parse(with("    size: 4 KiB\n", "    size: 4 KiB\n    sise: 1\n")); },
                      {"test.yaml:14:5: key 'buffers.1.sise'", "found unknown key 'sise'"});
}

TEST(ArchConfigErrors, WrongTypes) {
  expect_config_error(
      [] { parse(with("rows: 4", "rows: four")); },
      {"test.yaml:4:9: key 'pe_array.rows'", "expected an integer", "found 'four'"});
  expect_config_error([] { parse(with("clock_mhz: 1000", "clock_mhz: {a: 1}")); },
                      {"test.yaml:2:12: key 'clock_mhz'", "expected a number", "found a map"});
  expect_config_error(
      [] { parse(with("name: Acc", "name: [Acc]")); },
      {"test.yaml:11:11: key 'buffers.1.name'", "expected a string", "found a list"});
  expect_config_error([] { parse(with("pe_array:\n", "pe_array: 3\nunused:\n")); },
                      {"test.yaml:3:11: key 'pe_array'", "expected a map", "found '3'"});
  expect_config_error([] { parse(with("  - name: Spad", "  - 7\n  - name: Spad")); },
                      {"test.yaml:8:5: key 'buffers.0'", "expected a map", "found '7'"});
}

TEST(ArchConfigErrors, ZeroSize) {
  expect_config_error(
      [] { parse(with("size: 4 KiB", "size: 0")); },
      {"test.yaml:13:11: key 'buffers.1.size'", "expected a size > 0 bytes", "found '0'"});
}

TEST(ArchConfigErrors, NegativeRows) {
  expect_config_error(
      [] { parse(with("rows: 4", "rows: -4")); },
      {"test.yaml:4:9: key 'pe_array.rows'", "expected an integer >= 1", "found -4"});
}

TEST(ArchConfigErrors, UnknownDataflowListsValidNames) {
  expect_config_error(
      [] { parse(with("dataflow: WS", "dataflow: RS")); },
      {"test.yaml:6:13: key 'pe_array.dataflow'", "expected one of OS, WS, IS", "found 'RS'"});
}

TEST(ArchConfigErrors, MissingRequiredKeys) {
  expect_config_error([] { parse(with("clock_mhz: 1000\n", "")); },
                      {"test.yaml:1:1: key 'clock_mhz'", "expected a number > 0", "found nothing"});
  expect_config_error(
      [] { parse(with("  dataflow: WS\n", "")); },
      {"test.yaml:4:3: key 'pe_array.dataflow'", "expected one of OS, WS, IS", "found nothing"});
  expect_config_error([] { parse(with("    size: 4 KiB\n", "")); },
                      {"test.yaml:11:5: key 'buffers.1.size'", "found nothing"});
}

TEST(ArchConfigErrors, TensorHeldTwice) {
  expect_config_error([] { parse(with("holds: [outputs]", "holds: [outputs, weights]")); },
                      {"test.yaml:12:12: key 'buffers'",
                       "expected each of inputs, weights, outputs held by exactly one buffer",
                       "found 'weights' held by both 'Spad' (buffers.0) and 'Acc' (buffers.1)"});
}

TEST(ArchConfigErrors, TensorNotHeld) {
  expect_config_error([] { parse(with("holds: [inputs, weights]", "holds: [inputs]")); },
                      {"test.yaml:8:3: key 'buffers'",
                       "expected each of inputs, weights, outputs held by exactly one buffer",
                       "found 'weights' held by no buffer"});
}

TEST(ArchConfigErrors, HoldsItems) {
  expect_config_error([] { parse(with("holds: [outputs]", "holds: [outputs, psums]")); },
                      {"test.yaml:12:22: key 'buffers.1.holds.1'",
                       "expected one of inputs, weights, outputs", "found 'psums'"});
  expect_config_error([] { parse(with("holds: [outputs]", "holds: []")); },
                      {"test.yaml:12:12: key 'buffers.1.holds'", "found an empty list"});
  expect_config_error(
      [] { parse(with("holds: [outputs]", "holds: [outputs, outputs]")); },
      {"key 'buffers.1.holds'", "expected each tensor at most once", "found 'outputs' twice"});
}

TEST(ArchConfigErrors, BufferNames) {
  expect_config_error([] { parse(with("name: Acc", "name: Spad")); },
                      {"test.yaml:11:11: key 'buffers.1.name'", "found 'Spad' again"});
  expect_config_error([] { parse(with("name: Acc", "name: DRAM")); },
                      {"key 'buffers.1.name'", "other than DRAM and Registers", "found 'DRAM'"});
}

TEST(ArchConfigErrors, EmptyBufferList) {
  expect_config_error(
      [] {
        parse("name: x\nclock_mhz: 1\npe_array: {rows: 1, cols: 1, dataflow: OS}\nbuffers: []\n");
      },
      {"test.yaml:4:10: key 'buffers'", "expected a list of at least one buffer",
       "found an empty list"});
}

TEST(ArchConfigErrors, SizeDivisibleByBanks) {
  expect_config_error([] { parse(with("size: 4 KiB", "size: 4 KiB\n    banks: 3")); },
                      {"test.yaml:13:11: key 'buffers.1.size'",
                       "expected a size divisible by banks (3)", "found 4096 B"});
}

TEST(ArchConfigErrors, Precision) {
  expect_config_error(
      [] { parse(with("dataflow: WS", "dataflow: WS\n  operand_bits: 12")); },
      {"test.yaml:7:17: key 'pe_array.operand_bits'", "expected one of 8, 16, 32", "found 12"});
  expect_config_error(
      [] {
        parse(with("dataflow: WS", "dataflow: WS\n  operand_bits: 16\n  accumulator_bits: 8"));
      },
      {"key 'pe_array.accumulator_bits'", "expected a multiple of 8 from operand_bits (16) to 64",
       "found 8"});
  expect_config_error([] { parse(with("dataflow: WS", "dataflow: WS\n  arithmetic: float")); },
                      {"key 'pe_array.operand_bits'", "expected 32 when arithmetic is float",
                       "found 8 (the default)"});
  const ArchConfig fp =
      parse(with("dataflow: WS", "dataflow: WS\n  arithmetic: float\n  operand_bits: 32"));
  EXPECT_EQ(fp.pe_array.arithmetic, Arithmetic::kFloat);
}

TEST(ArchConfigErrors, RangesOfOptionalSections) {
  expect_config_error(
      [] { parse(std::string(kValid) + "memory: {bandwidth_bytes_per_cycle: 0}\n"); },
      {"test.yaml:14:", "key 'memory.bandwidth_bytes_per_cycle'", "expected a number > 0",
       "found 0"});
  expect_config_error(
      [] { parse(std::string(kValid) + "dma:\n  outstanding: 0\n"); },
      {"test.yaml:15:16: key 'dma.outstanding'", "expected an integer >= 1", "found 0"});
  expect_config_error([] { parse(std::string(kValid) + "controller: {issue_cycles: -1}\n"); },
                      {"key 'controller.issue_cycles'", "expected an integer >= 0", "found -1"});
  expect_config_error([] { parse(std::string(kValid) + "memory: fast\n"); },
                      {"test.yaml:14:9: key 'memory'", "expected a map", "found 'fast'"});
}

TEST(ArchConfigErrors, ErrorsAreOneConfigErrorType) {
  try {
    parse(with("rows: 4", "rows: -4"));
    FAIL() << "no error";
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.where().file, "test.yaml");
    EXPECT_EQ(error.where().line, 4);
    EXPECT_EQ(error.where().column, 9);
    EXPECT_EQ(error.key_path(), "pe_array.rows");
  }
}

// --- Dump and reload ------------------------------------------------------------------

std::vector<std::string> preset_files() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(SEXTANT_SOURCE_DIR "/yaml/arch")) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ArchConfigDump, EveryPresetRoundTrips) {
  const std::vector<std::string> files = preset_files();
  EXPECT_GE(files.size(), 4u);
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    const ArchConfig config = load_arch_config(file);
    const std::string dumped = dump_arch_config(config);
    const ArchConfig reloaded = parse_arch_config(dumped, file + " (dumped)");
    EXPECT_TRUE(config == reloaded) << dumped;
    EXPECT_EQ(dump_arch_config(reloaded), dumped);
  }
}

TEST(ArchConfigDump, WritesEveryKeyIncludingDefaults) {
  const std::string dumped = dump_arch_config(parse(kValid));
  for (const char* key :
       {"description:", "arithmetic: int", "operand_bits: 8", "fold_overlap: true",
        "bank_width: 16 B", "latency_cycles: 1", "burst: 64 B", "issue_cycles: 0", "model: fixed",
        "bandwidth_bytes_per_cycle: 16", "size: 16 KiB"}) {
    EXPECT_NE(dumped.find(key), std::string::npos) << key << "\n" << dumped;
  }
}

TEST(ArchConfigDump, RoundTripsAwkwardValues) {
  ArchConfig config = parse(kValid);
  config.description = "multi\nline: with 'quotes' and # hash";
  config.clock_mhz = 1000.0 / 3.0;
  config.memory.bandwidth_bytes_per_cycle = 0.1;
  config.buffers[0].size_bytes = 1536;
  config.name = "123";
  const ArchConfig reloaded = parse_arch_config(dump_arch_config(config), "dump");
  EXPECT_TRUE(config == reloaded) << dump_arch_config(config);
  EXPECT_EQ(reloaded.clock_mhz, config.clock_mhz);
  EXPECT_EQ(reloaded.description, config.description);
}

TEST(ArchConfigDump, EqualityComparesEveryField) {
  const ArchConfig base = parse(kValid);
  const std::vector<void (*)(ArchConfig&)> changes = {
      [](ArchConfig& c) { c.name += "x"; },
      [](ArchConfig& c) { c.description = "d"; },
      [](ArchConfig& c) { c.clock_mhz += 1; },
      [](ArchConfig& c) { c.tech = "7nm"; },
      [](ArchConfig& c) { c.pe_array.rows += 1; },
      [](ArchConfig& c) { c.pe_array.cols += 1; },
      [](ArchConfig& c) { c.pe_array.dataflow = Dataflow::kInputStationary; },
      [](ArchConfig& c) { c.pe_array.arithmetic = Arithmetic::kFloat; },
      [](ArchConfig& c) { c.pe_array.operand_bits = 16; },
      [](ArchConfig& c) { c.pe_array.accumulator_bits = 64; },
      [](ArchConfig& c) { c.pe_array.fold_overlap = false; },
      [](ArchConfig& c) { c.buffers[1].name = "Other"; },
      [](ArchConfig& c) { c.buffers[1].holds.add(TensorKind::kInputs); },
      [](ArchConfig& c) { c.buffers[1].size_bytes *= 2; },
      [](ArchConfig& c) { c.buffers[1].banks = 2; },
      [](ArchConfig& c) { c.buffers[1].bank_width_bytes = 8; },
      [](ArchConfig& c) { c.buffers[1].ports = 2; },
      [](ArchConfig& c) { c.buffers[1].latency_cycles = 3; },
      [](ArchConfig& c) { c.buffers.pop_back(); },
      [](ArchConfig& c) { c.dma.bytes_per_cycle = 1; },
      [](ArchConfig& c) { c.dma.burst_bytes = 128; },
      [](ArchConfig& c) { c.dma.outstanding = 1; },
      [](ArchConfig& c) { c.controller.issue_cycles = 5; },
      [](ArchConfig& c) { c.controller.matmul_issue_cycles = 5; },
      [](ArchConfig& c) { c.controller.tile_issue_cycles = 5; },
      [](ArchConfig& c) { c.pe_array.compute_command_rows = 5; },
      [](ArchConfig& c) { c.pe_array.compute_command_min_cycles = 5; },
      [](ArchConfig& c) { c.pe_array.compute_commands_in_flight = 6; },
      [](ArchConfig& c) { c.controller.matmul_tile_issue_cycles = 5; },
      [](ArchConfig& c) { c.memory.model = MemoryModel::kIdeal; },
      [](ArchConfig& c) { c.memory.bandwidth_bytes_per_cycle = 1.5; },
      [](ArchConfig& c) { c.memory.latency_cycles = 1; },
  };
  EXPECT_TRUE(base == parse(kValid));
  for (std::size_t i = 0; i < changes.size(); ++i) {
    ArchConfig changed = base;
    changes[i](changed);
    EXPECT_TRUE(base != changed) << "change " << i;
  }
}

TEST(ArchConfig, MatmulIssueCyclesDefaultToTheGeneralIssueCost) {
  EXPECT_EQ(parse(std::string(kValid) + "controller: {issue_cycles: 7}\n").controller.matmul_issue_cycles, 7);
  const ArchConfig own = parse(std::string(kValid) + "controller: {issue_cycles: 7, matmul_issue_cycles: 3}\n");
  EXPECT_EQ(own.controller.issue_cycles, 7);
  EXPECT_EQ(own.controller.matmul_issue_cycles, 3);
  expect_config_error([] { parse(std::string(kValid) + "controller: {matmul_issue_cycles: -1}\n"); },
                      {"key 'controller.matmul_issue_cycles'", "expected an integer >= 0", "found -1"});
}

TEST(ArchConfig, MatmulTileIssueCyclesDefaultToTheGeneralTileCost) {
  EXPECT_EQ(parse(std::string(kValid)).controller.tile_issue_cycles, 0);
  const ArchConfig general = parse(std::string(kValid) + "controller: {tile_issue_cycles: 250}\n");
  EXPECT_EQ(general.controller.matmul_tile_issue_cycles, 250);
  const ArchConfig own = parse(std::string(kValid) + "controller: {tile_issue_cycles: 250, matmul_tile_issue_cycles: 120}\n");
  EXPECT_EQ(own.controller.tile_issue_cycles, 250);
  EXPECT_EQ(own.controller.matmul_tile_issue_cycles, 120);
  expect_config_error([] { parse(std::string(kValid) + "controller: {tile_issue_cycles: -1}\n"); },
                      {"key 'controller.tile_issue_cycles'", "expected an integer >= 0", "found -1"});
  expect_config_error([] { parse(std::string(kValid) + "controller: {matmul_tile_issue_cycles: x}\n"); },
                      {"key 'controller.matmul_tile_issue_cycles'"});
}

TEST(ArchConfig, ComputeCommandsAreOffUnlessSet) {
  const ArchConfig plain = parse(std::string(kValid));
  EXPECT_EQ(plain.pe_array.compute_command_rows, 0);
  EXPECT_EQ(plain.pe_array.compute_command_min_cycles, 1);
  const ArchConfig firesim = load_arch_config(SEXTANT_SOURCE_DIR "/yaml/arch/gemmini-firesim-like-d32.yaml");
  EXPECT_EQ(firesim.pe_array.compute_command_rows, 32);
  EXPECT_EQ(firesim.pe_array.compute_command_min_cycles, 4);
  expect_config_error([] { load_arch_config(SEXTANT_SOURCE_DIR "/yaml/arch/gemmini-firesim-like-d32.yaml",
                                            {"pe_array.compute_command_min_cycles=0"}); },
                      {"key 'pe_array.compute_command_min_cycles'", "expected an integer >= 1", "found 0"});
  expect_config_error([] { load_arch_config(SEXTANT_SOURCE_DIR "/yaml/arch/gemmini-firesim-like-d32.yaml",
                                            {"pe_array.compute_command_rows=-2"}); },
                      {"key 'pe_array.compute_command_rows'", "expected an integer >= 0", "found -2"});
  EXPECT_EQ(plain.pe_array.compute_commands_in_flight, 0);
  EXPECT_EQ(firesim.pe_array.compute_commands_in_flight, 6);
  // One place could never free: its command waits for the next one to cross the array.
  expect_config_error([] { load_arch_config(SEXTANT_SOURCE_DIR "/yaml/arch/gemmini-firesim-like-d32.yaml",
                                            {"pe_array.compute_commands_in_flight=1"}); },
                      {"key 'pe_array.compute_commands_in_flight'", "expected 0 (no limit) or an integer >= 2", "found 1"});
}

TEST(ArchConfigPresets, GemminiDefaultLikeValues) {
  const ArchConfig config =
      load_arch_config(SEXTANT_SOURCE_DIR "/yaml/arch/gemmini-default-like.yaml");
  EXPECT_EQ(config.pe_array.rows, 16);
  EXPECT_EQ(config.pe_array.cols, 16);
  EXPECT_EQ(config.buffer_for(TensorKind::kWeights).name, "Scratchpad");
  EXPECT_EQ(config.buffer_for(TensorKind::kInputs).size_bytes, 256u * 1024);
  EXPECT_EQ(config.buffer_for(TensorKind::kOutputs).size_bytes, 64u * 1024);
  EXPECT_EQ(config.buffer_for(TensorKind::kOutputs).ports, 2);
  EXPECT_EQ(config.dma.outstanding, 16);
  EXPECT_EQ(config.controller.issue_cycles, 1);
}

TEST(ArchConfigPresets, OverridesOnAPreset) {
  const ArchConfig config = load_arch_config(SEXTANT_SOURCE_DIR "/yaml/arch/tpu-v1-like.yaml",
                                             {"memory.model=ideal", "buffers.0.size=8 MiB"});
  EXPECT_EQ(config.memory.model, MemoryModel::kIdeal);
  EXPECT_EQ(config.buffers[0].size_bytes, 8u << 20);
}

}  // namespace
}  // namespace sextant
