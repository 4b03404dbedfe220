// SPDX-License-Identifier: Apache-2.0
// SCALE-Sim .cfg architecture files: what SCALE-Sim's loader reads becomes an ArchConfig
// with SCALE-Sim's timing assumptions; what it does not read is an error with file:line.
#include "tlm/core/scalesim_config.h"

#include <string>

#include <gtest/gtest.h>

#include "tests/tlm/config_error_expect.h"

namespace sextant {
namespace {

using testing::expect_config_error;

// SCALE-Sim v2's configs/scale.cfg, as shipped.
const std::string kScaleCfg = R"([general]
run_name = scale_example_run_32x32_os

[architecture_presets]
ArrayHeight:    32
ArrayWidth:     32
IfmapSramSzkB:    64
FilterSramSzkB:   64
OfmapSramSzkB:    64
IfmapOffset:    0
FilterOffset:   10000000
OfmapOffset:    20000000
Bandwidth : 10
Dataflow : os
MemoryBanks:   1

[run_presets]
InterfaceBandwidth: CALC
)";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("missing " + from);
  return text.replace(at, from.size(), to);
}

TEST(ScaleSimConfig, DefaultConfigUsesScaleSimAssumptions) {
  const ArchConfig arch = parse_scalesim_config(kScaleCfg, "scale.cfg");
  EXPECT_EQ(arch.name, "scale_example_run_32x32_os");
  EXPECT_EQ(arch.pe_array.rows, 32);
  EXPECT_EQ(arch.pe_array.cols, 32);
  EXPECT_EQ(arch.pe_array.dataflow, Dataflow::kOutputStationary);
  EXPECT_FALSE(arch.pe_array.fold_overlap);
  ASSERT_EQ(arch.buffers.size(), 3u);
  EXPECT_EQ(arch.buffers[0].name, "IfmapSram");
  EXPECT_EQ(arch.buffers[0].size_bytes, 64u * 1024u);
  EXPECT_TRUE(arch.buffers[2].holds.has(TensorKind::kOutputs));
  EXPECT_EQ(arch.memory.model, MemoryModel::kIdeal);  // CALC: memory never stalls
}

TEST(ScaleSimConfig, UserBandwidthIsAFixedMemoryAndKeysAreCaseInsensitive) {
  const std::string text = replace(replace(kScaleCfg, "InterfaceBandwidth: CALC", "interfacebandwidth = USER"),
                                   "Dataflow : os", "dataflow: ws");
  const ArchConfig arch = parse_scalesim_config(text, "user.cfg", {"pe_array.rows=16"});
  EXPECT_EQ(arch.pe_array.dataflow, Dataflow::kWeightStationary);
  EXPECT_EQ(arch.pe_array.rows, 16);  // --set overrides apply to the imported config
  EXPECT_EQ(arch.memory.model, MemoryModel::kFixed);
  EXPECT_DOUBLE_EQ(arch.memory.bandwidth_bytes_per_cycle, 10.0);
  EXPECT_EQ(arch.dma.bytes_per_cycle, 10u);
}

TEST(ScaleSimConfig, ErrorsNameFileLineAndKey) {
  expect_config_error([] { parse_scalesim_config(replace(kScaleCfg, "Dataflow : os", "Dataflow : rs"), "a.cfg"); },
                      {"a.cfg:14:", "'architecture_presets.dataflow'", "one of os, ws, is", "'rs'"});
  expect_config_error([] { parse_scalesim_config(replace(kScaleCfg, "ArrayWidth:     32", "ArrayWidht: 32"), "b.cfg"); },
                      {"b.cfg:6:1", "unknown key 'ArrayWidht'"});
  expect_config_error([] { parse_scalesim_config(replace(kScaleCfg, "IfmapSramSzkB:    64", "IfmapSramSzkB: 64k"), "c.cfg"); },
                      {"c.cfg:7:", "'architecture_presets.ifmapsramszkb'", "an integer >= 1", "'64k'"});
  expect_config_error([] { parse_scalesim_config(replace(kScaleCfg, "OfmapOffset:    20000000\n", ""), "d.cfg"); },
                      {"d.cfg", "'architecture_presets.ofmapoffset'", "SCALE-Sim requires it"});
  expect_config_error([] { parse_scalesim_config(replace(kScaleCfg, "CALC", "AUTO"), "e.cfg"); },
                      {"e.cfg:18:", "CALC or USER", "'AUTO'"});
  // CALC mode does not need a Bandwidth (SCALE-Sim reads it only in USER mode).
  EXPECT_NO_THROW(parse_scalesim_config(replace(kScaleCfg, "Bandwidth : 10\n", ""), "f.cfg"));
  expect_config_error([] { parse_scalesim_config(kScaleCfg + "[sparsity]\nSparsitySupport: true\n", "g.cfg"); },
                      {"g.cfg:19:1", "a section SCALE-Sim reads"});
}

}  // namespace
}  // namespace sextant
