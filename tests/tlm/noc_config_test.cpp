// SPDX-License-Identifier: Apache-2.0
// The `noc:` section of the arch config: defaults, the multi-core presets, the dump
// round trip, and one-line errors naming file, line, column and key for bad values.
#include "tlm/core/noc_config.h"

#include <gtest/gtest.h>

#include "tests/tlm/config_error_expect.h"
#include "tlm/core/arch_config.h"

namespace sextant {
namespace {

using testing::expect_config_error;

constexpr const char* kArch = R"(name: test
clock_mhz: 1000
pe_array: {rows: 4, cols: 4, dataflow: WS}
buffers:
  - {name: Spad, holds: [inputs, weights], size: 16 KiB}
  - {name: Acc, holds: [outputs], size: 4 KiB}
)";

ArchConfig with_noc(const std::string& noc) { return parse_arch_config(std::string(kArch) + noc, "arch.yaml"); }

TEST(NocConfig, AbsentMeansOneCoreWithoutANoc) {
  const ArchConfig config = parse_arch_config(kArch, "arch.yaml");
  EXPECT_FALSE(config.noc.has_value());
  EXPECT_EQ(config.cores(), 1);
}

TEST(NocConfig, MeshDefaultsPutACoreOnEveryNode) {
  const ArchConfig config = with_noc("noc: {topology: mesh, rows: 2, cols: 3}\n");
  ASSERT_TRUE(config.noc.has_value());
  EXPECT_EQ(config.cores(), 6);
  EXPECT_EQ(config.noc->memory_controllers.size(), 1u);
  EXPECT_EQ(config.noc->flow_control, NocFlowControl::kFlit);
}

TEST(NocConfig, PresetsLoadAndRoundTrip) {
  for (const char* preset : {"simba-like", "tpu-v4-like"}) {
    SCOPED_TRACE(preset);
    const ArchConfig config = load_arch_config(std::string(SEXTANT_SOURCE_DIR "/yaml/arch/") + preset + ".yaml");
    ASSERT_TRUE(config.noc.has_value());
    EXPECT_EQ(parse_arch_config(dump_arch_config(config), "dump.yaml"), config);
  }
  const ArchConfig simba = load_arch_config(SEXTANT_SOURCE_DIR "/yaml/arch/simba-like.yaml");
  EXPECT_EQ(simba.cores(), 16);
  EXPECT_EQ(simba.noc->rows * simba.noc->cols, 16);
  const ArchConfig overridden = load_arch_config(SEXTANT_SOURCE_DIR "/yaml/arch/simba-like.yaml",
                                                 {"noc.cores=4", "noc.link_bytes_per_cycle=8"});
  EXPECT_EQ(overridden.cores(), 4);
  EXPECT_EQ(overridden.noc->link_bytes_per_cycle, 8.0);
}

TEST(NocConfig, BadValuesAreOneLineErrors) {
  expect_config_error([] { with_noc("noc: {topology: mesh, rows: 0, cols: 4}\n"); },
                      {"arch.yaml:7:", "'noc.rows'", "expected", "found '0'"});
  expect_config_error([] { with_noc("noc: {topology: torus, rows: 2, cols: 2}\n"); },
                      {"arch.yaml:7:", "'noc.topology'", "mesh, crossbar, bus", "'torus'"});
  expect_config_error([] { with_noc("noc:\n  topology: mesh\n  rows: 2\n  cols: 2\n  memory_controllers: [[0, 0], [2, 1]]\n"); },
                      {"arch.yaml:11:", "'noc.memory_controllers.1'", "off the grid", "[2, 1]"});
  expect_config_error([] { with_noc("noc: {topology: mesh, rows: 2, cols: 2, cores: 5}\n"); },
                      {"arch.yaml:7:", "'noc.cores'", "at most rows x cols = 4", "5"});
  expect_config_error([] { with_noc("noc: {topology: mesh, rows: 2, cols: 2, link_width: 4}\n"); },
                      {"arch.yaml:7:", "noc.link_width"});
  expect_config_error(
      [] { with_noc("noc: {topology: bus, flow_control: packet, packet_bytes: 128 B, flit_bytes: 16 B, buffer_flits: 4}\n"); },
      {"arch.yaml:7:", "'noc.buffer_flits'", "at least packet_bytes / flit_bytes = 8", "4"});
  expect_config_error([] { with_noc("noc: {topology: mesh, link_bytes_per_cycle: 0}\n"); },
                      {"arch.yaml:7:", "'noc.link_bytes_per_cycle'", "a number > 0"});
}

}  // namespace
}  // namespace sextant
