// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>

#include "tlm/core/yaml_access.h"

namespace sextant {

/// What the last-level cache holds when an op starts. Each op starts from this state, so
/// an op's result does not depend on the ops before it (and identical ops may share one).
/// `inputs`: the op's input tensor is resident and dirty, as if the host CPU had written
/// it through the LLC just before the call; `all`: inputs and weights.
enum class LlcWarm { kNone, kInputs, kAll };
const char* llc_warm_name(LlcWarm warm);  // "none", "inputs", "all"

/// Which way a miss evicts when its set is full. `random`: a pseudo-random way from a
/// 16-bit LFSR that steps on every lookup, as Chipyard's InclusiveCache (the SoC L2) and
/// FASED's LLC model choose their victims; deterministic (the LFSR restarts with the cache).
enum class CacheReplacement { kLru, kRandom };
const char* cache_replacement_name(CacheReplacement replacement);  // "lru", "random"

/// A validated last-level cache (memory.llc): write-back, write-allocate, LRU or random
/// replacement.
/// Defaults follow FireSim's FASED LLC model (docs/models/cache.md cites each).
struct LlcConfig {
  std::uint64_t size_bytes = 4ull << 20;  ///< capacity
  int ways = 8;                           ///< associativity
  std::uint32_t line_bytes = 64;          ///< cache line (a power of two)
  int banks = 4;                          ///< SRAM banks (sizes each bank for the PPA fit)
  int hit_latency_cycles = 10;            ///< tag lookup to first data, accelerator cycles
  double bytes_per_cycle = 16.0;          ///< tag/data throughput of all banks, bytes per accelerator cycle
  int mshrs = 8;                          ///< line misses and write-backs in flight at once
  /// Cycles the tag stage is busy per line looked up, on the same resource as the data:
  /// 0 for a pipelined cache; a cache that handles one request at a time (FASED's LLC
  /// model: a dispatch and a metadata cycle before the data beats) serializes them.
  int tag_cycles = 0;
  /// True: every way holds a line of other data when an op starts (a program's caches are
  /// never empty), so `warm` and the op's misses replace those, and with random
  /// replacement also each other. False: the op starts from an empty cache.
  bool occupied = false;
  LlcWarm warm = LlcWarm::kNone;
  CacheReplacement replacement = CacheReplacement::kLru;

  std::uint64_t sets() const { return size_bytes / (static_cast<std::uint64_t>(ways) * line_bytes); }
};

bool operator==(const LlcConfig& a, const LlcConfig& b);
inline bool operator!=(const LlcConfig& a, const LlcConfig& b) { return !(a == b); }

/// Reads and validates a memory.llc map. Unknown keys, zero ways, a line that is not a
/// power of two, a size that is not a multiple of ways x line... are ConfigErrors naming
/// file, line, column and key.
LlcConfig read_llc_config(YamlMap& map);

/// Writes every key of config into an open YAML map (dump round trip).
void emit_llc_config(YAML::Emitter& out, const LlcConfig& config);

}  // namespace sextant
