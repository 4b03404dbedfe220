// SPDX-License-Identifier: Apache-2.0
// DmaTlb: the DMA's fully associative LRU TLB (dma.tlb_entries), counted by hand.
#include <gtest/gtest.h>

#include "models/dma/dma_tlb.h"

namespace sextant {
namespace {

constexpr std::uint64_t kPage = 4096;

TEST(DmaTlb, FourPagesMissOnceThenHit) {
  DmaTlb tlb(4, kPage);
  for (std::uint64_t p = 0; p < 4; ++p) EXPECT_TRUE(tlb.miss(p * kPage + 17));
  for (std::uint64_t p = 0; p < 4; ++p) EXPECT_FALSE(tlb.miss(p * kPage + kPage - 1));
  EXPECT_EQ(tlb.misses(), 4u);
  EXPECT_EQ(tlb.lookups(), 8u);
}

TEST(DmaTlb, AFifthPageEvictsTheLeastRecentlyUsed) {
  DmaTlb tlb(4, kPage);
  for (std::uint64_t p = 0; p < 4; ++p) tlb.miss(p * kPage);
  EXPECT_FALSE(tlb.miss(0));         // page 0 becomes the most recently used
  EXPECT_TRUE(tlb.miss(4 * kPage));  // evicts page 1, the least recently used
  EXPECT_FALSE(tlb.miss(0));
  EXPECT_TRUE(tlb.miss(1 * kPage));  // gone; it evicts page 2 in turn
  EXPECT_TRUE(tlb.miss(2 * kPage));
  EXPECT_EQ(tlb.misses(), 7u);
}

TEST(DmaTlb, AStrideOfOnePagePerRequestMissesEveryTimeOnceItExceedsTheEntries) {
  // A weight tile read row by row with rows a page apart touches a new page per row.
  DmaTlb tlb(4, kPage);
  for (int pass = 0; pass < 3; ++pass) {
    for (std::uint64_t row = 0; row < 8; ++row) tlb.miss(row * kPage);
  }
  EXPECT_EQ(tlb.misses(), 24u);
  tlb.reset_stats();
  EXPECT_EQ(tlb.misses(), 0u);
  EXPECT_EQ(tlb.lookups(), 0u);
}

TEST(DmaTlb, WithoutEntriesNothingMissesAndNothingIsCounted) {
  DmaTlb tlb(0, kPage);
  for (std::uint64_t row = 0; row < 8; ++row) EXPECT_FALSE(tlb.miss(row * kPage));
  EXPECT_EQ(tlb.lookups(), 0u);
}

TEST(DmaTlb, PageSizeSetsTheGranule) {
  DmaTlb tlb(1, 2 * 1024 * 1024);
  EXPECT_TRUE(tlb.miss(0));
  EXPECT_FALSE(tlb.miss(2 * 1024 * 1024 - 1));
  EXPECT_TRUE(tlb.miss(2 * 1024 * 1024));
}

}  // namespace
}  // namespace sextant
