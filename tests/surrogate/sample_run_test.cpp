// SPDX-License-Identifier: Apache-2.0
#include "surrogate/sample_run.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>

namespace sextant {
namespace {

const std::string kSpaces = std::string(SEXTANT_SOURCE_DIR) + "/yaml/spaces/";

/// A one-parameter space written next to the shipped ones (so its relative paths work).
DesignSpace space_with(const std::string& parameters) {
  const std::string text = "name: t\nbase_arch: ../arch/gemmini-default-like.yaml\nparameters:\n" + parameters +
                           "workloads:\n  - {network: ../workloads/tiny-ops.yaml, ops: [gemm-32]}\n";
  return parse_design_space(text, kSpaces + "inline.yaml");
}

struct Runner {
  explicit Runner(const std::string& parameters) : space(space_with(parameters)), plan(space, 1, 1) {
    columns = dataset_columns(space);
    context = SampleContext{&space, &plan, &columns, {Fidelity::kTlm}, {SEXTANT_SIM_PATH, 0.0, "/tmp", {}}};
  }
  Row run() {
    SampleRun sample(context, 0);
    while (!sample.poll()) usleep(1000);
    return sample.row();
  }
  template <typename T>
  T cell(const Row& row, const std::string& path) {
    return std::get<T>(row.cells[static_cast<std::size_t>(column_index(columns, path))]);
  }
  DesignSpace space;
  SamplePlan plan;
  std::vector<Column> columns;
  SampleContext context;
};

TEST(SampleRun, OkRowHasEveryGroup) {
  Runner runner("  - {key: pe_array.rows, pow2: [8, 8]}\n");
  const Row row = runner.run();
  EXPECT_EQ(runner.cell<std::int64_t>(row, "status"), 0) << runner.cell<std::string>(row, "reason");
  EXPECT_EQ(runner.cell<std::int64_t>(row, "arch/pe_array.rows"), 8);
  EXPECT_EQ(runner.cell<std::string>(row, "workload/op_name"), "gemm-32");
  EXPECT_EQ(runner.cell<std::int64_t>(row, "mapping/valid"), 1);
  EXPECT_EQ(runner.cell<std::int64_t>(row, "hifi/status"), 0);
  EXPECT_EQ(runner.cell<double>(row, "hifi/macs"), 32.0 * 32 * 32);
  EXPECT_EQ(runner.cell<std::int64_t>(row, "lowfi/status"), -1);
  EXPECT_TRUE(std::isnan(runner.cell<double>(row, "lowfi/latency_cycles")));
}

TEST(SampleRun, InvalidDesignIsARowWithItsReason) {
  // 256 KiB is not divisible into 3 banks: the sampled arch does not validate.
  Runner runner("  - {key: buffers.0.banks, range: [3, 3]}\n");
  const Row row = runner.run();
  EXPECT_EQ(runner.cell<std::int64_t>(row, "status"), static_cast<std::int64_t>(EvalStatus::kInvalidDesign));
  EXPECT_NE(runner.cell<std::string>(row, "reason").find("buffers.0.size"), std::string::npos)
      << runner.cell<std::string>(row, "reason");
  EXPECT_EQ(runner.cell<std::int64_t>(row, "hifi/status"), -1);
}

TEST(SampleRun, InvalidMappingIsARowWithItsReason) {
  Runner runner("  - {key: buffers.0.size, choices: [64 B]}\n  - {key: buffers.0.banks, range: [1, 1]}\n");
  const Row row = runner.run();
  EXPECT_EQ(runner.cell<std::int64_t>(row, "status"), static_cast<std::int64_t>(EvalStatus::kInvalidMapping));
  EXPECT_NE(runner.cell<std::string>(row, "reason").find("Scratchpad"), std::string::npos);
  EXPECT_EQ(runner.cell<std::int64_t>(row, "mapping/valid"), 0);
}

}  // namespace
}  // namespace sextant
