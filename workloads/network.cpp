// SPDX-License-Identifier: Apache-2.0
#include "workloads/network.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <map>
#include <utility>

#include "tlm/core/yaml_access.h"

namespace sextant {
namespace {

// Strides, padding and dilation are plain ints in Op; a larger value is a typo.
constexpr std::int64_t kMaxSmallInt = std::numeric_limits<int>::max();

int get_small_int(YamlMap& map, const std::string& key, std::int64_t minimum,
                  std::int64_t fallback) {
  const std::int64_t value = map.get_int_at_least(key, minimum, fallback);
  if (value > kMaxSmallInt) {
    map.fail(key, "an integer <= " + std::to_string(kMaxSmallInt));
  }
  return static_cast<int>(value);
}

Op parse_conv(YamlMap& map, const std::string& name) {
  const std::int64_t batch = map.get_int_at_least("batch", 1, 1);
  const std::int64_t in_channels = map.get_int_at_least("in_channels", 1);
  const std::int64_t out_channels = map.get_int_at_least("out_channels", 1);
  const std::int64_t in_h = map.get_int_at_least("in_h", 1);
  const std::int64_t in_w = map.get_int_at_least("in_w", 1, in_h);
  std::int64_t kernel_h = 0;
  std::int64_t kernel_w = 0;
  if (map.has("kernel")) {
    if (map.has("kernel_h")) map.fail("kernel_h", "either kernel or kernel_h/kernel_w, not both");
    if (map.has("kernel_w")) map.fail("kernel_w", "either kernel or kernel_h/kernel_w, not both");
    kernel_h = kernel_w = map.get_int_at_least("kernel", 1);
  } else {
    kernel_h = map.get_int_at_least("kernel_h", 1);
    kernel_w = map.get_int_at_least("kernel_w", 1, kernel_h);
  }
  const int stride = get_small_int(map, "stride", 1, 1);
  const int padding = get_small_int(map, "padding", 0, 0);
  const int dilation = get_small_int(map, "dilation", 1, 1);
  const int groups = get_small_int(map, "groups", 1, 1);
  try {
    return make_conv(name, batch, in_channels, out_channels, in_h, in_w, kernel_h, kernel_w,
                     stride, padding, dilation, groups);
  } catch (const ConfigError& error) {
    // make_conv names the offending key; give it this file's position and path.
    const std::string key = error.key_path();
    throw ConfigError(map.location(key), map.key_path(key), error.expected(), error.found());
  }
}

// The keys each op type reads (besides name, type and count).
const std::vector<std::string>& keys_of(OpKind kind) {
  static const std::vector<std::string> kConv = {
      "batch", "in_channels", "out_channels", "in_h", "in_w", "kernel",
      "kernel_h", "kernel_w", "stride", "padding", "dilation", "groups"};
  static const std::vector<std::string> kMatmul = {"M", "N", "K", "groups"};
  static const std::vector<std::string> kFullyConnected = {"batch", "in_features", "out_features"};
  static const std::vector<std::string> kPool = {"batch", "in_h", "in_w", "channels", "kernel", "stride", "padding"};
  static const std::vector<std::string> kImage = {"batch", "in_h", "in_w", "channels"};
  static const std::vector<std::string> kElementwise = {"length"};
  static const std::vector<std::string> kRows = {"rows", "cols"};
  static const std::vector<std::string> kEmbedding = {"table_rows", "dim", "bags", "indices_per_bag"};
  switch (kind) {
    case OpKind::kMaxPool:
    case OpKind::kAvgPool:
      return kPool;
    case OpKind::kGlobalAvgPool:
    case OpKind::kBatchNorm:
      return kImage;
    case OpKind::kAdd:
    case OpKind::kMul:
    case OpKind::kRelu:
    case OpKind::kGelu:
    case OpKind::kSigmoid:
      return kElementwise;
    case OpKind::kSoftmax:
    case OpKind::kLayerNorm:
    case OpKind::kReduceSum:
    case OpKind::kReduceMax:
      return kRows;
    case OpKind::kEmbeddingBag:
      return kEmbedding;
    case OpKind::kConv:
      return kConv;
    case OpKind::kMatmul:
      return kMatmul;
    case OpKind::kFullyConnected:
      return kFullyConnected;
  }
  return kConv;
}

const std::vector<std::pair<std::string, OpKind>>& type_names() {
  static const std::vector<std::pair<std::string, OpKind>> kNames = [] {
    std::vector<std::pair<std::string, OpKind>> names;
    for (OpKind kind : {OpKind::kConv, OpKind::kMatmul, OpKind::kFullyConnected, OpKind::kMaxPool,
                        OpKind::kAvgPool, OpKind::kGlobalAvgPool, OpKind::kAdd, OpKind::kMul, OpKind::kRelu,
                        OpKind::kGelu, OpKind::kSigmoid, OpKind::kSoftmax, OpKind::kLayerNorm,
                        OpKind::kReduceSum, OpKind::kReduceMax, OpKind::kBatchNorm, OpKind::kEmbeddingBag}) {
      names.emplace_back(op_kind_name(kind), kind);
    }
    return names;
  }();
  return kNames;
}

Op parse_vector(YamlMap& map, const std::string& name, OpKind kind) {
  VectorShape shape;
  const std::vector<std::string>& keys = keys_of(kind);
  const auto reads = [&keys](const char* key) { return std::find(keys.begin(), keys.end(), key) != keys.end(); };
  if (reads("in_h")) {
    shape.n = map.get_int_at_least("batch", 1, 1);
    shape.h = map.get_int_at_least("in_h", 1);
    shape.w = map.get_int_at_least("in_w", 1, shape.h);
    shape.c = map.get_int_at_least("channels", 1);
  }
  if (reads("kernel")) {
    const std::int64_t kernel = map.get_int_at_least("kernel", 1);
    if (kernel > kMaxSmallInt) map.fail("kernel", "an integer <= " + std::to_string(kMaxSmallInt));
    shape.window_h = shape.window_w = static_cast<int>(kernel);
    shape.stride = get_small_int(map, "stride", 1, shape.window_h);
    shape.pad_top = shape.pad_left = get_small_int(map, "padding", 0, 0);
  }
  if (reads("length")) shape.w = map.get_int_at_least("length", 1);
  if (reads("rows")) {
    shape.w = map.get_int_at_least("rows", 1);
    shape.c = map.get_int_at_least("cols", 1);
  }
  if (reads("table_rows")) {
    shape.table_rows = map.get_int_at_least("table_rows", 1);
    shape.c = map.get_int_at_least("dim", 1);
    shape.bags = map.get_int_at_least("bags", 1);
    shape.indices_per_bag = map.get_int_at_least("indices_per_bag", 1);
  }
  try {
    return make_vector(name, kind, shape);
  } catch (const ConfigError& error) {
    const std::string key = error.key_path() == "height" ? "in_h" : error.key_path();
    throw ConfigError(map.location(key), map.key_path(key), error.expected(), error.found());
  }
}

// Checks that no key outside the type's set is present (so a misspelt key is reported
// as such, not as the required key it was meant to be), then reads and builds the op.
Op parse_op(YamlMap& map, const std::string& name) {
  const OpKind kind = map.get_enum<OpKind>("type", type_names());
  for (const std::string& key : keys_of(kind)) map.raw(key);
  map.finish();
  if (is_vector_op(kind)) return parse_vector(map, name, kind);
  switch (kind) {
    case OpKind::kConv:
      return parse_conv(map, name);
    case OpKind::kMatmul: {
      const std::int64_t m = map.get_int_at_least("M", 1);
      const std::int64_t n = map.get_int_at_least("N", 1);
      const std::int64_t k = map.get_int_at_least("K", 1);
      const std::int64_t groups = map.get_int_at_least("groups", 1, 1);
      return make_matmul(name, m, n, k, groups);
    }
    case OpKind::kFullyConnected: {
      const std::int64_t batch = map.get_int_at_least("batch", 1, 1);
      const std::int64_t in_features = map.get_int_at_least("in_features", 1);
      const std::int64_t out_features = map.get_int_at_least("out_features", 1);
      return make_fully_connected(name, batch, in_features, out_features);
    }
    default:
      break;
  }
  map.fail("type", "conv, matmul or fc");
}

}  // namespace

std::int64_t Network::total_macs() const {
  std::int64_t total = 0;
  for (const Op& op : ops) total += op.count * op.macs();
  return total;
}

Network load_network(const std::string& path) {
  return parse_network(read_text_file(path), path);
}

Network parse_network(const std::string& yaml_text, const std::string& file) {
  const YAML::Node root = parse_yaml_text(yaml_text, file);
  YamlMap top(root, file, "");
  for (const char* key : {"name", "source", "ops"}) top.raw(key);
  top.finish();
  Network network;
  network.name = top.get_string("name");
  network.source = top.get_string("source", "");
  const std::vector<YAML::Node> items = top.get_list("ops");
  if (items.empty()) top.fail("ops", "a list of at least one op");

  std::map<std::string, std::size_t> index_of_name;
  for (std::size_t i = 0; i < items.size(); ++i) {
    YamlMap map(items[i], file, top.key_path("ops") + "." + std::to_string(i));
    const std::string name = map.get_string("name");
    if (name.empty()) map.fail("name", "a non-empty op name");
    const auto [previous, inserted] = index_of_name.emplace(name, i);
    if (!inserted) {
      map.fail("name", "a unique op name",
               "'" + name + "', already used by ops." + std::to_string(previous->second));
    }
    const std::int64_t count = map.get_int_at_least("count", 1, 1);
    std::optional<bool> keep_output_on_chip;
    if (map.has("keep_output_on_chip")) keep_output_on_chip = map.get_bool("keep_output_on_chip");
    Op op = parse_op(map, name);
    op.count = count;
    op.keep_output_on_chip = keep_output_on_chip;
    op.where = map.location();
    network.ops.push_back(std::move(op));
  }
  return network;
}

}  // namespace sextant
