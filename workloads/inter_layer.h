// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "tlm/core/arch_config.h"
#include "workloads/mapping.h"
#include "workloads/network.h"
#include "workloads/program.h"

namespace sextant {

/// Where an op's output goes between layers (docs/workloads.md, "Inter-layer policy").
enum class InterLayerPolicy {
  kDram,    ///< every output is stored to DRAM and the next op loads it back (default)
  kOnChip,  ///< an output stays on chip for the next op when it can (see plan_inter_layer)
};

/// Per op: whether its output stays on chip (its final STOREs are skipped) and whether its
/// input is already on chip (its input LOADs are skipped).
struct InterLayerStep {
  bool output_on_chip = false;
  bool input_on_chip = false;
  std::string reason;  ///< why the output goes to DRAM after all, when it was asked to stay
};

/// Decides, for each op, whether its output stays on chip: when the policy (or the op's
/// `keep_output_on_chip`, which wins) asks for it, the next op reads exactly that tensor
/// (same element count), the op never spills partial sums to DRAM, and the whole tensor at
/// operand precision fits in the next op's input buffer beside that op's own tiles.
std::vector<InterLayerStep> plan_inter_layer(const Network& network, const std::vector<Mapping>& mappings,
                                             const ArchConfig& arch, InterLayerPolicy policy);

/// Removes a program's transfers of one tensor in one direction (kLoad or kStore) and
/// rewires every dependency on a removed command to that command's own dependencies.
void drop_transfers(Program& program, CommandKind kind, TensorKind tensor);

/// Whether a program reloads partial sums (loads of outputs): then its output stores are
/// spills, not final results, and must stay.
bool spills_partial_sums(const Program& program);

}  // namespace sextant
