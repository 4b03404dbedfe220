// SPDX-License-Identifier: Apache-2.0
#include "surrogate/design_space.h"

#include <gtest/gtest.h>

#include "tests/tlm/config_error_expect.h"

namespace sextant {
namespace {

using testing::expect_config_error;

/// A space file placed in yaml/spaces/ (by name only: parse_design_space resolves paths
/// relative to the file name it is given, which never has to exist for the space itself).
const std::string kFile = std::string(SEXTANT_SOURCE_DIR) + "/yaml/spaces/inline.yaml";

std::string space_with(const std::string& extra_parameters, const std::string& tail = "") {
  return "name: t\nbase_arch: ../arch/gemmini-default-like.yaml\nparameters:\n"
         "  - {key: pe_array.rows, pow2: [4, 16]}\n" +
         extra_parameters + "workloads:\n  - network: ../workloads/tiny-ops.yaml\n" + tail;
}

TEST(DesignSpace, ShippedSpacesLoad) {
  for (const char* name : {"tiny-test", "gemmini-dosa-like", "eyeriss-like", "non-dnn"}) {
    const DesignSpace space = load_design_space(std::string(SEXTANT_SOURCE_DIR) + "/yaml/spaces/" + name + ".yaml");
    EXPECT_FALSE(space.ops.empty()) << name;
    EXPECT_FALSE(space.parameters.empty()) << name;
  }
}

TEST(DesignSpace, ParametersAndTies) {
  const DesignSpace space = parse_design_space(
      space_with("  - {key: pe_array.cols, same_as: pe_array.rows}\n"
                 "  - {key: buffers.0.size, pow2: [16, 256], unit: KiB}\n"
                 "  - {key: pe_array.dataflow, choices: [WS, OS]}\n  - {key: dma.outstanding, range: [2, 5]}\n"),
      kFile);
  ASSERT_EQ(space.parameters.size(), 5u);
  EXPECT_EQ(space.parameters[0].cardinality(), 3);  // 4, 8, 16
  EXPECT_EQ(space.parameters[0].value_at(0.0), "4");
  EXPECT_EQ(space.parameters[0].value_at(0.999), "16");
  EXPECT_EQ(space.parameters[1].kind, ParameterKind::kTied);
  EXPECT_EQ(space.parameters[2].value_at(0.5), "64 KiB");
  EXPECT_EQ(space.parameters[3].value_at(0.7), "OS");
  EXPECT_EQ(space.parameters[4].cardinality(), 4);
  EXPECT_EQ(space.free_parameters(), (std::vector<int>{0, 2, 3, 4}));
  EXPECT_EQ(space.ops.size(), 3u);
  EXPECT_EQ(space.ops[1].network, "tiny-ops");
  EXPECT_EQ(space.ops[1].op_index, 1);
}

TEST(DesignSpace, OpSubset) {
  const std::string text = "name: t\nbase_arch: ../arch/gemmini-default-like.yaml\nworkloads:\n"
                           "  - {network: ../workloads/tiny-ops.yaml, ops: [fc-small]}\n";
  const DesignSpace space = parse_design_space(text, kFile);
  ASSERT_EQ(space.ops.size(), 1u);
  EXPECT_EQ(space.ops[0].op_index, 2);
  expect_config_error([&] { parse_design_space("name: t\nbase_arch: ../arch/gemmini-default-like.yaml\nworkloads:\n"
                                               "  - {network: ../workloads/tiny-ops.yaml, ops: [nope]}\n", kFile); },
                      {"inline.yaml:4:", "workloads.0.ops", "op names of network tiny-ops", "'nope'"});
}

TEST(DesignSpace, UnknownKeyIsAnError) {
  expect_config_error([] { parse_design_space(space_with("", "samplr: lhs\n"), kFile); },
                      {"inline.yaml:7:1", "'samplr'", "known keys"});
  expect_config_error([] { parse_design_space(space_with("  - {key: pe_array.cols, pow2: [4, 8], step: 2}\n"), kFile); },
                      {"parameters.1.step"});
}

TEST(DesignSpace, ArchKeyMustExist) {
  expect_config_error([] { parse_design_space(space_with("  - {key: pe_array.colz, pow2: [4, 8]}\n"), kFile); },
                      {"inline.yaml:5:", "parameters.1.key", "a key of the base arch", "'pe_array.colz'"});
  expect_config_error([] { parse_design_space(space_with("  - {key: buffers.7.size, pow2: [4, 8]}\n"), kFile); },
                      {"parameters.1.key", "'buffers.7.size'"});
}

TEST(DesignSpace, BadRanges) {
  expect_config_error([] { parse_design_space(space_with("  - {key: pe_array.cols, pow2: [4, 12]}\n"), kFile); },
                      {"parameters.1.pow2", "powers of two", "[4, 12]"});
  expect_config_error([] { parse_design_space(space_with("  - {key: pe_array.cols, range: [8, 4]}\n"), kFile); },
                      {"parameters.1.range", "low <= high"});
  expect_config_error([] { parse_design_space(space_with("  - {key: pe_array.cols, same_as: pe_array.colz}\n"), kFile); },
                      {"parameters.1.same_as", "an earlier parameter"});
  expect_config_error([] { parse_design_space(space_with("  - {key: pe_array.cols, range: [1, 2], choices: [3]}\n"), kFile); },
                      {"exactly one of range, pow2, choices, same_as"});
}

TEST(DesignSpace, PoliciesAndBudgets) {
  EXPECT_EQ(parse_design_space(space_with("", "mapping: random\n"), kFile).mapping, MappingPolicy::kRandom);
  EXPECT_EQ(parse_design_space(space_with("", "mapping: best\n"), kFile).mapping, MappingPolicy::kBest);
  EXPECT_EQ(parse_design_space(space_with("", "mapping: both\n"), kFile).mapping, MappingPolicy::kBoth);
  const DesignSpace budgets =
      parse_design_space(space_with("", "constraints: {max_area_mm2: 5, max_power_mw: 300}\n"), kFile);
  EXPECT_EQ(budgets.max_area_mm2, 5.0);
  EXPECT_EQ(budgets.max_power_mw, 300.0);
  expect_config_error([] { parse_design_space(space_with("", "mapping: greedy\n"), kFile); },
                      {"key 'mapping'", "default, random, best, both", "'greedy'"});
  expect_config_error([] { parse_design_space(space_with("", "constraints: {max_area_mm2: -1}\n"), kFile); },
                      {"constraints.max_area_mm2", "a number > 0"});
  expect_config_error([] { parse_design_space(space_with("", "constraints: {max_area: 1}\n"), kFile); },
                      {"constraints.max_area"});
  expect_config_error([] { parse_design_space(space_with("", "fidelities: [tlm, hifi]\n"), kFile); },
                      {"fidelities.1", "one of analytical, tlm", "'hifi'"});
}

TEST(DesignSpace, SyntaxErrorAndMissingFile) {
  expect_config_error([] { parse_design_space("name: [t\n", kFile); }, {"inline.yaml", "valid YAML"});
  expect_config_error([] { load_design_space("/nonexistent/space.yaml"); }, {"/nonexistent/space.yaml"});
}

}  // namespace
}  // namespace sextant
