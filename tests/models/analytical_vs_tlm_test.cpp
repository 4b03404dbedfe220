// SPDX-License-Identifier: Apache-2.0
// With ideal memory, the analytical model's latency agrees with the TLM model's within 5%
// on compute-bound ResNet-50 layers (default mappings) on the Gemmini-like and TPU-v1-like
// presets, and its DRAM bytes are equal. One simulation per process: each parameter is
// its own ctest entry.
#include <cmath>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "models/analytical/analytical_model.h"
#include "tests/models/model_test_support.h"
#include "workloads/mapper.h"
#include "workloads/network.h"

namespace sextant {
namespace {

struct LayerCase {
  const char* preset;
  const char* layer;
};

// Names the parameter in ctest's test names (instead of its bytes).
void PrintTo(const LayerCase& param, std::ostream* out) { *out << param.preset << "/" << param.layer; }

std::string case_name(const ::testing::TestParamInfo<LayerCase>& info) {
  std::string name = std::string(info.param.preset) + "_" + info.param.layer;
  for (char& ch : name) {
    if (ch == '-') ch = '_';
  }
  return name;
}

class AnalyticalVsTlm : public ::testing::TestWithParam<LayerCase> {};

TEST_P(AnalyticalVsTlm, IdealMemoryLatencyWithinFivePercent) {
  const std::string root = SEXTANT_SOURCE_DIR;
  const ArchConfig arch =
      load_arch_config(root + "/yaml/arch/" + GetParam().preset + ".yaml", {"memory.model=ideal"});
  const Network network = load_network(root + "/yaml/workloads/resnet50.yaml");
  const Op* op = nullptr;
  for (const Op& candidate : network.ops) {
    if (candidate.name == GetParam().layer) op = &candidate;
  }
  ASSERT_NE(op, nullptr);
  const Mapping mapping = default_mapping(*op, arch);
  const OpResult analytical = analytical_op_result(*op, mapping, arch);
  const Result tlm = testing_support::run_one(arch, *op, mapping, /*functional=*/false);
  const OpResult& simulated = tlm.ops.at(0);
  const double a = static_cast<double>(analytical.latency_cycles);
  const double t = static_cast<double>(simulated.latency_cycles);
  RecordProperty("analytical_cycles", std::to_string(analytical.latency_cycles));
  RecordProperty("tlm_cycles", std::to_string(simulated.latency_cycles));
  EXPECT_LE(std::fabs(a - t) / t, 0.05) << "analytical " << a << " vs TLM " << t;
  EXPECT_EQ(analytical.bytes_read.at("DRAM"), simulated.bytes_read.at("DRAM"));
  EXPECT_EQ(analytical.bytes_written.at("DRAM"), simulated.bytes_written.at("DRAM"));
  EXPECT_EQ(analytical.macs, simulated.macs);
  for (const BufferConfig& buffer : arch.buffers) {
    EXPECT_EQ(analytical.bytes_read.at(buffer.name), simulated.bytes_read.at(buffer.name)) << buffer.name;
    EXPECT_EQ(analytical.bytes_written.at(buffer.name), simulated.bytes_written.at(buffer.name)) << buffer.name;
  }
}

INSTANTIATE_TEST_SUITE_P(
    ResNet50, AnalyticalVsTlm,
    ::testing::Values(LayerCase{"gemmini-default-like", "layer1_0_conv2"},
                      LayerCase{"gemmini-default-like", "layer2_rest_conv2"},
                      LayerCase{"gemmini-default-like", "layer3_rest_conv1"},
                      LayerCase{"gemmini-default-like", "layer3_rest_conv2"},
                      LayerCase{"gemmini-default-like", "layer4_rest_conv2"},
                      LayerCase{"tpu-v1-like", "layer2_rest_conv2"},
                      LayerCase{"tpu-v1-like", "layer3_rest_conv2"},
                      LayerCase{"tpu-v1-like", "layer4_rest_conv2"},
                      LayerCase{"tpu-v1-like", "layer4_rest_conv3"}),
    case_name);

}  // namespace
}  // namespace sextant
