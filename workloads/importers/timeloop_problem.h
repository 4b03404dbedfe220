// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

#include "workloads/network.h"

namespace sextant {

/// Reads a Timeloop problem YAML with the cnn-layer shape (docs/workloads.md, "Timeloop
/// problems"): `problem: {shape: cnn-layer or {name: CNN-Layer, ...}, instance: {C, K or M,
/// R, S, P, Q, N, Hstride, Wstride, Hdilation, Wdilation}}`. Missing instance dims are 1, as
/// in Timeloop; P and Q are output sizes, so the op has no padding and its input is the
/// size P, Q, R, S, strides and dilations imply. One op, named after the file.
/// Throws ConfigError with file:line:column.
Network parse_timeloop_problem(const YAML::Node& root, const std::string& file);

}  // namespace sextant
