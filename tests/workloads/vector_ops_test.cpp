// SPDX-License-Identifier: Apache-2.0
// Vector ops in the op IR and network YAML, the vector tiler's programs, and the
// vector_unit arch section. No SystemC kernel.
#include <algorithm>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "tests/tlm/config_error_expect.h"
#include "tests/workloads/test_archs.h"
#include "tlm/core/arch_config.h"
#include "workloads/network.h"
#include "workloads/reference_vector.h"
#include "workloads/vector_compiler.h"

namespace sextant {
namespace {

using testing::expect_config_error;

const char* kAllVectorOps = R"(name: v
ops:
  - {name: pool, type: max_pool, batch: 2, in_h: 112, channels: 64, kernel: 3, stride: 2}
  - {name: avg, type: avg_pool, in_h: 8, in_w: 6, channels: 4, kernel: 2}
  - {name: gap, type: global_avg_pool, batch: 1, in_h: 7, channels: 2048}
  - {name: add, type: add, length: 1000}
  - {name: mul, type: mul, length: 10}
  - {name: relu, type: relu, length: 10}
  - {name: gelu, type: gelu, length: 10}
  - {name: sigmoid, type: sigmoid, length: 10}
  - {name: softmax, type: softmax, rows: 128, cols: 128}
  - {name: ln, type: layer_norm, rows: 128, cols: 768}
  - {name: rsum, type: reduce_sum, rows: 4, cols: 5}
  - {name: rmax, type: reduce_max, rows: 4, cols: 5}
  - {name: padded, type: max_pool, in_h: 112, channels: 64, kernel: 3, stride: 2, padding: 1}
  - {name: bn, type: batch_norm, batch: 1, in_h: 4, channels: 8}
  - {name: emb, type: embedding_bag, table_rows: 1000, dim: 16, bags: 8, indices_per_bag: 20}
)";

TEST(VectorOps, NetworkYamlReadsEveryVectorType) {
  const Network network = parse_network(kAllVectorOps, "v.yaml");
  ASSERT_EQ(network.ops.size(), 15u);
  EXPECT_EQ(network.total_macs(), 0) << "vector ops do no MACs";
  const Op& pool = network.ops[0];
  EXPECT_EQ(pool.kind, OpKind::kMaxPool);
  EXPECT_EQ(pool.pool_out_h(), 55);  // floor((112 - 3) / 2) + 1, no padding
  EXPECT_EQ(pool.output_elements(), 2 * 55 * 55 * 64);
  EXPECT_EQ(pool.vector_work(), 2 * 55 * 55 * 64 * 9);
  const Op& avg = network.ops[1];
  EXPECT_EQ(avg.vector.stride, 2) << "stride defaults to the kernel";
  EXPECT_EQ(avg.output_elements(), 4 * 3 * 4);
  EXPECT_EQ(network.ops[2].output_elements(), 2048);
  EXPECT_EQ(network.ops[2].vector_work(), 49 * 2048);
  EXPECT_EQ(network.ops[3].weight_elements(), 1000) << "add reads a second tensor";
  EXPECT_EQ(network.ops[5].weight_elements(), 0);
  EXPECT_EQ(network.ops[6].vector_work(4), 40) << "GELU costs transcendental_cycles per element";
  EXPECT_EQ(network.ops[8].vector_work(4), 128 * 128 * 6) << "softmax: max, exp-sum, scale";
  EXPECT_EQ(network.ops[8].vector_work(), 128 * 128 * 3);
  EXPECT_EQ(network.ops[9].weight_elements(), 2 * 768) << "layer norm's gamma and beta";
  EXPECT_EQ(network.ops[10].output_elements(), 4);
  EXPECT_EQ(network.ops[12].pool_out_h(), 56) << "ResNet's stem pool: 112 + 2 - 3 over 2, plus 1";
  EXPECT_EQ(network.ops[12].pool_out_w(), 56);
  EXPECT_EQ(network.ops[13].weight_elements(), 16);
  const Op& emb = network.ops[14];
  EXPECT_EQ(emb.input_elements(), 1000 * 16);
  EXPECT_EQ(emb.output_elements(), 8 * 16);
  EXPECT_EQ(emb.vector_work(), 8 * 20 * 16);
  for (const Op& op : network.ops) {
    EXPECT_TRUE(is_vector_op(op.kind)) << op.name;
    EXPECT_EQ(op.macs(), 0) << op.name;
  }
  EXPECT_STREQ(op_kind_name(OpKind::kLayerNorm), "layer_norm");
  EXPECT_FALSE(is_vector_op(OpKind::kMatmul));
}

TEST(VectorOps, EmbeddingIndicesStayInTheTable) {
  VectorShape shape;
  shape.table_rows = 97;
  shape.bags = 10;
  shape.indices_per_bag = 7;
  std::set<std::int64_t> rows;
  for (std::int64_t b = 0; b < shape.bags; ++b) {
    for (std::int64_t j = 0; j < shape.indices_per_bag; ++j) {
      const std::int64_t row = embedding_index(shape, b, j);
      EXPECT_GE(row, 0);
      EXPECT_LT(row, 97);
      rows.insert(row);
    }
  }
  EXPECT_GT(rows.size(), 30u) << "the hash spreads the gathers";
}

TEST(VectorOpsErrors, MissingKeyUnknownKeyAndBadWindow) {
  expect_config_error([] { parse_network("name: n\nops:\n  - {name: p, type: max_pool, in_h: 8, channels: 4}\n", "n.yaml"); },
                      {"n.yaml:3:", "ops.0.kernel"});
  expect_config_error([] { parse_network("name: n\nops:\n  - {name: r, type: relu, rows: 4}\n", "n.yaml"); },
                      {"n.yaml:3:", "ops.0.rows"});
  expect_config_error(
      [] { parse_network("name: n\nops:\n  - {name: p, type: avg_pool, in_h: 2, channels: 4, kernel: 3}\n", "n.yaml"); },
      {"n.yaml:3:", "ops.0.kernel", "no larger than the padded input"});
  expect_config_error(
      [] { parse_network("name: n\nops:\n  - {name: p, type: max_pool, in_h: 9, channels: 1, kernel: 3, padding: 2}\n", "n.yaml"); },
      {"n.yaml:3:", "ops.0.padding", "at most half the kernel"});
  expect_config_error([] { parse_network("name: n\nops:\n  - {name: s, type: softmax, rows: 0, cols: 4}\n", "n.yaml"); },
                      {"ops.0.rows", ">= 1"});
  expect_config_error([] { parse_network("name: n\nops:\n  - {name: s, type: softmx, rows: 1, cols: 4}\n", "n.yaml"); },
                      {"ops.0.type", "softmax", "embedding_bag"});
}

TEST(VectorReference, HandValues) {
  VectorNumerics int8{false, 1};
  // add saturates to int8; avg pool truncates toward zero.
  Op add = make_vector("a", OpKind::kAdd, VectorShape{1, 1, 3, 1});
  const std::int8_t a[] = {100, -100, 5};
  const std::int8_t b[] = {100, -100, -7};
  const auto sum = reference_vector(add, int8, reinterpret_cast<const std::uint8_t*>(a),
                                    reinterpret_cast<const std::uint8_t*>(b));
  EXPECT_EQ(sum, (std::vector<double>{127, -128, -2}));
  VectorShape pool_shape{1, 2, 2, 1};
  pool_shape.window_h = pool_shape.window_w = 2;
  pool_shape.stride = 2;
  const std::int8_t image[] = {-3, -4, 1, 1};
  EXPECT_EQ(reference_vector(make_vector("p", OpKind::kAvgPool, pool_shape), int8,
                             reinterpret_cast<const std::uint8_t*>(image), nullptr),
            std::vector<double>{-1});  // -5 / 4 = -1.25 -> -1
  EXPECT_EQ(reference_vector(make_vector("m", OpKind::kMaxPool, pool_shape), int8,
                             reinterpret_cast<const std::uint8_t*>(image), nullptr),
            std::vector<double>{1});
  // Padding: max pooling skips it, average pooling counts it as zeros (divides by 4).
  VectorShape padded = pool_shape;
  padded.pad_top = padded.pad_left = 1;
  padded.stride = 1;
  EXPECT_EQ(reference_vector(make_vector("mp", OpKind::kMaxPool, padded), int8,
                             reinterpret_cast<const std::uint8_t*>(image), nullptr),
            (std::vector<double>{-3, -3, -4, 1, 1, 1, 1, 1, 1}));
  EXPECT_EQ(reference_vector(make_vector("ap", OpKind::kAvgPool, padded), int8,
                             reinterpret_cast<const std::uint8_t*>(image), nullptr),
            (std::vector<double>{0, -1, -1, 0, -1, 0, 0, 0, 0}));
  // Softmax of equal values is uniform.
  VectorNumerics fp32{true, 4};
  const float row[] = {0.5f, 0.5f, 0.5f, 0.5f};
  const auto soft = reference_vector(make_vector("s", OpKind::kSoftmax, VectorShape{1, 1, 1, 4}), fp32,
                                     reinterpret_cast<const std::uint8_t*>(row), nullptr);
  for (double value : soft) EXPECT_DOUBLE_EQ(value, 0.25);
  expect_config_error([&] { reference_vector(make_vector("g", OpKind::kGelu, VectorShape{}), int8, nullptr, nullptr); },
                      {"needs arithmetic: float"});
}

// The tiler: LOAD, VECTOR, STORE per tile with explicit deps, two slots when they fit.
TEST(VectorCompiler, TilesRowsDoubleBuffered) {
  const ArchConfig arch = testing::gemmini_like();
  const Op op = make_vector("ln", OpKind::kLayerNorm, VectorShape{1, 1, 128, 768});
  const Program program = compile_vector(op, arch);
  int loads = 0, vectors = 0, stores = 0;
  std::set<std::uint64_t> output_slots;
  std::int64_t rows = 0;
  for (const Command& command : program.commands) {
    for (std::uint32_t dep : command.deps) EXPECT_LT(dep, command.id) << "deps point backwards";
    if (command.kind == CommandKind::kLoad) ++loads;
    if (command.kind == CommandKind::kStore) {
      ++stores;
      output_slots.insert(command.transfer.buffer_address);
    }
    if (command.kind == CommandKind::kVector) {
      ++vectors;
      rows += command.vector.op.vector.rows();
      EXPECT_EQ(command.vector.op.vector.c, 768);
      EXPECT_FALSE(command.deps.empty());
    }
  }
  EXPECT_EQ(rows, 128);
  EXPECT_EQ(vectors, 4) << "at most a quarter of the op per tile";
  EXPECT_EQ(loads, vectors + 1) << "one input load per tile, gamma/beta once";
  EXPECT_EQ(stores, vectors);
  EXPECT_EQ(output_slots.size(), 2u) << "double-buffered";
  EXPECT_EQ(program.commands.back().kind, CommandKind::kBarrier);
  EXPECT_EQ(program.vector_element_ops, static_cast<std::uint64_t>(op.vector_work()));
  EXPECT_EQ(program.macs, 0u);
}

TEST(VectorCompiler, EmbeddingBagGathersOneRowPerLoad) {
  const ArchConfig arch = testing::gemmini_like();
  VectorShape shape;
  shape.c = 16;
  shape.table_rows = 1000;
  shape.bags = 8;
  shape.indices_per_bag = 20;
  const Program program = compile_vector(make_vector("emb", OpKind::kEmbeddingBag, shape), arch);
  int loads = 0;
  for (const Command& command : program.commands) {
    if (command.kind != CommandKind::kLoad) continue;
    ++loads;
    EXPECT_EQ(command.transfer.box.valid_bytes(), 16u) << "one int8 row of 16";
  }
  EXPECT_EQ(loads, 8 * 20);
}

TEST(VectorCompiler, TooLargeARowIsConfigError) {
  ArchConfig arch = testing::gemmini_like();
  expect_config_error([&] { compile_vector(make_vector("s", OpKind::kSoftmax, VectorShape{1, 1, 2, 1 << 20}), arch); },
                      {"ops.s", "fits the buffers"});
}

TEST(VectorUnitConfig, ParsesDefaultsDumpsAndRejects) {
  const std::string base =
      "name: a\nclock_mhz: 1000\npe_array: {rows: 2, cols: 2, dataflow: WS}\nbuffers:\n  - {name: B, holds: [inputs, weights, outputs], size: 1 KiB}\n";
  const ArchConfig defaults = parse_arch_config(base, "a.yaml");
  EXPECT_EQ(defaults.vector_unit.lanes, 16);
  EXPECT_EQ(defaults.vector_unit.pipeline_latency_cycles, 4);
  EXPECT_EQ(defaults.vector_unit.transcendental_cycles, 4);
  const ArchConfig set = parse_arch_config(
      base + "vector_unit: {lanes: 64, pipeline_latency_cycles: 0, transcendental_cycles: 9}\n", "a.yaml");
  EXPECT_EQ(set.vector_unit.lanes, 64);
  EXPECT_EQ(set.vector_unit.pipeline_latency_cycles, 0);
  EXPECT_EQ(set.vector_unit.transcendental_cycles, 9);
  EXPECT_NE(set, defaults);
  EXPECT_EQ(parse_arch_config(dump_arch_config(set), "dump.yaml"), set);
  EXPECT_EQ(parse_arch_config(base, "a.yaml", {"vector_unit.lanes=64"}).vector_unit.lanes, 64);
  expect_config_error([&] { parse_arch_config(base + "vector_unit: {lanes: 0}\n", "a.yaml"); },
                      {"a.yaml:6:", "vector_unit.lanes", ">= 1"});
  expect_config_error([&] { parse_arch_config(base + "vector_unit: {lane: 8}\n", "a.yaml"); },
                      {"a.yaml:6:", "vector_unit.lane"});
}

}  // namespace
}  // namespace sextant
