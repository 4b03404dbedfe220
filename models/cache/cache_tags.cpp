// SPDX-License-Identifier: Apache-2.0
#include "models/cache/cache_tags.h"

namespace sextant {

CacheTags::CacheTags(std::uint64_t sets, int ways)
    : m_sets(sets), m_ways(ways), m_array(sets * static_cast<std::uint64_t>(ways)) {}

const CacheTags::Way* CacheTags::find(std::uint64_t line) const {
  const Way* set = &m_array[(line % m_sets) * static_cast<std::uint64_t>(m_ways)];
  for (int w = 0; w < m_ways; ++w) {
    if (set[w].valid && set[w].line == line) return &set[w];
  }
  return nullptr;
}

CacheTags::Outcome CacheTags::access(std::uint64_t line, bool write) {
  Outcome outcome;
  Way* set = &m_array[(line % m_sets) * static_cast<std::uint64_t>(m_ways)];
  Way* chosen = nullptr;
  for (int w = 0; w < m_ways; ++w) {
    if (set[w].valid && set[w].line == line) {
      chosen = &set[w];
      outcome.hit = true;
      break;
    }
  }
  if (chosen == nullptr) {
    // An empty way if there is one, else the least recently used.
    chosen = &set[0];
    for (int w = 0; w < m_ways && chosen->valid; ++w) {
      if (!set[w].valid || set[w].last_use < chosen->last_use) chosen = &set[w];
    }
    if (chosen->valid && chosen->dirty) {
      outcome.evicted_dirty = true;
      outcome.victim_line = chosen->line;
    }
    *chosen = Way{line, 0, true, false};
  }
  chosen->last_use = ++m_clock;
  chosen->dirty = chosen->dirty || write;
  return outcome;
}

bool CacheTags::contains(std::uint64_t line) const { return find(line) != nullptr; }

bool CacheTags::dirty(std::uint64_t line) const {
  const Way* way = find(line);
  return way != nullptr && way->dirty;
}

void CacheTags::clear() {
  for (Way& way : m_array) way = Way{};
  m_clock = 0;
}

}  // namespace sextant
