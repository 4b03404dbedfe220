// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "surrogate/journal.h"
#include "surrogate/run_setup.h"

namespace sextant {

/// The coordinator's output side: the journal (source of truth) and one row per sample.
struct OutputState {
  std::unique_ptr<Journal> journal;
  std::vector<Row> rows;        ///< all samples; unfinished ones are pending rows
  std::int64_t finished = 0;
};

/// Creates (or with --resume, checks and reopens) the journal `<out>.journal` and the
/// dataset `<out>`, never overwriting finished data. Throws ConfigError (exit 2) for an
/// existing output without --resume, an unwritable folder, a foreign or corrupt file.
OutputState open_output(const DatagenOptions& options, const RunSetup& setup);

}  // namespace sextant
