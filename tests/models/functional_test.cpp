// SPDX-License-Identifier: Apache-2.0
// Functional mode carries real data through DMA, buffers and the PE array and compares
// every output with the golden convolution: conv (stride 1 and 2, padding, depthwise),
// GEMM and FC, on all three dataflows, on edge tiles, int8 and fp32. A corrupted program
// must be caught.
#include <string>

#include <gtest/gtest.h>

#include "tests/models/model_test_support.h"
#include "workloads/mapper.h"
#include "workloads/mapping_validity.h"
#include "workloads/op.h"

namespace sextant {
namespace {

using testing_support::arch_from_yaml;
using testing_support::run_one;
using testing_support::small_arch_yaml;

struct FunctionalCase {
  std::string name;
  std::string dataflow;
  std::string arithmetic;  // int | float
  Op op;
};

/// Small buffers force the default mapper into many DRAM tiles with edge tiles.
ArchConfig tight_arch(const FunctionalCase& c) {
  std::vector<std::string> overrides = {"buffers.0.size=1 KiB", "buffers.1.size=1 KiB", "buffers.2.size=2 KiB",
                                        "buffers.0.bank_width=16 B", "buffers.1.bank_width=16 B",
                                        "buffers.2.bank_width=64 B"};
  if (c.arithmetic == "float") {
    overrides.insert(overrides.end(), {"pe_array.arithmetic=float", "pe_array.operand_bits=32",
                                       "pe_array.accumulator_bits=32"});
  }
  return arch_from_yaml(small_arch_yaml(c.dataflow, true, "fixed"), overrides);
}

void PrintTo(const FunctionalCase& c, std::ostream* os) { *os << c.name; }

class Functional : public ::testing::TestWithParam<FunctionalCase> {};

TEST_P(Functional, OutputsMatchGoldenModel) {
  const FunctionalCase& c = GetParam();
  const ArchConfig arch = tight_arch(c);
  const Mapping mapping = default_mapping(c.op, arch);
  const Validity validity = check_mapping(c.op, mapping, arch);
  ASSERT_TRUE(validity.ok) << validity.reason;
  const Result result = run_one(arch, c.op, mapping, /*functional=*/true);
  ASSERT_TRUE(result.total.functional.has_value());
  EXPECT_TRUE(result.total.functional->passed) << "max abs error " << result.total.functional->max_abs_error;
  EXPECT_EQ(result.total.functional->checked, static_cast<std::uint64_t>(c.op.output_elements()));
  EXPECT_EQ(result.total.macs, static_cast<std::uint64_t>(c.op.macs()));
  EXPECT_GT(result.total.commands, 4u) << "the case should span several DRAM tiles";
}

std::vector<FunctionalCase> cases() {
  std::vector<FunctionalCase> all;
  for (const std::string dataflow : {"WS", "OS", "IS"}) {
    for (const std::string arithmetic : {"int", "float"}) {
      const std::string suffix = "_" + dataflow + "_" + arithmetic;
      all.push_back({"conv3x3_stride1_pad1" + suffix, dataflow, arithmetic,
                     make_conv("c1", 1, 6, 7, 9, 9, 3, 3, 1, 1)});
      all.push_back({"conv3x3_stride2_pad1" + suffix, dataflow, arithmetic,
                     make_conv("c2", 2, 5, 9, 11, 10, 3, 3, 2, 1)});
      all.push_back({"depthwise3x3" + suffix, dataflow, arithmetic,
                     make_conv("dw", 1, 6, 6, 8, 8, 3, 3, 1, 1, 1, 6)});
      all.push_back({"gemm" + suffix, dataflow, arithmetic, make_matmul("mm", 13, 11, 19)});
      all.push_back({"fc" + suffix, dataflow, arithmetic, make_fully_connected("fc", 3, 37, 10)});
    }
  }
  all.push_back({"dilated_conv_WS_int", "WS", "int", make_conv("dil", 1, 4, 5, 12, 12, 3, 3, 1, 2, 2)});
  all.push_back({"grouped_conv_OS_int", "OS", "int", make_conv("grp", 1, 8, 12, 7, 7, 3, 3, 1, 1, 1, 2)});
  return all;
}

INSTANTIATE_TEST_SUITE_P(Cases, Functional, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<FunctionalCase>& param_info) { return param_info.param.name; });

Result run_corrupted(const ProgramMutator& mutator) {
  // 64 input channels: the weight tile cannot hold the whole reduction, so partial sums
  // accumulate across DRAM tiles.
  FunctionalCase c{"corrupt", "WS", "int", make_conv("c", 1, 64, 7, 9, 9, 3, 3, 1, 1)};
  const ArchConfig arch = tight_arch(c);
  return run_one(arch, c.op, default_mapping(c.op, arch), /*functional=*/true, mutator);
}

TEST(FunctionalCatchesBugs, LoadOfWrongWeights) {
  const Result result = run_corrupted([](Program& program) {
    for (Command& command : program.commands) {
      if (command.kind == CommandKind::kLoad && command.transfer.tensor == TensorKind::kWeights) {
        command.transfer.dram_base += 1;  // off by one byte: every weight shifts
        return;
      }
    }
  });
  EXPECT_FALSE(result.total.functional->passed);
}

TEST(FunctionalCatchesBugs, LostPartialSums) {
  const Result result = run_corrupted([](Program& program) {
    for (Command& command : program.commands) {
      if (command.kind == CommandKind::kCompute) command.compute.accumulate = false;
    }
  });
  EXPECT_FALSE(result.total.functional->passed);
}

TEST(FunctionalCatchesBugs, ComputeTileSkipsOneInputChannel) {
  const Result result = run_corrupted([](Program& program) {
    for (Command& command : program.commands) {
      if (command.kind == CommandKind::kCompute && at(command.compute.extent, Dim::C) > 1) {
        at(command.compute.extent, Dim::C) -= 1;  // a tile that forgets one channel
        break;
      }
    }
  });
  EXPECT_FALSE(result.total.functional->passed);
}

}  // namespace
}  // namespace sextant
