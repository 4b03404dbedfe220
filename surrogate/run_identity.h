// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>

namespace sextant {

/// What makes two runs the same dataset: a journal or an .h5 file may only be resumed by
/// a run with an equal identity.
struct RunIdentity {
  int schema_version = 0;
  std::string space_yaml;   ///< the space file's text
  std::uint64_t seed = 0;
  std::int64_t samples = 0;
  std::string fidelities;   ///< e.g. "tlm" or "analytical,tlm"
  std::string generator_version;  ///< recorded, not compared (a rebuild must not block resume)
};

/// "" when the two describe the same dataset, else the first difference, e.g.
/// "seed 7, this run 1" (`theirs` first).
std::string identity_difference(const RunIdentity& theirs, const RunIdentity& ours);

}  // namespace sextant
