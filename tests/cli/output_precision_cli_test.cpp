// SPDX-License-Identifier: Apache-2.0
// pe_array.output_bits and buffers.N.keep_partial_sums: final outputs leave the chip at
// output precision, partial sums at accumulator precision, and resident partial sums never
// leave; the DMA's DRAM-side bytes are exact (byte conservation) and equal in the TLM and
// analytical models (ideal memory: the preset's LLC would keep the writes on chip).
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.h"

namespace sextant {
namespace {

using testing_support::read_file;
using testing_support::run_command;
using testing_support::source_path;
using testing_support::write_temp_file;

const std::string kSim = SEXTANT_SIM_PATH;

// A 1x1 conv, 32 -> 16 channels on 8 x 8: the DRAM loops split C in two outside two P halves,
// so each output half is stored once as partial sums, reloaded, and stored again.
const char* const kWorkload =
    "name: w\nops:\n  - {name: c, type: conv, batch: 1, in_channels: 32, out_channels: 16, in_h: 8, in_w: 8,"
    " kernel_h: 1, kernel_w: 1, stride: 1, padding: 0}\n";
const char* const kMapping =
    "mapping:\n"
    "  - {target: DRAM, type: temporal, factors: C=2 P=2, permutation: PC}\n"
    "  - {target: Accumulator, type: spatial, factors: K=16 C=16, permutation: KC, split: 1}\n"
    "  - {target: Registers, type: temporal, factors: P=4 Q=8, permutation: QP}\n";

nlohmann::json run(const std::string& name, const std::string& extra) {
  const std::string out = write_temp_file(name + ".json", "");
  const auto result =
      run_command(kSim + " --arch " + source_path("yaml/arch/gemmini-firesim-like-d16.yaml") +
                  " --set memory.model=ideal --set buffers.1.keep_partial_sums=false --set buffers.1.partial_sums_overflow=spill"
                  " --set controller.reload_unchanged_tiles=false --workload " + write_temp_file(name + "_w.yaml", kWorkload) +
                  " --mapping " + write_temp_file(name + "_m.yaml", kMapping) + " " + extra + " --quiet --output " + out);
  EXPECT_EQ(result.exit_code, 0) << result.error;
  return nlohmann::json::parse(read_file(out)).at("ops").at(0);
}

constexpr std::uint64_t kOutputs = 8 * 8 * 16;
constexpr std::uint64_t kInputs = 8 * 8 * 32;
constexpr std::uint64_t kWeights = 32 * 16;

TEST(OutputPrecisionCli, FinalOutputsAtOutputBitsPartialSumsAtAccumulatorBits) {
  for (const std::string fidelity : {"tlm", "analytical"}) {
    const nlohmann::json op = run("int8_" + fidelity, "--fidelity " + fidelity);
    // Two partial stores of half the outputs at 4 B, two final stores at 1 B.
    EXPECT_EQ(op.at("bytes_written").at("DRAM").get<std::uint64_t>(), kOutputs * 4 + kOutputs * 1) << fidelity;
    // Inputs and weights once each, the partial sums read back once at 4 B.
    EXPECT_EQ(op.at("bytes_read").at("DRAM").get<std::uint64_t>(), kInputs + kWeights + kOutputs * 4) << fidelity;
  }
  const nlohmann::json wide = run("int32", "--set pe_array.output_bits=32");
  EXPECT_EQ(wide.at("bytes_written").at("DRAM").get<std::uint64_t>(), 2 * kOutputs * 4);
}

TEST(OutputPrecisionCli, ResidentPartialSumsNeverLeaveTheChip) {
  for (const std::string fidelity : {"tlm", "analytical"}) {
    const nlohmann::json op = run("keep_" + fidelity, "--set buffers.1.keep_partial_sums=true --fidelity " + fidelity);
    EXPECT_EQ(op.at("bytes_written").at("DRAM").get<std::uint64_t>(), kOutputs) << fidelity;
    EXPECT_EQ(op.at("bytes_read").at("DRAM").get<std::uint64_t>(), kInputs + kWeights) << fidelity;
  }
}

// A 2 KiB accumulator holds one of the two 2 KiB output halves: with the reduction outside,
// spilling stores and reloads the partial sums; overwriting (Gemmini's software, which never
// stores a partial sum) lets the second half take the first one's region, so every output
// leaves once, at output precision, and nothing comes back.
TEST(OutputPrecisionCli, OverwrittenPartialSumsNeverLeaveTheChipEvenWhenTheyDoNotFit) {
  const std::string small = "--set buffers.1.size=2KiB --set buffers.1.keep_partial_sums=true ";
  for (const std::string fidelity : {"tlm", "analytical"}) {
    const nlohmann::json spill = run("spill_" + fidelity, small + "--fidelity " + fidelity);
    EXPECT_EQ(spill.at("bytes_written").at("DRAM").get<std::uint64_t>(), kOutputs * 4 + kOutputs) << fidelity;
    EXPECT_EQ(spill.at("bytes_read").at("DRAM").get<std::uint64_t>(), kInputs + kWeights + kOutputs * 4) << fidelity;
    const nlohmann::json overwrite =
        run("overwrite_" + fidelity, small + "--set buffers.1.partial_sums_overflow=overwrite --fidelity " + fidelity);
    EXPECT_EQ(overwrite.at("bytes_written").at("DRAM").get<std::uint64_t>(), kOutputs) << fidelity;
    EXPECT_EQ(overwrite.at("bytes_read").at("DRAM").get<std::uint64_t>(), kInputs + kWeights) << fidelity;
  }
  // The outputs are wrong by design: functional mode says so instead of failing its check.
  const auto functional = run_command(
      kSim + " --functional --arch " + source_path("yaml/arch/gemmini-firesim-like-d16.yaml") +
      " --set pe_array.output_bits=32 --set memory.model=ideal " + small +
      "--set buffers.1.partial_sums_overflow=overwrite --workload " + write_temp_file("o_w.yaml", kWorkload) +
      " --mapping " + write_temp_file("o_m.yaml", kMapping));
  EXPECT_EQ(functional.exit_code, 2) << functional.output;
  EXPECT_NE(functional.error.find("buffers.1.partial_sums_overflow"), std::string::npos) << functional.error;
  EXPECT_NE(functional.error.find("expected spill in functional mode"), std::string::npos) << functional.error;
  // Overwriting needs resident partial sums in the first place.
  const auto alone = run_command(kSim + " --arch " + source_path("yaml/arch/gemmini-firesim-like-d16.yaml") +
                                 " --set buffers.1.keep_partial_sums=false --set buffers.1.partial_sums_overflow=overwrite"
                                 " --dump-config");
  EXPECT_EQ(alone.exit_code, 2);
  EXPECT_NE(alone.error.find("key 'buffers.1.partial_sums_overflow': expected spill unless keep_partial_sums is true"),
            std::string::npos)
      << alone.error;
}

TEST(OutputPrecisionCli, BadSettingsAreRejected) {
  const auto narrow = run_command(kSim + " --arch " + source_path("yaml/arch/gemmini-firesim-like-d16.yaml") +
                                  " --set pe_array.output_bits=12 --dump-config");
  EXPECT_EQ(narrow.exit_code, 2);
  EXPECT_NE(narrow.error.find("pe_array.output_bits"), std::string::npos) << narrow.error;
  EXPECT_NE(narrow.error.find("a multiple of 8 from 8 to accumulator_bits (32)"), std::string::npos) << narrow.error;
  const auto functional = run_command(kSim + " --functional --arch " +
                                      source_path("yaml/arch/gemmini-firesim-like-d16.yaml") + " --workload " +
                                      write_temp_file("f_w.yaml", kWorkload));
  EXPECT_EQ(functional.exit_code, 2);
  EXPECT_NE(functional.error.find("outputs are not requantized"), std::string::npos) << functional.error;
}

}  // namespace
}  // namespace sextant
