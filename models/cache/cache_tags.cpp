// SPDX-License-Identifier: Apache-2.0
#include "models/cache/cache_tags.h"

namespace sextant {

namespace {

/// The LFSR's state after a restart (any non-zero value; fixed, so runs repeat).
constexpr std::uint16_t kLfsrSeed = 0xACE1u;

/// One step of a 16-bit maximal-length Galois LFSR (x^16 + x^14 + x^13 + x^11 + 1).
std::uint16_t step(std::uint16_t state) {
  const auto low = static_cast<std::uint16_t>(state & 1u);
  state = static_cast<std::uint16_t>(state >> 1);
  if (low != 0) state = static_cast<std::uint16_t>(state ^ 0xB400u);
  return state;
}

}  // namespace

CacheTags::CacheTags(std::uint64_t sets, int ways, CacheReplacement replacement)
    : m_sets(sets), m_ways(ways), m_array(sets * static_cast<std::uint64_t>(ways)), m_replacement(replacement),
      m_lfsr(kLfsrSeed) {}

int CacheTags::victim(const Way* set) const {
  if (m_replacement == CacheReplacement::kRandom) {
    // The LFSR's value spread evenly over the ways (InclusiveCache compares it with
    // thresholds i x 2^bits / ways).
    return static_cast<int>((static_cast<std::uint32_t>(m_lfsr) * static_cast<std::uint32_t>(m_ways)) >> 16);
  }
  int oldest = 0;
  for (int w = 1; w < m_ways; ++w) {
    if (set[w].last_use < set[oldest].last_use) oldest = w;
  }
  return oldest;
}

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
  m_lfsr = step(m_lfsr);
  if (chosen == nullptr) {
    // An empty way if there is one, else the victim.
    for (int w = 0; w < m_ways && chosen == nullptr; ++w) {
      if (!set[w].valid) chosen = &set[w];
    }
    if (chosen == nullptr) chosen = &set[victim(set)];
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
  m_lfsr = kLfsrSeed;
}

}  // namespace sextant
