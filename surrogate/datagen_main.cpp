// SPDX-License-Identifier: Apache-2.0
// sextant-datagen: sample a design space, evaluate every (design, op, mapping) sample in
// its own worker process, and write a columnar HDF5 dataset; also under mpirun.
#include <mpi.h>
#include <unistd.h>

#include <climits>
#include <iostream>
#include <string>

#include <boost/program_options.hpp>

#include "surrogate/coordinator.h"
#include "surrogate/mpi_workers.h"
#include "tlm/core/cli_guard.h"
#include "tlm/core/config_error.h"

namespace po = boost::program_options;

namespace sextant {
namespace {


std::string self_path(const char* argv0) {
  char buffer[PATH_MAX];
  const ssize_t length = readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  if (length <= 0) return argv0;
  return std::string(buffer, static_cast<std::size_t>(length));
}

/// Returns false when --help was printed.
bool parse_options(int argc, char** argv, DatagenOptions& options) {
  std::string progress = "auto";
  po::options_description description(
      "sextant-datagen: sample a design space and write an HDF5 training dataset, one row per\n"
      "(design, op, mapping) sample. Under `mpirun -np K` the samples are spread over the ranks;\n"
      "rank 0 writes the file. Exit status: 0 success, 2 bad input, 3 internal error.\n\nOptions");
  description.add_options()
      ("help,h", "print this help")
      ("space", po::value(&options.space_path)->required(), "design-space YAML (e.g. yaml/spaces/tiny-test.yaml)")
      ("samples", po::value(&options.samples)->required(), "number of samples (rows)")
      ("out", po::value(&options.out_path)->required(), "output HDF5 file; its journal is <out>.journal")
      ("jobs,j", po::value(&options.jobs)->default_value(1), "evaluations in flight per process")
      ("seed", po::value(&options.seed)->default_value(1), "seed of the sampler and of every row")
      ("fidelity", po::value(&options.fidelity), "both | analytical | tlm (default: the space's fidelities)")
      ("timeout-s", po::value(&options.timeout_s)->default_value(600.0), "wall-clock limit per evaluation, s (0 = none)")
      ("resume", po::bool_switch(&options.resume), "continue the run recorded in <out>.journal")
      ("progress", po::value(&progress)->default_value("auto"), "auto | always | never")
      ("refresh-s", po::value(&options.refresh_s)->default_value(10.0),
       "rebuild the .h5 from the journal at most this often, s (0 = whenever samples finished)")
      ("sim", po::value(&options.sim_path), "the sextant-sim worker (default: next to this executable)")
      ("temp-dir", po::value(&options.temp_root)->default_value("/tmp"), "folder for the workers' scratch folders");
  po::variables_map variables;
  po::store(po::parse_command_line(argc, argv, description), variables);
  if (variables.count("help") != 0) {
    std::cout << description << "\n";
    return false;
  }
  po::notify(variables);
  if (progress == "auto") {
    options.progress = ProgressMode::kAuto;
  } else if (progress == "always") {
    options.progress = ProgressMode::kAlways;
  } else if (progress == "never") {
    options.progress = ProgressMode::kNever;
  } else {
    throw ConfigError(SourceLocation{"command line", 0, 0}, "--progress", "one of auto, always, never", "'" + progress + "'");
  }
  if (options.refresh_s < 0.0) {
    throw ConfigError(SourceLocation{"command line", 0, 0}, "--refresh-s", "a number >= 0", std::to_string(options.refresh_s));
  }
  if (options.sim_path.empty()) options.sim_path = default_sim_path(self_path(argv[0]));
  return true;
}

int run_single(const DatagenOptions& options) {
  return run_guarded([&] {
    const std::unique_ptr<RunSetup> setup = make_run_setup(options, true);
    OutputState output = open_output(options, *setup);
    run_coordinator(options, *setup, output, nullptr);
    return kExitOk;
  });
}

int run_mpi(const DatagenOptions& options) {
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  std::unique_ptr<RunSetup> setup;
  OutputState output;
  // Rank 0 alone checks the inputs and opens the output; every rank learns the verdict,
  // so bad input ends all ranks with one message and status 2.
  int status = kExitOk;
  if (rank == 0) {
    status = run_guarded([&] {
      setup = make_run_setup(options, true);
      output = open_output(options, *setup);
      return kExitOk;
    });
  }
  MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (status != kExitOk) return status;
  status = run_guarded([&] {
    if (rank == 0) {
      MpiRemoteWorkers remote(ranks);
      run_coordinator(options, *setup, output, &remote);
    } else {
      setup = make_run_setup(options, false);
      run_mpi_worker(*setup, options.jobs);
    }
    return kExitOk;
  });
  // An internal error on one rank would leave the others waiting for it forever.
  if (status != kExitOk) MPI_Abort(MPI_COMM_WORLD, status);
  return status;
}

}  // namespace
}  // namespace sextant

int main(int argc, char** argv) {
  sextant::silence_hdf5_errors();
  sextant::DatagenOptions options;
  int status = sextant::run_guarded([&] { return sextant::parse_options(argc, argv, options) ? -1 : sextant::kExitOk; });
  if (status != -1) return status;
  if (!sextant::launched_by_mpirun()) return sextant::run_single(options);
  MPI_Init(&argc, &argv);
  status = sextant::run_mpi(options);
  MPI_Finalize();
  return status;
}
