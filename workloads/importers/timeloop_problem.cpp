// SPDX-License-Identifier: Apache-2.0
#include "workloads/importers/timeloop_problem.h"

#include <algorithm>
#include <cctype>
#include <limits>

#include "tlm/core/yaml_access.h"

namespace sextant {
namespace {

std::string stem(const std::string& path) {
  const auto slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const auto dot = name.find_last_of('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

// "CNN-Layer", "cnn_layer", "cnn-layer" all name Timeloop's built-in convolution shape.
bool is_cnn_layer(std::string name) {
  name.erase(std::remove_if(name.begin(), name.end(), [](unsigned char c) { return c == '-' || c == '_'; }),
             name.end());
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  return name == "cnnlayer";
}

int small_int(YamlMap& map, const std::string& key) {
  const std::int64_t value = map.get_int_at_least(key, 1, 1);
  if (value > std::numeric_limits<int>::max()) map.fail(key, "an integer <= 2^31 - 1");
  return static_cast<int>(value);
}

}  // namespace

Network parse_timeloop_problem(const YAML::Node& root, const std::string& file) {
  YamlMap top(root, file, "");
  YamlMap problem = top.get_map("problem");
  top.finish();
  const YAML::Node shape = problem.raw("shape");
  if (!shape.IsDefined()) problem.fail("shape", "the cnn-layer shape", "none");
  if (shape.IsScalar()) {
    if (!is_cnn_layer(shape.as<std::string>())) problem.fail("shape", "cnn-layer (the only shape Sextant imports)");
  } else {
    YamlMap shape_map(shape, file, problem.key_path("shape"));
    const std::string name = shape_map.get_string("name");
    if (!is_cnn_layer(name)) shape_map.fail("name", "CNN-Layer (the only shape Sextant imports)", "'" + name + "'");
    // The built-in shape's definition; Sextant knows its meaning and does not re-read it.
    for (const char* key : {"dimensions", "coefficients", "data-spaces", "data_spaces"}) shape_map.raw(key);
    shape_map.finish();
  }
  YamlMap instance = problem.get_map("instance");
  problem.finish();
  if (instance.has("K") && instance.has("M")) {
    instance.fail("M", "either K or M (both name the output channels), not both");
  }
  Op op;
  op.name = stem(file);
  op.kind = OpKind::kConv;
  at(op.dims, Dim::C) = instance.get_int_at_least("C", 1, 1);
  at(op.dims, Dim::K) = instance.has("M") ? instance.get_int_at_least("M", 1) : instance.get_int_at_least("K", 1, 1);
  at(op.dims, Dim::R) = instance.get_int_at_least("R", 1, 1);
  at(op.dims, Dim::S) = instance.get_int_at_least("S", 1, 1);
  at(op.dims, Dim::P) = instance.get_int_at_least("P", 1, 1);
  at(op.dims, Dim::Q) = instance.get_int_at_least("Q", 1, 1);
  at(op.dims, Dim::N) = instance.get_int_at_least("N", 1, 1);
  op.stride_h = small_int(instance, "Hstride");
  op.stride_w = small_int(instance, "Wstride");
  op.dilation_h = small_int(instance, "Hdilation");
  op.dilation_w = small_int(instance, "Wdilation");
  instance.finish();
  op.where = instance.location();
  Network network;
  network.name = op.name;
  network.source = "Timeloop problem " + file;
  network.ops.push_back(std::move(op));
  return network;
}

}  // namespace sextant
