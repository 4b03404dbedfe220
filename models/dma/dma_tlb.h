// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

namespace sextant {

/// The DMA's address translation (dma.tlb_entries): a fully associative TLB with LRU
/// replacement, shared by the load and store channels, as Gemmini's private TLB is. It only
/// counts: the DMA turns a miss into a stall of its in-order request stream. Plain C++.
class DmaTlb {
 public:
  DmaTlb(int entries, std::uint32_t page_bytes);

  /// Looks `address` up and makes its page the most recently used; true on a miss (the
  /// page then replaces the least recently used entry). Always a hit without entries.
  bool miss(std::uint64_t address);

  std::uint64_t misses() const { return m_misses; }
  std::uint64_t lookups() const { return m_lookups; }
  void reset_stats() { m_misses = m_lookups = 0; }

 private:
  std::vector<std::uint64_t> m_pages;  ///< most recently used first; at most `entries`
  std::size_t m_entries;
  unsigned m_page_shift = 12;
  std::uint64_t m_misses = 0;
  std::uint64_t m_lookups = 0;
};

}  // namespace sextant
