// SPDX-License-Identifier: Apache-2.0
// The analytical model's access counts against the compiled program (SystemC-free): DRAM
// bytes, buffer bytes, MACs, tiles and the systolic cycles must equal what the program
// the TLM model runs implies, on every ResNet-50 layer with the default mapping.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/analytical/analytical_model.h"
#include "tlm/core/arch_config.h"
#include "workloads/compiler.h"
#include "workloads/mapper.h"
#include "workloads/mapping_validity.h"
#include "workloads/network.h"
#include "workloads/systolic_timing.h"

namespace sextant {
namespace {

const std::string kRoot = SEXTANT_SOURCE_DIR;

/// What the TLM model will count for a program, derived from its commands alone: DMA
/// transfers move a box's valid bytes; the PE array moves array_traffic() per tile.
struct ProgramCounts {
  std::uint64_t dram_read = 0, dram_write = 0, tiles = 0, busy = 0, macs = 0, loads = 0, stores = 0;
  std::vector<std::uint64_t> buffer_read, buffer_write;
};

ProgramCounts count_program(const Program& program, const ArchConfig& arch) {
  ProgramCounts counts;
  counts.buffer_read.assign(arch.buffers.size(), 0);
  counts.buffer_write.assign(arch.buffers.size(), 0);
  for (const Command& command : program.commands) {
    if (command.kind == CommandKind::kLoad) {
      const std::uint64_t bytes = command.transfer.box.valid_bytes();
      counts.dram_read += bytes;
      counts.buffer_write[static_cast<std::size_t>(command.transfer.buffer)] += bytes;
      ++counts.loads;
    } else if (command.kind == CommandKind::kStore) {
      const std::uint64_t bytes = command.transfer.box.valid_bytes();
      counts.dram_write += bytes;
      counts.buffer_read[static_cast<std::size_t>(command.transfer.buffer)] += bytes;
      ++counts.stores;
    } else if (command.kind == CommandKind::kCompute) {
      const ComputeTile& tile = command.compute;
      const auto folds = fold_classes(tile);
      const ArrayTraffic traffic = array_traffic(arch.pe_array, tile, folds);
      for (int t = 0; t < kNumTensorKinds; ++t) {
        const auto b = static_cast<std::size_t>(tile.buffer[static_cast<std::size_t>(t)]);
        counts.buffer_read[b] += traffic.read_bytes[t];
        counts.buffer_write[b] += traffic.write_bytes[t];
      }
      counts.busy += systolic_cycles(arch.pe_array, folds);
      counts.macs += traffic.macs;
      ++counts.tiles;
    }
  }
  // Pipelined compute commands expose one drain, after the last tile (its store waits).
  counts.busy += pipeline_drain_cycles(arch.pe_array);
  return counts;
}

void expect_counts_match(const std::string& preset, const std::vector<std::string>& overrides = {}) {
  const ArchConfig arch = load_arch_config(kRoot + "/yaml/arch/" + preset + ".yaml", overrides);
  const Network network = load_network(kRoot + "/yaml/workloads/resnet50.yaml");
  for (const Op& op : network.ops) {
    if (is_vector_op(op.kind)) continue;  // PE-array ops: the compiler's tiles vs closed form
    SCOPED_TRACE(preset + " " + op.name);
    const Mapping mapping = default_mapping(op, arch);
    ASSERT_TRUE(check_mapping(op, mapping, arch).ok);
    const ProgramCounts expected = count_program(compile(op, mapping, arch), arch);
    const AnalyticalEstimate e = estimate_op(op, mapping, arch);
    EXPECT_EQ(e.dram_read_bytes, expected.dram_read);
    EXPECT_EQ(e.dram_write_bytes, expected.dram_write);
    EXPECT_EQ(e.loads, expected.loads);
    EXPECT_EQ(e.stores, expected.stores);
    EXPECT_EQ(e.tiles, expected.tiles);
    EXPECT_EQ(e.busy_cycles, expected.busy);
    EXPECT_EQ(e.macs, expected.macs);
    EXPECT_EQ(e.macs, static_cast<std::uint64_t>(op.macs()));
    for (std::size_t b = 0; b < arch.buffers.size(); ++b) {
      EXPECT_EQ(e.buffer_read_bytes[b], expected.buffer_read[b]) << arch.buffers[b].name;
      EXPECT_EQ(e.buffer_write_bytes[b], expected.buffer_write[b]) << arch.buffers[b].name;
    }
  }
}

TEST(AnalyticalCounts, EqualTheCompiledProgramOnResNet50Gemmini) { expect_counts_match("gemmini-default-like"); }
TEST(AnalyticalCounts, EqualTheCompiledProgramOnResNet50TpuV1) { expect_counts_match("tpu-v1-like"); }
TEST(AnalyticalCounts, EqualTheCompiledProgramOnResNet50Eyeriss) { expect_counts_match("eyeriss-like"); }
TEST(AnalyticalCounts, EqualTheCompiledProgramOnResNet50ScaleSim) { expect_counts_match("scalesim-default-like"); }

/// controller.reload_unchanged_tiles: every DRAM iteration moves its inputs and weights in.
TEST(AnalyticalCounts, EqualTheCompiledProgramWhenUnchangedTilesAreReloaded) {
  expect_counts_match("gemmini-default-like", {"controller.reload_unchanged_tiles=true"});
  expect_counts_match("gemmini-firesim-like-d16");  // reloads, as Gemmini's software does
}

TEST(AnalyticalCounts, PartialSumSpillsFollowTheLoopOrder) {
  // C outside K at DRAM: every output tile is revisited C-trips times; the reloads are
  // every visit but the first, and the bytes match the compiled program.
  const ArchConfig arch = load_arch_config(kRoot + "/yaml/arch/gemmini-default-like.yaml");
  const Op op = make_matmul("mm", 512, 512, 512);
  Mapping mapping = default_mapping(op, arch);
  LevelMapping& dram = mapping.levels.front();
  // Split the reduction at DRAM by moving a factor of C out of the scratchpad level.
  for (std::size_t l = 1; l < mapping.levels.size(); ++l) {
    std::int64_t& c = at(mapping.levels[l].temporal, Dim::C);
    if (c % 4 == 0) {
      c /= 4;
      at(dram.temporal, Dim::C) *= 4;
      break;
    }
  }
  dram.permutation = complete_permutation("KPC");
  ASSERT_TRUE(check_mapping(op, mapping, arch).ok) << check_mapping(op, mapping, arch).reason;
  const ProgramCounts expected = count_program(compile(op, mapping, arch), arch);
  const AnalyticalEstimate e = estimate_op(op, mapping, arch);
  EXPECT_GT(at(dram.temporal, Dim::C), 1);
  EXPECT_EQ(e.dram_read_bytes, expected.dram_read);
  EXPECT_EQ(e.dram_write_bytes, expected.dram_write);
  EXPECT_GT(e.dram_write_bytes, static_cast<std::uint64_t>(op.output_elements() * 4));
}

TEST(AnalyticalLatency, IsBusyPlusStalls) {
  const ArchConfig arch = load_arch_config(kRoot + "/yaml/arch/gemmini-default-like.yaml");
  const Network network = load_network(kRoot + "/yaml/workloads/resnet50.yaml");
  for (const Op& op : network.ops) {
    if (is_vector_op(op.kind)) continue;  // the identity is the PE array's
    const Mapping mapping = default_mapping(op, arch);
    const OpResult r = analytical_op_result(op, mapping, arch);
    std::uint64_t stalls = 0;
    for (const auto& [cause, cycles] : r.stall_cycles) stalls += cycles;
    EXPECT_EQ(r.latency_cycles, r.busy_cycles.at("pe_array") + stalls) << op.name;
    EXPECT_GE(r.latency_cycles, r.busy_cycles.at("pe_array")) << op.name;
  }
}

TEST(AnalyticalLatency, SlowerMemoryNeverMakesAnOpFaster) {
  const ArchConfig fast = load_arch_config(kRoot + "/yaml/arch/gemmini-default-like.yaml", {"memory.model=ideal"});
  const ArchConfig slow = load_arch_config(kRoot + "/yaml/arch/gemmini-default-like.yaml",
                                           {"memory.bandwidth_bytes_per_cycle=2"});
  const Network network = load_network(kRoot + "/yaml/workloads/resnet50.yaml");
  bool some_slower = false;
  for (const Op& op : network.ops) {
    if (is_vector_op(op.kind)) continue;
    const Mapping mapping = default_mapping(op, fast);
    const std::uint64_t a = estimate_op(op, mapping, fast).latency_cycles;
    const std::uint64_t b = estimate_op(op, mapping, slow).latency_cycles;
    EXPECT_LE(a, b) << op.name;
    some_slower = some_slower || b > a;
  }
  EXPECT_TRUE(some_slower);
}

}  // namespace
}  // namespace sextant
