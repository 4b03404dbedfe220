// SPDX-License-Identifier: Apache-2.0
#include "workloads/dram_prefix.h"

#include <stdexcept>

#include <gtest/gtest.h>

#include "test_archs.h"
#include "workloads/compiler.h"
#include "workloads/mapper.h"

namespace sextant {
namespace {

// A layer large enough that the default mapping on the Gemmini-like preset runs its
// outermost DRAM loop several times.
struct LongLayer {
  ArchConfig arch = testing::gemmini_like();
  Op op = make_conv("long", 1, 512, 512, 28, 28, 3, 3, 1, 1);
  Mapping mapping = default_mapping(op, arch);
};

std::vector<const Command*> computes(const Program& program) {
  std::vector<const Command*> out;
  for (const Command& command : program.commands) {
    if (command.kind == CommandKind::kCompute) out.push_back(&command);
  }
  return out;
}

TEST(DramPrefix, OutermostLoopIsTheLastOfTheCompletedPermutationThatRunsTwice) {
  Mapping mapping = LongLayer{}.mapping;
  LevelMapping& dram = mapping.levels.front();
  dram.temporal = ones();
  at(dram.temporal, Dim::K) = 4;
  at(dram.temporal, Dim::P) = 2;
  dram.permutation = "PKCNGQRS";  // innermost first: K sits outside P; G..S run once
  OuterDramLoop loop = outermost_dram_loop(mapping);
  ASSERT_TRUE(loop.found);
  EXPECT_EQ(loop.dim, Dim::K);
  EXPECT_EQ(loop.trips, 4);
  dram.permutation = "KP";  // the dims left out are outermost, but run once
  loop = outermost_dram_loop(mapping);
  EXPECT_EQ(loop.dim, Dim::P);
  dram.temporal = ones();
  EXPECT_FALSE(outermost_dram_loop(mapping).found);
}

TEST(DramPrefix, PrefixProgramIsTheStartOfTheWholeProgram) {
  const LongLayer layer;
  const OuterDramLoop loop = outermost_dram_loop(layer.mapping);
  ASSERT_TRUE(loop.found);
  ASSERT_GE(loop.trips, 3);
  const Program whole = compile(layer.op, layer.mapping, layer.arch);
  const Program prefix = compile(layer.op, first_dram_iterations(layer.mapping, 2), layer.arch);
  // Same tensors at the same addresses: the caches, TLB and DRAM see the whole layer's.
  EXPECT_EQ(prefix.dram_base, whole.dram_base);
  for (std::size_t t = 0; t < prefix.whole_tensor.size(); ++t) EXPECT_EQ(prefix.whole_tensor[t], whole.whole_tensor[t]);
  // The first two iterations' tiles, in the same order, on the same boxes.
  const auto prefix_tiles = computes(prefix), whole_tiles = computes(whole);
  ASSERT_GT(whole_tiles.size(), prefix_tiles.size());
  ASSERT_EQ(whole_tiles.size() % static_cast<std::size_t>(loop.trips), 0u);  // no edge iteration here
  ASSERT_EQ(prefix_tiles.size(), 2 * whole_tiles.size() / static_cast<std::size_t>(loop.trips));
  for (std::size_t i = 0; i < prefix_tiles.size(); ++i) {
    EXPECT_EQ(prefix_tiles[i]->compute.offset, whole_tiles[i]->compute.offset) << "tile " << i;
    EXPECT_EQ(prefix_tiles[i]->compute.extent, whole_tiles[i]->compute.extent) << "tile " << i;
    for (std::size_t t = 0; t < kNumTensorKinds; ++t) {
      EXPECT_EQ(prefix_tiles[i]->compute.boxes[t], whole_tiles[i]->compute.boxes[t]) << "tile " << i;
    }
  }
  // Every command up to the prefix's last tile is the whole program's, dependencies included.
  const std::uint32_t last = prefix_tiles.back()->id;
  for (std::uint32_t id = 0; id <= last; ++id) {
    const Command &a = prefix.commands[id], &b = whole.commands[id];
    EXPECT_EQ(a.kind, b.kind) << "command " << id;
    EXPECT_EQ(a.deps, b.deps) << "command " << id;
    if (a.kind == CommandKind::kLoad || a.kind == CommandKind::kStore) {
      EXPECT_EQ(a.transfer.box, b.transfer.box) << "command " << id;
      EXPECT_EQ(a.transfer.dram_base, b.transfer.dram_base) << "command " << id;
    }
  }
}

TEST(DramPrefix, PrefixOfAReductionLoopFinishesAndStoresItsOutputs) {
  // The reduction loop over C outermost, partial sums kept in the accumulator (as on the
  // Gemmini-FireSim presets): only the last iteration completes outputs and stores them, at
  // output precision. A prefix's last iteration must do the same.
  LongLayer layer;
  layer.arch.pe_array.output_bits = 8;
  for (BufferConfig& buffer : layer.arch.buffers) {
    if (!buffer.holds.has(TensorKind::kOutputs)) continue;
    buffer.keep_partial_sums = true;
    buffer.size_bytes = 4u << 20;  // room for every output tile's partial sums
  }
  layer.mapping = default_mapping(layer.op, layer.arch);
  LevelMapping& dram = layer.mapping.levels.front();
  ASSERT_GE(at(dram.temporal, Dim::C), 3) << "the layer must split C at the DRAM level";
  std::string order = complete_permutation(dram.permutation);
  order.erase(order.find('C'), 1);
  dram.permutation = order + "C";
  ASSERT_EQ(outermost_dram_loop(layer.mapping).dim, Dim::C);
  const auto final_stores = [&](const Program& program) {
    std::uint64_t bytes = 0;
    for (const Command& command : program.commands) {
      if (command.kind != CommandKind::kStore) continue;
      EXPECT_EQ(command.transfer.box.element_bytes, 1);  // final outputs, not partial sums
      bytes += command.transfer.box.valid_bytes();
    }
    return bytes;
  };
  const Program whole = compile(layer.op, layer.mapping, layer.arch);
  const Program prefix = compile(layer.op, first_dram_iterations(layer.mapping, 2), layer.arch);
  EXPECT_GT(final_stores(whole), 0u);
  EXPECT_EQ(final_stores(prefix), final_stores(whole));
  EXPECT_LT(computes(prefix).size(), computes(whole).size());
}

TEST(DramPrefix, RefusesACutThatIsNotShorter) {
  const LongLayer layer;
  const OuterDramLoop loop = outermost_dram_loop(layer.mapping);
  EXPECT_THROW(first_dram_iterations(layer.mapping, loop.trips), std::invalid_argument);
  EXPECT_THROW(first_dram_iterations(layer.mapping, 0), std::invalid_argument);
}

}  // namespace
}  // namespace sextant
