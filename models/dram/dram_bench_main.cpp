// SPDX-License-Identifier: Apache-2.0
// sextant-dram-bench: characterizes one DRAM preset with synthetic traffic.
#include <cstdlib>
#include <iostream>
#include <string>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>
#include <systemc>

#include "models/dram/dram_controller.h"
#include "models/dram/traffic_generator.h"
#include "tlm/core/cli_guard.h"
#include "tlm/core/config_error.h"
#include "tlm/core/dram_config.h"
#include "tlm/sc/report_handler.h"

namespace po = boost::program_options;

namespace sextant {
namespace {

struct Options {
  std::string preset;
  std::string pattern;
  std::string page_policy;
  std::string scheduler;
  std::uint64_t requests = 20000;
  int outstanding = 16;
  std::uint32_t request_bytes = 0;
  std::uint64_t seed = 1;
  bool json = false;
};

bool parse_options(int argc, char** argv, Options& options) {
  po::options_description description(
      "sextant-dram-bench: characterize one DRAM preset with synthetic traffic.\n"
      "Prints bandwidth_gb_per_s, peak_gb_per_s, latency_ns_mean, latency_ns_p99, row_hits,\n"
      "row_misses, row_conflicts (and per-command counts). Exit status: 0 success, 2 bad input,\n"
      "3 internal model error.\n\nOptions");
  description.add_options()
      ("help,h", "print this help")
      ("preset", po::value(&options.preset)->required(), "a name of yaml/dram/ (ddr3-1600, ddr4-2400, lpddr4-3200, hbm2) or a preset file")
      ("pattern", po::value(&options.pattern)->required(), ("traffic: " + traffic_pattern_names() + "; latency = a dependent chain of random reads, one outstanding").c_str())
      ("requests", po::value(&options.requests)->default_value(20000), "requests to issue")
      ("outstanding", po::value(&options.outstanding)->default_value(16), "requests in flight (latency uses 1)")
      ("request-bytes", po::value(&options.request_bytes), "bytes per request (default: one burst of the preset)")
      ("page-policy", po::value(&options.page_policy), "override the preset: open or closed")
      ("scheduler", po::value(&options.scheduler), "override the preset: frfcfs or fcfs")
      ("seed", po::value(&options.seed)->default_value(1), "seed of the random addresses")
      ("json", po::bool_switch(&options.json), "print one JSON object instead of text");
  po::variables_map variables;
  po::store(po::parse_command_line(argc, argv, description), variables);
  if (variables.count("help") != 0) {
    std::cout << description << "\n";
    return false;
  }
  po::notify(variables);
  return true;
}

int run(const Options& options) {
  DramConfig config = load_dram_preset(options.preset);
  if (!options.page_policy.empty()) {
    if (options.page_policy != "open" && options.page_policy != "closed") {
      throw CommandLineError("--page-policy: expected open or closed, found '" + options.page_policy + "'");
    }
    config.page_policy = options.page_policy == "open" ? PagePolicy::kOpen : PagePolicy::kClosed;
  }
  if (!options.scheduler.empty()) {
    if (options.scheduler != "frfcfs" && options.scheduler != "fcfs") {
      throw CommandLineError("--scheduler: expected frfcfs or fcfs, found '" + options.scheduler + "'");
    }
    config.scheduler = options.scheduler == "frfcfs" ? DramSchedulerKind::kFrFcfs : DramSchedulerKind::kFcfs;
  }
  const std::optional<TrafficPattern> pattern = traffic_pattern_from_name(options.pattern);
  if (!pattern) {
    throw CommandLineError("--pattern: expected one of " + traffic_pattern_names() + ", found '" + options.pattern + "'");
  }
  if (options.requests == 0) throw CommandLineError("--requests: expected an integer >= 1, found 0");
  if (options.outstanding < 1) {
    throw CommandLineError("--outstanding: expected an integer >= 1, found " + std::to_string(options.outstanding));
  }

  TrafficConfig traffic;
  traffic.pattern = *pattern;
  traffic.requests = options.requests;
  traffic.outstanding = options.outstanding;
  traffic.request_bytes = options.request_bytes == 0 ? config.burst_bytes() : options.request_bytes;
  traffic.capacity_bytes = AddressMapping(config).capacity_bytes();
  traffic.seed = options.seed;
  if (traffic.request_bytes > traffic.capacity_bytes / 2) {
    throw CommandLineError("--request-bytes: expected at most half the capacity, found " + std::to_string(traffic.request_bytes));
  }

  DramController dram("dram", config, /*functional=*/false);
  TrafficGenerator generator("generator", traffic);
  generator.out.bind(dram.in);
  sc_core::sc_start();

  const double seconds = generator.last_completion().to_seconds();
  const double bandwidth = seconds > 0.0 ? static_cast<double>(generator.bytes_moved()) / seconds / 1e9 : 0.0;
  const CommandCounts commands = dram.command_counts();
  nlohmann::ordered_json out;
  out["preset"] = options.preset;
  out["pattern"] = options.pattern;
  out["requests"] = options.requests;
  out["outstanding"] = *pattern == TrafficPattern::kLatency ? 1 : options.outstanding;
  out["request_bytes"] = traffic.request_bytes;
  out["page_policy"] = page_policy_name(config.page_policy);
  out["scheduler"] = dram_scheduler_name(config.scheduler);
  out["bandwidth_gb_per_s"] = bandwidth;
  out["peak_gb_per_s"] = config.peak_gb_per_s();
  out["latency_ns_mean"] = dram.latency_ns_mean();
  out["latency_ns_p99"] = dram.latency_ns_p99();
  out["row_hits"] = dram.row_hits();
  out["row_misses"] = dram.row_misses();
  out["row_conflicts"] = dram.row_conflicts();
  out["activates"] = commands.activates;
  out["precharges"] = commands.precharges;
  out["reads"] = commands.reads;
  out["writes"] = commands.writes;
  out["refreshes"] = commands.refreshes;
  out["simulated_ns"] = seconds * 1e9;
  if (options.json) {
    std::cout << out.dump(2) << "\n";
  } else {
    for (const auto& [key, value] : out.items()) std::cout << key << ": " << value.dump() << "\n";
  }
  return kExitOk;
}

}  // namespace
}  // namespace sextant

int sc_main(int argc, char** argv) {
  return sextant::run_guarded([&] {
    sextant::Options options;
    if (!sextant::parse_options(argc, argv, options)) return sextant::kExitOk;
    sextant::install_report_handler(/*warnings_are_errors=*/true);
    return sextant::run(options);
  });
}

// Our own main, as sextant-sim's: silences SystemC's banner before the kernel starts.
int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}
