// SPDX-License-Identifier: Apache-2.0
// The DMA's command tracker (dma.command_requests / dma.commands_in_flight) and its TLB
// (dma.tlb_entries / dma.tlb_miss_cycles), as Gemmini has them: each limit can only slow a
// layer down, costs nothing when it never binds, and changes no byte. Fixed memory, so
// every request's latency is known.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.h"

namespace sextant {
namespace {

const std::string kSim = SEXTANT_SIM_PATH;

nlohmann::json run(const std::string& extra, const std::string& name) {
  return testing_support::run_sim_json(
             kSim,
             "--arch " + testing_support::source_path("yaml/arch/gemmini-default-like.yaml") + " --workload " +
                 testing_support::source_path("yaml/workloads/conv-3x3.yaml") +
                 " --set memory.model=fixed --set memory.latency_cycles=100 --set dma.row_bytes=64B" + extra,
             name)
      .at("ops")
      .at(0);
}

double cycles(const nlohmann::json& op) { return op.at("latency_cycles").get<double>(); }
double dma_stat(const nlohmann::json& op, const std::string& name) {
  return op.at("stats").at("accelerator.dma").at(name).at("value").get<double>();
}

TEST(DmaLimitsSimCli, OneCommandInFlightDrainsTheRequestWindowAtEveryCommand) {
  const nlohmann::json free = run("", "dma-free.json");
  const nlohmann::json wide = run(" --set dma.command_requests=16 --set dma.commands_in_flight=1000", "dma-wide.json");
  const nlohmann::json one = run(" --set dma.command_requests=16 --set dma.commands_in_flight=1", "dma-one.json");
  EXPECT_EQ(cycles(wide), cycles(free));  // a limit that never binds costs nothing
  EXPECT_GT(cycles(one), cycles(free));   // a 100-cycle bubble per 16 requests
  EXPECT_EQ(dma_stat(one, "bytes_loaded"), dma_stat(free, "bytes_loaded"));
  EXPECT_EQ(dma_stat(one, "requests"), dma_stat(free, "requests"));
}

TEST(DmaLimitsSimCli, TlbMissesStallTheStreamAndAreCounted) {
  const nlohmann::json free = run("", "tlb-free.json");
  const nlohmann::json costless = run(" --set dma.tlb_entries=4 --set dma.tlb_miss_cycles=0", "tlb-zero.json");
  const nlohmann::json walking = run(" --set dma.tlb_entries=4 --set dma.tlb_miss_cycles=40", "tlb-40.json");
  const nlohmann::json big = run(" --set dma.tlb_entries=4 --set dma.tlb_miss_cycles=40 --set dma.page_bytes=1GiB",
                                 "tlb-huge.json");
  EXPECT_EQ(cycles(costless), cycles(free));
  EXPECT_GT(dma_stat(walking, "tlb_misses"), 0.0);
  EXPECT_EQ(dma_stat(walking, "tlb_lookups"), dma_stat(walking, "requests"));
  EXPECT_GT(cycles(walking), cycles(free));
  // With 1 GiB pages every tensor sits in a few pages: almost no walks.
  EXPECT_LT(dma_stat(big, "tlb_misses"), dma_stat(walking, "tlb_misses"));
  EXPECT_LE(cycles(big), cycles(walking));
  EXPECT_EQ(dma_stat(walking, "bytes_loaded"), dma_stat(free, "bytes_loaded"));
}

TEST(DmaLimitsSimCli, BadLimitsAreRejectedWithTheirKey) {
  const std::string arch = testing_support::source_path("yaml/arch/gemmini-default-like.yaml");
  const struct {
    std::string set;
    std::string expected;
  } cases[] = {
      {"dma.commands_in_flight=2", "key 'dma.commands_in_flight'"},
      {"dma.page_bytes=3000B", "key 'dma.page_bytes': expected a power of two"},
      {"dma.tlb_entries=-1", "key 'dma.tlb_entries'"},
  };
  for (const auto& bad : cases) {
    const auto result = testing_support::run_command(kSim + " --arch " + arch + " --set " + bad.set + " --dump-config");
    EXPECT_EQ(result.exit_code, 2) << bad.set;
    EXPECT_NE(result.error.find(bad.expected), std::string::npos) << bad.set << ": " << result.error;
  }
}

}  // namespace
}  // namespace sextant
