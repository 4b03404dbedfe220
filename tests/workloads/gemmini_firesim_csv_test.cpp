// SPDX-License-Identifier: Apache-2.0
// The Gemmini FireSim data set's importer: Timeloop -> Sextant dim names, the harness's
// square images and padding, matmul tiles as the harness passed them (blocks of DIM), the mapping each row ran,
// and file:line errors for malformed rows.
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/tlm/config_error_expect.h"
#include "workloads/importers/gemmini_firesim_csv.h"
#include "workloads/mapping_validity.h"

namespace sextant {
namespace {

using testing::expect_config_error;

const std::string kSample = std::string(SEXTANT_SOURCE_DIR) + "/tests/data/gemmini_firesim/sample50.csv";

std::string header() {
  std::ifstream in(kSample);
  std::string line;
  std::getline(in, line);
  return line;
}

/// A data line with the named columns set (the others empty or as given).
std::string line(const std::vector<std::pair<std::string, std::string>>& values) {
  std::vector<std::string> names;
  std::stringstream h(header());
  std::string name;
  while (std::getline(h, name, ',')) names.push_back(name);
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string value;
    for (const auto& [key, v] : values) {
      if (key == names[i]) value = v;
    }
    text += (i ? "," : "") + value;
  }
  return text;
}

std::vector<std::pair<std::string, std::string>> conv_row() {
  // ResNet-50's first layer as the data set writes it (Timeloop names: P, R are widths).
  return {{"source_row", "1"}, {"layer_name", "conv1"}, {"layer_type", "conv"}, {"N", "1"}, {"C", "3"},
          {"K", "64"}, {"P", "112"}, {"Q", "112"}, {"R", "7"}, {"S", "7"}, {"Wstride", "2"}, {"Hstride", "2"},
          {"Wdilation", "1"}, {"Hdilation", "1"}, {"rtl_pe_dim_inferred", "4"},
          {"gemmini_perm_str_inner_to_outer", "QKCRSPN"}, {"gemmini_tile_N", "1"}, {"gemmini_tile_P", "112"},
          {"gemmini_tile_Q", "4"}, {"gemmini_tile_K", "8"}, {"gemmini_tile_R", "7"}, {"gemmini_tile_S", "7"},
          {"gemmini_tile_C", "3"}, {"cycles_rtl", "9853947"}, {"cycles_timeloop", "10035201"}};
}

std::vector<GemminiFiresimRow> parse(const std::string& text) {
  std::istringstream in(text);
  return parse_gemmini_firesim_csv(in, "data.csv");
}

std::vector<std::pair<std::string, std::string>> with(std::vector<std::pair<std::string, std::string>> row,
                                                      const std::string& key, const std::string& value) {
  for (auto& [k, v] : row) {
    if (k == key) v = value;
  }
  return row;
}

TEST(GemminiFiresimCsv, ConvUsesSextantNamesAndTheHarnessGeometry) {
  const auto rows = parse(header() + "\n" + line(conv_row()) + "\n");
  ASSERT_EQ(rows.size(), 1u);
  const GemminiFiresimRow& row = rows[0];
  EXPECT_EQ(row.line, 2);
  EXPECT_EQ(row.pe_dim, 4);
  EXPECT_EQ(row.op.kind, OpKind::kConv);
  EXPECT_EQ(row.op.dim(Dim::P), 112);
  EXPECT_EQ(row.op.dim(Dim::R), 7);
  EXPECT_EQ(row.op.pad_h, 3);           // floor(7 / 2)
  EXPECT_EQ(row.op.input_h(), 224);     // P * stride
  EXPECT_EQ(row.op.macs(), 118013952);  // the CSV's macs column
  // Timeloop's tile_Q (height) is Sextant's P; tile_P (width) is Sextant's Q.
  EXPECT_EQ(at(row.tile, Dim::P), 4);
  EXPECT_EQ(at(row.tile, Dim::Q), 112);
  EXPECT_EQ(at(row.dram, Dim::P), 28);
  EXPECT_EQ(at(row.dram, Dim::K), 8);
  EXPECT_EQ(row.dram_order, "PKCSRQN");
  EXPECT_EQ(row.cycles_rtl, 9853947.0);
}

TEST(GemminiFiresimCsv, NonSquareRowsRunSquareAndEvenKernelsComputeOneMoreRowAndColumn) {
  auto fields = with(with(conv_row(), "Q", "12"), "gemmini_tile_Q", "4");
  fields = with(with(with(fields, "R", "4"), "S", "4"), "Wstride", "1");
  fields = with(with(with(fields, "Hstride", "1"), "gemmini_tile_R", "4"), "gemmini_tile_S", "4");
  const GemminiFiresimRow row = parse(header() + "\n" + line(fields) + "\n").front();
  // The harness ran in_dim = 112, padding 2 and out_dim = (112 + 4 - 4) / 1 + 1 = 113, in
  // both directions (not 112 x 12): one more output row and column than the CSV's P.
  EXPECT_EQ(row.op.input_h(), 112);
  EXPECT_EQ(row.op.pad_h, 2);
  EXPECT_EQ(row.op.dim(Dim::P), 113);
  EXPECT_EQ(row.op.dim(Dim::Q), 113);
  // 113 rows in tiles of 4: 29 tiles, the last of one row.
  EXPECT_EQ(at(row.dram, Dim::P), 29);
  // An odd kernel at stride 2 keeps the CSV's P: in 224, out (224 + 6 - 7) / 2 + 1 = 112.
  const GemminiFiresimRow odd = parse(header() + "\n" + line(conv_row()) + "\n").front();
  EXPECT_EQ(odd.op.input_h(), 224);
  EXPECT_EQ(odd.op.dim(Dim::P), 112);
}

/// A matmul row (Timeloop names: M in P) on a D x D array with the given tiles.
std::string matmul_line(const std::string& d, const std::string& m, const std::string& tile_m,
                        const std::string& tile_c, const std::string& tile_k) {
  auto fields = conv_row();
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"layer_type", "matmul"}, {"C", "1024"}, {"K", "512"}, {"P", m}, {"Q", "1"}, {"R", "1"}, {"S", "1"},
           {"Wstride", "1"}, {"Hstride", "1"}, {"rtl_pe_dim_inferred", d}, {"gemmini_tile_C", tile_c},
           {"gemmini_tile_K", tile_k}, {"gemmini_tile_P", tile_m}, {"gemmini_tile_Q", "1"}, {"gemmini_tile_R", "1"},
           {"gemmini_tile_S", "1"}, {"gemmini_perm_str_inner_to_outer", "PKCRSQN"}}) {
    fields = with(fields, key, value);
  }
  return line(fields);
}

TEST(GemminiFiresimCsv, MatmulTilesAreTheHarnessBlocksOfTheArray) {
  // The harness passes tiled_matmul max(1, T >> 4) blocks of D for a tile of T elements.
  const std::vector<GemminiFiresimRow> rows = parse(header() + "\n" + matmul_line("4", "1", "1", "16", "32") +
                                                    "\n" + matmul_line("64", "128", "32", "64", "8") + "\n");
  const GemminiFiresimRow& small = rows[0];
  EXPECT_TRUE(small.matmul());
  EXPECT_EQ(small.op.dim(Dim::P), 1);    // M
  EXPECT_EQ(at(small.tile, Dim::C), 4);  // 16 >> 4 = 1 block of 4, not 16
  EXPECT_EQ(at(small.tile, Dim::K), 8);  // 32 >> 4 = 2 blocks of 4, not 32
  EXPECT_EQ(at(small.tile, Dim::P), 1);  // one block of 4 rows, cut to M = 1
  EXPECT_EQ(at(small.dram, Dim::C), 256);
  EXPECT_EQ(at(small.dram, Dim::K), 64);
  EXPECT_EQ(small.dram_order, "PKCRSQN");  // a matmul keeps M in P
  const GemminiFiresimRow& large = rows[1];
  EXPECT_EQ(at(large.tile, Dim::C), 256);  // 64 >> 4 = 4 blocks of 64
  EXPECT_EQ(at(large.tile, Dim::K), 64);   // 8 < 16: one block of 64
  EXPECT_EQ(at(large.tile, Dim::P), 128);  // 32 >> 4 = 2 blocks of 64: all of M
  EXPECT_EQ(at(large.dram, Dim::C), 4);
  EXPECT_EQ(at(large.dram, Dim::K), 8);
  EXPECT_EQ(at(large.dram, Dim::P), 1);
}

TEST(GemminiFiresimCsv, EveryRowOfTheSampleMapsValidlyOnItsPreset) {
  const std::vector<GemminiFiresimRow> rows = read_gemmini_firesim_csv(kSample);
  ASSERT_EQ(rows.size(), 50u);
  for (const GemminiFiresimRow& row : rows) {
    const ArchConfig arch = load_arch_config(std::string(SEXTANT_SOURCE_DIR) + "/yaml/arch/" +
                                             gemmini_firesim_preset(row) + ".yaml");
    const Mapping mapping = gemmini_firesim_mapping(row, arch);
    const Validity validity = check_mapping(row.op, mapping, arch);
    EXPECT_TRUE(validity.ok) << "line " << row.line << ": " << validity.reason;
    // The full array: channel blocks of at most D on rows and columns, fold counts as the hardware's.
    EXPECT_LE(mapping.rows_used(), row.pe_dim);
    EXPECT_EQ(at(mapping.levels[2].temporal, Dim::C), (at(row.tile, Dim::C) + row.pe_dim - 1) / row.pe_dim);
  }
}

TEST(GemminiFiresimCsv, MalformedRowsNameFileLineAndColumn) {
  expect_config_error([] { parse(header() + "\n" + line(with(conv_row(), "K", "sixty")) + "\n"); },
                      {"data.csv:2:", "'K'", "a positive integer", "'sixty'"});
  expect_config_error([] { parse(header() + "\n" + line(conv_row()) + "\n" + line(with(conv_row(), "rtl_pe_dim_inferred", "12")) + "\n"); },
                      {"data.csv:3:", "'rtl_pe_dim_inferred'", "4, 8, 16, 32 or 64", "'12'"});
  expect_config_error([] { parse(header() + "\n" + line(with(conv_row(), "gemmini_perm_str_inner_to_outer", "QQKCRSN")) + "\n"); },
                      {"data.csv:2:", "gemmini_perm_str_inner_to_outer", "at most once"});
  expect_config_error([] { parse(header() + "\n" + line(with(conv_row(), "cycles_rtl", "")) + "\n"); },
                      {"data.csv:2:", "'cycles_rtl'", "a positive number of cycles"});
  expect_config_error([] { parse(header() + "\n1,2,3\n"); }, {"data.csv:2:1", "comma-separated fields", "3"});
  expect_config_error([] { parse("a,b\n1,2\n"); }, {"data.csv:1:1", "a column named 'source_row'"});
  expect_config_error([] { read_gemmini_firesim_csv("/nonexistent/train.csv"); },
                      {"/nonexistent/train.csv", "a readable CSV file"});
}

}  // namespace
}  // namespace sextant
