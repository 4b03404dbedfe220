// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

#include "tlm/core/arch_config.h"
#include "workloads/mapping.h"
#include "workloads/mapping_validity.h"
#include "workloads/op.h"
#include "workloads/program.h"

namespace sextant {

/// One core's part of an op split across cores (Mapping::cores): a box of the output's
/// K, P and Q. `op` is that part as an op of its own (the input tensor keeps its full
/// height and width, so a P or Q part reads its halo from the real neighbouring rows).
struct CoreShare {
  int core = 0;
  Op op;
  DimArray offset{};  ///< where the part starts in the whole op's loop space
};

/// The parts, one per core that has work, cores numbered with K outermost, then P, then Q.
/// Each dim of extent E split n ways gets parts of ceil(E / n) (the last ones smaller,
/// empty parts dropped). Without a split: one part, the op itself.
std::vector<CoreShare> core_shares(const Op& op, const Mapping& mapping);

/// The mapping each core runs on its part: `mapping` without the split.
Mapping core_mapping(const Mapping& mapping);

/// Compiles one core's part and moves it into the whole op's tensors: every box shifts by
/// the part's offset and every transfer addresses the whole op's tensors in DRAM, so the
/// cores of one op share one set of tensors (and functional mode checks the whole op).
Program compile_core_share(const Op& op, const CoreShare& share, const Mapping& mapping, const ArchConfig& arch);

/// The split rules a mapping must follow on an arch (at most arch.cores() parts; a K
/// split needs G = 1 because a group's output channels sit apart in memory); the part
/// mapping's validity is checked on the largest part.
Validity check_core_split(const Op& op, const Mapping& mapping, const ArchConfig& arch);

/// The split the default mapper picks on an arch with N > 1 cores: K into parts no
/// narrower than the PE array's columns (when G = 1), the rest of N over P; every core
/// gets a near-equal part, and a K split keeps weights from being fetched by every core.
DimArray default_core_split(const Op& op, const ArchConfig& arch);

}  // namespace sextant
