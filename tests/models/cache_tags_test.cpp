// SPDX-License-Identifier: Apache-2.0
// The cache's tag array on its own: LRU and random replacement (models/cache/cache_tags.h).
#include <gtest/gtest.h>

#include <vector>

#include "models/cache/cache_tags.h"

namespace sextant {
namespace {

/// Hits of `rounds` passes over lines 0 .. lines-1 of a one-set cache of `ways` ways.
int loop_hits(CacheTags& tags, int lines, int rounds) {
  int hits = 0;
  for (int round = 0; round < rounds; ++round) {
    for (int line = 0; line < lines; ++line) hits += tags.access(static_cast<std::uint64_t>(line), false).hit ? 1 : 0;
  }
  return hits;
}

TEST(CacheTags, RandomReplacementKeepsPartOfALoopLargerThanTheCache) {
  // Ten lines looped through eight ways: LRU evicts each line just before its reuse.
  CacheTags lru(1, 8, CacheReplacement::kLru);
  EXPECT_EQ(loop_hits(lru, 10, 50), 0);
  CacheTags random(1, 8, CacheReplacement::kRandom);
  const int hits = loop_hits(random, 10, 50);
  // A random victim keeps most lines: well over a third of the 490 reuses hit.
  EXPECT_GT(hits, 490 / 3);
  EXPECT_LT(hits, 490);
  // A loop that fits hits every reuse whatever the policy.
  CacheTags fits(1, 8, CacheReplacement::kRandom);
  EXPECT_EQ(loop_hits(fits, 8, 5), 4 * 8);
}

TEST(CacheTags, RandomReplacementRepeatsAfterEveryClear) {
  CacheTags tags(4, 4, CacheReplacement::kRandom);
  std::vector<bool> first, second;
  for (std::uint64_t line = 0; line < 200; ++line) first.push_back(tags.access((line * 7) % 37, line % 3 == 0).hit);
  tags.clear();
  for (std::uint64_t line = 0; line < 200; ++line) second.push_back(tags.access((line * 7) % 37, line % 3 == 0).hit);
  EXPECT_EQ(first, second);
}

TEST(CacheTags, RandomVictimsSpreadOverEveryWay) {
  // Lines 0..3 fill the four ways of one set in order (empty ways first); k hits step
  // the LFSR k times; a miss then evicts the line of the way it points at.
  std::vector<int> evictions(4, 0);
  for (int k = 0; k < 64; ++k) {
    CacheTags tags(1, 4, CacheReplacement::kRandom);
    for (std::uint64_t line = 0; line < 4; ++line) tags.access(line, false);
    for (int hit = 0; hit < k; ++hit) ASSERT_TRUE(tags.access(0, false).hit);
    ASSERT_FALSE(tags.access(100, false).hit);
    int gone = 0;
    for (std::uint64_t line = 0; line < 4; ++line) gone += tags.contains(line) ? 0 : 1;
    ASSERT_EQ(gone, 1);
    for (std::uint64_t line = 0; line < 4; ++line) evictions[line] += tags.contains(line) ? 0 : 1;
  }
  for (int way = 0; way < 4; ++way) EXPECT_GE(evictions[static_cast<std::size_t>(way)], 8) << way;
}

}  // namespace
}  // namespace sextant
