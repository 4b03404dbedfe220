// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "workloads/op.h"

namespace sextant {

/// An ordered list of ops, e.g. a whole DNN. Op names are unique.
struct Network {
  std::string name;
  std::string source;  ///< where the shapes come from (citation)
  std::vector<Op> ops;

  std::int64_t total_macs() const;  ///< sum of count x macs
};

/// Reads a network YAML file (see docs/workloads.md). Throws ConfigError.
Network load_network(const std::string& path);
Network parse_network(const std::string& yaml_text, const std::string& file);

}  // namespace sextant
