// SPDX-License-Identifier: Apache-2.0
#include "workloads/importers/gemmini_firesim_csv.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>

#include "tlm/core/config_error.h"
#include "workloads/importers/csv_fields.h"
#include "workloads/mapping_validity.h"

namespace sextant {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

/// The columns the importer reads; the file may hold more (it does: ~80).
const char* const kColumns[] = {
    "source_row", "layer_name", "layer_type", "N", "C", "K", "P", "Q", "R", "S", "Wstride", "Hstride",
    "Wdilation", "Hdilation", "rtl_pe_dim_inferred", "gemmini_perm_str_inner_to_outer", "gemmini_tile_N",
    "gemmini_tile_P", "gemmini_tile_Q", "gemmini_tile_K", "gemmini_tile_R", "gemmini_tile_S", "gemmini_tile_C",
    "cycles_rtl", "cycles_timeloop"};

/// The tile argument the data-collection harness hands tiled_matmul for a tile of
/// `elements` rows or columns. tiled_matmul counts tiles in blocks of DIM, and the
/// harness converts with TILE = (TILE < 16) ? 1 : TILE >> 4 (gemmini-rocc-tests,
/// gemmini-data-collection/templates/matmul_tilings.c of the DOSA artifact), a rule that
/// is right for DIM = 16 only: on a D x D array the hardware ran max(1, T / 16) * D.
std::int64_t harness_matmul_blocks(std::int64_t elements) { return elements < 16 ? 1 : elements >> 4; }

/// Reads the named fields of one data line, with file:line:column errors.
class Line {
 public:
  Line(const std::string& file, int line, const std::vector<CsvField>& fields,
       const std::map<std::string, std::size_t>& index)
      : m_file(file), m_line(line), m_fields(fields), m_index(index) {}

  const CsvField& field(const std::string& column) const { return m_fields[m_index.at(column)]; }

  [[noreturn]] void fail(const std::string& column, const std::string& expected) const {
    const CsvField& f = field(column);
    throw ConfigError(SourceLocation{m_file, m_line, f.column}, column, expected, "'" + f.text + "'");
  }

  std::int64_t positive(const std::string& column) const {
    const std::string& text = field(column).text;
    const bool digits = !text.empty() && text.size() <= 12 &&
                        std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
    if (!digits || std::stoll(text) < 1) fail(column, "a positive integer");
    return std::stoll(text);
  }

  double cycles(const std::string& column) const {
    const std::string& text = field(column).text;
    std::size_t used = 0;
    double value = 0.0;
    try {
      value = std::stod(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != text.size() || !std::isfinite(value) || value <= 0.0) {
      fail(column, "a positive number of cycles");
    }
    return value;
  }

  const std::string& text(const std::string& column) const { return field(column).text; }
  SourceLocation where(const std::string& column) const {
    return SourceLocation{m_file, m_line, field(column).column};
  }

 private:
  const std::string& m_file;
  int m_line;
  const std::vector<CsvField>& m_fields;
  const std::map<std::string, std::size_t>& m_index;
};

/// Timeloop letter -> Sextant dim. Convolutions swap width and height names (see the
/// header); a matmul keeps M in P.
Dim sextant_dim(char timeloop_letter, bool matmul) {
  switch (timeloop_letter) {
    case 'N': return Dim::N;
    case 'C': return Dim::C;
    case 'K': return Dim::K;
    case 'P': return matmul ? Dim::P : Dim::Q;
    case 'Q': return matmul ? Dim::Q : Dim::P;
    case 'R': return matmul ? Dim::R : Dim::S;
    default: return matmul ? Dim::S : Dim::R;  // 'S'
  }
}

GemminiFiresimRow parse_row(const Line& line, int line_number) {
  GemminiFiresimRow row;
  row.line = line_number;
  row.source_row = line.text("source_row");
  row.layer_name = line.text("layer_name");
  const std::string& type = line.text("layer_type");
  if (type != "conv" && type != "matmul") line.fail("layer_type", "conv or matmul");
  const bool matmul = type == "matmul";

  const std::int64_t d = line.positive("rtl_pe_dim_inferred");
  if (d != 4 && d != 8 && d != 16 && d != 32 && d != 64) line.fail("rtl_pe_dim_inferred", "4, 8, 16, 32 or 64");
  row.pe_dim = static_cast<int>(d);

  const std::int64_t n = line.positive("N"), c = line.positive("C"), k = line.positive("K");
  const std::int64_t p = line.positive("P"), q = line.positive("Q");
  const std::int64_t r = line.positive("R"), s = line.positive("S");
  const std::int64_t wstride = line.positive("Wstride"), hstride = line.positive("Hstride");
  if (line.positive("Wdilation") != 1) line.fail("Wdilation", "1 (the harness runs undilated convolutions)");
  if (line.positive("Hdilation") != 1) line.fail("Hdilation", "1 (the harness runs undilated convolutions)");
  if (matmul && (q != 1 || r != 1 || s != 1)) line.fail("layer_type", "conv (Q, R or S is not 1, so not a matmul)");
  if (!matmul && r != s) line.fail("S", "S = R (the harness runs square kernels of size R)");
  if (wstride != hstride) line.fail("Hstride", "Hstride = Wstride (the harness takes one stride)");
  if (matmul && wstride != 1) line.fail("Wstride", "1 for a matmul");

  Op& op = row.op;
  op.name = row.layer_name.empty() ? "row" + row.source_row : row.layer_name;
  op.where = line.where("layer_type");
  at(op.dims, Dim::N) = n;
  at(op.dims, Dim::C) = c;
  at(op.dims, Dim::K) = k;
  if (matmul) {
    op.kind = OpKind::kMatmul;
    at(op.dims, Dim::P) = p;
  } else {
    // The harness calls tiled_conv with a square image of in_dim = P * stride, padding
    // floor(R / 2), and out_dim = (in_dim + 2 * padding - R) / stride + 1
    // (layers/extract_data_csv.py and templates/conv_tilings.c): P for odd kernels, P + 1
    // for even ones, whose last output row and column are computed too, as extra tiles of
    // the CSV's tiling. A row with P != Q ran the P-based square.
    op.kind = OpKind::kConv;
    const std::int64_t in_dim = p * wstride;
    const std::int64_t padding = r / 2;
    const std::int64_t out_dim = (in_dim + 2 * padding - r) / wstride + 1;
    at(op.dims, Dim::P) = out_dim;
    at(op.dims, Dim::Q) = out_dim;
    at(op.dims, Dim::R) = r;
    at(op.dims, Dim::S) = r;
    op.stride_h = op.stride_w = static_cast<int>(wstride);
    op.pad_h = op.pad_w = static_cast<int>(padding);
    op.in_h = op.in_w = in_dim;
    // 1 x 1 stride-2 rows (tiled_conv's downsample path, which reads only every other
    // pixel) keep the whole input box: the measurements are slower than the full read, not
    // faster (docs/fidelity.md, "Open mechanisms").
  }

  for (const char letter : std::string("NCKPQRS")) {
    const std::string column = std::string("gemmini_tile_") + letter;
    const Dim dim = sextant_dim(letter, matmul);
    // A tile larger than the dim the hardware ran (a P != Q row's height) is the whole dim.
    at(row.tile, dim) = std::min(line.positive(column), op.dim(dim));
  }
  if (matmul) {
    // tiled_matmul runs blocks of DIM rows / columns, max(1, T >> 4) of them, the last
    // tile of a dim cut to what is left (tiled_matmul_outer: last_I, last_J, last_K).
    // A matmul's Sextant dims P, C, K carry the CSV's letters.
    for (const Dim dim : {Dim::P, Dim::C, Dim::K}) {
      const std::int64_t elements = line.positive(std::string("gemmini_tile_") + dim_letter(dim));
      at(row.tile, dim) = std::min(harness_matmul_blocks(elements) * d, op.dim(dim));
    }
  }
  for (const Dim dim : kAllDims) at(row.dram, dim) = ceil_div(op.dim(dim), at(row.tile, dim));

  const std::string& perm = line.text("gemmini_perm_str_inner_to_outer");
  std::string seen;
  for (const char letter : perm) {
    if (std::string("NCKPQRS").find(letter) == std::string::npos || seen.find(letter) != std::string::npos) {
      line.fail("gemmini_perm_str_inner_to_outer", "each of the letters N C K P Q R S at most once");
    }
    seen += letter;
    row.dram_order += dim_letter(sextant_dim(letter, matmul));
  }
  row.cycles_rtl = line.cycles("cycles_rtl");
  row.cycles_timeloop = line.cycles("cycles_timeloop");
  return row;
}

}  // namespace

std::vector<GemminiFiresimRow> parse_gemmini_firesim_csv(std::istream& in, const std::string& file) {
  std::string text;
  if (!std::getline(in, text)) {
    throw ConfigError(SourceLocation{file, 1, 1}, "header", "a CSV header line", "an empty file");
  }
  const std::vector<CsvField> header = split_csv_line(text);
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < header.size(); ++i) index.emplace(header[i].text, i);
  for (const char* column : kColumns) {
    if (index.count(column) == 0) {
      throw ConfigError(SourceLocation{file, 1, 1}, "header", std::string("a column named '") + column + "'",
                        "none");
    }
  }
  std::vector<GemminiFiresimRow> rows;
  int line_number = 1;
  while (std::getline(in, text)) {
    ++line_number;
    if (text.empty() || text == "\r") continue;
    const std::vector<CsvField> fields = split_csv_line(text);
    if (fields.size() != header.size()) {
      throw ConfigError(SourceLocation{file, line_number, 1}, "row",
                        std::to_string(header.size()) + " comma-separated fields (as the header)",
                        std::to_string(fields.size()));
    }
    rows.push_back(parse_row(Line(file, line_number, fields, index), line_number));
  }
  if (rows.empty()) throw ConfigError(SourceLocation{file, line_number, 1}, "rows", "at least one data row", "none");
  return rows;
}

std::vector<GemminiFiresimRow> read_gemmini_firesim_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(SourceLocation{path, 0, 0}, "csv", "a readable CSV file", "no such file");
  return parse_gemmini_firesim_csv(in, path);
}

Mapping gemmini_firesim_mapping(const GemminiFiresimRow& row, const ArchConfig& arch) {
  const std::vector<std::string> names = arch.storage_levels();
  const SourceLocation where{row.op.where.file, row.line, 1};
  if (names.size() != 4 || arch.pe_array.dataflow != Dataflow::kWeightStationary) {
    throw ConfigError(where, "arch", "a WS arch with levels DRAM, one scratchpad, one accumulator, Registers",
                      "arch '" + arch.name + "'");
  }
  if (arch.pe_array.rows != row.pe_dim || arch.pe_array.cols != row.pe_dim) {
    throw ConfigError(where, "rtl_pe_dim_inferred",
                      "an array of " + std::to_string(arch.pe_array.rows) + " x " +
                          std::to_string(arch.pe_array.cols) + " (arch '" + arch.name + "')",
                      std::to_string(row.pe_dim));
  }
  const DataflowRoles roles = dataflow_roles(arch.pe_array.dataflow);
  Mapping mapping;
  mapping.where = where;
  mapping.levels.assign(4, LevelMapping{});
  for (std::size_t i = 0; i < 4; ++i) mapping.levels[i].target = names[i];
  LevelMapping& dram = mapping.levels[0];
  LevelMapping& folds = mapping.levels[2];
  LevelMapping& registers = mapping.levels[3];
  for (const TensorKind kind : kAllTensorKinds) dram.keep.add(kind);
  mapping.levels[1].keep = arch.buffers[0].holds;
  folds.keep = arch.buffers[1].holds;
  registers.keep.add(roles.stationary);
  dram.permutation = complete_permutation(row.dram_order);
  mapping.levels[1].permutation = complete_permutation("");
  // Gemmini's loop unrollers, inside a tile: input channels innermost, then kernel column,
  // kernel row, output channel; output pixels stream through the array.
  folds.permutation = complete_permutation("CSRK");
  registers.permutation = complete_permutation("QPN");
  mapping.spatial.target = folds.target;
  // The hardware always uses the whole array: channels go on rows and columns in blocks of
  // D, ceil(tile / D) folds of them (see gemmini_firesim_tile).
  for (const Dim d : {Dim::C, Dim::K}) {
    const std::int64_t count = ceil_div(at(row.tile, d), row.pe_dim);
    at(d == Dim::C ? mapping.spatial.rows : mapping.spatial.cols, d) = ceil_div(at(row.tile, d), count);
    at(folds.temporal, d) = count;
  }
  const DimArray tile = gemmini_firesim_tile(row);
  for (const Dim d : kAllDims) {
    if (roles.stream_dim[static_cast<int>(d)]) at(registers.temporal, d) = at(row.tile, d);
    if (d != Dim::C && d != Dim::K) at(folds.temporal, d) = ceil_div(at(row.tile, d), at(registers.temporal, d));
    at(dram.temporal, d) = ceil_div(row.op.dim(d), at(tile, d));
  }
  // Gemmini's loop unrollers hold two loop instructions at once (LoopConv / LoopMatmul:
  // concurrent_loops = 2), each in its own half of the scratchpad, so the next tile's
  // loads run while this tile computes: the scratchpad is double-buffered across tiles.
  mapping.levels[1].double_buffer = true;
  return mapping;
}

DimArray gemmini_firesim_tile(const GemminiFiresimRow& row) {
  DimArray tile = row.tile;
  // Sextant's tile is the product of its factors, so a channel tile that is not a multiple
  // of D gets folds of ceil(tile / folds) channels: the hardware's fold count, and a DRAM
  // step at most folds - 1 channels longer.
  for (const Dim d : {Dim::C, Dim::K}) {
    const std::int64_t count = ceil_div(at(row.tile, d), row.pe_dim);
    at(tile, d) = ceil_div(at(row.tile, d), count) * count;
  }
  return tile;
}

std::string gemmini_firesim_preset(const GemminiFiresimRow& row) {
  return "gemmini-firesim-like-d" + std::to_string(row.pe_dim);
}

}  // namespace sextant
