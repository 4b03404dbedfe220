// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <string>
#include <vector>

#include "surrogate/dataset_schema.h"
#include "surrogate/run_identity.h"

namespace sextant {

/// Root attributes beyond the run identity, written as text.
struct DatasetInfo {
  RunIdentity identity;
  std::string space_name;
  std::string space_file;
  std::string sampler;
  std::string mapping_policy;
};

/// Writes the whole dataset (one row per sample, in sample order) to `path` atomically:
/// a temporary file next to it is written, fsync'd and renamed over `path`, so a reader
/// or a kill never sees a half-written file. Every column is a chunked, extendible 1-D
/// dataset with `units` and `description` attributes. Throws std::runtime_error (HDF5's
/// error stack is silenced and its message carried over).
void write_dataset_file(const std::string& path, const DatasetInfo& info, const std::vector<Column>& columns,
                        const std::vector<Row>& rows);

/// A dataset read back as text (numbers with round-trip precision), for tests and checks.
struct DatasetContents {
  std::map<std::string, std::string> attributes;             ///< root attributes
  std::map<std::string, std::vector<std::string>> columns;   ///< path -> values
  std::map<std::string, std::string> units;                  ///< path -> units attribute
};

/// Reads every 1-D dataset under the root. Throws ConfigError (file = path) when the file
/// is not a readable HDF5 file (truncated, corrupt, missing).
DatasetContents read_dataset_file(const std::string& path);

/// The run identity stored in a dataset file's attributes. Throws ConfigError when the
/// file is unreadable or was not written by sextant-datagen.
RunIdentity read_dataset_identity(const std::string& path);

/// Silences HDF5's automatic error-stack printing (call once before any HDF5 use).
void silence_hdf5_errors();

}  // namespace sextant
