// SPDX-License-Identifier: Apache-2.0
// The DRAM section of the arch config and the DRAM preset files: presets load, keys
// override them, the dump round-trips, and bad presets are one-line errors naming the
// file, line, column and key.
#include "tlm/core/dram_config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/tlm/config_error_expect.h"
#include "tlm/core/arch_config.h"
#include "tlm/core/yaml_access.h"

namespace sextant {
namespace {

using testing::expect_config_error;

constexpr const char* kArch = R"(name: test
clock_mhz: 1000
pe_array: {rows: 4, cols: 4, dataflow: WS}
buffers:
  - {name: Spad, holds: [inputs, weights], size: 16 KiB}
  - {name: Acc, holds: [outputs], size: 4 KiB}
memory:
  model: dram
  dram:
    preset: ddr4-2400
)";

/// Writes a preset file: ddr4-2400.yaml with one line replaced.
std::string bad_preset(const std::string& name, const std::string& from, const std::string& to) {
  std::string text = read_text_file(SEXTANT_SOURCE_DIR "/yaml/dram/ddr4-2400.yaml");
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  const std::string path = (std::filesystem::temp_directory_path() / ("sextant-" + name + ".yaml")).string();
  std::ofstream(path) << text;
  return path;
}

ArchConfig with_preset(const std::string& preset) {
  std::string text = kArch;
  text.replace(text.find("ddr4-2400"), 9, preset);
  return parse_arch_config(text, "arch.yaml");
}

TEST(DramConfig, EveryPresetLoads) {
  for (const char* name : {"ddr3-1600", "ddr4-2400", "lpddr4-3200", "hbm2"}) {
    SCOPED_TRACE(name);
    const DramConfig config = load_dram_preset(name);
    EXPECT_EQ(config.burst_bytes() % 32, 0u);
    EXPECT_GE(config.trc, config.tras + config.trp);
  }
  const DramConfig ddr4 = load_dram_preset("ddr4-2400");
  EXPECT_EQ(ddr4.standard, DramStandard::kDdr4);
  EXPECT_EQ(ddr4.banks_per_rank(), 16);
  EXPECT_EQ(ddr4.burst_bytes(), 64u);
  EXPECT_NEAR(ddr4.peak_gb_per_s(), 19.2, 0.01);
  EXPECT_NEAR(load_dram_preset("hbm2").peak_gb_per_s(), 256.0, 0.01);
}

TEST(DramConfig, ArchSectionOverridesThePreset) {
  const ArchConfig arch = parse_arch_config(kArch, "arch.yaml",
                                            {"memory.dram.channels=2", "memory.dram.page_policy=closed",
                                             "memory.dram.scheduler=fcfs", "memory.dram.address_mapping=RoBaBgRaCoCh",
                                             "memory.dram.trcd=18"});
  ASSERT_TRUE(arch.memory.dram.has_value());
  const DramConfig& dram = *arch.memory.dram;
  EXPECT_EQ(arch.memory.model, MemoryModel::kDram);
  EXPECT_EQ(dram.channels, 2);
  EXPECT_EQ(dram.page_policy, PagePolicy::kClosed);
  EXPECT_EQ(dram.scheduler, DramSchedulerKind::kFcfs);
  EXPECT_EQ(dram.address_mapping, "RoBaBgRaCoCh");
  EXPECT_EQ(dram.trcd, 18);
  EXPECT_EQ(dram.cl, 17);  // from the preset
}

TEST(DramConfig, DumpRoundTrips) {
  const ArchConfig arch = parse_arch_config(kArch, "arch.yaml", {"memory.dram.tck_ns=0.9375"});
  const std::string dumped = dump_arch_config(arch);
  EXPECT_NE(dumped.find("preset: ddr4-2400"), std::string::npos) << dumped;
  const ArchConfig reloaded = parse_arch_config(dumped, "dumped.yaml");
  EXPECT_TRUE(arch == reloaded) << dumped;
  EXPECT_EQ(dump_arch_config(reloaded), dumped);
  ArchConfig changed = reloaded;
  changed.memory.dram->tfaw += 1;
  EXPECT_FALSE(arch == changed);
}

TEST(DramConfig, AddressMappingStrings) {
  EXPECT_TRUE(parse_address_mapping("RoRaBaCoBgCh").has_value());
  EXPECT_TRUE(parse_address_mapping("ChRoBgBaRaCo").has_value());
  EXPECT_FALSE(parse_address_mapping("RoRaBaCoBg").has_value());
  EXPECT_FALSE(parse_address_mapping("RoRoBaCoBgCh").has_value());
  EXPECT_FALSE(parse_address_mapping("RoRaBaCoBgXx").has_value());
}

TEST(DramConfigErrors, UnknownPresetName) {
  expect_config_error([] { with_preset("ddr9-9999"); },
                      {"arch.yaml:10:13", "'memory.dram.preset'", "a preset of yaml/dram/", "'ddr9-9999'"});
}

TEST(DramConfigErrors, UnknownStandard) {
  const std::string path = bad_preset("unknown-standard", "standard: DDR4", "standard: DDR6");
  expect_config_error([&] { with_preset(path); },
                      {path + ":", "'standard'", "one of DDR3, DDR4, LPDDR4, HBM2", "'DDR6'"});
}

TEST(DramConfigErrors, ImpossibleTiming) {
  const std::string ras = bad_preset("tras", "tras: 39", "tras: 60");
  expect_config_error([&] { with_preset(ras); }, {ras + ":", "'tras'", "tRAS <= tRC (56)", "60"});
  const std::string rc = bad_preset("trc", "trc: 56", "trc: 50");
  expect_config_error([&] { with_preset(rc); }, {rc + ":", "'trc'", "tRC >= tRAS + tRP (56)", "50"});
  // An override written in the arch file is blamed there.
  expect_config_error([] { parse_arch_config(std::string(kArch) + "    trp: 30\n", "arch.yaml"); },
                      {"'trc'", "tRC >= tRAS + tRP (69)", "56"});
}

TEST(DramConfigErrors, ZeroBanks) {
  const std::string path = bad_preset("zero-banks", "banks_per_group: 4", "banks_per_group: 0");
  const std::string message = expect_config_error(
      [&] { with_preset(path); }, {path + ":", "'banks_per_group'", "an integer from 1", "found 0"});
  EXPECT_NE(message.find(":17:18:"), std::string::npos) << message;  // line and column in the preset
}

TEST(DramConfigErrors, BadEnumsAndMapping) {
  expect_config_error([] { parse_arch_config(kArch, "arch.yaml", {"memory.dram.page_policy=half"}); },
                      {"'memory.dram.page_policy'", "one of open, closed", "'half'"});
  expect_config_error([] { parse_arch_config(kArch, "arch.yaml", {"memory.dram.scheduler=lifo"}); },
                      {"'memory.dram.scheduler'", "one of frfcfs, fcfs", "'lifo'"});
  expect_config_error([] { parse_arch_config(kArch, "arch.yaml", {"memory.dram.address_mapping=RoBa"}); },
                      {"'memory.dram.address_mapping'", "each of Ro, Ra, Bg, Ba, Co, Ch exactly once", "'RoBa'"});
  expect_config_error([] { parse_arch_config(kArch, "arch.yaml", {"memory.dram.chanels=2"}); },
                      {"'memory.dram.chanels'", "known keys", "unknown key"});
}

TEST(DramConfigErrors, DramModelNeedsASection) {
  std::string text = kArch;
  text.erase(text.find("  dram:"));
  expect_config_error([&] { parse_arch_config(text, "arch.yaml"); },
                      {"arch.yaml:8:10", "'memory.model'", "a memory.dram section", "none"});
}

}  // namespace
}  // namespace sextant
