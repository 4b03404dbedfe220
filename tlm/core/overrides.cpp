// SPDX-License-Identifier: Apache-2.0
#include "tlm/core/overrides.h"

#include <charconv>
#include <cstddef>
#include <optional>

#include "tlm/core/config_error.h"
#include "tlm/core/yaml_access.h"

namespace sextant {
namespace {

constexpr const char* kOrigin = "--set";

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  while (true) {
    const std::size_t dot = path.find('.', begin);
    parts.push_back(path.substr(begin, dot - begin));
    if (dot == std::string::npos) break;
    begin = dot + 1;
  }
  return parts;
}

std::optional<std::size_t> parse_index(const std::string& text) {
  std::size_t index = 0;
  const char* last = text.data() + text.size();
  const auto [end, error] = std::from_chars(text.data(), last, index);
  if (text.empty() || error != std::errc() || end != last) return std::nullopt;
  return index;
}

// A deep copy without yaml-cpp marks: the value's marks would point into the override
// text, not into the file, and errors would report a misleading line.
YAML::Node without_marks(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return YAML::Node(node.Scalar());
    case YAML::NodeType::Sequence: {
      YAML::Node copy(YAML::NodeType::Sequence);
      for (const YAML::Node& item : node) copy.push_back(without_marks(item));
      return copy;
    }
    case YAML::NodeType::Map: {
      YAML::Node copy(YAML::NodeType::Map);
      for (const auto& entry : node) copy[without_marks(entry.first)] = without_marks(entry.second);
      return copy;
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      break;
  }
  return YAML::Node(YAML::NodeType::Null);
}

YAML::Node parse_value(const std::string& text, const std::string& key_path) {
  try {
    return without_marks(YAML::Load(text));
  } catch (const YAML::Exception& error) {
    throw ConfigError(SourceLocation{kOrigin, 0, 0}, key_path, "a YAML value after '='",
                      "'" + text + "' (" + error.msg + ")");
  }
}

void apply_override(YAML::Node& root, const std::string& text) {
  const std::size_t equals = text.find('=');
  const std::string key_path = text.substr(0, equals);
  if (equals == std::string::npos || key_path.empty()) {
    throw ConfigError(SourceLocation{kOrigin, 0, 0}, key_path, "key=value", "'" + text + "'");
  }
  const std::vector<std::string> parts = split_path(key_path);
  for (const std::string& part : parts) {
    if (part.empty()) {
      throw ConfigError(SourceLocation{kOrigin, 0, 0}, key_path,
                        "key=value with a dotted key path like a.b.c", "'" + text + "'");
    }
  }
  const YAML::Node value = parse_value(text.substr(equals + 1), key_path);

  // Node assignment writes through to the referenced node; reset() rebinds the handle.
  YAML::Node current;
  current.reset(root);
  std::string walked;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    const std::string parent = i == 0 ? std::string("the document root") : "'" + walked + "'";
    walked += walked.empty() ? part : "." + part;
    const bool last = i + 1 == parts.size();
    if (current.IsSequence()) {
      const std::optional<std::size_t> index = parse_index(part);
      if (!index || *index >= current.size()) {
        const std::string expected =
            current.size() == 0 ? std::string("an index into a list, but the list is empty")
                                : "a list index from 0 to " + std::to_string(current.size() - 1);
        throw ConfigError(SourceLocation{kOrigin, 0, 0}, walked, expected, "'" + part + "'");
      }
      if (last) {
        current[*index] = value;
      } else {
        YAML::Node child = current[*index];
        current.reset(child);
      }
    } else if (current.IsMap() || current.IsNull()) {
      if (last) {
        current[part] = value;
      } else {
        const YAML::Node& const_current = current;
        if (!const_current[part].IsDefined()) current[part] = YAML::Node(YAML::NodeType::Map);
        YAML::Node child = current[part];
        current.reset(child);
      }
    } else {
      throw ConfigError(SourceLocation{kOrigin, 0, 0}, key_path, parent + " to be a map or a list",
                        describe_node(current));
    }
  }
}

}  // namespace

void apply_overrides(YAML::Node& root, const std::vector<std::string>& overrides) {
  for (const std::string& text : overrides) apply_override(root, text);
}

}  // namespace sextant
