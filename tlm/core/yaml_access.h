// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "tlm/core/config_error.h"

namespace sextant {

/// Parses YAML text; a syntax error becomes a ConfigError at yaml-cpp's mark.
YAML::Node parse_yaml_text(const std::string& text, const std::string& file);
/// Reads and parses a file; a missing or unreadable file is a ConfigError too.
YAML::Node load_yaml_file(const std::string& path);
/// Whole file contents; throws ConfigError when it cannot be read.
std::string read_text_file(const std::string& path);

/// 1-based location of a node (yaml-cpp marks are 0-based).
SourceLocation location_of(const YAML::Node& node, const std::string& file);
/// A short description of what a node holds, for "found ..." in messages:
/// 'abc' for a scalar, "a list", "a map", "nothing".
std::string describe_node(const YAML::Node& node);

/// Reads one YAML map. Every getter records the key as used; finish() then reports the
/// first key nobody asked for (unknown keys are errors, so typos never pass silently).
/// Every failure is a ConfigError with file:line:column and the dotted key path.
class YamlMap {
 public:
  /// Throws ConfigError when node is not a map. path is the dotted path of node ("" = root).
  YamlMap(const YAML::Node& node, std::string file, std::string path);

  bool has(const std::string& key) const;
  /// Marks key as used and returns its node (an undefined node when absent).
  YAML::Node raw(const std::string& key);

  std::int64_t get_int(const std::string& key);
  std::int64_t get_int(const std::string& key, std::int64_t fallback);
  /// An integer that must be >= minimum.
  std::int64_t get_int_at_least(const std::string& key, std::int64_t minimum);
  std::int64_t get_int_at_least(const std::string& key, std::int64_t minimum, std::int64_t fallback);
  double get_double(const std::string& key);
  double get_double(const std::string& key, double fallback);
  bool get_bool(const std::string& key);
  bool get_bool(const std::string& key, bool fallback);
  std::string get_string(const std::string& key);
  std::string get_string(const std::string& key, const std::string& fallback);
  /// A size: a plain integer of bytes or a unit string ("256 KiB", "4MiB", "64 B");
  /// must be > 0.
  std::uint64_t get_size_bytes(const std::string& key);
  std::uint64_t get_size_bytes(const std::string& key, std::uint64_t fallback);
  /// One of a fixed set of names; the error lists the valid names.
  template <typename Enum>
  Enum get_enum(const std::string& key, const std::vector<std::pair<std::string, Enum>>& names);
  template <typename Enum>
  Enum get_enum(const std::string& key, const std::vector<std::pair<std::string, Enum>>& names,
                Enum fallback);
  /// A nested map (required).
  YamlMap get_map(const std::string& key);
  /// A list (required); each item is returned with its own node for location_of().
  std::vector<YAML::Node> get_list(const std::string& key);
  /// A list of scalars as strings.
  std::vector<std::string> get_string_list(const std::string& key);

  SourceLocation location() const;                        ///< of the map itself
  SourceLocation location(const std::string& key) const;  ///< of key's value (or the map)
  std::string key_path(const std::string& key) const;     ///< "pe_array.rows"
  const std::string& file() const { return m_file; }
  const std::string& path() const { return m_path; }

  /// Throws ConfigError for the first key that no getter read.
  void finish() const;
  /// Throws ConfigError for key with the given expectation and the node's actual value.
  [[noreturn]] void fail(const std::string& key, const std::string& expected) const;
  [[noreturn]] void fail(const std::string& key, const std::string& expected,
                         const std::string& found) const;

 private:
  YAML::Node m_node;
  std::string m_file;
  std::string m_path;
  std::set<std::string> m_used;
};

template <typename Enum>
Enum YamlMap::get_enum(const std::string& key,
                       const std::vector<std::pair<std::string, Enum>>& names) {
  const std::string text = get_string(key);
  std::string valid;
  for (const auto& [name, value] : names) {
    if (name == text) return value;
    valid += valid.empty() ? name : ", " + name;
  }
  fail(key, "one of " + valid, "'" + text + "'");
}

template <typename Enum>
Enum YamlMap::get_enum(const std::string& key,
                       const std::vector<std::pair<std::string, Enum>>& names, Enum fallback) {
  if (!has(key)) {
    m_used.insert(key);
    return fallback;
  }
  return get_enum(key, names);
}

}  // namespace sextant
