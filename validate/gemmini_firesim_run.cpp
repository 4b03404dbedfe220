// SPDX-License-Identifier: Apache-2.0
#include "validate/gemmini_firesim_run.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

#include "models/analytical/analytical_model.h"
#include "surrogate/evaluate.h"
#include "tlm/core/config_error.h"
#include "validate/tile_aggregation.h"
#include "workloads/importers/csv_fields.h"

namespace sextant {
namespace {

const char* const kHeader =
    "line,source_row,pe_dim,layer_type,cycles_rtl,cycles_timeloop,cycles_tlm,cycles_analytical,status,reason,wall_s";

std::string clean(std::string text) {
  std::replace(text.begin(), text.end(), ',', ';');
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

std::string number(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.17g", value);
  return buffer;
}

RowPrediction describe(const GemminiFiresimRow& row) {
  RowPrediction p;
  p.line = row.line;
  p.source_row = row.source_row;
  p.pe_dim = row.pe_dim;
  p.layer_type = row.matmul() ? "matmul" : "conv";
  p.cycles_rtl = row.cycles_rtl;
  p.cycles_timeloop = row.cycles_timeloop;
  return p;
}

/// A preset per array size, loaded once.
class Presets {
 public:
  explicit Presets(const RunOptions& options) : m_options(options) {}
  const ArchConfig& get(const GemminiFiresimRow& row) {
    auto found = m_archs.find(row.pe_dim);
    if (found != m_archs.end()) return found->second;
    const std::string path = m_options.arch_dir + "/" + gemmini_firesim_preset(row) + ".yaml";
    return m_archs.emplace(row.pe_dim, load_arch_config(path, m_options.overrides)).first->second;
  }

 private:
  const RunOptions& m_options;
  std::map<int, ArchConfig> m_archs;
};

}  // namespace

std::vector<std::size_t> stratified_subset(const std::vector<GemminiFiresimRow>& rows, std::size_t n) {
  std::vector<std::size_t> all(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) all[i] = i;
  if (n >= rows.size()) return all;
  std::map<std::pair<int, bool>, std::vector<std::size_t>> strata;
  for (std::size_t i = 0; i < rows.size(); ++i) strata[{rows[i].pe_dim, rows[i].matmul()}].push_back(i);
  // Largest remainders: floor shares first, then one more to the largest fractions.
  std::vector<std::pair<double, std::pair<int, bool>>> remainders;
  std::map<std::pair<int, bool>, std::size_t> share;
  std::size_t given = 0;
  for (const auto& [key, members] : strata) {
    const double exact = static_cast<double>(n) * static_cast<double>(members.size()) / static_cast<double>(rows.size());
    share[key] = static_cast<std::size_t>(exact);
    given += share[key];
    remainders.push_back({exact - static_cast<double>(share[key]), key});
  }
  std::stable_sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t i = 0; given < n && i < remainders.size(); ++i, ++given) ++share[remainders[i].second];
  std::vector<std::size_t> chosen;
  for (auto& [key, members] : strata) {
    std::stable_sort(members.begin(), members.end(),
                     [&](std::size_t a, std::size_t b) { return rows[a].cycles_rtl < rows[b].cycles_rtl; });
    const std::size_t k = std::min(share[key], members.size());
    for (std::size_t j = 0; j < k; ++j) {
      // Evenly spaced over the sorted stratum, ends included.
      const std::size_t at = k == 1 ? members.size() / 2 : j * (members.size() - 1) / (k - 1);
      chosen.push_back(members[at]);
    }
  }
  std::sort(chosen.begin(), chosen.end());
  chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
  return chosen;
}

std::string row_prediction_header() { return kHeader; }

std::string format_row_prediction(const RowPrediction& r) {
  return std::to_string(r.line) + "," + clean(r.source_row) + "," + std::to_string(r.pe_dim) + "," + r.layer_type + "," +
         number(r.cycles_rtl) + "," + number(r.cycles_timeloop) + "," + number(r.cycles_tlm) + "," +
         number(r.cycles_analytical) + "," + r.status + "," + clean(r.reason) + "," + number(r.wall_s);
}

std::vector<RowPrediction> read_row_predictions(const std::string& path) {
  std::vector<RowPrediction> rows;
  std::ifstream in(path);
  if (!in) return rows;
  std::string text;
  int line = 0;
  while (std::getline(in, text)) {
    ++line;
    if (line == 1) {
      if (text != kHeader) {
        throw ConfigError(SourceLocation{path, 1, 1}, "header", std::string("the per-row header '") + kHeader + "'",
                          "'" + text + "'");
      }
      continue;
    }
    const std::vector<CsvField> f = split_csv_line(text);
    // A run killed in the middle of a write leaves a short last line: skip it (rerun).
    if (f.size() != 11) continue;
    try {
      RowPrediction r;
      r.line = std::stoi(f[0].text);
      r.source_row = f[1].text;
      r.pe_dim = std::stoi(f[2].text);
      r.layer_type = f[3].text;
      r.cycles_rtl = std::stod(f[4].text);
      r.cycles_timeloop = std::stod(f[5].text);
      r.cycles_tlm = std::stod(f[6].text);
      r.cycles_analytical = std::stod(f[7].text);
      r.status = f[8].text;
      r.reason = f[9].text;
      r.wall_s = std::stod(f[10].text);
      rows.push_back(r);
    } catch (const std::exception&) {
      throw ConfigError(SourceLocation{path, line, 1}, "row", "a per-row result line of " + std::string(kHeader),
                        "'" + text + "'");
    }
  }
  return rows;
}

std::vector<std::string> export_gemmini_firesim_rows(const std::vector<GemminiFiresimRow>& rows,
                                                     const std::vector<std::size_t>& selected,
                                                     const RunOptions& options, const std::string& dir) {
  Presets presets(options);
  std::vector<std::string> written;
  const auto make_folder = [](const std::string& path) {
    if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
      throw ConfigError(SourceLocation{path, 0, 0}, "--export", "a folder that can be created", std::strerror(errno));
    }
  };
  make_folder(dir);
  for (std::size_t i : selected) {
    const GemminiFiresimRow& row = rows[i];
    const ArchConfig& arch = presets.get(row);
    const std::string folder = dir + "/line" + std::to_string(row.line);
    make_folder(folder);
    try {
      write_point_inputs(folder, arch, row.op, gemmini_firesim_mapping(row, arch));
    } catch (const std::runtime_error& error) {
      throw ConfigError(SourceLocation{folder, 0, 0}, "--export", "a writable folder", error.what());
    }
    written.push_back(folder);
  }
  return written;
}

std::vector<RowPrediction> run_gemmini_firesim(const std::vector<GemminiFiresimRow>& rows,
                                               const std::vector<std::size_t>& selected, const RunOptions& options,
                                               std::ostream& log) {
  std::map<int, RowPrediction> done;
  for (const RowPrediction& r : read_row_predictions(options.out_path)) {
    if (r.status == "ok") done[r.line] = r;
  }
  const bool fresh = ::access(options.out_path.c_str(), F_OK) != 0;
  std::ofstream out(options.out_path, std::ios::app);
  if (!out) throw ConfigError(SourceLocation{options.out_path, 0, 0}, "--out", "a writable file", "not writable");
  if (fresh) out << kHeader << "\n" << std::flush;

  Presets presets(options);
  EvaluatorOptions evaluator;
  evaluator.sim_path = options.sim_path;
  evaluator.timeout_s = options.timeout_s;
  evaluator.temp_root = options.temp_root;

  // Each row runs as one or more sextant-sim jobs (aggregation_plan); the row is done
  // when its last job is.
  struct Pending {
    const GemminiFiresimRow* row = nullptr;
    RowPrediction prediction;
    std::vector<WeightedRun> runs;
    std::size_t started = 0, finished = 0;
    double cycles = 0.0;
    bool failed = false;
    double work = 0.0;  ///< the simulation's expected size, to start the largest rows first
    Mapping mapping;    ///< the row's mapping on its preset
  };
  struct Running {
    std::size_t row;  // index into pending
    double weight;
    std::unique_ptr<EvaluationJob> job;
  };
  std::vector<Pending> pending;
  std::map<int, RowPrediction> results;
  for (std::size_t i : selected) {
    const GemminiFiresimRow& row = rows[i];
    const auto previous = done.find(row.line);
    if (previous != done.end()) {
      results[row.line] = previous->second;
      continue;
    }
    Pending p;
    p.row = &row;
    p.prediction = describe(row);
    const ArchConfig& arch = presets.get(row);
    p.mapping = gemmini_firesim_mapping(row, arch);
    const Mapping& mapping = p.mapping;
    p.runs = aggregation_plan(row, mapping, options.max_tiles);
    try {
      const OpResult estimate = analytical_op_result(row.op, mapping, arch);
      p.prediction.cycles_analytical = static_cast<double>(estimate.latency_cycles);
      // A TLM run's cost grows with its memory requests (64 B rows and lines) and commands.
      double bytes = 0.0;
      for (const auto& [level, count] : estimate.bytes_read) bytes += static_cast<double>(count);
      for (const auto& [level, count] : estimate.bytes_written) bytes += static_cast<double>(count);
      p.work = static_cast<double>(estimate.memory_requests + estimate.commands) + bytes / 64.0;
    } catch (const std::exception&) {
      p.prediction.cycles_analytical = 0.0;  // refused: the TLM row still counts
    }
    pending.push_back(std::move(p));
  }
  // Largest first (longest-processing-time order): a long row started last would leave
  // the other workers idle at the end of the run. The summary keeps the selection's order.
  std::stable_sort(pending.begin(), pending.end(), [](const Pending& a, const Pending& b) { return a.work > b.work; });
  if (!results.empty()) log << "resuming: " << results.size() << " rows already in " << options.out_path << "\n";
  const std::size_t resumed = results.size();
  std::vector<Running> running;
  std::size_t next_row = 0, finished_rows = 0;
  const auto start = std::chrono::steady_clock::now();
  while (next_row < pending.size() || !running.empty()) {
    // Start jobs in that order, a row's runs one after another.
    while (static_cast<int>(running.size()) < options.jobs && next_row < pending.size()) {
      Pending& p = pending[next_row];
      const WeightedRun& run = p.runs[p.started];
      const ArchConfig& arch = presets.get(*p.row);
      const Mapping& mapping = p.mapping;
      EvaluatorOptions run_evaluator = evaluator;
      if (run.dram_iterations > 0) run_evaluator.extra_args = {"--dram-iterations", std::to_string(run.dram_iterations)};
      running.push_back({next_row, run.weight, std::make_unique<EvaluationJob>(run_evaluator, arch, p.row->op, mapping,
                                                                               Fidelity::kTlm, 1)});
      if (++p.started == p.runs.size()) ++next_row;
    }
    bool progressed = false;
    for (auto it = running.begin(); it != running.end();) {
      if (!it->job->poll()) {
        ++it;
        continue;
      }
      progressed = true;
      const Evaluation& e = it->job->evaluation();
      Pending& p = pending[it->row];
      RowPrediction& r = p.prediction;
      r.wall_s += e.wall_s;
      if (e.status == EvalStatus::kOk) {
        p.cycles += it->weight * static_cast<double>(e.result.latency_cycles);
      } else if (!p.failed) {
        p.failed = true;
        r.status = eval_status_name(e.status);
        r.reason = e.reason;
      }
      if (++p.finished == p.runs.size()) {
        if (!p.failed) r.status = "ok";
        r.cycles_tlm = p.failed ? 0.0 : std::max(1.0, std::round(p.cycles));
        out << format_row_prediction(r) << "\n" << std::flush;
        results[r.line] = r;
        ++finished_rows;
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        log << "[" << finished_rows + resumed << "/" << selected.size() << " " << static_cast<int>(elapsed) << " s] line "
            << r.line << " D=" << r.pe_dim << " " << r.status << " tlm " << r.cycles_tlm << " rtl " << r.cycles_rtl
            << " (" << p.runs.size() << " runs, " << r.wall_s << " s)\n";
      }
      it = running.erase(it);
    }
    if (!progressed) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::vector<RowPrediction> ordered;
  for (std::size_t i : selected) ordered.push_back(results.at(rows[i].line));
  return ordered;
}

}  // namespace sextant
