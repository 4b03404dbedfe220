// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "workloads/network.h"

namespace sextant {

/// Reads a SCALE-Sim topology CSV (docs/workloads.md, "SCALE-Sim topologies"): the conv form
/// (Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter,
/// Strides) or the GEMM form (Layer, M, N, K), chosen by the header row, in SCALE-Sim v2's
/// dialect (an optional second stride, the column stride) or v3's (an optional N:M sparsity
/// ratio). Like SCALE-Sim's loader it skips the header and blank rows and drops each row's
/// last field, which must therefore be the empty one after the trailing comma; a "DP" in a
/// conv layer's name makes it depthwise; no padding. Anything else is a ConfigError with
/// file:line:column and the reason.
Network load_scalesim_topology(const std::string& path);
Network parse_scalesim_topology(const std::string& text, const std::string& file);

}  // namespace sextant
