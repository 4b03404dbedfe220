// SPDX-License-Identifier: Apache-2.0
#include "workloads/inter_layer.h"

#include <algorithm>
#include <limits>

#include "workloads/compiler.h"
#include "workloads/mapping_validity.h"

namespace sextant {

bool spills_partial_sums(const Program& program) {
  return std::any_of(program.commands.begin(), program.commands.end(), [](const Command& command) {
    return command.kind == CommandKind::kLoad && command.transfer.tensor == TensorKind::kOutputs;
  });
}

void drop_transfers(Program& program, CommandKind kind, TensorKind tensor) {
  constexpr std::uint32_t kRemoved = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> new_id(program.commands.size(), kRemoved);
  // For a removed command, the (already rewired) dependencies that stand in for it.
  std::vector<std::vector<std::uint32_t>> stand_in(program.commands.size());
  std::vector<Command> kept;
  kept.reserve(program.commands.size());
  for (Command& command : program.commands) {
    std::vector<std::uint32_t> deps;
    for (const std::uint32_t dep : command.deps) {
      if (new_id[dep] != kRemoved) {
        deps.push_back(new_id[dep]);
      } else {
        deps.insert(deps.end(), stand_in[dep].begin(), stand_in[dep].end());
      }
    }
    std::sort(deps.begin(), deps.end());
    deps.erase(std::unique(deps.begin(), deps.end()), deps.end());
    const bool drop = command.kind == kind && command.transfer.tensor == tensor;
    if (drop) {
      stand_in[command.id] = std::move(deps);
      continue;
    }
    new_id[command.id] = static_cast<std::uint32_t>(kept.size());
    command.deps = std::move(deps);
    command.id = new_id[command.id];
    kept.push_back(std::move(command));
  }
  program.commands = std::move(kept);
}

namespace {

// Bytes the op's mapping keeps in a buffer (its tiles, doubled when double buffered).
std::uint64_t footprint(const Op& op, const Mapping& mapping, const ArchConfig& arch, int buffer) {
  std::uint64_t bytes = 0;
  const bool twice = mapping.levels[static_cast<std::size_t>(buffer) + 1].double_buffer;
  for (const TensorKind kind : kAllTensorKinds) {
    if (arch.buffers[static_cast<std::size_t>(buffer)].holds.has(kind)) {
      bytes += tile_bytes(op, mapping, arch, kind) * (twice ? 2 : 1);
    }
  }
  return bytes;
}

}  // namespace

std::vector<InterLayerStep> plan_inter_layer(const Network& network, const std::vector<Mapping>& mappings,
                                             const ArchConfig& arch, InterLayerPolicy policy) {
  std::vector<InterLayerStep> steps(network.ops.size());
  for (std::size_t i = 0; i < network.ops.size(); ++i) {
    const Op& op = network.ops[i];
    const bool wanted = op.keep_output_on_chip.value_or(policy == InterLayerPolicy::kOnChip);
    if (!wanted) continue;
    InterLayerStep& step = steps[i];
    if (i + 1 == network.ops.size()) {
      step.reason = "the last op's output is the network's result";
      continue;
    }
    const Op& next = network.ops[i + 1];
    if (is_vector_op(op.kind) || is_vector_op(next.kind)) {
      step.reason = "vector ops read and write DRAM (keeping outputs on chip is for PE-array ops)";
      continue;
    }
    if (op.count != 1 || next.count != 1) {
      step.reason = "an op repeated with count runs back to back with itself, not with its neighbour";
      continue;
    }
    if (next.input_elements() != op.output_elements()) {
      step.reason = "the next op does not read this output as its input (" + std::to_string(next.input_elements()) +
                    " input elements, " + std::to_string(op.output_elements()) + " output elements)";
      continue;
    }
    if (spills_partial_sums(compile(op, mappings[i], arch))) {
      step.reason = "its mapping spills partial sums to DRAM";
      continue;
    }
    const int buffer = arch.buffer_index(arch.buffer_for(TensorKind::kInputs).name);
    const std::uint64_t whole = static_cast<std::uint64_t>(op.output_elements()) *
                                static_cast<std::uint64_t>(arch.pe_array.operand_bytes());
    const std::uint64_t used = footprint(next, mappings[i + 1], arch, buffer);
    const std::uint64_t size = arch.buffers[static_cast<std::size_t>(buffer)].size_bytes;
    if (whole + used > size) {
      step.reason = "the whole output (" + std::to_string(whole) + " B) and the next op's tiles (" +
                    std::to_string(used) + " B) exceed " + arch.buffers[static_cast<std::size_t>(buffer)].name +
                    " (" + std::to_string(size) + " B)";
      continue;
    }
    step.output_on_chip = true;
    steps[i + 1].input_on_chip = true;
  }
  return steps;
}

}  // namespace sextant
