// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "surrogate/coordinator.h"

namespace sextant {

/// Whether this process was started by mpirun (OpenMPI or a PMI launcher). Only then does
/// sextant-datagen call MPI_Init, so a plain run needs no MPI runtime.
bool launched_by_mpirun();

/// The coordinator's view of ranks 1..K-1 over MPI (rank 0 is the single writer).
/// Protocol, all point-to-point on MPI_COMM_WORLD:
///   worker -> 0  kTagRequest  a finished row's line (or "" at start): also asks for work
///   worker -> 0  kTagRow      a finished row's line, no request (the worker was told stop)
///   0 -> worker  kTagWork     one int64 sample index
///   0 -> worker  kTagStop     no more work for that request
///   worker -> 0  kTagBye      all its requests answered and its samples returned
class MpiRemoteWorkers : public RemoteWorkers {
 public:
  explicit MpiRemoteWorkers(int ranks) : m_workers(ranks - 1) {}
  bool service(const std::function<std::optional<std::int64_t>()>& next,
               const std::function<void(const std::string& line)>& on_row) override;
  bool all_finished() const override { return m_byes == m_workers; }

 private:
  int m_workers;
  int m_byes = 0;
};

/// A worker rank: asks rank 0 for `jobs` samples at a time, evaluates them with
/// SampleRun (each TLM point in its own sextant-sim process), returns each row as a
/// message, and polls its children and MPI with short sleeps in between.
void run_mpi_worker(const RunSetup& setup, int jobs);

}  // namespace sextant
