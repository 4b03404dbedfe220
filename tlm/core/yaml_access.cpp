// SPDX-License-Identifier: Apache-2.0
#include "tlm/core/yaml_access.h"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tlm/core/units.h"

namespace sextant {
namespace {

constexpr const char* kSizeExpectation = "a size in bytes (e.g. 4096, '64 B', '256 KiB', '4 MiB')";

// Looks a key up without creating it (the non-const operator[] may insert).
YAML::Node lookup(const YAML::Node& map, const std::string& key) {
  const YAML::Node& const_map = map;
  return const_map[key];
}

std::optional<std::int64_t> parse_int(const std::string& text) {
  std::int64_t value = 0;
  const char* first = text.data();
  const char* last = first + text.size();
  if (first != last && *first == '+') ++first;
  const auto [end, error] = std::from_chars(first, last, value);
  if (first == last || error != std::errc() || end != last) return std::nullopt;
  return value;
}

std::optional<double> parse_double(const std::string& text) {
  // istringstream with the classic locale: strtod would follow the process locale.
  std::istringstream stream(text);
  stream.imbue(std::locale::classic());
  double value = 0.0;
  stream >> value;
  if (stream.fail() || !stream.eof() || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace

YAML::Node parse_yaml_text(const std::string& text, const std::string& file) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& error) {
    SourceLocation where{file, 0, 0};
    if (!error.mark.is_null()) {
      where.line = error.mark.line + 1;
      where.column = error.mark.column + 1;
    }
    throw ConfigError(where, "", "valid YAML", "a syntax error (" + error.msg + ")");
  }
}

std::string read_text_file(const std::string& path) {
  std::error_code ignored;
  if (!std::filesystem::is_regular_file(path, ignored)) {
    throw ConfigError(SourceLocation{path, 0, 0}, "", "a readable file",
                      std::filesystem::exists(path, ignored)
                          ? "something that is not a regular file"
                          : "no such file");
  }
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream contents;
  contents << stream.rdbuf();
  if (!stream.good() && !stream.eof()) {
    throw ConfigError(SourceLocation{path, 0, 0}, "", "a readable file", "a read error");
  }
  return contents.str();
}

YAML::Node load_yaml_file(const std::string& path) {
  return parse_yaml_text(read_text_file(path), path);
}

SourceLocation location_of(const YAML::Node& node, const std::string& file) {
  // Nodes without a mark were not read from the file (e.g. set with --set): no line.
  if (!node.IsDefined() || node.Mark().is_null()) return SourceLocation{file, 0, 0};
  return SourceLocation{file, node.Mark().line + 1, node.Mark().column + 1};
}

std::string describe_node(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsScalar()) return "'" + node.Scalar() + "'";
  if (node.IsSequence()) return node.size() == 0 ? "an empty list" : "a list";
  return "a map";
}

YamlMap::YamlMap(const YAML::Node& node, std::string file, std::string path)
    : m_node(node), m_file(std::move(file)), m_path(std::move(path)) {
  if (!m_node.IsDefined() || !m_node.IsMap()) {
    throw ConfigError(location_of(m_node, m_file), m_path, "a map", describe_node(m_node));
  }
  std::set<std::string> seen;
  for (const auto& entry : m_node) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    if (key.empty()) {
      throw ConfigError(location_of(entry.first, m_file), m_path, "a plain key name",
                        describe_node(entry.first));
    }
    if (!seen.insert(key).second) {
      throw ConfigError(location_of(entry.first, m_file), key_path(key), "each key at most once",
                        "'" + key + "' again");
    }
  }
}

bool YamlMap::has(const std::string& key) const { return lookup(m_node, key).IsDefined(); }

YAML::Node YamlMap::raw(const std::string& key) {
  m_used.insert(key);
  return lookup(m_node, key);
}

std::int64_t YamlMap::get_int(const std::string& key) {
  const YAML::Node value = raw(key);
  if (!value.IsDefined() || !value.IsScalar()) fail(key, "an integer");
  const std::optional<std::int64_t> parsed = parse_int(value.Scalar());
  if (!parsed) fail(key, "an integer");
  return *parsed;
}

std::int64_t YamlMap::get_int(const std::string& key, std::int64_t fallback) {
  m_used.insert(key);
  return has(key) ? get_int(key) : fallback;
}

std::int64_t YamlMap::get_int_at_least(const std::string& key, std::int64_t minimum) {
  const std::int64_t value = get_int(key);
  if (value < minimum) fail(key, "an integer >= " + std::to_string(minimum));
  return value;
}

std::int64_t YamlMap::get_int_at_least(const std::string& key, std::int64_t minimum,
                                       std::int64_t fallback) {
  m_used.insert(key);
  return has(key) ? get_int_at_least(key, minimum) : fallback;
}

double YamlMap::get_double(const std::string& key) {
  const YAML::Node value = raw(key);
  if (!value.IsDefined() || !value.IsScalar()) fail(key, "a number");
  const std::optional<double> parsed = parse_double(value.Scalar());
  if (!parsed) fail(key, "a number");
  return *parsed;
}

double YamlMap::get_double(const std::string& key, double fallback) {
  m_used.insert(key);
  return has(key) ? get_double(key) : fallback;
}

bool YamlMap::get_bool(const std::string& key) {
  const YAML::Node value = raw(key);
  if (value.IsDefined() && value.IsScalar()) {
    const std::string& text = value.Scalar();
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
  }
  fail(key, "true or false");
}

bool YamlMap::get_bool(const std::string& key, bool fallback) {
  m_used.insert(key);
  return has(key) ? get_bool(key) : fallback;
}

std::string YamlMap::get_string(const std::string& key) {
  const YAML::Node value = raw(key);
  if (!value.IsDefined() || !value.IsScalar()) fail(key, "a string");
  return value.Scalar();
}

std::string YamlMap::get_string(const std::string& key, const std::string& fallback) {
  m_used.insert(key);
  return has(key) ? get_string(key) : fallback;
}

std::uint64_t YamlMap::get_size_bytes(const std::string& key) {
  const YAML::Node value = raw(key);
  if (!value.IsDefined() || !value.IsScalar()) fail(key, kSizeExpectation);
  const std::optional<std::uint64_t> parsed = parse_size_bytes(value.Scalar());
  if (!parsed) {
    const bool negative = value.Scalar().find('-') != std::string::npos;
    fail(key, negative ? std::string("a size > 0 bytes") : std::string(kSizeExpectation));
  }
  if (*parsed == 0) fail(key, "a size > 0 bytes");
  return *parsed;
}

std::uint64_t YamlMap::get_size_bytes(const std::string& key, std::uint64_t fallback) {
  m_used.insert(key);
  return has(key) ? get_size_bytes(key) : fallback;
}

YamlMap YamlMap::get_map(const std::string& key) {
  const YAML::Node value = raw(key);
  if (!value.IsDefined() || !value.IsMap()) fail(key, "a map");
  return YamlMap(value, m_file, key_path(key));
}

std::vector<YAML::Node> YamlMap::get_list(const std::string& key) {
  const YAML::Node value = raw(key);
  if (!value.IsDefined() || !value.IsSequence()) fail(key, "a list");
  std::vector<YAML::Node> items;
  for (const YAML::Node& item : value) items.push_back(item);
  return items;
}

std::vector<std::string> YamlMap::get_string_list(const std::string& key) {
  std::vector<std::string> strings;
  for (const YAML::Node& item : get_list(key)) {
    if (!item.IsScalar()) {
      throw ConfigError(location_of(item, m_file),
                        key_path(key) + "." + std::to_string(strings.size()), "a string",
                        describe_node(item));
    }
    strings.push_back(item.Scalar());
  }
  return strings;
}

SourceLocation YamlMap::location() const { return location_of(m_node, m_file); }

SourceLocation YamlMap::location(const std::string& key) const {
  const YAML::Node value = lookup(m_node, key);
  return value.IsDefined() ? location_of(value, m_file) : location();
}

std::string YamlMap::key_path(const std::string& key) const {
  return m_path.empty() ? key : m_path + "." + key;
}

void YamlMap::finish() const {
  std::string known;
  for (const std::string& key : m_used) known += known.empty() ? key : ", " + key;
  for (const auto& entry : m_node) {
    const std::string key = entry.first.Scalar();
    if (m_used.count(key) == 0) {
      throw ConfigError(location_of(entry.first, m_file), key_path(key),
                        "one of the known keys (" + known + ")", "unknown key '" + key + "'");
    }
  }
}

void YamlMap::fail(const std::string& key, const std::string& expected) const {
  fail(key, expected, describe_node(lookup(m_node, key)));
}

void YamlMap::fail(const std::string& key, const std::string& expected,
                   const std::string& found) const {
  throw ConfigError(location(key), key_path(key), expected, found);
}

}  // namespace sextant
