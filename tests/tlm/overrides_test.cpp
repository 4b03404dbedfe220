// SPDX-License-Identifier: Apache-2.0
#include "tlm/core/overrides.h"

#include <gtest/gtest.h>

#include "tests/tlm/config_error_expect.h"
#include "tlm/core/arch_config.h"
#include "tlm/core/units.h"

namespace sextant {
namespace {

using testing::expect_config_error;

constexpr const char* kArch = R"(name: small
clock_mhz: 500
pe_array: {rows: 4, cols: 4, dataflow: WS}
buffers:
  - name: Spad
    holds: [inputs, weights]
    size: 16 KiB
  - name: Acc
    holds: [outputs]
    size: 4 KiB
)";

TEST(Overrides, SetsScalarsInMaps) {
  YAML::Node root = YAML::Load("a: {b: 1}\n");
  apply_overrides(root, {"a.b=2", "a.c=hello"});
  EXPECT_EQ(root["a"]["b"].as<int>(), 2);
  EXPECT_EQ(root["a"]["c"].as<std::string>(), "hello");
}

TEST(Overrides, WalksListsByIndex) {
  YAML::Node root = YAML::Load("items: [{size: 1}, {size: 2}]\n");
  apply_overrides(root, {"items.1.size=512 KiB"});
  EXPECT_EQ(root["items"][0]["size"].as<int>(), 1);
  EXPECT_EQ(root["items"][1]["size"].as<std::string>(), "512 KiB");
}

TEST(Overrides, ValueIsParsedAsYaml) {
  YAML::Node root = YAML::Load("x: 1\n");
  apply_overrides(root, {"x=[inputs, weights]", "y={a: 1}"});
  ASSERT_TRUE(root["x"].IsSequence());
  EXPECT_EQ(root["x"].size(), 2u);
  EXPECT_EQ(root["x"][1].as<std::string>(), "weights");
  EXPECT_TRUE(root["y"].IsMap());
}

TEST(Overrides, CreatesMissingSections) {
  YAML::Node root = YAML::Load("x: 1\n");
  apply_overrides(root, {"memory.model=ideal"});
  EXPECT_EQ(root["memory"]["model"].as<std::string>(), "ideal");
  EXPECT_EQ(root["x"].as<int>(), 1);
}

TEST(Overrides, LaterOverridesWin) {
  YAML::Node root = YAML::Load("x: 1\n");
  apply_overrides(root, {"x=2", "x=3"});
  EXPECT_EQ(root["x"].as<int>(), 3);
}

TEST(Overrides, MalformedTextIsAConfigError) {
  YAML::Node root = YAML::Load("x: 1\n");
  expect_config_error([&] { apply_overrides(root, {"memory.model"}); },
                      {"--set: key 'memory.model'", "expected key=value", "found 'memory.model'"});
  expect_config_error([&] { apply_overrides(root, {"=3"}); }, {"--set: ", "expected key=value"});
  expect_config_error([&] { apply_overrides(root, {"a..b=3"}); },
                      {"--set: key 'a..b'", "expected key=value with a dotted key path"});
  expect_config_error([&] { apply_overrides(root, {"x=[1, 2"}); },
                      {"--set: key 'x'", "expected a YAML value"});
}

TEST(Overrides, BadListIndexAndScalarParentsAreErrors) {
  YAML::Node root = YAML::Load("items: [{size: 1}]\nname: n\n");
  expect_config_error([&] { apply_overrides(root, {"items.3.size=2"}); },
                      {"--set: key 'items.3'", "expected a list index from 0 to 0", "found '3'"});
  expect_config_error([&] { apply_overrides(root, {"items.first.size=2"}); },
                      {"key 'items.first'", "found 'first'"});
  expect_config_error(
      [&] { apply_overrides(root, {"name.x=1"}); },
      {"--set: key 'name.x'", "expected 'name' to be a map or a list", "found 'n'"});
}

TEST(Overrides, ApplyBeforeValidation) {
  const ArchConfig config =
      parse_arch_config(kArch, "small.yaml",
                        {"memory.model=ideal", "buffers.0.size=512 KiB", "pe_array.dataflow=OS",
                         "buffers.1.holds=[outputs]", "dma.outstanding=3"});
  EXPECT_EQ(config.memory.model, MemoryModel::kIdeal);
  EXPECT_EQ(config.buffers[0].size_bytes, 512u * 1024);
  EXPECT_EQ(config.pe_array.dataflow, Dataflow::kOutputStationary);
  EXPECT_EQ(config.dma.outstanding, 3);
  EXPECT_EQ(config.dma.burst_bytes, 64u);  // the rest of the new section keeps defaults
}

TEST(Overrides, NewUnknownKeyIsRejectedByValidation) {
  expect_config_error(
      [] { parse_arch_config(kArch, "small.yaml", {"memory.modle=ideal"}); },
      {"key 'memory.modle'", "expected one of the known keys", "found unknown key 'modle'"});
  expect_config_error([] { parse_arch_config(kArch, "small.yaml", {"buffers.1.sise=1"}); },
                      {"key 'buffers.1.sise'", "found unknown key 'sise'"});
}

TEST(Overrides, OverriddenValuesAreValidated) {
  expect_config_error([] { parse_arch_config(kArch, "small.yaml", {"pe_array.rows=0"}); },
                      {"key 'pe_array.rows'", "expected an integer >= 1", "found 0"});
  expect_config_error([] { parse_arch_config(kArch, "small.yaml", {"memory.model=sram"}); },
                      {"key 'memory.model'", "expected one of ideal, fixed, dram", "found 'sram'"});
}

}  // namespace
}  // namespace sextant
