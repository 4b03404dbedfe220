// SPDX-License-Identifier: Apache-2.0
// The analytical model's fast path against its reference, on random points of the search's
// mapping spaces: the separable compute sums (estimate_op with a PreparedOp) must give the
// same estimate, field by field, as folding every tile class with the TLM PE array's
// functions (estimate_op_by_tile_classes); and the space's own validity test must agree
// with the full check_mapping().
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/analytical/analytical_model.h"
#include "models/analytical/exact_divisor.h"
#include "models/analytical/halo_sum.h"
#include "tlm/core/arch_config.h"
#include "workloads/mapping_space.h"
#include "workloads/mapping_validity.h"
#include "workloads/network.h"

namespace sextant {
namespace {

const std::string kRoot = SEXTANT_SOURCE_DIR;

void expect_same(const AnalyticalEstimate& fast, const AnalyticalEstimate& reference) {
  EXPECT_EQ(fast.macs, reference.macs);
  EXPECT_EQ(fast.latency_cycles, reference.latency_cycles);
  EXPECT_EQ(fast.busy_cycles, reference.busy_cycles);
  EXPECT_EQ(fast.bank_port_cycles, reference.bank_port_cycles);
  EXPECT_EQ(fast.memory_stall_cycles, reference.memory_stall_cycles);
  EXPECT_EQ(fast.issue_stall_cycles, reference.issue_stall_cycles);
  EXPECT_EQ(fast.tiles, reference.tiles);
  EXPECT_EQ(fast.loads, reference.loads);
  EXPECT_EQ(fast.stores, reference.stores);
  EXPECT_EQ(fast.memory_requests, reference.memory_requests);
  EXPECT_EQ(fast.dram_read_bytes, reference.dram_read_bytes);
  EXPECT_EQ(fast.dram_write_bytes, reference.dram_write_bytes);
  EXPECT_EQ(fast.buffer_count, reference.buffer_count);
  EXPECT_EQ(fast.buffer_read_bytes, reference.buffer_read_bytes);
  EXPECT_EQ(fast.buffer_write_bytes, reference.buffer_write_bytes);
}

/// Every PE-array layer of ResNet-50, `draws` random points each; returns how many were
/// valid (so a test can insist that the comparison really ran).
int compare_on_random_points(const std::string& preset, const std::vector<std::string>& overrides, int draws) {
  const ArchConfig arch = load_arch_config(kRoot + "/yaml/arch/" + preset + ".yaml", overrides);
  const Network network = load_network(kRoot + "/yaml/workloads/resnet50.yaml");
  std::mt19937_64 rng(2024);
  int valid = 0;
  for (const Op& op : network.ops) {
    if (is_vector_op(op.kind)) continue;
    const TilingSpace space(op, arch);
    const PreparedOp prepared(op, arch);
    for (int k = 0; k < draws; ++k) {
      const MappingPoint point = space.random_point(rng);
      const Mapping mapping = space.to_mapping(point);
      const bool full = check_mapping(op, mapping, arch).ok;
      EXPECT_EQ(space.is_valid(point), full) << preset << " " << op.name << " draw " << k;
      if (!full) continue;
      ++valid;
      SCOPED_TRACE(preset + " " + op.name + " draw " + std::to_string(k));
      expect_same(estimate_op(prepared, mapping), estimate_op_by_tile_classes(prepared, mapping));
    }
  }
  return valid;
}

TEST(AnalyticalFastPath, EqualsTheReferenceOnGemmini) {
  EXPECT_GT(compare_on_random_points("gemmini-default-like", {}, 60), 500);
}

TEST(AnalyticalFastPath, EqualsTheReferenceOnTpuV1) {
  EXPECT_GT(compare_on_random_points("tpu-v1-like", {}, 60), 500);
}

TEST(AnalyticalFastPath, EqualsTheReferenceOnEyeriss) {
  EXPECT_GT(compare_on_random_points("eyeriss-like", {}, 60), 100);
}

TEST(AnalyticalFastPath, EqualsTheReferenceWithoutFoldOverlapOnEveryDataflow) {
  for (const char* dataflow : {"OS", "WS", "IS"}) {
    SCOPED_TRACE(dataflow);
    EXPECT_GT(compare_on_random_points("scalesim-default-like", {std::string("pe_array.dataflow=") + dataflow}, 30), 100);
  }
}

TEST(AnalyticalFastPath, EqualsTheReferenceWithFoldOverlapOnEveryDataflow) {
  for (const char* dataflow : {"OS", "WS", "IS"}) {
    SCOPED_TRACE(dataflow);
    EXPECT_GT(compare_on_random_points("gemmini-default-like",
                                       {std::string("pe_array.dataflow=") + dataflow, "memory.model=ideal"}, 30),
              100);
  }
}

/// Narrow, single-ported, slow banks: the ports no longer keep up with the array, so the
/// per-dim proof that they do (taken on the presets above) fails, the tile classes are
/// visited and many carry port cycles beyond the systolic ones.
TEST(AnalyticalFastPath, EqualsTheReferenceWhenPortsLimitTheArray) {
  for (const char* width : {"buffers.0.bank_width=1", "buffers.0.bank_width=4", "buffers.0.bank_width=16"}) {
    SCOPED_TRACE(width);
    EXPECT_GT(compare_on_random_points("gemmini-default-like",
                                       {width, "buffers.1.bank_width=8", "buffers.1.ports=1",
                                        "buffers.0.latency_cycles=9", "memory.model=ideal"},
                                       20),
              100);
  }
}

/// Uniform valid draws of the full mapping space (any spatial, stream and fold factors,
/// edge folds included), not only the template's tilings.
TEST(AnalyticalFastPath, EqualsTheReferenceOnUniformDrawsOfTheFullSpace) {
  const Network network = load_network(kRoot + "/yaml/workloads/resnet50.yaml");
  for (const char* preset : {"gemmini-default-like", "eyeriss-like", "scalesim-default-like"}) {
    const ArchConfig arch = load_arch_config(kRoot + "/yaml/arch/" + preset + ".yaml");
    std::mt19937_64 rng(7);
    int compared = 0;
    for (std::size_t i = 0; i < network.ops.size(); i += 3) {
      const Op& op = network.ops[i];
      if (is_vector_op(op.kind)) continue;
      const MappingSpace space(op, arch);
      const PreparedOp prepared(op, arch);
      for (int k = 0; k < 20; ++k) {
        const Mapping mapping = space.sample(rng);
        SCOPED_TRACE(std::string(preset) + " " + op.name + " draw " + std::to_string(k));
        expect_same(estimate_op(prepared, mapping), estimate_op_by_tile_classes(prepared, mapping));
        ++compared;
      }
    }
    EXPECT_GT(compared, 100) << preset;
  }
}

TEST(AnalyticalFastPath, HaloSumInClosedFormEqualsTheTileByTileSum) {
  int compared = 0;
  for (std::int64_t out_size : {1, 7, 28, 56}) {
    for (std::int64_t out_tile = 1; out_tile <= out_size; out_tile += out_tile < 4 ? 1 : 5) {
      for (std::int64_t filter_size : {1, 3, 7}) {
        for (std::int64_t filter_tile = 1; filter_tile <= filter_size; ++filter_tile) {
          for (std::int64_t stride : {1, 2, 4}) {
            for (std::int64_t dilation : {1, 2}) {
              for (std::int64_t pad : {0, 1, 3}) {
                const std::int64_t input = (out_size - 1) * stride + (filter_size - 1) * dilation + 1 - 2 * pad;
                if (input < 1) continue;
                const HaloAxis axis{out_size, out_tile, (out_size + out_tile - 1) / out_tile,
                                    filter_size, filter_tile, (filter_size + filter_tile - 1) / filter_tile,
                                    stride, dilation, pad, input};
                ASSERT_EQ(halo_sum(axis), halo_sum_by_tiles(axis))
                    << out_size << " " << out_tile << " " << filter_size << " " << filter_tile << " " << stride
                    << " " << dilation << " " << pad;
                ++compared;
              }
            }
          }
        }
      }
    }
  }
  EXPECT_GT(compared, 1000);
}

/// ExactDivisor (the fast path's port time divides with it) against the hardware division:
/// small and large divisors, powers of two, dividends at and around multiples, around
/// 2^52 (where it switches to the division) and up to 2^64 - 1.
TEST(AnalyticalFastPath, ExactDivisorEqualsTheDivision) {
  const auto reference = [](std::uint64_t x, std::uint64_t d) { return d == 0 ? 0 : x / d + (x % d != 0 ? 1 : 0); };
  std::vector<std::uint64_t> divisors;
  for (std::uint64_t d = 0; d <= 300; ++d) divisors.push_back(d);
  const std::uint64_t one = 1;
  for (const std::uint64_t d : {std::uint64_t{1000003}, (one << 20) + 1, (one << 40) + 3, (one << 52) - 1, one << 52,
                                (one << 53) + 1, one << 63, std::numeric_limits<std::uint64_t>::max()}) {
    divisors.push_back(d);
  }
  std::mt19937_64 rng(3);
  int compared = 0;
  for (const std::uint64_t d : divisors) {
    const ExactDivisor divisor(d);
    std::vector<std::uint64_t> dividends{0, 1, 2, 3, (one << 52) - 1, one << 52, (one << 52) + 1,
                                         std::numeric_limits<std::uint64_t>::max()};
    for (int k = 0; k < 40; ++k) {
      const std::uint64_t x = rng() >> (k % 64);
      dividends.push_back(x);
      if (d != 0) {
        const std::uint64_t q = x / d;
        for (const std::uint64_t near : {q * d - 1, q * d, q * d + 1}) dividends.push_back(near);
      }
    }
    for (const std::uint64_t x : dividends) {
      ASSERT_EQ(divisor.ceil(x), reference(x, d)) << x << " / " << d;
      if (d <= 64) {
        ASSERT_EQ(ExactDivisor::small(d).ceil(x), reference(x, d)) << x << " / " << d;
      }
      ++compared;
    }
  }
  EXPECT_GT(compared, 30000);
}

}  // namespace
}  // namespace sextant
