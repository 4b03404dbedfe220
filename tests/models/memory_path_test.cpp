// SPDX-License-Identifier: Apache-2.0
// The analytical model's memory path (models/analytical/memory_path.h): which level serves
// an op, with what latency, bandwidth and requests in flight, and what a transfer costs.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/analytical/memory_path.h"
#include "tlm/core/arch_config.h"

namespace sextant {
namespace {

const std::string kRoot = SEXTANT_SOURCE_DIR;

ArchConfig gemmini(const std::vector<std::string>& overrides) {
  return load_arch_config(kRoot + "/yaml/arch/gemmini-default-like.yaml", overrides);
}

/// The FireSim-like preset: DDR3-1600 behind a warm 4 MiB LLC (128 B lines, 8 MSHRs) and
/// a warm 512 KiB L2 (10-cycle hits, 16 B/cycle, 5 MSHRs), both replacing at random, an LLC
/// hit 40 cycles beyond the L2, a 16-request DMA whose command
/// tracker holds 2 commands of 16 requests (yaml/arch/gemmini-firesim-like-d16.yaml).
/// The FireSim-like preset with a 10-cycle L2 hit (the arithmetic below spells it out;
/// the preset's own value is calibrated and may move).
ArchConfig firesim(std::vector<std::string> overrides = {}) {
  overrides.insert(overrides.begin(), "memory.l2.hit_latency_cycles=10");
  return load_arch_config(kRoot + "/yaml/arch/gemmini-firesim-like-d16.yaml", overrides);
}

constexpr std::uint64_t kKiB = 1024;

TEST(MemoryPath, FixedMemoryIsItsTwoValuesBehindTheDma) {
  const ArchConfig arch = gemmini({"memory.model=fixed", "memory.bandwidth_bytes_per_cycle=64",
                                   "memory.latency_cycles=80", "dma.bytes_per_cycle=16", "dma.outstanding=4"});
  const MemoryPath path = memory_path(arch, 100 * kKiB, 100 * kKiB);
  EXPECT_FALSE(path.ideal);
  EXPECT_STREQ(path.served_by, "memory");
  EXPECT_DOUBLE_EQ(path.latency_cycles, 80.0);
  EXPECT_DOUBLE_EQ(path.bytes_per_cycle, 16.0);  // the DMA's data path is narrower
  EXPECT_DOUBLE_EQ(path.shared_bytes_per_cycle, 64.0);
  EXPECT_DOUBLE_EQ(path.window, 4.0);
  // 4,096 B in 64 requests: bandwidth 256 + 80 = 336 cycles vs 16 windows x 80 = 1,280.
  EXPECT_DOUBLE_EQ(transfer_cycles(path, 4096.0, 64.0), 1280.0);
  // 4,096 B in 4 requests: one window, bandwidth-bound.
  EXPECT_DOUBLE_EQ(transfer_cycles(path, 4096.0, 4.0), 336.0);
}

TEST(MemoryPath, IdealMemoryCostsNothing) {
  const MemoryPath path = memory_path(gemmini({"memory.model=ideal"}), kKiB, kKiB);
  EXPECT_TRUE(path.ideal);
  EXPECT_DOUBLE_EQ(transfer_cycles(path, 1e9, 1e6), 0.0);
}

TEST(MemoryPath, DramIsItsPeakAndARowMissLatency) {
  // No caches: DDR3-1600 (tCK 1.25 ns, 64-bit bus, CL 11, tRCD 11, BL 8, front end 2 tCK)
  // at the preset's 1 GHz: 12.8 B per cycle, (2 + 11 + 11 + 4) x 1.25 ns = 35 cycles.
  ArchConfig arch = firesim();
  arch.memory.l2.reset();
  arch.memory.llc.reset();
  EXPECT_DOUBLE_EQ(memory_bytes_per_cycle(arch), 12.8);
  EXPECT_DOUBLE_EQ(memory_latency_cycles(arch), 35.0);
  const MemoryPath path = memory_path(arch, kKiB, kKiB);
  EXPECT_STREQ(path.served_by, "memory");
  EXPECT_DOUBLE_EQ(path.latency_cycles, 35.0);
  EXPECT_DOUBLE_EQ(path.bytes_per_cycle, 12.8);
}

TEST(MemoryPath, AWarmCacheHoldingTheOpServesIt) {
  // LRU caches serve an op wholly or not at all (a loop larger than the cache misses).
  const ArchConfig arch = firesim({"memory.l2.replacement=lru", "memory.llc.replacement=lru"});
  // 300 KiB of inputs and weights fit the warm 512 KiB L2.
  const MemoryPath l2 = memory_path(arch, 200 * kKiB, 100 * kKiB);
  EXPECT_STREQ(l2.served_by, "L2");
  EXPECT_DOUBLE_EQ(l2.latency_cycles, 10.0);
  EXPECT_DOUBLE_EQ(l2.bytes_per_cycle, 16.0);
  EXPECT_DOUBLE_EQ(l2.window, 16.0);  // hits hold no MSHR: the DMA's 16 requests
  // 2 MiB: past the L2, inside the 4 MiB LLC. Each request misses the L2 (its lookup
  // adds to the LLC's) and holds one of the L2's 10 MSHRs; the LLC moves a 128 B line in
  // 2 tag cycles + 16 cycles of 8 B beats.
  const MemoryPath llc = memory_path(arch, 1024 * kKiB, 1024 * kKiB);
  EXPECT_STREQ(llc.served_by, "LLC");
  EXPECT_DOUBLE_EQ(llc.latency_cycles, arch.memory.llc->hit_latency_cycles + 10.0);
  EXPECT_DOUBLE_EQ(llc.window, 10.0);
  EXPECT_DOUBLE_EQ(llc.bytes_per_cycle, 128.0 / 18.0);
  // 8 MiB: the DRAM, through both lookups and the LLC's pipeline, at most 8 misses in
  // flight (the LLC's MSHRs).
  const MemoryPath dram = memory_path(arch, 4096 * kKiB, 4096 * kKiB);
  EXPECT_STREQ(dram.served_by, "memory");
  EXPECT_DOUBLE_EQ(dram.latency_cycles, 35.0 + arch.memory.llc->hit_latency_cycles + 10.0);
  EXPECT_DOUBLE_EQ(dram.bytes_per_cycle, 128.0 / 18.0);
  EXPECT_DOUBLE_EQ(dram.window, 8.0);
}

TEST(MemoryPath, RandomReplacementServesTheShareThatStaysResident) {
  // The presets' caches replace at random: of a working set larger than a cache, the
  // share size / working set hits. 2 MiB: the L2 hits 512 KiB / 2 MiB = 1/4 (10 cycles,
  // 16 requests in flight, 16 B per cycle), the LLC the other 3/4 (10 + 40 cycles, 10 L2
  // MSHRs, 128 B per 18 cycles).
  const ArchConfig arch = firesim();
  const double llc_bytes_per_cycle = 128.0 / 18.0;
  const MemoryPath llc = memory_path(arch, 1024 * kKiB, 1024 * kKiB);
  EXPECT_STREQ(llc.served_by, "LLC");
  EXPECT_DOUBLE_EQ(llc.latency_cycles, 0.25 * 10 + 0.75 * 50);
  // Per request 0.25 x 10 / 16 + 0.75 x 50 / 10 cycles when latency-bound.
  EXPECT_DOUBLE_EQ(llc.latency_cycles / llc.window, 0.25 * 10 / 16 + 0.75 * 50 / 10);
  EXPECT_DOUBLE_EQ(1.0 / llc.bytes_per_cycle, 0.25 / 16 + 0.75 / llc_bytes_per_cycle);
  // 8 MiB: the L2 hits 1/16, the LLC half of the rest, the DRAM the other half (35 cycles
  // below both lookups, behind the LLC's pipeline and 8 MSHRs).
  const MemoryPath dram = memory_path(arch, 4096 * kKiB, 4096 * kKiB);
  const double l2 = 1.0 / 16, llc_share = 0.5 * 15 / 16, dram_share = 0.5 * 15 / 16;
  EXPECT_DOUBLE_EQ(dram.latency_cycles, l2 * 10 + llc_share * 50 + dram_share * 85);
  EXPECT_DOUBLE_EQ(dram.latency_cycles / dram.window, l2 * 10 / 16 + llc_share * 50 / 10 + dram_share * 85 / 8);
  EXPECT_DOUBLE_EQ(1.0 / dram.bytes_per_cycle, l2 / 16 + (llc_share + dram_share) / llc_bytes_per_cycle);
}

TEST(MemoryPath, ColdCachesOrInputsOnlyServeNothing) {
  const MemoryPath cold = memory_path(firesim({"memory.l2.warm=none", "memory.llc.warm=none"}), kKiB, kKiB);
  EXPECT_STREQ(cold.served_by, "memory");
  // Warm with the inputs only: the weights' misses pace the op.
  const MemoryPath inputs = memory_path(firesim({"memory.l2.warm=inputs", "memory.llc.warm=inputs"}), kKiB, kKiB);
  EXPECT_STREQ(inputs.served_by, "memory");
  // ... unless it has no weights.
  const MemoryPath no_weights = memory_path(firesim({"memory.l2.warm=inputs"}), kKiB, 0);
  EXPECT_STREQ(no_weights.served_by, "L2");
}

TEST(MemoryPath, OneCommandAtATimeDrainsEveryCommand) {
  // D = 32: the tracker holds one command of 32 requests; at most 16 requests in flight.
  const ArchConfig arch = load_arch_config(kRoot + "/yaml/arch/gemmini-firesim-like-d32.yaml",
                                           {"memory.l2.hit_latency_cycles=10"});  // 1 KiB + 1 KiB: L2 hits
  const MemoryPath path = memory_path(arch, kKiB, kKiB);
  ASSERT_STREQ(path.served_by, "L2");
  EXPECT_DOUBLE_EQ(path.draining_command_requests, 32.0);
  EXPECT_DOUBLE_EQ(path.window, 16.0);
  // 64 requests of 64 B = 2 commands, each max(2,048 / 16 + 10, 2 windows x 10) = 138.
  EXPECT_DOUBLE_EQ(transfer_cycles(path, 4096.0, 64.0), 276.0);
  // With two commands in flight the requests stream: 4,096 / 16 + 10.
  const MemoryPath two = memory_path(load_arch_config(kRoot + "/yaml/arch/gemmini-firesim-like-d32.yaml",
                                                      {"memory.l2.hit_latency_cycles=10", "dma.commands_in_flight=2"}),
                                     kKiB, kKiB);
  EXPECT_DOUBLE_EQ(two.draining_command_requests, 0.0);
  EXPECT_DOUBLE_EQ(transfer_cycles(two, 4096.0, 64.0), 266.0);
}

TEST(MemoryPath, CoresMovingDataTogetherShareTheMemorySide) {
  const ArchConfig arch = gemmini({"memory.model=fixed", "memory.bandwidth_bytes_per_cycle=32", "dma.bytes_per_cycle=16"});
  EXPECT_DOUBLE_EQ(memory_path(arch, kKiB, kKiB, 1).bytes_per_cycle, 16.0);  // the DMA bounds one core
  EXPECT_DOUBLE_EQ(memory_path(arch, kKiB, kKiB, 4).bytes_per_cycle, 8.0);   // 32 / 4 bounds each of four
}

}  // namespace
}  // namespace sextant
