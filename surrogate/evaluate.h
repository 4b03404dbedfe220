// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "surrogate/child_process.h"
#include "surrogate/design_space.h"
#include "tlm/core/arch_config.h"
#include "tlm/core/result.h"
#include "workloads/mapping.h"
#include "workloads/op.h"

namespace sextant {

/// Outcome of evaluating one point. The numeric codes are stored in the dataset's
/// status columns; never renumber them (add new ones at the end).
enum class EvalStatus : std::int32_t {
  kPending = -1,        ///< not evaluated (yet)
  kOk = 0,
  kInvalidDesign = 1,   ///< the sampled arch does not validate (e.g. size not divisible by banks)
  kInvalidMapping = 2,  ///< no valid mapping for this op on this design
  kFailed = 3,          ///< the model reported an error (sextant-sim exit 1 or 3, unreadable result)
  kTimeout = 4,         ///< killed at the wall-clock limit
  kCrashed = 5,         ///< the worker died from a signal
  kOverBudget = 6,      ///< the design breaks the space's area or power budget (values kept)
};
const char* eval_status_name(EvalStatus status);  // "pending", "ok", "invalid_design", ...

/// evaluate()'s answer: a Result for the op, or a reason (Timeloop's fail_reason style).
struct Evaluation {
  EvalStatus status = EvalStatus::kPending;
  std::string reason;   ///< why, when status != kOk (one line)
  OpResult result;      ///< the op's per-instance Result when status == kOk
  double wall_s = 0.0;  ///< wall-clock time of the evaluation, s
};

/// Where the worker executable is and how long one point may take.
struct EvaluatorOptions {
  std::string sim_path;    ///< the sextant-sim executable
  double timeout_s = 0.0;  ///< wall-clock limit per point, s (0 = none)
  std::string temp_root = "/tmp";  ///< parent folder of each point's scratch folder
  /// Appended to the worker's command line (e.g. --dram-iterations N for sextant-validate).
  std::vector<std::string> extra_args;
};

/// One evaluation running in its own sextant-sim process (never blocks). Ask/tell
/// friendly: start many, poll them, collect each Evaluation when done.
class EvaluationJob {
 public:
  /// Checks the mapping first (an invalid one finishes at once, no process); otherwise
  /// writes arch, one-op workload and mapping YAML to a scratch folder and spawns the
  /// worker. Spawn failures throw std::runtime_error (a broken installation, not a point).
  EvaluationJob(const EvaluatorOptions& options, const ArchConfig& arch, const Op& op, const Mapping& mapping,
                Fidelity fidelity, std::uint64_t seed);
  ~EvaluationJob();
  EvaluationJob(const EvaluationJob&) = delete;
  EvaluationJob& operator=(const EvaluationJob&) = delete;

  /// True once the evaluation is finished (the worker's process has ended).
  bool poll();
  /// The outcome; valid after poll() returned true.
  const Evaluation& evaluation() const { return m_evaluation; }

 private:
  void finish();

  Evaluation m_evaluation;
  std::unique_ptr<ChildProcess> m_child;
  std::string m_dir;
  bool m_done = false;
};

/// The one call datagen and the explorer share: evaluate an op with a mapping on a design
/// at a fidelity, blocking until the worker is done.
Evaluation evaluate(const EvaluatorOptions& options, const ArchConfig& arch, const Op& op, const Mapping& mapping,
                    Fidelity fidelity, std::uint64_t seed);

/// A network YAML holding just this op (count 1), which load_network() reads back to the
/// same dims, strides, padding and dilation.
std::string single_op_network_yaml(const Op& op);

/// Writes the three inputs sextant-sim runs a point from into `dir` (which must exist):
/// arch.yaml, workload.yaml (the op alone) and mapping.yaml. Throws std::runtime_error
/// naming the file that cannot be written.
void write_point_inputs(const std::string& dir, const ArchConfig& arch, const Op& op, const Mapping& mapping);

/// Whether this sextant-sim build offers `--fidelity analytical` (asks its --help).
bool sim_supports_analytical(const std::string& sim_path);

}  // namespace sextant
