// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "tlm/core/arch_config.h"
#include "workloads/mapping.h"
#include "workloads/op.h"

namespace sextant {

/// One measured point of the Gemmini-in-FireSim data set (../shared/data/gemmini-firesim,
/// docs/fidelity.md): the layer as the harness ran it, the DRAM-level tiling and loop
/// order the software was given, and the measured and Timeloop cycles.
///
/// Dimension names are Sextant's (op.h): P, R are output and filter *height*, Q, S their
/// *width*. The CSV uses Timeloop's names, where P, R are widths and Q, S heights, so the
/// importer swaps P <-> Q and R <-> S for convolutions. A matmul keeps M in P (Timeloop's
/// P, Sextant's make_matmul), with Q = R = S = 1 on both sides.
struct GemminiFiresimRow {
  int line = 0;                 ///< 1-based line in the CSV (header = line 1)
  std::string source_row;       ///< the row number in DOSA's original file
  std::string layer_name;       ///< as the CSV names it (may be empty)
  int pe_dim = 0;               ///< D of the D x D array that ran the row
  Op op;                        ///< the computation as the hardware ran it
  DimArray tile = ones();       ///< DRAM-level tile extents (what one tiled call covers)
  DimArray dram = ones();       ///< DRAM loop trip counts, ceil(dim / tile)
  std::string dram_order;       ///< DRAM loop order, innermost first, Sextant letters
  double cycles_rtl = 0.0;      ///< measured SoC cycles
  double cycles_timeloop = 0.0; ///< Timeloop's prediction for the same mapping
  bool matmul() const { return op.kind == OpKind::kMatmul; }
};

/// Reads the data set's CSV. Every row is checked; a malformed one throws ConfigError
/// naming file, line, column, the column name, what was expected and what was found.
std::vector<GemminiFiresimRow> read_gemmini_firesim_csv(const std::string& path);
std::vector<GemminiFiresimRow> parse_gemmini_firesim_csv(std::istream& in, const std::string& file);

/// The Sextant mapping a row ran with on a Gemmini-like arch (levels DRAM, Scratchpad,
/// Accumulator, Registers; a WS array of row.pe_dim x row.pe_dim). The DRAM level gets the
/// row's tiling and loop order; inside a tile the loop nest is Gemmini's own (LOOP_CONV_WS /
/// LOOP_WS): input channels on the array rows and output channels on its columns in blocks
/// of D (the full array, whatever spatial factor the CSV names), output pixels streamed,
/// folds ordered input channel innermost, then kernel column, kernel row, output channel.
/// Throws ConfigError (at the row's line) when the arch does not have that shape.
Mapping gemmini_firesim_mapping(const GemminiFiresimRow& row, const ArchConfig& arch);

/// The DRAM-level tile Sextant runs: the row's tile, with a channel tile that is not a
/// multiple of D stretched to ceil(tile / folds) x folds (Sextant's tile is the product of
/// its factors; the fold count is the hardware's).
DimArray gemmini_firesim_tile(const GemminiFiresimRow& row);

/// The row's arch overrides for a preset family member: "pe_array.rows=D" and the like
/// are not needed when the preset of that D is used; this names the preset file stem,
/// "gemmini-firesim-like-d<D>".
std::string gemmini_firesim_preset(const GemminiFiresimRow& row);

}  // namespace sextant
