// SPDX-License-Identifier: Apache-2.0
// The workload zoo on every preset, as users run it (one sextant-sim process per case):
// timing mode for every zoo workload, functional mode (real data, golden check) for the
// non-DNN kernels and for the reduced-size copy of each DNN (yaml/workloads/reduced/).
#include <cstdint>
#include <functional>
#include <string>
#include <ostream>
#include <tuple>
#include <vector>


#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.h"

namespace sextant {
namespace {

using testing_support::run_command;
using testing_support::source_path;

const std::string kSim = SEXTANT_SIM_PATH;

const std::vector<std::string> kPresets = {"gemmini-default-like", "eyeriss-like", "scalesim-default-like",
                                           "tpu-v1-like"};

struct ZooCase {
  const char* workload;
  std::int64_t macs;  ///< the network's total (tests/workloads/zoo_test.cpp checks the files)
};

void PrintTo(const ZooCase& zoo, std::ostream* out) { *out << zoo.workload; }

const ZooCase kZoo[] = {
    {"resnet18", 1'814'073'344},         {"mobilenet_v2", 300'774'272},
    {"vgg16", 15'470'264'320},           {"bert_base", 11'173'625'856},
    {"gpt2_small_block", 8'858'370'048}, {"atari_dqn", 9'352'192},
    {"mlp_lenet300", 34'073'600},        {"mlp_lenet300_train", 72'115'200},
    {"resnet18_train", 5'324'206'080},   {"dlrm_mlperf_mlps", 302'743'552},
    {"unet", 167'322'556'672},           {"retinanet", 3'323'622'400},
    {"linreg_55", 110},                  {"linreg_784", 1'568},
    {"logreg_54", 108},                  {"svm_54", 108},
    {"mf_138x10_r10", 41'400},           {"mf_1682x943_r10", 47'583'780},
    {"backprop_61_128_4", 17'152},
};

const char* const kKernels[] = {"linreg_55", "linreg_784", "logreg_54", "svm_54",
                                "mf_138x10_r10", "mf_1682x943_r10", "backprop_61_128_4"};
const char* const kReducedDnns[] = {"resnet18", "mobilenet_v2", "vgg16", "bert_base", "gpt2_small_block",
                                    "atari_dqn", "mlp_lenet300", "mlp_lenet300_train", "resnet18_train",
                                    "dlrm_mlperf_mlps", "unet", "retinanet"};

std::string test_name(const std::string& text) {
  std::string name;
  for (const char c : text) name += (c == '-' || c == '.' || c == '/') ? '_' : c;
  return name;
}

nlohmann::json run_json(const std::string& args, const std::string& label) {
  return testing_support::run_sim_json(kSim, args, "zoo_" + label + ".json");
}

class ZooTiming : public ::testing::TestWithParam<std::tuple<ZooCase, std::string>> {};

TEST_P(ZooTiming, RunsAndDoesEveryMac) {
  const auto& [zoo, preset] = GetParam();
  // Every pair runs: the slowest (U-Net, and VGG-16 and the GPT-2 block on the
  // Eyeriss-like preset's small buffers) take 6-72 s on the 2-core machine of
  // docs/benchmarks.md, well inside the suite's budget.
  const nlohmann::json result =
      run_json("--arch " + source_path("yaml/arch/" + preset + ".yaml") + " --workload " +
                   source_path(std::string("yaml/workloads/") + zoo.workload + ".yaml"),
               test_name(std::string(zoo.workload) + "_" + preset));
  if (result.is_null()) return;
  EXPECT_EQ(result["total"]["macs"].get<std::int64_t>(), zoo.macs);
  EXPECT_GT(result["total"]["latency_cycles"].get<std::int64_t>(), 0);
}

INSTANTIATE_TEST_SUITE_P(Zoo, ZooTiming, ::testing::Combine(::testing::ValuesIn(kZoo), ::testing::ValuesIn(kPresets)),
                         [](const auto& param_info) {
                           return test_name(std::string(std::get<0>(param_info.param).workload) + "_on_" +
                                            std::get<1>(param_info.param));
                         });

class ZooFunctional : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(ZooFunctional, OutputsMatchTheGoldenModel) {
  const auto& [workload, preset] = GetParam();
  const nlohmann::json result =
      run_json("--functional --arch " + source_path("yaml/arch/" + preset + ".yaml") +
                   " --workload " + source_path("yaml/workloads/" + workload + ".yaml"),
               test_name(workload + "_" + preset + "_functional"));
  if (result.is_null()) return;
  ASSERT_TRUE(result["total"].contains("functional")) << result["total"].dump();
  EXPECT_TRUE(result["total"]["functional"]["passed"].get<bool>()) << result["total"]["functional"].dump();
}

std::vector<std::string> functional_workloads() {
  std::vector<std::string> names(std::begin(kKernels), std::end(kKernels));
  for (const char* dnn : kReducedDnns) names.push_back(std::string("reduced/") + dnn + "_reduced");
  return names;
}

INSTANTIATE_TEST_SUITE_P(Zoo, ZooFunctional,
                         ::testing::Combine(::testing::ValuesIn(functional_workloads()), ::testing::ValuesIn(kPresets)),
                         [](const auto& param_info) {
                           std::string name = std::get<0>(param_info.param);
                           const auto slash = name.find('/');
                           if (slash != std::string::npos) name = name.substr(slash + 1);
                           return test_name(name + "_on_" + std::get<1>(param_info.param));
                         });

// Co-verification of the compiler beyond the default mapper: each reduced DNN, mapped with
// uniform random valid mappings from its mapping space (a different seed per case), must
// still compute exactly what the golden model computes.
class ZooRandomMappings : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(ZooRandomMappings, OutputsMatchTheGoldenModel) {
  const auto& [dnn, preset] = GetParam();
  const std::size_t seed = std::hash<std::string>{}(dnn + preset) % 100000;
  const nlohmann::json result =
      run_json("--functional --random-mappings " + std::to_string(seed) + " --arch " +
                   source_path("yaml/arch/" + preset + ".yaml") + " --workload " +
                   source_path("yaml/workloads/reduced/" + dnn + "_reduced.yaml"),
               test_name(dnn + "_" + preset + "_random"));
  if (result.is_null()) return;
  EXPECT_TRUE(result["total"]["functional"]["passed"].get<bool>()) << "seed " << seed;
  EXPECT_EQ(result["provenance"]["mapping"].get<std::string>(), "random mappings, seed " + std::to_string(seed));
}

INSTANTIATE_TEST_SUITE_P(Zoo, ZooRandomMappings,
                         ::testing::Combine(::testing::ValuesIn(std::vector<std::string>(std::begin(kReducedDnns),
                                                                                         std::end(kReducedDnns))),
                                            ::testing::ValuesIn(kPresets)),
                         [](const auto& param_info) {
                           return test_name(std::get<0>(param_info.param) + "_on_" + std::get<1>(param_info.param));
                         });

TEST(ZooMappingSpace, ReportsEveryOpsSpace) {
  const auto result = run_command(kSim + " --mapping-space --arch " + source_path("yaml/arch/gemmini-default-like.yaml") +
                                  " --workload " + source_path("yaml/workloads/linreg_55.yaml"));
  ASSERT_EQ(result.exit_code, 0) << result.error;
  EXPECT_EQ(result.output.rfind("op candidates valid\n", 0), 0u) << result.output;
  for (const char* op : {"predict_gemv", "gradient_outer"}) {
    EXPECT_NE(result.output.find(std::string("\n") + op + " "), std::string::npos) << result.output;
  }
  const auto both = run_command(kSim + " --random-mappings 1 --mapping x.yaml --arch " +
                                source_path("yaml/arch/gemmini-default-like.yaml") + " --workload " +
                                source_path("yaml/workloads/backprop_61_128_4.yaml"));
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.error.find("either --mapping or --random-mappings"), std::string::npos) << both.error;
}

}  // namespace
}  // namespace sextant
