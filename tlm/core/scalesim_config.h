// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "tlm/core/arch_config.h"

namespace sextant {

/// Reads a SCALE-Sim .cfg architecture file (INI: [general] run_name; [architecture_presets]
/// ArrayHeight, ArrayWidth, IfmapSramSzkB, FilterSramSzkB, OfmapSramSzkB, IfmapOffset,
/// FilterOffset, OfmapOffset, Dataflow os|ws|is, Bandwidth, MemoryBanks; [run_presets]
/// InterfaceBandwidth CALC|USER; [network_presets] TopologyCsvLoc) into an ArchConfig with
/// SCALE-Sim's own timing assumptions: one SRAM per operand, no fold overlap, 1-byte words,
/// and in CALC mode a memory that never stalls (docs/config.md, "SCALE-Sim configs").
/// The keys SCALE-Sim's loader requires are required; keys it never reads are errors.
/// `overrides` are --set overrides on the resulting Sextant config. Throws ConfigError.
ArchConfig load_scalesim_config(const std::string& path, const std::vector<std::string>& overrides = {});
ArchConfig parse_scalesim_config(const std::string& text, const std::string& file,
                                 const std::vector<std::string>& overrides = {});

/// The Sextant arch YAML a SCALE-Sim config stands for (what parse_scalesim_config validates).
std::string scalesim_config_to_arch_yaml(const std::string& text, const std::string& file);

/// An arch file of either kind: `.cfg` is SCALE-Sim's format, anything else Sextant's YAML.
ArchConfig load_any_arch_config(const std::string& path, const std::vector<std::string>& overrides = {});

}  // namespace sextant
