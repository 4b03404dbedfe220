// SPDX-License-Identifier: Apache-2.0
// The last-level cache as a TLM-2.0 component in front of the fixed memory endpoint:
// hit/miss/write-back counts on patterns that can be counted by hand, byte conservation
// between the cache and the memory, the MSHR bound and the hit/miss timing.
// One simulation per TEST (ctest runs each in its own process).
#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "models/cache/last_level_cache.h"
#include "models/memory/memory_endpoint.h"
#include "tlm/sc/checked_transport.h"

namespace sextant {
namespace {

constexpr double kCycleNs = 1.0;
constexpr std::uint64_t kLine = 64;

/// Runs a script of blocking accesses against the cache, one at a time, from one thread.
class Driver : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(Driver);
  tlm_utils::simple_initiator_socket<Driver> out;
  std::function<void(Driver&)> script;

  explicit Driver(sc_core::sc_module_name name) : sc_core::sc_module(name), out("out") { SC_THREAD(run); }

  /// One request; returns its latency in cycles.
  double access(std::uint64_t address, std::uint64_t bytes, bool write) {
    m_payload.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    m_payload.set_address(address);
    m_payload.set_data_ptr(nullptr);
    m_payload.set_data_length(static_cast<unsigned>(bytes));
    m_payload.set_streaming_width(static_cast<unsigned>(bytes));
    m_payload.set_byte_enable_ptr(nullptr);
    const sc_core::sc_time start = sc_core::sc_time_stamp();
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    checked_b_transport(*out.operator->(), name(), m_payload, delay);
    sc_core::wait(delay);
    return (sc_core::sc_time_stamp() - start).to_seconds() * 1e9 / kCycleNs;
  }
  /// Sequential requests of `request` bytes over [begin, begin + bytes).
  void stream(std::uint64_t begin, std::uint64_t bytes, std::uint64_t request, bool write) {
    for (std::uint64_t at = begin; at < begin + bytes; at += request) access(at, request, write);
  }

 private:
  void run() { script(*this); }
  tlm::tlm_generic_payload m_payload;
};

MemoryConfig fixed_memory() {
  MemoryConfig memory;
  memory.model = MemoryModel::kFixed;
  memory.bandwidth_bytes_per_cycle = 16.0;
  memory.latency_cycles = 100;
  return memory;
}

/// 4 KiB, 4 ways, 64 B lines: 16 sets.
LlcConfig small_cache() {
  LlcConfig config;
  config.size_bytes = 4096;
  config.ways = 4;
  config.line_bytes = kLine;
  config.banks = 1;
  config.hit_latency_cycles = 10;
  config.bytes_per_cycle = 16.0;
  config.mshrs = 8;
  return config;
}

/// The cache, the memory behind it and a driver running script; simulates to the end
/// (the script drains the write-backs last).
struct Bench {
  LastLevelCache llc;
  MemoryEndpoint memory;
  Driver driver;
  explicit Bench(const LlcConfig& config, std::function<void(Driver&, LastLevelCache&)> script)
      : llc("llc", config, kCycleNs, false), memory("memory", fixed_memory(), 64, kCycleNs, false), driver("driver") {
    driver.out.bind(llc.in);
    llc.out.bind(memory.in);
    driver.script = [this, script](Driver& d) {
      script(d, llc);
      llc.drain();
      sc_core::sc_stop();
    };
    sc_core::sc_start();
  }
};

/// What the memory saw equals what the cache says it fetched and wrote back.
void expect_conserved(const Bench& bench) {
  EXPECT_EQ(bench.memory.bytes_read(), bench.llc.fills() * kLine);
  EXPECT_EQ(bench.memory.bytes_written(), bench.llc.writebacks() * kLine);
}

TEST(LastLevelCache, StreamLargerThanTheCacheMissesOnEveryLine) {
  // 16 KiB read twice through a 4 KiB LRU cache: the second pass finds nothing.
  Bench bench(small_cache(), [](Driver& d, LastLevelCache&) {
    d.stream(0, 16384, 256, false);
    d.stream(0, 16384, 256, false);
  });
  EXPECT_EQ(bench.llc.hits(), 0u);
  EXPECT_EQ(bench.llc.misses(), 2u * 16384 / kLine);
  EXPECT_EQ(bench.llc.fills(), bench.llc.misses());
  EXPECT_EQ(bench.llc.writebacks(), 0u);
  expect_conserved(bench);
}

TEST(LastLevelCache, ReReadOfASmallFootprintHits) {
  // 2 KiB read four times: 32 compulsory misses, then 3 x 32 hits.
  Bench bench(small_cache(), [](Driver& d, LastLevelCache&) {
    for (int pass = 0; pass < 4; ++pass) d.stream(0, 2048, 128, false);
  });
  EXPECT_EQ(bench.llc.misses(), 32u);
  EXPECT_EQ(bench.llc.hits(), 96u);
  expect_conserved(bench);
}

TEST(LastLevelCache, DirtyEvictionsAreWrittenBack) {
  // 8 KiB of whole-line writes into 4 KiB: no fetches (write-allocate of whole lines),
  // the first 4 KiB are evicted dirty by the second 4 KiB; the rest stays in the cache.
  Bench bench(small_cache(), [](Driver& d, LastLevelCache&) { d.stream(0, 8192, 256, true); });
  EXPECT_EQ(bench.llc.misses(), 128u);
  EXPECT_EQ(bench.llc.fills(), 0u);
  EXPECT_EQ(bench.llc.writebacks(), 64u);
  expect_conserved(bench);
}

TEST(LastLevelCache, ReadsEvictingDirtyLinesCostAFillAndAWriteBackEach) {
  Bench bench(small_cache(), [](Driver& d, LastLevelCache&) {
    d.stream(0, 4096, 256, true);      // fills the cache with dirty lines
    d.stream(65536, 4096, 256, false);  // evicts every one of them
  });
  EXPECT_EQ(bench.llc.fills(), 64u);
  EXPECT_EQ(bench.llc.writebacks(), 64u);
  EXPECT_EQ(bench.memory.bytes_read() + bench.memory.bytes_written(),
            (bench.llc.fills() + bench.llc.writebacks()) * kLine);
  expect_conserved(bench);
}

TEST(LastLevelCache, PartialLineWriteMissFetchesTheLine) {
  Bench bench(small_cache(), [](Driver& d, LastLevelCache&) { d.access(16, 32, true); });
  EXPECT_EQ(bench.llc.misses(), 1u);
  EXPECT_EQ(bench.llc.fills(), 1u);
  expect_conserved(bench);
}

TEST(LastLevelCache, HitAndMissLatencyFollowTheParameters) {
  double miss = 0.0;
  double hit = 0.0;
  Bench bench(small_cache(), [&](Driver& d, LastLevelCache&) {
    miss = d.access(0, kLine, false);
    hit = d.access(0, kLine, false);
  });
  const double through_array = kLine / 16.0;  // cycles on the data array
  EXPECT_DOUBLE_EQ(hit, 10.0 + through_array);
  // Tag lookup, then the endpoint (64 B at 16 B/cycle + 100 cycles), then the fill passes
  // the data array.
  EXPECT_DOUBLE_EQ(miss, 10.0 + (kLine / 16.0 + 100.0) + through_array);
}

TEST(LastLevelCache, MshrsBoundTheLinesInFlight) {
  // One 2 KiB request (32 missing lines) with 4 MSHRs: 8 memory transactions of 4 lines.
  LlcConfig config = small_cache();
  config.mshrs = 4;
  Bench bench(config, [](Driver& d, LastLevelCache&) { d.access(0, 2048, false); });
  EXPECT_EQ(bench.llc.fills(), 32u);
  EXPECT_EQ(bench.memory.requests(), 8u);
  expect_conserved(bench);
}

TEST(LastLevelCache, WarmStartMakesTheResidentRangeHit) {
  Bench bench(small_cache(), [](Driver& d, LastLevelCache& llc) {
    llc.start_op({AddressRange{0, 1024}});
    d.stream(0, 2048, 256, false);
  });
  EXPECT_EQ(bench.llc.hits(), 16u);
  EXPECT_EQ(bench.llc.misses(), 16u);
}

TEST(LastLevelCache, TagCyclesSerializeTheLinesOfRequests) {
  // A cache that takes 2 tag cycles per line, then 64 B at 8 B per cycle: 10 cycles per
  // line. Four hits issued together (the blocking driver issues one at a time, so two
  // drivers would be needed; one request of 4 lines shows the same serialization).
  LlcConfig config = small_cache();
  config.tag_cycles = 2;
  config.bytes_per_cycle = 8.0;
  double cold = 0.0;
  double warm = 0.0;
  Bench bench(config, [&](Driver& d, LastLevelCache& llc) {
    llc.start_op({AddressRange{0, 4 * kLine}});
    warm = d.access(0, 4 * kLine, false);
    cold = d.access(1024, kLine, false);
  });
  // Lookups book back to back: the fourth line's data ends 4 x (2 + 8) cycles in, then
  // the hit latency.
  EXPECT_DOUBLE_EQ(warm, 4.0 * (2.0 + 8.0) + 10.0);
  // A miss pays its lookup's tag cycles, the lookup latency, the memory (64 B at 16 B per
  // cycle + 100) and the fill through the data array (8 cycles).
  EXPECT_DOUBLE_EQ(cold, 2.0 + 10.0 + (4.0 + 100.0) + 8.0);
}

TEST(LastLevelCache, AnEmptyCacheKeepsAWarmRangeAsLargeAsItself) {
  // 4 KiB of data warmed into a 4 KiB random-replacement cache: from empty it all fits; in
  // a cache whose every way holds other data, each set's 4 new lines evict random ways,
  // their own predecessors among them, so some of them miss.
  LlcConfig config = small_cache();
  config.replacement = CacheReplacement::kRandom;
  Bench empty(config, [](Driver& d, LastLevelCache& llc) {
    llc.start_op({AddressRange{0, 4096}});
    d.stream(0, 4096, kLine, false);
  });
  EXPECT_EQ(empty.llc.misses(), 0u);
}

TEST(LastLevelCache, OccupiedCacheMissesPartOfAWarmRangeAsLargeAsItself) {
  LlcConfig config = small_cache();
  config.replacement = CacheReplacement::kRandom;
  config.occupied = true;
  Bench full(config, [](Driver& d, LastLevelCache& llc) {
    llc.start_op({AddressRange{0, 4096}});
    d.stream(0, 4096, kLine, false);
  });
  // Each of 16 sets takes 4 warm lines into 4 full ways: about (1 - (3/4)^4) / (1/4) = 2.7
  // survive per set on average, so roughly a third of the 64 lines miss.
  EXPECT_GT(full.llc.misses(), 10u);
  EXPECT_LT(full.llc.misses(), 40u);
  // The other data never matches an address the accelerator uses: every hit is warm data.
  EXPECT_EQ(full.llc.hits() + full.llc.misses(), 64u);
}

}  // namespace
}  // namespace sextant
