// SPDX-License-Identifier: Apache-2.0
// sextant-validate: runs Sextant on external reference measurements and reports how well
// it predicts them. Suite `gemmini-firesim`: Gemmini's FireSim-measured RTL cycles
// (docs/fidelity.md).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <boost/program_options.hpp>

#include "surrogate/run_setup.h"
#include "tlm/core/config_error.h"
#include "validate/gemmini_firesim_run.h"
#include "validate/validation_stats.h"

namespace po = boost::program_options;
using namespace sextant;

namespace {

struct Series {
  std::vector<double> tlm, analytical, timeloop, measured;
};

Series series(const std::vector<RowPrediction>& rows) {
  Series s;
  for (const RowPrediction& r : rows) {
    if (r.status != "ok") continue;
    s.tlm.push_back(r.cycles_tlm);
    // A row the analytical model refused counts as a prediction of 0 cycles (error 1).
    s.analytical.push_back(r.cycles_analytical);
    s.timeloop.push_back(r.cycles_timeloop);
    s.measured.push_back(r.cycles_rtl);
  }
  return s;
}

std::string stats_json(const AgreementStats& a) {
  char buffer[256];
  std::snprintf(buffer, sizeof(buffer),
                "{\"spearman\": %.6f, \"median_abs_rel_error\": %.6f, \"p90_abs_rel_error\": %.6f, \"rows\": %zu}",
                a.spearman, a.median_abs_rel_error, a.p90_abs_rel_error, a.rows);
  return buffer;
}

void print_line(const char* label, const AgreementStats& a) {
  std::printf("  %-22s %6zu rows  Spearman %.3f  median |rel err| %6.1f%%  p90 %7.1f%%\n", label, a.rows, a.spearman,
              100.0 * a.median_abs_rel_error, 100.0 * a.p90_abs_rel_error);
}

void print_group(const std::string& title, const std::vector<RowPrediction>& rows) {
  const Series s = series(rows);
  if (s.measured.empty()) return;
  std::printf("%s\n", title.c_str());
  print_line("Sextant TLM", agreement(s.tlm, s.measured));
  print_line("Sextant analytical", agreement(s.analytical, s.measured));
  print_line("Timeloop", agreement(s.timeloop, s.measured));
}

void print_summary(const std::vector<RowPrediction>& rows) {
  print_group("all rows", rows);
  for (const int d : {4, 8, 16, 32, 64}) {
    std::vector<RowPrediction> part;
    std::copy_if(rows.begin(), rows.end(), std::back_inserter(part), [&](const RowPrediction& r) { return r.pe_dim == d; });
    print_group("array " + std::to_string(d) + "x" + std::to_string(d), part);
  }
  for (const char* type : {"conv", "matmul"}) {
    std::vector<RowPrediction> part;
    std::copy_if(rows.begin(), rows.end(), std::back_inserter(part), [&](const RowPrediction& r) { return r.layer_type == type; });
    print_group(std::string("layer type ") + type, part);
  }
  std::vector<RowPrediction> ok;
  std::copy_if(rows.begin(), rows.end(), std::back_inserter(ok), [](const RowPrediction& r) { return r.status == "ok"; });
  std::sort(ok.begin(), ok.end(), [](const RowPrediction& a, const RowPrediction& b) {
    return std::abs(std::log(a.cycles_tlm / a.cycles_rtl)) > std::abs(std::log(b.cycles_tlm / b.cycles_rtl));
  });
  std::printf("worst rows (TLM / measured)\n");
  for (std::size_t i = 0; i < std::min<std::size_t>(10, ok.size()); ++i) {
    const RowPrediction& r = ok[i];
    std::printf("  line %5d (source row %s) D=%-2d %-6s measured %12.0f cycles  TLM %12.0f  ratio %.3f\n", r.line,
                r.source_row.c_str(), r.pe_dim, r.layer_type.c_str(), r.cycles_rtl, r.cycles_tlm,
                r.cycles_tlm / r.cycles_rtl);
  }
  const auto failed = static_cast<std::size_t>(
      std::count_if(rows.begin(), rows.end(), [](const RowPrediction& r) { return r.status != "ok"; }));
  if (failed > 0) std::printf("rows without a TLM result: %zu (see the per-row CSV's status and reason)\n", failed);
}

int run_gemmini_firesim_suite(const po::variables_map& vm, const std::string& self) {
  const std::string csv = vm["csv"].as<std::string>();
  const std::vector<GemminiFiresimRow> rows = read_gemmini_firesim_csv(csv);
  const long subset = vm["subset"].as<long>();
  if (subset < 0) throw ConfigError(SourceLocation{"command line", 0, 0}, "--subset", "an integer >= 1", std::to_string(subset));
  std::vector<std::size_t> selected =
      stratified_subset(rows, subset == 0 ? rows.size() : static_cast<std::size_t>(subset));
  if (vm.count("lines")) {
    selected.clear();
    for (const int line : vm["lines"].as<std::vector<int>>()) {
      const auto found = std::find_if(rows.begin(), rows.end(), [&](const GemminiFiresimRow& r) { return r.line == line; });
      if (found == rows.end()) {
        throw ConfigError(SourceLocation{"command line", 0, 0}, "--lines", "line numbers of data rows in " + csv,
                          std::to_string(line));
      }
      selected.push_back(static_cast<std::size_t>(found - rows.begin()));
    }
  }
  RunOptions options;
  options.sim_path = vm.count("sim") ? vm["sim"].as<std::string>() : default_sim_path(self);
  options.arch_dir = vm["arch-dir"].as<std::string>();
  if (vm.count("set")) options.overrides = vm["set"].as<std::vector<std::string>>();
  options.jobs = vm["jobs"].as<int>();
  if (options.jobs < 1) throw ConfigError(SourceLocation{"command line", 0, 0}, "-j", "an integer >= 1", std::to_string(options.jobs));
  options.timeout_s = vm["timeout-s"].as<double>();
  options.max_tiles = vm["max-tiles"].as<long>();
  if (options.max_tiles < 0) {
    throw ConfigError(SourceLocation{"command line", 0, 0}, "--max-tiles", "an integer >= 0", std::to_string(options.max_tiles));
  }
  if (vm.count("export")) {
    for (const std::string& folder : export_gemmini_firesim_rows(rows, selected, options, vm["export"].as<std::string>())) {
      std::printf("%s\n", folder.c_str());
    }
    return 0;
  }
  options.out_path = vm["out"].as<std::string>();
  const bool json = vm.count("json") != 0;
  const std::vector<RowPrediction> predictions = run_gemmini_firesim(rows, selected, options, std::cerr);
  if (json) {
    const Series s = series(predictions);
    std::printf("{\"tlm\": %s, \"analytical\": %s, \"timeloop\": %s}\n", stats_json(agreement(s.tlm, s.measured)).c_str(),
                stats_json(agreement(s.analytical, s.measured)).c_str(),
                stats_json(agreement(s.timeloop, s.measured)).c_str());
  } else {
    print_summary(predictions);
  }
  const bool all_ok = std::all_of(predictions.begin(), predictions.end(), [](const RowPrediction& r) { return r.status == "ok"; });
  return all_ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  po::options_description options("sextant-validate gemmini-firesim --csv FILE [options]");
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  options.add_options()
      ("help,h", "this help")
      ("csv", po::value<std::string>(), "the data set (../shared/data/gemmini-firesim/train.csv)")
      ("subset", po::value<long>()->default_value(0), "run a fixed, stratified subset of N rows (0: every row)")
      ("out", po::value<std::string>()->default_value("gemmini-firesim-per-row.csv"),
       "per-row CSV, appended as rows finish; rows already in it are not run again")
      ("lines", po::value<std::vector<int>>()->multitoken(), "run only these lines of the CSV (instead of --subset)")
      ("export", po::value<std::string>(),
       "write each selected row's arch.yaml, workload.yaml and mapping.yaml into DIR/line<N>/ for a "
       "standalone sextant-sim run, and run nothing")
      ("json", "print only {\"tlm\": ..., \"analytical\": ..., \"timeloop\": ...}")
      ("jobs,j", po::value<int>()->default_value(static_cast<int>(cores)), "sextant-sim processes at once")
      ("timeout-s", po::value<double>()->default_value(0.0), "wall-clock limit per sextant-sim run, s (0: none)")
      ("max-tiles", po::value<long>()->default_value(0),
       "rows with more DRAM tiles whose outermost DRAM loop is long are estimated from its first 3 and 6 "
       "iterations (0: run every tile). Off by default: with caches and a TLB the estimate is within a few "
       "percent, not 1% (docs/fidelity.md)")
      ("sim", po::value<std::string>(), "the sextant-sim executable (default: next to this one)")
      ("arch-dir", po::value<std::string>()->default_value(std::string(SEXTANT_SOURCE_DIR) + "/yaml/arch"),
       "folder of the gemmini-firesim-like-d<D>.yaml presets")
      ("set", po::value<std::vector<std::string>>(), "override a preset value (key=value), for every row");
  po::options_description hidden;
  hidden.add_options()("suite", po::value<std::string>());
  po::positional_options_description positional;
  positional.add("suite", 1);
  po::options_description all;
  all.add(options).add(hidden);
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << "Runs Sextant on reference measurements and compares the cycles.\nSuites: gemmini-firesim\n"
                << options << "\n";
      return 0;
    }
    if (!vm.count("suite") || vm["suite"].as<std::string>() != "gemmini-firesim") {
      throw ConfigError(SourceLocation{"command line", 0, 0}, "suite", "gemmini-firesim",
                        vm.count("suite") ? "'" + vm["suite"].as<std::string>() + "'" : "none");
    }
    if (!vm.count("csv")) throw ConfigError(SourceLocation{"command line", 0, 0}, "--csv", "the data set's CSV file", "none");
    return run_gemmini_firesim_suite(vm, argv[0]);
  } catch (const ConfigError& error) {
    std::cerr << "sextant-validate: " << error.what() << "\n";
    return 2;
  } catch (const po::error& error) {
    std::cerr << "sextant-validate: " << error.what() << "\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "sextant-validate: internal error: " << error.what() << "\n";
    return 3;
  }
}
