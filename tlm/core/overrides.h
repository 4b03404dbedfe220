// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace sextant {

/// Applies "a.b.c=value" overrides to a YAML tree in place. Path components walk maps by
/// key and lists by index ("buffers.0.size=512 KiB"). The value is parsed as YAML
/// ("[inputs, weights]" becomes a list). A path that names no existing key is still set,
/// so that validation reports it as unknown with its path. Throws ConfigError (file
/// "--set") when the text has no '=' or walks through a scalar.
void apply_overrides(YAML::Node& root, const std::vector<std::string>& overrides);

}  // namespace sextant
