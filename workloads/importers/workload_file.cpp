// SPDX-License-Identifier: Apache-2.0
#include "workloads/importers/workload_file.h"

#include <algorithm>
#include <cctype>

#include "tlm/core/yaml_access.h"
#include "workloads/importers/scalesim_topology.h"
#include "workloads/importers/timeloop_problem.h"

namespace sextant {

Network load_any_workload(const std::string& path, WorkloadFormat* format) {
  std::string extension = path.size() >= 4 ? path.substr(path.size() - 4) : "";
  std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
  WorkloadFormat found = WorkloadFormat::kSextantNetwork;
  Network network;
  const std::string text = read_text_file(path);
  if (extension == ".csv") {
    found = WorkloadFormat::kScaleSimTopology;
    network = parse_scalesim_topology(text, path);
  } else {
    const YAML::Node root = parse_yaml_text(text, path);
    if (root.IsMap() && root["problem"]) {
      found = WorkloadFormat::kTimeloopProblem;
      network = parse_timeloop_problem(root, path);
    } else {
      network = parse_network(text, path);
    }
  }
  if (format != nullptr) *format = found;
  return network;
}

}  // namespace sextant
