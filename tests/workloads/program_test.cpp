// SPDX-License-Identifier: Apache-2.0
#include "workloads/program.h"

#include <random>
#include <set>

#include <gtest/gtest.h>

namespace sextant {
namespace {

TensorBox make_box(std::vector<std::int64_t> shape, std::vector<std::int64_t> offset,
                   std::vector<std::int64_t> extent, int element_bytes) {
  TensorBox box;
  box.rank = static_cast<int>(shape.size());
  box.element_bytes = element_bytes;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    box.shape[i] = shape[i];
    box.offset[i] = offset[i];
    box.extent[i] = extent[i];
  }
  return box;
}

std::vector<ByteRun> runs_of(const TensorBox& box) {
  std::vector<ByteRun> runs;
  for_each_run(box, runs);
  return runs;
}

// Byte offsets of every valid element, by brute force over the box.
std::set<std::uint64_t> valid_byte_offsets(const TensorBox& box) {
  std::set<std::uint64_t> offsets;
  std::array<std::int64_t, 5> index{};
  const auto rank = static_cast<std::size_t>(box.rank);
  while (true) {
    bool inside = true;
    std::int64_t linear = 0;
    for (std::size_t i = 0; i < rank; ++i) {
      const std::int64_t coordinate = box.offset[i] + index[i];
      inside = inside && coordinate >= 0 && coordinate < box.shape[i];
      linear = linear * box.shape[i] + coordinate;
    }
    if (inside) {
      for (int b = 0; b < box.element_bytes; ++b) {
        offsets.insert(static_cast<std::uint64_t>(linear * box.element_bytes + b));
      }
    }
    std::size_t i = rank;
    while (i > 0) {
      --i;
      if (++index[i] < box.extent[i]) break;
      index[i] = 0;
      if (i == 0) return offsets;
    }
  }
}

TEST(TensorBox, SizesWithPadding) {
  // A 3x3 window of a 4x4x8 tensor starting one row and column before it.
  const TensorBox box = make_box({4, 4, 8}, {-1, -1, 0}, {3, 3, 8}, 2);
  EXPECT_EQ(box.elements(), 72);
  EXPECT_EQ(box.bytes(), 144u);
  EXPECT_EQ(box.valid_bytes(), 2u * 2 * 8 * 2);
  const TensorBox outside = make_box({4, 4}, {4, 0}, {2, 4}, 1);
  EXPECT_EQ(outside.valid_bytes(), 0u);
  EXPECT_TRUE(runs_of(outside).empty());
}

TEST(TensorBox, Equality) {
  TensorBox a = make_box({4, 4}, {0, 1}, {2, 2}, 1);
  TensorBox b = a;
  EXPECT_TRUE(a == b);
  b.offset[1] = 2;
  EXPECT_FALSE(a == b);
  b = a;
  b.element_bytes = 4;
  EXPECT_FALSE(a == b);
  b = a;
  b.shape[3] = 99;  // beyond the rank: not part of the box
  EXPECT_TRUE(a == b);
}

TEST(ForEachRun, WholeTensorIsOneRun) {
  const TensorBox box = make_box({2, 5, 7, 16}, {0, 0, 0, 0}, {2, 5, 7, 16}, 4);
  const std::vector<ByteRun> runs = runs_of(box);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].tensor_offset, 0u);
  EXPECT_EQ(runs[0].bytes, 2u * 5 * 7 * 16 * 4);
}

TEST(ForEachRun, FullRowsMergeIntoOneRun) {
  // Rows 2..4 of an [8][6][3] tensor, each row whole: one run.
  const TensorBox box = make_box({8, 6, 3}, {2, 0, 0}, {3, 6, 3}, 1);
  const std::vector<ByteRun> runs = runs_of(box);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].tensor_offset, 2u * 6 * 3);
  EXPECT_EQ(runs[0].bytes, 3u * 6 * 3);
}

TEST(ForEachRun, PartialInnerDimGivesOneRunPerRow) {
  // Channels 4..11 of 16 at 2 x 3 pixels: 6 runs of 8 elements.
  const TensorBox box = make_box({1, 4, 4, 16}, {0, 1, 1, 4}, {1, 2, 3, 8}, 2);
  const std::vector<ByteRun> runs = runs_of(box);
  ASSERT_EQ(runs.size(), 6u);
  EXPECT_EQ(runs[0].tensor_offset, ((1u * 4 + 1) * 16 + 4) * 2);
  EXPECT_EQ(runs[0].bytes, 16u);
  EXPECT_EQ(runs[1].tensor_offset, ((1u * 4 + 2) * 16 + 4) * 2);
  EXPECT_EQ(runs[3].tensor_offset, ((2u * 4 + 1) * 16 + 4) * 2);
}

TEST(ForEachRun, PaddedBoxIsClippedAndNotMergedAcrossPadding) {
  // A 3x3 conv input tile with padding 1 on a 4x4x8 tensor: rows -1..4, columns -1..4.
  // The valid part is the whole tensor, but in the buffer each padded row is separated
  // by padding, so each of the 4 valid rows is its own run of 4 x 8 elements.
  const TensorBox box = make_box({4, 4, 8}, {-1, -1, 0}, {6, 6, 8}, 1);
  const std::vector<ByteRun> runs = runs_of(box);
  ASSERT_EQ(runs.size(), 4u);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    EXPECT_EQ(runs[i].tensor_offset, i * 4 * 8);
    EXPECT_EQ(runs[i].bytes, 32u);
  }
  EXPECT_EQ(box.valid_bytes(), 4u * 4 * 8);
}

TEST(ForEachRun, AppendsToExistingRuns) {
  std::vector<ByteRun> runs = {{7, 7}};
  for_each_run(make_box({4}, {1}, {2}, 1), runs);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[1].tensor_offset, 1u);
  EXPECT_EQ(runs[1].bytes, 2u);
}

TEST(ForEachRun, RunsCoverExactlyTheValidBytes) {
  std::mt19937 random(12345);
  const auto uniform = [&](std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(random);
  };
  for (int trial = 0; trial < 300; ++trial) {
    const int rank = static_cast<int>(uniform(1, 5));
    std::vector<std::int64_t> shape, offset, extent;
    for (int i = 0; i < rank; ++i) {
      shape.push_back(uniform(1, 5));
      offset.push_back(uniform(-2, shape.back()));
      extent.push_back(uniform(1, shape.back() + 2));
      if (uniform(0, 2) == 0) {  // often whole, so that dims merge
        offset.back() = 0;
        extent.back() = shape.back();
      }
    }
    const TensorBox box = make_box(shape, offset, extent, static_cast<int>(uniform(1, 4)));
    const std::set<std::uint64_t> expected = valid_byte_offsets(box);
    std::set<std::uint64_t> covered;
    std::uint64_t total = 0;
    std::uint64_t previous_end = 0;
    for (const ByteRun& run : runs_of(box)) {
      EXPECT_GT(run.bytes, 0u);
      EXPECT_GE(run.tensor_offset, previous_end);  // ascending, disjoint
      previous_end = run.tensor_offset + run.bytes;
      total += run.bytes;
      for (std::uint64_t b = 0; b < run.bytes; ++b) covered.insert(run.tensor_offset + b);
    }
    EXPECT_EQ(covered, expected) << "trial " << trial;
    EXPECT_EQ(total, box.valid_bytes()) << "trial " << trial;
  }
}

// Row pieces of a box as the DMA issues them, grouped into commands.
struct Grouped {
  std::vector<ByteRun> runs;
  std::vector<std::uint32_t> command_of;
  std::uint32_t commands = 0;
};

Grouped grouped(const TensorBox& box, std::uint32_t row_bytes, std::uint32_t command_requests) {
  Grouped g;
  for_each_run(box, g.runs);
  split_into_rows(box, row_bytes, g.runs);
  g.commands = group_into_commands(box, row_bytes, command_requests, g.runs, g.command_of);
  return g;
}

TEST(GroupIntoCommands, AnInputCommandIsOnePieceOfPixelsAlongOneImageRow) {
  // An NHWC input tile of 3 rows x 5 pixels x 96 channels of 1 B, rows cut at 64 B: each
  // pixel is 2 requests (64 B and 32 B). Gemmini's LoopConv mvins up to DIM = 4 pixels of
  // one image row and one channel piece: per image row, pixels 0-3 then 4, each twice.
  const TensorBox box = make_box({1, 8, 8, 96}, {0, 2, 1, 0}, {1, 3, 5, 96}, 1);
  const Grouped g = grouped(box, 64, 4);
  ASSERT_EQ(g.runs.size(), 3u * 5 * 2);
  EXPECT_EQ(g.commands, 3u * 2 * 2);
  // The first command: pixels 1..4 of image row 2, channels 0..63.
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(g.command_of[i], 0u);
    EXPECT_EQ(g.runs[i].tensor_offset, ((2u * 8 + 1 + i) * 96));
    EXPECT_EQ(g.runs[i].bytes, 64u);
  }
  // Then the same pixels' channels 64..95, then pixel 5 (its two pieces, one command each).
  EXPECT_EQ(g.command_of[4], 1u);
  EXPECT_EQ(g.runs[4].tensor_offset, (2u * 8 + 1) * 96 + 64);
  EXPECT_EQ(g.runs[4].bytes, 32u);
  EXPECT_EQ(g.command_of[8], 2u);
  EXPECT_EQ(g.runs[8].tensor_offset, (2u * 8 + 5) * 96);
  EXPECT_EQ(g.command_of[9], 3u);
  // The next image row starts a new command even though the block of 4 had room.
  EXPECT_EQ(g.command_of[10], 4u);
  EXPECT_EQ(g.runs[10].tensor_offset, (3u * 8 + 1) * 96);
}

TEST(GroupIntoCommands, AWeightCommandIsInputChannelsOfOneKernelPosition) {
  // [G][R][S][C][K] weights: 2 x 2 kernel positions, 6 input channels, 16 output
  // channels of 1 B. DIM = 4: per kernel position channels 0-3 then 4-5.
  const TensorBox box = make_box({1, 2, 2, 6, 32}, {0, 0, 0, 0, 16}, {1, 2, 2, 6, 16}, 1);
  const Grouped g = grouped(box, 64, 4);
  ASSERT_EQ(g.runs.size(), 2u * 2 * 6);
  EXPECT_EQ(g.commands, 2u * 2 * 2);
  EXPECT_EQ(g.command_of[3], 0u);
  EXPECT_EQ(g.command_of[4], 1u);
  EXPECT_EQ(g.command_of[5], 1u);
  EXPECT_EQ(g.command_of[6], 2u);  // the next kernel column
  EXPECT_EQ(g.runs[6].tensor_offset, (1u * 6) * 32 + 16);
}

TEST(GroupIntoCommands, AMatrixCommandIsRowsOfTheMatrix) {
  // A matmul's A operand [N][M][1][K]: the width is 1, so commands run along M (rows of A,
  // as LoopMatmul's mvins of DIM rows).
  const TensorBox box = make_box({1, 10, 1, 64}, {0, 0, 0, 0}, {1, 10, 1, 64}, 1);
  const Grouped g = grouped(box, 64, 4);
  ASSERT_EQ(g.runs.size(), 10u);
  EXPECT_EQ(g.commands, 3u);
  EXPECT_EQ(g.command_of[3], 0u);
  EXPECT_EQ(g.command_of[4], 1u);
  EXPECT_EQ(g.command_of[9], 2u);
  for (std::size_t i = 0; i < g.runs.size(); ++i) EXPECT_EQ(g.runs[i].tensor_offset, i * 64);
}

TEST(GroupIntoCommands, KeepsEveryRunAndMatchesTheGridCount) {
  std::mt19937 random(2024);
  for (int trial = 0; trial < 200; ++trial) {
    std::uniform_int_distribution<std::int64_t> dim(1, 9);
    std::vector<std::int64_t> shape = {dim(random), dim(random), dim(random), dim(random) * 24};
    std::vector<std::int64_t> offset(4), extent(4);
    for (std::size_t i = 0; i < 4; ++i) {
      offset[i] = std::uniform_int_distribution<std::int64_t>(-1, shape[i] - 1)(random);
      extent[i] = std::uniform_int_distribution<std::int64_t>(1, shape[i] + 1)(random);
    }
    const TensorBox box = make_box(shape, offset, extent, 1);
    std::vector<ByteRun> plain;
    for_each_run(box, plain);
    split_into_rows(box, 32, plain);
    const std::uint32_t window = std::uniform_int_distribution<std::uint32_t>(1, 8)(random);
    const Grouped g = grouped(box, 32, window);
    ASSERT_EQ(g.runs.size(), plain.size());
    std::multiset<std::pair<std::uint64_t, std::uint64_t>> before, after;
    for (const ByteRun& run : plain) before.insert({run.tensor_offset, run.bytes});
    for (const ByteRun& run : g.runs) after.insert({run.tensor_offset, run.bytes});
    EXPECT_EQ(before, after);
    // Commands are consecutive, numbered in order, and hold at most `window` runs.
    std::vector<std::uint32_t> sizes(g.commands, 0);
    for (std::size_t i = 0; i < g.command_of.size(); ++i) {
      if (i > 0) {
        EXPECT_LE(g.command_of[i - 1], g.command_of[i]);
      }
      ++sizes.at(g.command_of[i]);
    }
    for (std::uint32_t size : sizes) EXPECT_LE(size, window);
    std::array<std::int64_t, 5> valid{};
    for (std::size_t i = 0; i < 4; ++i) {
      valid[i] = std::max<std::int64_t>(std::min(offset[i] + extent[i], shape[i]) - std::max<std::int64_t>(offset[i], 0), 0);
    }
    std::array<std::int64_t, 5> full_shape{shape[0], shape[1], shape[2], shape[3], 0};
    if (!plain.empty()) {
      EXPECT_EQ(command_grid(full_shape, valid, 4, 1, 32).commands(window), g.commands);
    }
  }
}

TEST(GroupIntoCommands, UnsplitRunsAreCutEveryWindow) {
  const TensorBox box = make_box({4, 6, 8}, {0, 0, 0}, {4, 6, 4}, 1);
  const Grouped g = grouped(box, 0, 5);
  ASSERT_EQ(g.runs.size(), 24u);
  EXPECT_EQ(g.commands, 5u);
  EXPECT_EQ(g.command_of[4], 0u);
  EXPECT_EQ(g.command_of[5], 1u);
}

TEST(Command, KindNames) {
  EXPECT_STREQ(command_kind_name(CommandKind::kLoad), "load");
  EXPECT_STREQ(command_kind_name(CommandKind::kCompute), "compute");
  EXPECT_STREQ(command_kind_name(CommandKind::kStore), "store");
  EXPECT_STREQ(command_kind_name(CommandKind::kBarrier), "barrier");
}

}  // namespace
}  // namespace sextant
