// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tlm/core/arch_config.h"
#include "tlm/core/config_error.h"
#include "tlm/core/tensor_kind.h"
#include "workloads/op.h"

namespace sextant {

/// Temporal loops at one storage level, Timeloop-style.
struct LevelMapping {
  std::string target;           ///< storage level name ("DRAM", a buffer, "Registers")
  DimArray temporal = ones();   ///< loop trip counts at this level
  std::string permutation;      ///< dim letters, innermost first; all 8 dims
  TensorSet keep;               ///< tensors this level keeps (the rest bypass it)
  bool double_buffer = false;   ///< on-chip levels: two tile slots, load overlaps compute
};

/// Spatial fan-out onto the PE array (Timeloop's type: spatial at one target).
struct SpatialMapping {
  std::string target;          ///< the level whose fan-out this is
  DimArray rows = ones();      ///< factors onto PE rows (Timeloop Y)
  DimArray cols = ones();      ///< factors onto PE columns (Timeloop X)
};

/// The mapping of one op onto one arch: one LevelMapping per storage level of the arch,
/// outermost (DRAM) first, plus the spatial fan-out. Factors need not divide the dims:
/// when their product exceeds a dim, the last tile at a level is an edge tile.
struct Mapping {
  std::vector<LevelMapping> levels;
  SpatialMapping spatial;
  /// Split across cores (YAML `{target: Cores, type: spatial, factors: K=4}`): the op's
  /// K, P and Q are cut into this many near-equal parts, one per core; every other factor
  /// of the mapping describes what one core does with its part (docs/mapping.md).
  DimArray cores = ones();
  SourceLocation where;

  const LevelMapping* level(const std::string& target) const;
  /// Product of every factor (temporal and spatial) of a dim strictly inside `level_index`:
  /// the tile extent a level holds, before clipping to the op's dims.
  std::int64_t inner_extent(int level_index, Dim dim) const;
  /// Index of the spatial target in levels; the spatial loops sit inside that level's
  /// temporal loops. An empty target (no spatial entry) counts as the innermost buffer.
  int spatial_level_index() const;
  std::int64_t rows_used() const;  ///< product of the row factors
  std::int64_t cols_used() const;  ///< product of the column factors
  std::int64_t cores_used() const;  ///< product of the core split factors
};

/// Equality of the mapping itself (factors, permutations, keep sets, double buffering,
/// spatial target); `where` is not compared, so a parsed copy equals its original.
bool operator==(const LevelMapping& a, const LevelMapping& b);
bool operator==(const SpatialMapping& a, const SpatialMapping& b);
bool operator==(const Mapping& a, const Mapping& b);
inline bool operator!=(const Mapping& a, const Mapping& b) { return !(a == b); }

/// A permutation (dim letters, innermost first) completed to all 8 dims: the dims not
/// listed are appended, i.e. become the outermost loops, in G N C K P Q R S order.
std::string complete_permutation(const std::string& innermost_first);

/// Mappings of a whole network, by op name, in file order.
struct NetworkMapping {
  std::vector<std::pair<std::string, Mapping>> ops;
  /// The mapping named op_name; a single-op mapping file (one entry with an empty name)
  /// applies to every op. nullptr when there is none.
  const Mapping* find(const std::string& op_name) const;
};

/// Parses a mapping YAML (a Timeloop-style list under `mapping:`), or a network mapping
/// file (`ops:` list of {name, mapping}). Levels must be the arch's storage levels.
/// Throws ConfigError with file:line:column on malformed input.
NetworkMapping load_network_mapping(const std::string& path, const ArchConfig& arch);
NetworkMapping parse_network_mapping(const std::string& yaml_text, const std::string& file,
                                     const ArchConfig& arch);

/// YAML text of one op's mapping (the `mapping:` list) and of a network mapping.
std::string mapping_to_yaml(const Mapping& mapping);
std::string network_mapping_to_yaml(const NetworkMapping& mapping);

}  // namespace sextant
