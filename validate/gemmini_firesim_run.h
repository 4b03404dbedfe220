// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "workloads/importers/gemmini_firesim_csv.h"

namespace sextant {

/// One row's predictions beside its measurement: a line of the per-row CSV.
struct RowPrediction {
  int line = 0;                    ///< line of the row in the data set's CSV
  std::string source_row;
  int pe_dim = 0;
  std::string layer_type;          ///< conv or matmul
  double cycles_rtl = 0.0;
  double cycles_timeloop = 0.0;
  double cycles_tlm = 0.0;         ///< 0 unless status is ok
  double cycles_analytical = 0.0;  ///< 0 when the analytical model refused the row
  std::string status;              ///< "ok" or an evaluation status name (timeout, failed ...)
  std::string reason;              ///< why, when not ok (commas replaced)
  double wall_s = 0.0;             ///< wall-clock time of the TLM run, s
};

/// A fixed, deterministic subset of n rows, stratified by (array size, layer type): each
/// stratum gets its share of n (largest remainders), taken evenly spaced over its rows
/// sorted by measured cycles, so every stratum's range is covered. Indices into rows,
/// in file order. n >= rows.size() gives every row.
std::vector<std::size_t> stratified_subset(const std::vector<GemminiFiresimRow>& rows, std::size_t n);

struct RunOptions {
  std::string sim_path;        ///< the sextant-sim worker
  std::string arch_dir;        ///< where gemmini-firesim-like-d<D>.yaml live
  std::vector<std::string> overrides;  ///< --set key=value applied to every preset
  int jobs = 1;                ///< worker processes at once
  double timeout_s = 0.0;      ///< wall-clock limit per row (0: none)
  std::string out_path;        ///< per-row CSV, appended as rows finish; resumed from
  std::string temp_root = "/tmp";
  /// Rows with more DRAM tiles are estimated from prefixes of their runs (tile_aggregation.h); 0: never.
  std::int64_t max_tiles = 0;
};

/// The per-row CSV's header line (the column names, without a newline).
std::string row_prediction_header();
std::string format_row_prediction(const RowPrediction& row);
/// Rows already in a per-row CSV written by this tool (none when the file is absent).
/// Throws ConfigError with file:line when it is not such a file.
std::vector<RowPrediction> read_row_predictions(const std::string& path);

/// Runs the rows (TLM: one sextant-sim process per row, `jobs` at once; analytical: in
/// this process), appending each finished row to options.out_path at once, so a killed
/// run loses no finished row; rows already in that file are not run again. Returns the
/// predictions of the selected rows, in the order of `selected`. Progress lines go to log.
std::vector<RowPrediction> run_gemmini_firesim(const std::vector<GemminiFiresimRow>& rows,
                                               const std::vector<std::size_t>& selected,
                                               const RunOptions& options, std::ostream& log);

/// Writes each selected row's inputs as sextant-sim runs them (the whole row, without
/// aggregation) into dir/line<N>/{arch,workload,mapping}.yaml, so one row can be studied
/// on its own (`sextant-sim --arch ... --workload ... --mapping ... --trace t.json`).
/// Returns the folders written. Throws ConfigError when a folder cannot be created.
std::vector<std::string> export_gemmini_firesim_rows(const std::vector<GemminiFiresimRow>& rows,
                                                     const std::vector<std::size_t>& selected,
                                                     const RunOptions& options, const std::string& dir);

}  // namespace sextant
