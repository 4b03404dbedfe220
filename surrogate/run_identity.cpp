// SPDX-License-Identifier: Apache-2.0
#include "surrogate/run_identity.h"

namespace sextant {

std::string identity_difference(const RunIdentity& theirs, const RunIdentity& ours) {
  if (theirs.schema_version != ours.schema_version) {
    return "dataset schema version " + std::to_string(theirs.schema_version) + ", this build writes " +
           std::to_string(ours.schema_version);
  }
  if (theirs.space_yaml != ours.space_yaml) return "a different design space (its space YAML differs from this run's)";
  if (theirs.seed != ours.seed) return "seed " + std::to_string(theirs.seed) + ", this run " + std::to_string(ours.seed);
  if (theirs.samples != ours.samples) {
    return std::to_string(theirs.samples) + " samples, this run " + std::to_string(ours.samples);
  }
  if (theirs.fidelities != ours.fidelities) return "fidelities " + theirs.fidelities + ", this run " + ours.fidelities;
  return "";
}

}  // namespace sextant
