// SPDX-License-Identifier: Apache-2.0
#include "surrogate/datagen.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <list>
#include <thread>

#include "surrogate/evaluate.h"
#include "surrogate/row_codec.h"

namespace sextant {

namespace {

bool file_exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

ConfigError option_error(const std::string& option, const std::string& expected, const std::string& found) {
  return ConfigError(SourceLocation{"command line", 0, 0}, option, expected, found);
}

}  // namespace

std::string default_sim_path(const std::string& self_path) {
  const std::size_t slash = self_path.rfind('/');
  const std::string folder = slash == std::string::npos ? "." : self_path.substr(0, slash);
  for (const std::string& candidate : {folder + "/sextant-sim", folder + "/../models/sextant-sim"}) {
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return folder + "/sextant-sim";
}

std::unique_ptr<RunSetup> make_run_setup(const DatagenOptions& options, bool check_tools) {
  if (options.samples < 1) throw option_error("--samples", "an integer >= 1", std::to_string(options.samples));
  if (options.jobs < 1) throw option_error("-j", "an integer >= 1", std::to_string(options.jobs));
  if (options.timeout_s < 0.0) throw option_error("--timeout-s", "a number >= 0", std::to_string(options.timeout_s));
  auto setup = std::make_unique<RunSetup>();
  setup->space = load_design_space(options.space_path);
  std::vector<Fidelity> fidelities = setup->space.fidelities;
  if (options.fidelity == "tlm") {
    fidelities = {Fidelity::kTlm};
  } else if (options.fidelity == "analytical") {
    fidelities = {Fidelity::kAnalytical};
  } else if (options.fidelity == "both") {
    fidelities = {Fidelity::kAnalytical, Fidelity::kTlm};
  } else if (!options.fidelity.empty()) {
    throw option_error("--fidelity", "one of both, analytical, tlm", "'" + options.fidelity + "'");
  }
  if (check_tools) {
    if (::access(options.sim_path.c_str(), X_OK) != 0) {
      throw option_error("--sim", "the sextant-sim executable", "'" + options.sim_path + "' (not executable)");
    }
    for (Fidelity fidelity : fidelities) {
      // Writing TLM numbers into lowfi/ would be wrong data: refuse until the worker has
      // the analytical model.
      if (fidelity == Fidelity::kAnalytical && !sim_supports_analytical(options.sim_path)) {
        throw option_error("--fidelity",
                           "fidelities this build can evaluate (tlm); the analytical fidelity needs "
                           "sextant-sim --fidelity analytical, which is not available yet",
                           options.fidelity.empty() ? "'analytical' in the space's fidelities" : "'" + options.fidelity + "'");
      }
    }
  }
  setup->columns = dataset_columns(setup->space);
  setup->plan = std::make_unique<SamplePlan>(setup->space, options.seed, options.samples);
  setup->context.space = &setup->space;
  setup->context.plan = setup->plan.get();
  setup->context.columns = &setup->columns;
  setup->context.fidelities = fidelities;
  setup->context.evaluator.sim_path = options.sim_path;
  setup->context.evaluator.timeout_s = options.timeout_s;
  setup->context.evaluator.temp_root = options.temp_root;

  std::string fidelity_text;
  for (Fidelity fidelity : fidelities) fidelity_text += (fidelity_text.empty() ? "" : ",") + std::string(fidelity_name(fidelity));
  setup->info.identity = RunIdentity{kDatasetSchemaVersion, setup->space.yaml_text, options.seed, options.samples,
                                     fidelity_text, SEXTANT_VERSION};
  setup->info.space_name = setup->space.name;
  setup->info.space_file = options.space_path;
  setup->info.sampler = sampler_name(setup->space.sampler);
  setup->info.mapping_policy = mapping_policy_name(setup->space.mapping);
  return setup;
}

OutputState open_output(const DatagenOptions& options, const RunSetup& setup) {
  OutputState output;
  const std::string journal_path = options.out_path + ".journal";
  for (std::int64_t i = 0; i < options.samples; ++i) output.rows.push_back(pending_row(setup.columns, i));
  if (!options.resume) {
    if (file_exists(options.out_path)) {
      throw option_error("--out", "a new file (use --resume to continue a run)", "'" + options.out_path + "' exists");
    }
    output.journal = std::make_unique<Journal>(Journal::create(journal_path, setup.info.identity));
    try {
      write_dataset_file(options.out_path, setup.info, setup.columns, output.rows);
    } catch (const std::runtime_error& error) {
      std::remove(journal_path.c_str());
      throw option_error("--out", "a writable HDF5 file", error.what());
    }
    return output;
  }
  if (file_exists(options.out_path)) {
    // Check the dataset before touching anything: a foreign or damaged file stays as is.
    const std::string difference = identity_difference(read_dataset_identity(options.out_path), setup.info.identity);
    if (!difference.empty()) {
      throw ConfigError(SourceLocation{options.out_path, 0, 0}, "--resume", "a dataset of the same run", difference);
    }
  }
  std::vector<Row> finished;
  output.journal = std::make_unique<Journal>(Journal::open(journal_path, setup.info.identity, setup.columns, finished));
  for (Row& row : finished) {
    const auto index = static_cast<std::size_t>(row.sample);
    output.rows[index] = std::move(row);
    ++output.finished;
  }
  write_dataset_file(options.out_path, setup.info, setup.columns, output.rows);
  return output;
}

void run_coordinator(const DatagenOptions& options, const RunSetup& setup, OutputState& output,
                     RemoteWorkers* remote) {
  std::deque<std::int64_t> queue;
  for (const Row& row : output.rows) {
    if (std::get<std::int64_t>(row.cells[1]) < 0) queue.push_back(row.sample);
  }
  const auto total = static_cast<std::int64_t>(output.rows.size());
  Progress progress(options.progress, total, output.finished);
  auto last_refresh = std::chrono::steady_clock::now();
  double refresh_cost_s = 0.0;  // wall time of the last .h5 rebuild
  bool dirty = false;
  bool unsynced = false;
  const auto rebuild = [&] {
    const auto start = std::chrono::steady_clock::now();
    write_dataset_file(options.out_path, setup.info, setup.columns, output.rows);
    last_refresh = std::chrono::steady_clock::now();
    refresh_cost_s = std::chrono::duration<double>(last_refresh - start).count();
    dirty = false;
  };

  const auto record = [&](Row row) {
    const auto index = static_cast<std::size_t>(row.sample);
    if (row.sample < 0 || row.sample >= total || std::get<std::int64_t>(output.rows[index].cells[1]) >= 0) {
      throw std::runtime_error("datagen: a worker returned sample " + std::to_string(row.sample) +
                               ", which is out of range or already finished");
    }
    output.journal->write_line(encode_row(row));
    output.rows[index] = std::move(row);
    ++output.finished;
    unsynced = true;
    progress.update(output.finished);
  };
  const auto next = [&]() -> std::optional<std::int64_t> {
    if (queue.empty()) return std::nullopt;
    const std::int64_t index = queue.front();
    queue.pop_front();
    return index;
  };

  std::list<SampleRun> running;
  auto pause = std::chrono::microseconds(1000);
  while (output.finished < total || (remote != nullptr && !remote->all_finished())) {
    bool progressed = false;
    while (static_cast<int>(running.size()) < options.jobs) {
      const std::optional<std::int64_t> index = next();
      if (!index) break;
      running.emplace_back(setup.context, *index);
      progressed = true;
    }
    for (auto it = running.begin(); it != running.end();) {
      if (it->poll()) {
        record(it->row());
        it = running.erase(it);
        progressed = true;
      } else {
        ++it;
      }
    }
    if (remote != nullptr) {
      progressed = remote->service(next, [&](const std::string& line) {
        Row row;
        if (!decode_row(line, setup.columns, row)) throw std::runtime_error("datagen: a worker sent a malformed row");
        record(std::move(row));
      }) || progressed;
    }
    if (unsynced) {
      // One fdatasync for every row of this round (group commit): at scale, rows arrive
      // faster than one sync each would allow.
      output.journal->sync();
      unsynced = false;
      dirty = true;
    }
    // A rebuild costs O(N): space rebuilds so they take at most a tenth of the time
    // (unless asked for after every round with --refresh-s 0).
    const double since_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - last_refresh).count();
    const bool due = options.refresh_s == 0.0 || since_s >= std::max(options.refresh_s, 9.0 * refresh_cost_s);
    if (dirty && due) rebuild();
    if (progressed) {
      pause = std::chrono::microseconds(1000);
    } else {
      // Nothing finished and nobody asked: wait a little (children and MPI are polled).
      std::this_thread::sleep_for(pause);
      if (pause < std::chrono::milliseconds(20)) pause *= 2;
    }
  }
  rebuild();
  progress.finish(output.finished);
}

}  // namespace sextant
