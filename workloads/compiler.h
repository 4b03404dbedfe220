// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "tlm/core/arch_config.h"
#include "workloads/mapping.h"
#include "workloads/mapping_validity.h"
#include "workloads/op.h"
#include "workloads/program.h"

namespace sextant {

/// Turns (op, mapping, arch) into a Program. The DRAM-level loop nest (in the mapping's
/// permutation) enumerates tiles; a tensor's tile is loaded only when its box changes,
/// outputs are stored when their box changes and reloaded as partial sums when a
/// reduction loop sits outside an output loop. Double-buffered levels alternate two
/// slots so loads of tile i+1 overlap compute of tile i. The mapping must be valid.
/// The stream of a fold: register-level factors, extended by the innermost on-chip loops
/// that do not touch the stationary tensor (the array keeps its stationary data and
/// streams on, as Gemmini does with a preloaded weight block). Shared with the
/// analytical model so that both fidelities fold a tile the same way.
DimArray fold_stream(const Mapping& mapping, const DataflowRoles& roles);

Program compile(const Op& op, const Mapping& mapping, const ArchConfig& arch);

/// Whether the output buffer keeps partial sums on chip for this op (its keep_partial_sums
/// is set, the reduction spans several DRAM tiles, and every output tile fits at once, or
/// the buffer lets them overwrite each other): then no partial sum goes to DRAM and each
/// output is stored once.
bool keeps_partial_sums(const Op& op, const Mapping& mapping, const ArchConfig& arch);

/// Whether this op's output tiles share regions of the output buffer and overwrite each
/// other's partial sums (BufferConfig::overwrite_partial_sums, when they do not all fit):
/// the hardware's timing, wrong outputs.
bool overwrites_partial_sums(const Op& op, const Mapping& mapping, const ArchConfig& arch);

/// Where an op's tensors live in DRAM (Program::dram_base, Program::whole_tensor): inputs,
/// weights, outputs one after another, each 4 KiB aligned.
void lay_out_tensors(const Op& op, const ArchConfig& arch, Program& program);

}  // namespace sextant
