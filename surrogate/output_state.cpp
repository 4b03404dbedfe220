// SPDX-License-Identifier: Apache-2.0
#include "surrogate/output_state.h"

#include <sys/stat.h>

#include <cstdio>

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

}  // namespace sextant
