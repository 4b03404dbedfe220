// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sextant::testing_support {

struct CommandResult {
  int exit_code = -1;
  std::string output;  ///< stdout
  std::string error;   ///< stderr
};

/// Runs a command line through /bin/sh, capturing stdout and stderr separately.
CommandResult run_command(const std::string& command_line);

/// Writes text to a fresh file under the test's temporary folder; returns its path.
std::string write_temp_file(const std::string& name, const std::string& text);

/// Reads a whole file.
std::string read_file(const std::string& path);

/// `sim ARGS --dump-config`, then the dump read back and dumped again: a round trip keeps
/// the text when both are equal. A failed run gives its stderr instead of the dump.
struct DumpRoundTrip {
  CommandResult first;
  CommandResult second;
};
DumpRoundTrip dump_config_round_trip(const std::string& sim, const std::string& args, const std::string& name);

/// `sim --quiet --output FILE ARGS` and the JSON Result it wrote; a failed run is a test
/// failure (with the run's stdout and stderr) and gives an empty object.
nlohmann::json run_sim_json(const std::string& sim, const std::string& args, const std::string& output_name);

/// Repository path of a shipped file, e.g. "yaml/arch/gemmini-default-like.yaml".
std::string source_path(const std::string& relative);

}  // namespace sextant::testing_support
