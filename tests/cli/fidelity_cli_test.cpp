// SPDX-License-Identifier: Apache-2.0
// sextant-sim --fidelity analytical and --mapper best-*: the analytical Result has the TLM
// Result's keys and DRAM bytes; the best-edp mappings, re-run in the TLM model, beat the
// default mapper's EDP on ResNet-50 on the Gemmini-like preset.
#include <cstdint>
#include <iostream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.h"

namespace sextant {
namespace {

using testing_support::run_command;
using testing_support::source_path;

const std::string kSim = SEXTANT_SIM_PATH;

nlohmann::json run_json(const std::string& name, const std::string& args) {
  return testing_support::run_sim_json(kSim, args, name);
}

std::string resnet_on(const std::string& preset) {
  return "--arch " + source_path("yaml/arch/" + preset + ".yaml") + " --workload " +
         source_path("yaml/workloads/resnet50.yaml");
}

TEST(FidelityCli, AnalyticalResultHasTheTlmKeysAndDramBytes) {
  const nlohmann::json analytical = run_json("analytical.json", resnet_on("tpu-v1-like") + " --fidelity analytical");
  const nlohmann::json tlm = run_json("tlm.json", resnet_on("tpu-v1-like"));
  EXPECT_EQ(analytical.at("provenance").at("fidelity"), "analytical");
  EXPECT_EQ(tlm.at("provenance").at("fidelity"), "tlm");
  ASSERT_EQ(analytical.at("ops").size(), tlm.at("ops").size());
  for (std::size_t i = 0; i < tlm.at("ops").size(); ++i) {
    const nlohmann::json& a = analytical.at("ops").at(i);
    const nlohmann::json& t = tlm.at("ops").at(i);
    for (const auto& [key, value] : t.items()) {
      if (key != "stats" && key != "result_of") {  // result_of: TLM reuse of an identical op
        EXPECT_TRUE(a.contains(key)) << key;
      }
    }
    EXPECT_EQ(a.at("bytes_read").at("DRAM"), t.at("bytes_read").at("DRAM")) << t.at("name");
    EXPECT_EQ(a.at("bytes_written").at("DRAM"), t.at("bytes_written").at("DRAM")) << t.at("name");
    EXPECT_EQ(a.at("macs"), t.at("macs"));
    EXPECT_GT(a.at("energy_pj").get<double>(), 0.0);
    EXPECT_EQ(a.at("area_mm2"), t.at("area_mm2"));
  }
}

TEST(FidelityCli, UnknownFidelityOrMapperIsBadInput) {
  for (const std::string& args : {std::string(" --fidelity rtl"), std::string(" --mapper best-area")}) {
    const auto result = run_command(kSim + " " + resnet_on("gemmini-default-like") + args);
    EXPECT_EQ(result.exit_code, 2) << args << result.error;
    EXPECT_NE(result.error.find("expected one of"), std::string::npos) << result.error;
  }
}

TEST(FidelityCli, BestEdpMappingsBeatTheDefaultInTlm) {
  const nlohmann::json base = run_json("default.json", resnet_on("gemmini-default-like"));
  const nlohmann::json best = run_json("best-edp.json", resnet_on("gemmini-default-like") + " --mapper best-edp");
  EXPECT_EQ(best.at("provenance").at("mapping"), "mapper best-edp");
  const double base_edp = base.at("total").at("edp_pj_cycles").get<double>();
  const double best_edp = best.at("total").at("edp_pj_cycles").get<double>();
  const double gain = base_edp / best_edp;
  RecordProperty("tlm_network_edp_gain", std::to_string(gain));
  std::cout << "TLM network EDP: default " << base_edp << ", best-edp " << best_edp << ", gain " << gain << "\n";
  EXPECT_GT(gain, 1.0);
}

}  // namespace
}  // namespace sextant
