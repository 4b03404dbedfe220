// SPDX-License-Identifier: Apache-2.0
// sextant-datagen as users run it: reproducibility across -j and MPI ranks, crash safety
// under SIGKILL with --resume, and bad input. Uses the tiny test space (ops of ~0.05 s).
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "surrogate/dataset_file.h"
#include "surrogate/evaluate.h"
#include "tests/cli/cli_test_support.h"
#include "tlm/core/config_error.h"

extern char** environ;

namespace sextant {
namespace {

using testing_support::CommandResult;
using testing_support::run_command;
using testing_support::source_path;

const std::string kDatagen = SEXTANT_DATAGEN_PATH;
const std::string kSpace = source_path("yaml/spaces/tiny-test.yaml");

/// A fresh folder per test (tests run in parallel processes).
std::string test_dir() {
  static const std::string dir = [] {
    char pattern[] = "/tmp/sextant-datagen-test-XXXXXX";
    const char* made = mkdtemp(pattern);
    if (made == nullptr) throw std::runtime_error("cannot create a temporary folder");
    return std::string(made);
  }();
  return dir;
}

std::string datagen_command(const std::string& out, const std::string& extra, const std::string& space = kSpace) {
  return kDatagen + " --space " + space + " --out " + out + " --progress never " + extra;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool exists(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0;
}

/// Every column but timing/ (the one group exempt from reproducibility), and every attribute.
void expect_same_dataset(const DatasetContents& expected, const DatasetContents& actual) {
  EXPECT_EQ(expected.attributes, actual.attributes);
  for (const auto& [path, values] : expected.columns) {
    if (path.rfind("timing/", 0) == 0) continue;
    ASSERT_EQ(actual.columns.count(path), 1u) << path;
    EXPECT_EQ(actual.columns.at(path), values) << path;
  }
  EXPECT_EQ(expected.columns.size(), actual.columns.size());
}

DatasetContents reference(const std::string& name, int samples) {
  const std::string out = test_dir() + "/" + name + ".h5";
  const CommandResult result = run_command(datagen_command(out, "--samples " + std::to_string(samples) + " -j 1"));
  EXPECT_EQ(result.exit_code, 0) << result.error;
  return read_dataset_file(out);
}

/// A space's text with its ../arch and ../workloads paths made absolute, to move it elsewhere.
std::string absolute_paths(std::string text) {
  for (const char* folder : {"arch/", "workloads/"}) {
    const std::string relative = std::string("../") + folder;
    for (std::size_t at = text.find(relative); at != std::string::npos; at = text.find(relative, at)) {
      text.replace(at, relative.size(), source_path(std::string("yaml/") + folder));
    }
  }
  return text;
}

TEST(DatagenCli, HelpExitsZero) {
  const CommandResult result = run_command(kDatagen + " --help");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.output.find("--resume"), std::string::npos);
}

TEST(DatagenCli, DatasetHasEveryGroupAndUnits) {
  const DatasetContents data = reference("layout", 6);
  for (const char* column : {"sample", "status", "seed", "reason", "arch/design_id", "arch/pe_array.rows",
                             "workload/network", "workload/op_index", "mapping/yaml", "hifi/latency_cycles",
                             "lowfi/latency_cycles", "timing/hifi_wall_s"}) {
    ASSERT_EQ(data.columns.count(column), 1u) << column;
    EXPECT_EQ(data.columns.at(column).size(), 6u) << column;
    EXPECT_EQ(data.units.count(column), 1u) << column;
  }
  EXPECT_EQ(data.units.at("hifi/latency_ns"), "ns");
  EXPECT_EQ(data.units.at("arch/buffers.0.size"), "KiB");
  EXPECT_EQ(data.attributes.at("schema_version"), "2");
  EXPECT_EQ(data.attributes.at("seed"), "1");
  EXPECT_EQ(data.attributes.at("space_yaml"), testing_support::read_file(kSpace));
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(data.columns.at("sample")[static_cast<std::size_t>(i)], std::to_string(i));
    EXPECT_EQ(data.columns.at("arch/design_id")[static_cast<std::size_t>(i)], std::to_string(i / 3));
    EXPECT_EQ(data.columns.at("workload/op_index")[static_cast<std::size_t>(i)], std::to_string(i % 3));
    EXPECT_EQ(data.columns.at("status")[static_cast<std::size_t>(i)], "0");
    EXPECT_EQ(data.columns.at("lowfi/latency_cycles")[static_cast<std::size_t>(i)], "nan");  // not evaluated
  }
}

TEST(DatagenCli, ReproducibleAcrossJobsAndRanks) {
  const DatasetContents expected = reference("ref", 14);
  const std::string two = test_dir() + "/j2.h5";
  CommandResult result = run_command(datagen_command(two, "--samples 14 -j 2"));
  ASSERT_EQ(result.exit_code, 0) << result.error;
  expect_same_dataset(expected, read_dataset_file(two));

  const std::string mpi = test_dir() + "/mpi.h5";
  result = run_command("mpirun --oversubscribe --allow-run-as-root -np 3 " + datagen_command(mpi, "--samples 14"));
  ASSERT_EQ(result.exit_code, 0) << result.error;
  expect_same_dataset(expected, read_dataset_file(mpi));
}

TEST(DatagenCli, SeedChangesTheDesigns) {
  const DatasetContents a = reference("seed1", 6);
  const std::string out = test_dir() + "/seed2.h5";
  ASSERT_EQ(run_command(datagen_command(out, "--samples 6 --seed 2")).exit_code, 0);
  const DatasetContents b = read_dataset_file(out);
  EXPECT_NE(a.columns.at("arch/buffers.0.size"), b.columns.at("arch/buffers.0.size"));
  EXPECT_NE(a.columns.at("seed"), b.columns.at("seed"));
}

/// Starts datagen in the background (posix_spawn, as the tool itself does).
pid_t start_datagen(const std::string& command) {
  const std::string shell_command = "exec " + command + " 2>/dev/null";
  std::vector<std::string> storage = {"/bin/sh", "-c", shell_command};
  std::vector<char*> argv;
  for (std::string& arg : storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, "/bin/sh", nullptr, nullptr, argv.data(), environ) != 0) return -1;
  return pid;
}

/// Finished samples recorded in a journal: its complete lines after the header.
int journal_rows(const std::string& path) {
  const std::string text = read_bytes(path);
  const auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  return lines > 0 ? lines - 1 : 0;
}

TEST(DatagenCli, SurvivesSigkillAndResumesToTheSameDataset) {
  constexpr int kSamples = 60;
  const DatasetContents expected = reference("uninterrupted", kSamples);
  const std::string out = test_dir() + "/killed.h5";
  // Kill moments are random in progress, not in time, so that all five kills land mid-run
  // on any machine: round r waits until the journal holds a random number of rows beyond
  // the previous round's, then waits a random 0-30 ms more (inside a sample or a write).
  std::mt19937 random(12345);
  std::uniform_int_distribution<int> step(1, 8);
  std::uniform_int_distribution<int> extra_ms(0, 30);
  int target = 0;
  int kills = 0;
  std::map<std::size_t, std::string> kept_timing;  // row -> its wall time when first seen finished
  for (int round = 0; round < 5; ++round) {
    // Workers of a killed run finish on their own; their scratch folders go to our folder.
    const std::string extra = std::string("--samples ") + std::to_string(kSamples) + " -j 2 --refresh-s 0 --temp-dir " +
                              test_dir() + (round == 0 ? "" : " --resume");
    target += step(random);
    const pid_t pid = start_datagen(datagen_command(out, extra));
    ASSERT_GT(pid, 0);
    int status = 0;
    bool ended = false;
    while (!ended && (!exists(out) || journal_rows(out + ".journal") < target)) {
      ended = waitpid(pid, &status, WNOHANG) == pid;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(extra_ms(random)));
    if (!ended && waitpid(pid, &status, WNOHANG) == 0) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      ++kills;
    }
    // The file opens and every finished sample in it is exactly the uninterrupted one.
    const DatasetContents partial = read_dataset_file(out);
    const std::vector<std::string>& statuses = partial.columns.at("status");
    ASSERT_EQ(statuses.size(), static_cast<std::size_t>(kSamples));
    for (std::size_t i = 0; i < statuses.size(); ++i) {
      if (statuses[i] == "-1") continue;
      kept_timing[i] = partial.columns.at("timing/hifi_wall_s")[i];
      for (const auto& [path, values] : expected.columns) {
        if (path.rfind("timing/", 0) == 0) continue;
        EXPECT_EQ(partial.columns.at(path)[i], values[i]) << path << " row " << i << " round " << round;
      }
    }
  }
  EXPECT_EQ(kills, 5);
  const CommandResult result = run_command(datagen_command(out, "--samples " + std::to_string(kSamples) + " --resume"));
  ASSERT_EQ(result.exit_code, 0) << result.error;
  DatasetContents finished = read_dataset_file(out);
  expect_same_dataset(expected, finished);
  // Samples finished before a kill were kept, not run again: their measured times survive.
  EXPECT_FALSE(kept_timing.empty());
  for (const auto& [row, timing] : kept_timing) EXPECT_EQ(finished.columns.at("timing/hifi_wall_s")[row], timing) << row;
}

TEST(DatagenCli, InvalidSpaceYaml) {
  const std::string space = testing_support::write_temp_file(
      "bad-space.yaml", "name: bad\nbase_arch: " + source_path("yaml/arch/gemmini-default-like.yaml") +
                            "\nparameters:\n  - {key: pe_array.rows, pow2: [4, 12]}\nworkloads:\n  - network: " +
                            source_path("yaml/workloads/tiny-ops.yaml") + "\n");
  const std::string out = test_dir() + "/bad-space.h5";
  const CommandResult result = run_command(datagen_command(out, "--samples 3", space));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.error.find("bad-space.yaml:4:"), std::string::npos) << result.error;
  EXPECT_NE(result.error.find("parameters.0.pow2"), std::string::npos) << result.error;
  EXPECT_EQ(std::count(result.error.begin(), result.error.end(), '\n'), 1) << result.error;
  EXPECT_FALSE(exists(out));
  EXPECT_FALSE(exists(out + ".journal"));
}

TEST(DatagenCli, BadInputUnderMpiEndsEveryRankWithTwo) {
  const CommandResult result = run_command("mpirun --oversubscribe --allow-run-as-root -np 2 " +
                                           datagen_command("/nonexistent-folder/x.h5", "--samples 3"));
  EXPECT_EQ(result.exit_code, 2);
  // One line from us (rank 0 only); mpirun adds its own banner after it.
  const std::string ours = "error: /nonexistent-folder/x.h5.journal";
  const std::size_t first = result.error.find(ours);
  ASSERT_NE(first, std::string::npos) << result.error;
  EXPECT_EQ(result.error.find(ours, first + 1), std::string::npos) << result.error;
}

TEST(DatagenCli, ProgressBarAndPlainLines) {
  const std::string bar_out = test_dir() + "/bar.h5";
  CommandResult result = run_command(kDatagen + " --space " + kSpace + " --out " + bar_out + " --samples 3 --progress always");
  ASSERT_EQ(result.exit_code, 0) << result.error;
  EXPECT_NE(result.error.find("\r["), std::string::npos) << result.error;
  EXPECT_NE(result.error.find("3/3 samples (100.0%)"), std::string::npos) << result.error;
  EXPECT_NE(result.error.find("samples/s"), std::string::npos) << result.error;
  // Not a terminal (the test captures stderr): auto gives plain lines, the last one at the end.
  const std::string plain_out = test_dir() + "/plain.h5";
  result = run_command(kDatagen + " --space " + kSpace + " --out " + plain_out + " --samples 3");
  ASSERT_EQ(result.exit_code, 0) << result.error;
  EXPECT_EQ(result.error.find('\r'), std::string::npos) << result.error;
  EXPECT_NE(result.error.find("datagen: 3/3 samples (100.0%)"), std::string::npos) << result.error;
  const std::string quiet_out = test_dir() + "/quiet.h5";
  result = run_command(datagen_command(quiet_out, "--samples 3"));
  EXPECT_EQ(result.error, "");
}

TEST(DatagenCli, UnwritableOutput) {
  const CommandResult result = run_command(datagen_command("/nonexistent-folder/x.h5", "--samples 3"));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.error.find("/nonexistent-folder/x.h5"), std::string::npos) << result.error;
}

TEST(DatagenCli, BadOptions) {
  for (const char* extra : {"--samples 0", "--samples 3 -j 0", "--samples 3 --progress sometimes",
                            "--samples 3 --fidelity hifi", "--samples x"}) {
    const CommandResult result = run_command(datagen_command(test_dir() + "/opt.h5", extra));
    EXPECT_EQ(result.exit_code, 2) << extra;
    EXPECT_EQ(std::count(result.error.begin(), result.error.end(), '\n'), 1) << extra << ": " << result.error;
  }
}

TEST(DatagenCli, BothFidelitiesFillLowfiAndHifi) {
  const std::string out = test_dir() + "/both.h5";
  const CommandResult result = run_command(datagen_command(out, "--samples 6 -j 2 --fidelity both"));
  ASSERT_EQ(result.exit_code, 0) << result.error;
  const DatasetContents data = read_dataset_file(out);
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(data.columns.at("status")[i], "0");
    for (const char* group : {"lowfi/", "hifi/"}) {
      for (const char* metric : {"latency_cycles", "macs", "energy_pj", "dram_bytes_read"}) {
        const std::string column = std::string(group) + metric;
        EXPECT_NE(data.columns.at(column)[i], "nan") << column << " row " << i;
        EXPECT_GT(std::stod(data.columns.at(column)[i]), 0.0) << column << " row " << i;
      }
    }
    // Both fidelities evaluate the same op, mapping and design: the same MACs and DRAM bytes.
    EXPECT_EQ(data.columns.at("lowfi/macs")[i], data.columns.at("hifi/macs")[i]);
    EXPECT_EQ(data.columns.at("lowfi/dram_bytes_read")[i], data.columns.at("hifi/dram_bytes_read")[i]);
  }
  EXPECT_EQ(data.units.at("hifi/energy_pj"), "pJ");
}

/// The test space with extra top-level keys, its paths made absolute.
std::string space_variant(const std::string& name, const std::string& extra) {
  std::string text = absolute_paths(testing_support::read_file(kSpace));
  const std::string mapping_line = "mapping: default\n";
  const auto at = text.find(mapping_line);
  if (at != std::string::npos) text.erase(at, mapping_line.size());
  return testing_support::write_temp_file(name, text + extra);
}

TEST(DatagenCli, RandomAndBestMappingPoliciesAreValidAndReproducible) {
  for (const std::string policy : {"random", "best", "both"}) {
    const std::string space = space_variant("policy-" + policy + ".yaml", "mapping: " + policy + "\n");
    const std::string one = test_dir() + "/policy-" + policy + "-1.h5";
    const std::string two = test_dir() + "/policy-" + policy + "-2.h5";
    ASSERT_EQ(run_command(datagen_command(one, "--samples 6 -j 1", space)).exit_code, 0) << policy;
    ASSERT_EQ(run_command(datagen_command(two, "--samples 6 -j 2", space)).exit_code, 0) << policy;
    const DatasetContents first = read_dataset_file(one);
    expect_same_dataset(first, read_dataset_file(two));
    for (std::size_t i = 0; i < 6; ++i) {
      EXPECT_EQ(first.columns.at("status")[i], "0") << first.columns.at("reason")[i];
      const std::string& applied = first.columns.at("mapping/policy")[i];
      if (policy == "both") {
        EXPECT_TRUE(applied == "random" || applied == "best") << applied;
      } else {
        EXPECT_EQ(applied, policy);
      }
      EXPECT_EQ(first.columns.at("mapping/valid")[i], "1");
    }
  }
}

TEST(DatagenCli, BudgetsMarkRowsOverBudgetAndKeepThem) {
  const std::string space = space_variant("budget.yaml", "mapping: default\nconstraints: {max_area_mm2: 0.000001}\n");
  const std::string out = test_dir() + "/budget.h5";
  ASSERT_EQ(run_command(datagen_command(out, "--samples 3", space)).exit_code, 0);
  const DatasetContents data = read_dataset_file(out);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(data.columns.at("status")[i], "6");  // over_budget
    EXPECT_NE(data.columns.at("reason")[i].find("exceeds the budget"), std::string::npos);
  }
}

TEST(DatagenCli, ExistingOutputIsNeverOverwritten) {
  const std::string out = test_dir() + "/existing.h5";
  ASSERT_EQ(run_command(datagen_command(out, "--samples 3")).exit_code, 0);
  const std::string before = read_bytes(out);
  const std::string journal_before = read_bytes(out + ".journal");

  // Without --resume.
  CommandResult result = run_command(datagen_command(out, "--samples 3"));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.error.find("--resume"), std::string::npos) << result.error;

  // --resume from another space, another seed, another sample count.
  const std::string other_space = testing_support::write_temp_file(
      "other-space.yaml", absolute_paths(testing_support::read_file(kSpace)) + "# another space\n");
  result = run_command(datagen_command(out, "--samples 3 --resume", other_space));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.error.find("different design space"), std::string::npos) << result.error;
  result = run_command(datagen_command(out, "--samples 3 --resume --seed 9"));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.error.find("seed 1, this run 9"), std::string::npos) << result.error;
  result = run_command(datagen_command(out, "--samples 4 --resume"));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(read_bytes(out), before);
  EXPECT_EQ(read_bytes(out + ".journal"), journal_before);
}

TEST(DatagenCli, TruncatedFileOnResume) {
  const std::string out = test_dir() + "/truncated.h5";
  ASSERT_EQ(run_command(datagen_command(out, "--samples 3")).exit_code, 0);
  const std::string whole = read_bytes(out);
  std::ofstream(out, std::ios::binary | std::ios::trunc) << whole.substr(0, whole.size() / 2);
  const std::string truncated = read_bytes(out);
  const std::string journal_before = read_bytes(out + ".journal");
  const CommandResult result = run_command(datagen_command(out, "--samples 3 --resume"));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.error.find("truncated or corrupt"), std::string::npos) << result.error;
  EXPECT_EQ(std::count(result.error.begin(), result.error.end(), '\n'), 1) << result.error;
  EXPECT_EQ(read_bytes(out), truncated);
  EXPECT_EQ(read_bytes(out + ".journal"), journal_before);
}

TEST(DatagenCli, ResumeOfAFinishedRunChangesNothing) {
  const std::string out = test_dir() + "/done.h5";
  ASSERT_EQ(run_command(datagen_command(out, "--samples 3")).exit_code, 0);
  const DatasetContents before = read_dataset_file(out);
  ASSERT_EQ(run_command(datagen_command(out, "--samples 3 --resume")).exit_code, 0);
  const DatasetContents after = read_dataset_file(out);
  EXPECT_EQ(before.columns, after.columns);  // timing included: nothing was re-run
}

}  // namespace
}  // namespace sextant
