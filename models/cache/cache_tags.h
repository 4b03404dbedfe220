// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include "tlm/core/llc_config.h"

namespace sextant {

/// The tag array of a set-associative cache with LRU or random replacement: which lines
/// are resident and dirty. Holds no data (the LLC forwards data to the memory model).
/// Lines are numbered address / line_bytes; a line lives in set line % sets.
class CacheTags {
 public:
  /// What one access did.
  struct Outcome {
    bool hit = false;
    bool evicted_dirty = false;   ///< a miss replaced a dirty line: it must be written back
    std::uint64_t victim_line = 0;
  };

  CacheTags(std::uint64_t sets, int ways, CacheReplacement replacement = CacheReplacement::kLru);

  /// Looks a line up and makes it the most recently used; a miss allocates it (write-
  /// allocate) in an empty way or in place of the victim (the least recently used one, or
  /// the way the LFSR picks). `write` marks the line dirty.
  Outcome access(std::uint64_t line, bool write);
  bool contains(std::uint64_t line) const;
  bool dirty(std::uint64_t line) const;
  /// Invalidates every line and restarts the LFSR (nothing is written back: the caller
  /// decides what that costs).
  void clear();
  std::uint64_t sets() const { return m_sets; }

 private:
  struct Way {
    std::uint64_t line = 0;
    std::uint64_t last_use = 0;  ///< LRU stamp
    bool valid = false;
    bool dirty = false;
  };
  const Way* find(std::uint64_t line) const;
  /// The way a miss evicts in a full set.
  int victim(const Way* set) const;

  const std::uint64_t m_sets;
  const int m_ways;
  std::vector<Way> m_array;  ///< sets x ways, set-major
  const CacheReplacement m_replacement;
  std::uint64_t m_clock = 0;
  std::uint16_t m_lfsr;  ///< steps on every access (random replacement)
};

}  // namespace sextant
