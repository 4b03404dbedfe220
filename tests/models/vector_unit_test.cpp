// SPDX-License-Identifier: Apache-2.0
// The vector unit: every vector op in functional mode against the golden model (int where
// integer semantics are defined, fp32 for all), its timing formula with ideal memory, and
// a VECTOR command overlapping PE-array COMPUTE commands it does not depend on.
#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "models/vector_unit/vector_unit.h"
#include "tests/models/model_test_support.h"
#include "tests/tlm/config_error_expect.h"
#include "workloads/mapper.h"
#include "workloads/vector_compiler.h"

namespace sextant {
namespace {

using testing_support::arch_from_yaml;
using testing_support::run_one;
using testing_support::small_arch_yaml;

struct VectorCase {
  std::string name;
  std::string arithmetic;  // int | float
  Op op;
};

void PrintTo(const VectorCase& c, std::ostream* os) { *os << c.name; }

/// Small buffers force several tiles.
ArchConfig tight_arch(const std::string& arithmetic) {
  std::vector<std::string> overrides = {"buffers.0.size=1 KiB", "buffers.1.size=1 KiB", "buffers.2.size=2 KiB",
                                        "buffers.0.bank_width=16 B", "buffers.1.bank_width=16 B",
                                        "buffers.2.bank_width=64 B"};
  if (arithmetic == "float") {
    overrides.insert(overrides.end(), {"pe_array.arithmetic=float", "pe_array.operand_bits=32",
                                       "pe_array.accumulator_bits=32"});
  }
  return arch_from_yaml(small_arch_yaml("WS", true, "fixed"), overrides);
}

VectorShape image(std::int64_t n, std::int64_t h, std::int64_t w, std::int64_t c, int window = 1, int stride = 1,
                  int padding = 0) {
  VectorShape shape{n, h, w, c};
  shape.window_h = shape.window_w = window;
  shape.stride = stride;
  shape.pad_top = shape.pad_left = padding;
  return shape;
}

VectorShape rows(std::int64_t count, std::int64_t cols) { return VectorShape{1, 1, count, cols}; }

VectorShape embedding() {
  VectorShape shape;
  shape.c = 8;
  shape.table_rows = 50;
  shape.bags = 6;
  shape.indices_per_bag = 4;
  return shape;
}

std::vector<VectorCase> cases() {
  std::vector<VectorCase> all;
  for (const std::string arithmetic : {"int", "float"}) {
    const std::string s = "_" + arithmetic;
    all.push_back({"max_pool" + s, arithmetic, make_vector("mp", OpKind::kMaxPool, image(2, 9, 9, 8, 3, 2))});
    all.push_back({"max_pool_padded" + s, arithmetic, make_vector("mpp", OpKind::kMaxPool, image(2, 10, 9, 8, 3, 2, 1))});
    all.push_back({"avg_pool_padded" + s, arithmetic, make_vector("app", OpKind::kAvgPool, image(1, 9, 9, 4, 3, 1, 1))});
    all.push_back({"avg_pool" + s, arithmetic, make_vector("ap", OpKind::kAvgPool, image(1, 8, 6, 4, 2, 2))});
    all.push_back({"global_avg_pool" + s, arithmetic, make_vector("gap", OpKind::kGlobalAvgPool, image(2, 7, 7, 16))});
    all.push_back({"add" + s, arithmetic, make_vector("add", OpKind::kAdd, rows(1000, 1))});
    all.push_back({"mul" + s, arithmetic, make_vector("mul", OpKind::kMul, rows(300, 1))});
    all.push_back({"relu" + s, arithmetic, make_vector("relu", OpKind::kRelu, rows(700, 1))});
    all.push_back({"reduce_sum" + s, arithmetic, make_vector("rs", OpKind::kReduceSum, rows(20, 30))});
    all.push_back({"reduce_max" + s, arithmetic, make_vector("rm", OpKind::kReduceMax, rows(20, 30))});
    all.push_back({"embedding_bag" + s, arithmetic, make_vector("emb", OpKind::kEmbeddingBag, embedding())});
  }
  all.push_back({"gelu_float", "float", make_vector("gelu", OpKind::kGelu, rows(500, 1))});
  all.push_back({"sigmoid_float", "float", make_vector("sig", OpKind::kSigmoid, rows(500, 1))});
  all.push_back({"softmax_float", "float", make_vector("sm", OpKind::kSoftmax, rows(12, 40))});
  all.push_back({"layer_norm_float", "float", make_vector("ln", OpKind::kLayerNorm, rows(10, 24))});
  all.push_back({"batch_norm_float", "float", make_vector("bn", OpKind::kBatchNorm, image(1, 4, 4, 8))});
  return all;
}

class VectorFunctional : public ::testing::TestWithParam<VectorCase> {};

TEST_P(VectorFunctional, OutputsMatchGoldenModel) {
  const VectorCase& c = GetParam();
  const Result result = run_one(tight_arch(c.arithmetic), c.op, Mapping{}, /*functional=*/true);
  ASSERT_TRUE(result.total.functional.has_value());
  EXPECT_TRUE(result.total.functional->passed) << "max abs error " << result.total.functional->max_abs_error;
  EXPECT_EQ(result.total.functional->checked, static_cast<std::uint64_t>(c.op.output_elements()));
  EXPECT_EQ(result.total.macs, 0u);
  EXPECT_EQ(result.total.vector_element_ops, static_cast<std::uint64_t>(c.op.vector_work()));
  EXPECT_GT(result.total.commands, 4u) << "the case should span several tiles";
  EXPECT_EQ(result.ops.at(0).type, op_kind_name(c.op.kind));
}

INSTANTIATE_TEST_SUITE_P(Cases, VectorFunctional, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<VectorCase>& param_info) { return param_info.param.name; });

TEST(VectorFunctionalCatchesBugs, GatherOfWrongRow) {
  const VectorCase c{"emb", "int", make_vector("emb", OpKind::kEmbeddingBag, embedding())};
  const Result result = run_one(tight_arch(c.arithmetic), c.op, Mapping{}, true, [](Program& program) {
    for (Command& command : program.commands) {
      if (command.kind == CommandKind::kLoad) {
        command.transfer.box.offset[0] = (command.transfer.box.offset[0] + 1) % 50;  // a neighbouring row
        return;
      }
    }
  });
  EXPECT_FALSE(result.total.functional->passed);
}

TEST(VectorFunctionalErrors, FloatOnlyOpOnIntegerArchIsConfigError) {
  const Op op = make_vector("sm", OpKind::kSoftmax, rows(4, 4));
  testing::expect_config_error([&] { run_one(tight_arch("int"), op, Mapping{}, true); },
                               {"ops.sm.type", "float only", "found softmax"});
}

// docs/models/vector_unit.md: a tile takes pipeline_latency + ceil(work / lanes) cycles.
// Softmax of 8 rows x 16 on 4 lanes, latency 3, exp 4 cycles: 4 tiles of 2 rows, each
// 3 + ceil(2 x 16 x (2 + 4) / 4) = 3 + 48 = 51 cycles. With ideal memory the loads and
// stores take no time and the tiles run back to back: 204 cycles.
TEST(VectorTiming, CyclesFollowTheFormulaWithIdealMemory) {
  const ArchConfig arch = arch_from_yaml(small_arch_yaml("WS", true, "ideal"),
                                         {"vector_unit.lanes=4", "vector_unit.pipeline_latency_cycles=3",
                                          "vector_unit.transcendental_cycles=4"});
  const Op op = make_vector("sm", OpKind::kSoftmax, rows(8, 16));
  const Program program = compile_vector(op, arch);
  std::uint64_t tiles = 0;
  for (const Command& command : program.commands) {
    if (command.kind != CommandKind::kVector) continue;
    ++tiles;
    EXPECT_EQ(VectorUnit::tile_cycles(arch.vector_unit, command.vector.op), 51u);
  }
  EXPECT_EQ(tiles, 4u);
  const Result result = run_one(arch, op, Mapping{}, /*functional=*/false);
  EXPECT_EQ(result.total.latency_cycles, 204u);
  EXPECT_EQ(result.total.busy_cycles.at("vector_unit"), 204u);
  EXPECT_EQ(result.total.busy_cycles.at("pe_array"), 0u);
  EXPECT_EQ(result.total.stall_cycles.at(stall::kDramBandwidth), 0u) << "a vector op does not stall the array";
}

// Within one vector op, double-buffered tiles overlap: the LOAD of tile i+1 and the STORE
// of tile i-1 run during the vector work of tile i. GELU of 4000 int8 elements, 4 tiles of
// 1000; memory moves 4 B/cycle, so the transfers take 8000 B / 4 = 2000 cycles in all. Only
// the first tile's load and the last tile's store (250 cycles each plus latency) are exposed.
TEST(VectorTiming, TransfersOverlapVectorWorkWithinAnOp) {
  const ArchConfig arch = arch_from_yaml(small_arch_yaml("WS", true, "fixed"),
                                         {"vector_unit.lanes=1", "vector_unit.transcendental_cycles=2"});
  const Op op = make_vector("gelu", OpKind::kGelu, rows(4000, 1));
  const Result result = run_one(arch, op, Mapping{}, /*functional=*/false);
  const std::uint64_t vector = result.total.busy_cycles.at("vector_unit");
  EXPECT_EQ(vector, 4u * (4u + 1000u * 2u)) << "4 tiles of 1000 elements, latency 4, 2 cycles each";
  EXPECT_GE(result.total.latency_cycles, vector + 2u * 250u);
  EXPECT_LT(result.total.latency_cycles, vector + 2000u) << "transfers of the middle tiles are hidden";
}

// A matmul's program with a ReLU's program appended, the two independent (no deps
// between them): the controller runs the VECTOR tiles on the vector unit while the PE
// array computes, so the run is shorter than the two units' busy times added.
TEST(VectorTiming, VectorOverlapsComputeWhenIndependent) {
  const ArchConfig arch = arch_from_yaml(small_arch_yaml("WS", true, "ideal"), {"vector_unit.lanes=1"});
  const Op matmul = make_matmul("mm", 64, 16, 16);
  const Op relu = make_vector("relu", OpKind::kRelu, rows(2000, 1));
  const Program vector_program = compile_vector(relu, arch);
  const Result result = run_one(arch, matmul, default_mapping(matmul, arch), false, [&](Program& program) {
    Command barrier = program.commands.back();
    program.commands.pop_back();
    const auto offset = static_cast<std::uint32_t>(program.commands.size());
    for (Command command : vector_program.commands) {
      if (command.kind == CommandKind::kBarrier) continue;
      command.id += offset;
      for (std::uint32_t& dep : command.deps) dep += offset;
      if (command.kind == CommandKind::kStore) barrier.deps.push_back(command.id);
      program.commands.push_back(std::move(command));
    }
    barrier.id = static_cast<std::uint32_t>(program.commands.size());
    program.commands.push_back(std::move(barrier));
  });
  const std::uint64_t pe = result.total.busy_cycles.at("pe_array");
  const std::uint64_t vector = result.total.busy_cycles.at("vector_unit");
  EXPECT_GT(pe, 0u);
  EXPECT_GE(vector, 2000u);
  EXPECT_GE(result.total.latency_cycles, std::max(pe, vector));
  EXPECT_LT(result.total.latency_cycles, pe + vector) << "VECTOR and COMPUTE ran at the same time";
}

}  // namespace
}  // namespace sextant
