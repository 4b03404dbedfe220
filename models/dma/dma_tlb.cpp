// SPDX-License-Identifier: Apache-2.0
#include "models/dma/dma_tlb.h"

#include <algorithm>

namespace sextant {

DmaTlb::DmaTlb(int entries, std::uint32_t page_bytes) : m_entries(static_cast<std::size_t>(std::max(0, entries))) {
  m_page_shift = 0;
  while ((std::uint64_t{1} << m_page_shift) < page_bytes) ++m_page_shift;
  m_pages.reserve(m_entries);
}

bool DmaTlb::miss(std::uint64_t address) {
  if (m_entries == 0) return false;
  ++m_lookups;
  const std::uint64_t page = address >> m_page_shift;
  // Consecutive requests mostly fall in the most recently used page.
  if (!m_pages.empty() && m_pages.front() == page) return false;
  const auto found = std::find(m_pages.begin(), m_pages.end(), page);
  if (found != m_pages.end()) {
    std::rotate(m_pages.begin(), found, found + 1);  // most recently used to the front
    return false;
  }
  ++m_misses;
  if (m_pages.size() == m_entries) m_pages.pop_back();
  m_pages.insert(m_pages.begin(), page);
  return true;
}

}  // namespace sextant
