// SPDX-License-Identifier: Apache-2.0
#include "tests/cli/cli_test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>

namespace sextant::testing_support {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string temp_dir() {
  static const std::string dir = [] {
    char pattern[] = "/tmp/sextant-cli-test-XXXXXX";
    const char* made = mkdtemp(pattern);
    if (made == nullptr) throw std::runtime_error("cannot create a temporary folder");
    return std::string(made);
  }();
  return dir;
}

std::string write_temp_file(const std::string& name, const std::string& text) {
  const std::string path = temp_dir() + "/" + name;
  std::ofstream out(path);
  out << text;
  return path;
}

CommandResult run_command(const std::string& command_line) {
  const std::string err_path = temp_dir() + "/stderr.txt";
  const std::string full = command_line + " 2>" + err_path;
  CommandResult result;
  FILE* pipe = popen(full.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed");
  char buffer[4096];
  std::size_t read = 0;
  while ((read = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, read);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.error = read_file(err_path);
  return result;
}

nlohmann::json run_sim_json(const std::string& sim, const std::string& args, const std::string& output_name) {
  const std::string output = write_temp_file(output_name, "");
  const CommandResult result = run_command(sim + " --quiet --output " + output + " " + args);
  EXPECT_EQ(result.exit_code, 0) << args << "\n" << result.output << result.error;
  if (result.exit_code != 0) return nlohmann::json::object();
  return nlohmann::json::parse(read_file(output));
}

DumpRoundTrip dump_config_round_trip(const std::string& sim, const std::string& args, const std::string& name) {
  DumpRoundTrip trip;
  trip.first = run_command(sim + " " + args + " --dump-config");
  if (trip.first.exit_code != 0) return trip;
  trip.second = run_command(sim + " --arch " + write_temp_file(name, trip.first.output) + " --dump-config");
  return trip;
}

std::string source_path(const std::string& relative) { return std::string(SEXTANT_SOURCE_DIR) + "/" + relative; }

}  // namespace sextant::testing_support
