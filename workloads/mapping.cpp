// SPDX-License-Identifier: Apache-2.0
#include "workloads/mapping.h"

#include <charconv>
#include <limits>
#include <map>
#include <sstream>
#include <utility>

#include <yaml-cpp/yaml.h>

#include "tlm/core/yaml_access.h"
#include "workloads/mapping_validity.h"

namespace sextant {
namespace {

constexpr std::int64_t kMaxInt64 = std::numeric_limits<std::int64_t>::max();
/// The pseudo-level whose spatial entry splits an op across cores.
constexpr const char* kCoresTarget = "Cores";
constexpr const char* kFactorsExpectation =
    "factors written DIM=N separated by spaces (e.g. 'C=4 K=16'; dims G N C K P Q R S)";

// Products of user-given factors can exceed 64 bits; saturate so checks still fail cleanly.
std::int64_t saturating_multiply(std::int64_t a, std::int64_t b) {
  if (a <= 0 || b <= 0) return a * b;
  std::int64_t product = 0;
  // The overflow builtin instead of a division: mapping searches call this in hot loops.
  return __builtin_mul_overflow(a, b, &product) ? kMaxInt64 : product;
}

// Timeloop's tensor names, as written in `keep:` and `bypass:`.
const char* timeloop_tensor_name(TensorKind kind) {
  switch (kind) {
    case TensorKind::kInputs:
      return "Inputs";
    case TensorKind::kWeights:
      return "Weights";
    case TensorKind::kOutputs:
      return "Outputs";
  }
  return "?";
}

std::string level_list(const std::vector<std::string>& levels) {
  std::string text;
  for (const std::string& level : levels) text += text.empty() ? level : ", " + level;
  return text;
}

std::string dims_text(const DimArray& factors) {
  std::string text;
  for (const Dim dim : kAllDims) {
    if (!text.empty()) text += ' ';
    text += dim_letter(dim);
    text += '=';
    text += std::to_string(at(factors, dim));
  }
  return text;
}

// "C=4 K=16 ...": every dim at most once, each factor an integer >= 1; missing dims are 1.
DimArray parse_factors(YamlMap& entry, const std::string& key) {
  DimArray factors = ones();
  if (!entry.has(key)) {
    entry.raw(key);
    return factors;
  }
  const std::string text = entry.get_string(key);
  std::istringstream tokens(text);
  std::string token;
  bool seen[kNumDims] = {};
  while (tokens >> token) {
    const std::size_t equals = token.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == token.size()) {
      entry.fail(key, kFactorsExpectation, "'" + token + "'");
    }
    Dim dim = Dim::G;
    if (equals != 1 || !dim_from_letter(token[0], dim)) {
      entry.fail(key, "a dim letter (one of G, N, C, K, P, Q, R, S) before '='",
                 "'" + token.substr(0, equals) + "' in '" + token + "'");
    }
    const std::string number = token.substr(equals + 1);
    std::int64_t value = 0;
    const char* first = number.data();
    const char* last = first + number.size();
    const auto [end, error] = std::from_chars(first, last, value);
    if (error != std::errc() || end != last) {
      entry.fail(key, "an integer factor after '='", "'" + token + "'");
    }
    if (value < 1) entry.fail(key, "a factor >= 1", "'" + token + "'");
    if (seen[static_cast<int>(dim)]) {
      entry.fail(key, "each dim at most once", std::string("'") + token[0] + "' twice");
    }
    seen[static_cast<int>(dim)] = true;
    at(factors, dim) = value;
  }
  return factors;
}

// Letters innermost first, each dim at most once; the dims not listed are appended
// (so they become the outermost loops) in G N C K P Q R S order.
std::string parse_permutation(YamlMap& entry, const std::string& key) {
  const std::string text = entry.get_string(key, "");
  std::string permutation;
  for (const char letter : text) {
    if (letter == ' ') continue;
    Dim dim = Dim::G;
    if (!dim_from_letter(letter, dim)) {
      entry.fail(key, "dim letters (G, N, C, K, P, Q, R, S), innermost first",
                 std::string("'") + letter + "' in '" + text + "'");
    }
    if (permutation.find(letter) != std::string::npos) {
      entry.fail(key, "each dim at most once", std::string("'") + letter + "' twice in '" + text + "'");
    }
    permutation += letter;
  }
  return complete_permutation(permutation);
}

TensorSet default_keep(const ArchConfig& arch, std::size_t level_index, std::size_t level_count) {
  TensorSet keep;
  if (level_index == 0) {
    for (const TensorKind kind : kAllTensorKinds) keep.add(kind);
  } else if (level_index + 1 == level_count) {
    keep.add(dataflow_roles(arch.pe_array.dataflow).stationary);
  } else {
    keep = arch.buffers[level_index - 1].holds;
  }
  return keep;
}

// Reads `keep:` or `bypass:` (a list of Inputs, Weights, Outputs) into a set.
TensorSet parse_tensor_list(YamlMap& entry, const std::string& key) {
  TensorSet set;
  if (!entry.has(key)) {
    entry.raw(key);
    return set;
  }
  const YAML::Node list = entry.raw(key);
  if (!list.IsSequence()) entry.fail(key, "a list of tensor names (Inputs, Weights, Outputs)");
  std::size_t index = 0;
  for (const YAML::Node& item : list) {
    bool found = false;
    for (const TensorKind kind : kAllTensorKinds) {
      if (item.IsScalar() && item.Scalar() == timeloop_tensor_name(kind)) {
        set.add(kind);
        found = true;
      }
    }
    if (!found) {
      throw ConfigError(location_of(item, entry.file()), entry.key_path(key) + "." + std::to_string(index),
                        "one of Inputs, Weights, Outputs", describe_node(item));
    }
    ++index;
  }
  return set;
}

Mapping parse_mapping_list(const YAML::Node& list, const std::string& file, const std::string& path,
                           const ArchConfig& arch) {
  const std::vector<std::string> level_names = arch.storage_levels();
  Mapping mapping;
  mapping.where = location_of(list, file);
  for (std::size_t i = 0; i < level_names.size(); ++i) {
    LevelMapping level;
    level.target = level_names[i];
    level.permutation = complete_permutation("");
    level.keep = default_keep(arch, i, level_names.size());
    mapping.levels.push_back(std::move(level));
  }
  std::vector<bool> has_temporal(level_names.size(), false);
  std::vector<bool> has_datatype(level_names.size(), false);
  bool has_spatial = false;
  bool has_cores = false;

  std::size_t entry_index = 0;
  for (const YAML::Node& item : list) {
    YamlMap entry(item, file, path + "." + std::to_string(entry_index++));
    const std::string target = entry.get_string("target");
    if (target == kCoresTarget) {
      // The split across cores: a spatial fan-out above DRAM, over K, P and Q only.
      if (has_cores) entry.fail("target", "at most one Cores entry in a mapping", "a second one");
      has_cores = true;
      if (entry.get_string("type") != "spatial") entry.fail("type", "spatial (the split across cores)");
      mapping.cores = parse_factors(entry, "factors");
      for (const Dim dim : kAllDims) {
        if (at(mapping.cores, dim) != 1 && dim != Dim::K && dim != Dim::P && dim != Dim::Q) {
          entry.fail("factors", "a split of K, P or Q only", std::string("a factor on ") + dim_letter(dim));
        }
      }
      entry.finish();
      continue;
    }
    std::size_t level_index = 0;
    while (level_index < level_names.size() && level_names[level_index] != target) ++level_index;
    if (level_index == level_names.size()) {
      entry.fail("target", "one of the arch's storage levels (" + level_list(level_names) + ")",
                 "'" + target + "'");
    }
    enum class EntryType { kTemporal, kSpatial, kDatatype };
    const EntryType type = entry.get_enum<EntryType>(
        "type", {{"temporal", EntryType::kTemporal},
                 {"spatial", EntryType::kSpatial},
                 {"datatype", EntryType::kDatatype}});
    LevelMapping& level = mapping.levels[level_index];
    switch (type) {
      case EntryType::kTemporal: {
        if (has_temporal[level_index]) {
          entry.fail("target", "at most one temporal entry per level",
                     "a second one for '" + target + "'");
        }
        has_temporal[level_index] = true;
        level.temporal = parse_factors(entry, "factors");
        level.permutation = parse_permutation(entry, "permutation");
        level.double_buffer = entry.get_bool("double_buffer", false);
        const bool on_chip_buffer = level_index > 0 && level_index + 1 < level_names.size();
        if (level.double_buffer && !on_chip_buffer) {
          entry.fail("double_buffer", "double buffering only on a buffer level, not on " + target,
                     "true");
        }
        break;
      }
      case EntryType::kSpatial: {
        if (has_spatial) {
          entry.fail("type", "at most one spatial entry in a mapping", "a second 'spatial'");
        }
        has_spatial = true;
        const DimArray factors = parse_factors(entry, "factors");
        const std::string permutation = parse_permutation(entry, "permutation");
        const std::int64_t split = entry.get_int_at_least("split", 0, kNumDims);
        if (split > kNumDims) entry.fail("split", "an integer <= " + std::to_string(kNumDims));
        mapping.spatial.target = target;
        for (std::size_t position = 0; position < permutation.size(); ++position) {
          Dim dim = Dim::G;
          dim_from_letter(permutation[position], dim);
          DimArray& side = static_cast<std::int64_t>(position) < split ? mapping.spatial.cols
                                                                        : mapping.spatial.rows;
          at(side, dim) = at(factors, dim);
        }
        break;
      }
      case EntryType::kDatatype: {
        if (has_datatype[level_index]) {
          entry.fail("target", "at most one datatype entry per level",
                     "a second one for '" + target + "'");
        }
        has_datatype[level_index] = true;
        const TensorSet keep = parse_tensor_list(entry, "keep");
        const TensorSet bypass = parse_tensor_list(entry, "bypass");
        TensorSet result;
        for (const TensorKind kind : kAllTensorKinds) {
          if (keep.has(kind) && bypass.has(kind)) {
            entry.fail("bypass", "a tensor in either keep or bypass, not both",
                       std::string("'") + timeloop_tensor_name(kind) + "' in both");
          }
          // Tensors named in neither list keep their default.
          if (keep.has(kind) || (!bypass.has(kind) && level.keep.has(kind))) result.add(kind);
        }
        level.keep = result;
        break;
      }
    }
    entry.finish();
  }
  return mapping;
}

void emit_tensor_list(YAML::Emitter& out, const TensorSet& set, bool members) {
  out << YAML::Flow << YAML::BeginSeq;
  for (const TensorKind kind : kAllTensorKinds) {
    if (set.has(kind) == members) out << timeloop_tensor_name(kind);
  }
  out << YAML::EndSeq;
}

void emit_mapping_list(YAML::Emitter& out, const Mapping& mapping) {
  out << YAML::BeginSeq;
  if (mapping.cores_used() > 1) {
    out << YAML::BeginMap;
    out << YAML::Key << "target" << YAML::Value << kCoresTarget;
    out << YAML::Key << "type" << YAML::Value << "spatial";
    out << YAML::Key << "factors" << YAML::Value << dims_text(mapping.cores);
    out << YAML::EndMap;
  }
  const SpatialMapping& spatial = mapping.spatial;
  bool spatial_trivial = true;
  for (const Dim dim : kAllDims) {
    if (at(spatial.rows, dim) != 1 || at(spatial.cols, dim) != 1) spatial_trivial = false;
  }
  if (spatial.target.empty() && !spatial_trivial) {
    throw ModelError("mapping_to_yaml", "spatial factors without a target level");
  }
  for (const LevelMapping& level : mapping.levels) {
    out << YAML::BeginMap;
    out << YAML::Key << "target" << YAML::Value << level.target;
    out << YAML::Key << "type" << YAML::Value << "temporal";
    out << YAML::Key << "factors" << YAML::Value << dims_text(level.temporal);
    out << YAML::Key << "permutation" << YAML::Value << level.permutation;
    if (level.double_buffer) out << YAML::Key << "double_buffer" << YAML::Value << true;
    out << YAML::EndMap;

    if (!spatial.target.empty() && spatial.target == level.target) {
      // Timeloop's split: dims before it in the permutation go on X (columns).
      std::string permutation;
      DimArray factors = ones();
      for (const Dim dim : kAllDims) {
        if (at(spatial.cols, dim) != 1) {
          if (at(spatial.rows, dim) != 1) {
            throw ModelError("mapping_to_yaml", std::string("dim ") + dim_letter(dim) +
                                                    " is on both PE rows and columns");
          }
          permutation += dim_letter(dim);
          at(factors, dim) = at(spatial.cols, dim);
        }
      }
      const std::size_t split = permutation.size();
      for (const Dim dim : kAllDims) {
        if (at(spatial.cols, dim) == 1) {
          permutation += dim_letter(dim);
          at(factors, dim) = at(spatial.rows, dim);
        }
      }
      out << YAML::BeginMap;
      out << YAML::Key << "target" << YAML::Value << spatial.target;
      out << YAML::Key << "type" << YAML::Value << "spatial";
      out << YAML::Key << "factors" << YAML::Value << dims_text(factors);
      out << YAML::Key << "permutation" << YAML::Value << permutation;
      out << YAML::Key << "split" << YAML::Value << split;
      out << YAML::EndMap;
    }

    out << YAML::BeginMap;
    out << YAML::Key << "target" << YAML::Value << level.target;
    out << YAML::Key << "type" << YAML::Value << "datatype";
    out << YAML::Key << "keep" << YAML::Value;
    emit_tensor_list(out, level.keep, true);
    out << YAML::Key << "bypass" << YAML::Value;
    emit_tensor_list(out, level.keep, false);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

}  // namespace

std::string complete_permutation(const std::string& innermost_first) {
  std::string permutation = innermost_first;
  for (const Dim dim : kAllDims) {
    if (permutation.find(dim_letter(dim)) == std::string::npos) permutation += dim_letter(dim);
  }
  return permutation;
}

bool operator==(const LevelMapping& a, const LevelMapping& b) {
  return a.target == b.target && a.temporal == b.temporal && a.permutation == b.permutation &&
         a.keep == b.keep && a.double_buffer == b.double_buffer;
}

bool operator==(const SpatialMapping& a, const SpatialMapping& b) {
  return a.target == b.target && a.rows == b.rows && a.cols == b.cols;
}

bool operator==(const Mapping& a, const Mapping& b) {
  return a.levels == b.levels && a.spatial == b.spatial && a.cores == b.cores;
}

std::int64_t Mapping::cores_used() const {
  std::int64_t product = 1;
  for (const std::int64_t factor : cores) product = saturating_multiply(product, factor);
  return product;
}

const LevelMapping* Mapping::level(const std::string& target) const {
  for (const LevelMapping& candidate : levels) {
    if (candidate.target == target) return &candidate;
  }
  return nullptr;
}

int Mapping::spatial_level_index() const {
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (levels[i].target == spatial.target) return static_cast<int>(i);
  }
  return static_cast<int>(levels.size()) - 2;
}

std::int64_t Mapping::inner_extent(int level_index, Dim dim) const {
  std::int64_t extent = 1;
  for (std::size_t i = static_cast<std::size_t>(level_index) + 1; i < levels.size(); ++i) {
    extent = saturating_multiply(extent, at(levels[i].temporal, dim));
  }
  if (spatial_level_index() >= level_index) {
    extent = saturating_multiply(extent, at(spatial.rows, dim));
    extent = saturating_multiply(extent, at(spatial.cols, dim));
  }
  return extent;
}

std::int64_t Mapping::rows_used() const {
  std::int64_t product = 1;
  for (const std::int64_t factor : spatial.rows) product = saturating_multiply(product, factor);
  return product;
}

std::int64_t Mapping::cols_used() const {
  std::int64_t product = 1;
  for (const std::int64_t factor : spatial.cols) product = saturating_multiply(product, factor);
  return product;
}

const Mapping* NetworkMapping::find(const std::string& op_name) const {
  const Mapping* any_op = nullptr;
  for (const auto& [name, mapping] : ops) {
    if (name == op_name) return &mapping;
    if (name.empty()) any_op = &mapping;
  }
  return any_op;
}

NetworkMapping load_network_mapping(const std::string& path, const ArchConfig& arch) {
  return parse_network_mapping(read_text_file(path), path, arch);
}

NetworkMapping parse_network_mapping(const std::string& yaml_text, const std::string& file,
                                     const ArchConfig& arch) {
  const YAML::Node root = parse_yaml_text(yaml_text, file);
  YamlMap top(root, file, "");
  NetworkMapping result;
  if (top.has("mapping") == top.has("ops")) {
    top.fail(top.has("ops") ? "ops" : "mapping",
             "either a `mapping:` list (one op) or an `ops:` list of {name, mapping}",
             top.has("ops") ? "both" : "neither");
  }
  if (top.has("mapping")) {
    const YAML::Node list = top.raw("mapping");
    if (!list.IsSequence()) top.fail("mapping", "a list of mapping entries");
    result.ops.emplace_back("", parse_mapping_list(list, file, top.key_path("mapping"), arch));
  } else {
    const std::vector<YAML::Node> items = top.get_list("ops");
    std::map<std::string, std::size_t> index_of_name;
    for (std::size_t i = 0; i < items.size(); ++i) {
      YamlMap op(items[i], file, top.key_path("ops") + "." + std::to_string(i));
      for (const char* key : {"name", "mapping"}) op.raw(key);
      op.finish();
      const std::string name = op.get_string("name");
      if (name.empty()) op.fail("name", "a non-empty op name");
      const auto [previous, inserted] = index_of_name.emplace(name, i);
      if (!inserted) {
        op.fail("name", "a unique op name",
                "'" + name + "', already used by ops." + std::to_string(previous->second));
      }
      const YAML::Node list = op.raw("mapping");
      if (!list.IsSequence()) op.fail("mapping", "a list of mapping entries");
      result.ops.emplace_back(name, parse_mapping_list(list, file, op.key_path("mapping"), arch));
    }
  }
  top.finish();
  return result;
}

std::string mapping_to_yaml(const Mapping& mapping) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "mapping" << YAML::Value;
  emit_mapping_list(out, mapping);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

std::string network_mapping_to_yaml(const NetworkMapping& mapping) {
  if (mapping.ops.size() == 1 && mapping.ops.front().first.empty()) {
    return mapping_to_yaml(mapping.ops.front().second);
  }
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "ops" << YAML::Value << YAML::BeginSeq;
  for (const auto& [name, op_mapping] : mapping.ops) {
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << name;
    out << YAML::Key << "mapping" << YAML::Value;
    emit_mapping_list(out, op_mapping);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace sextant
