// SPDX-License-Identifier: Apache-2.0
// sextant-sim: one design, one workload, simulated at transaction level.
#include <cstdlib>
#include <fstream>
#include <optional>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <systemc>

#include "models/accelerator/simulation.h"
#include "models/analytical/analytical_model.h"
#include "models/analytical/mapping_search.h"
#include "models/ppa/ppa_model.h"
#include "tlm/core/arch_config.h"
#include "tlm/core/cli_guard.h"
#include "tlm/core/config_error.h"
#include "tlm/core/result.h"
#include "tlm/core/result_table.h"
#include "tlm/core/scalesim_config.h"
#include "tlm/sc/report_handler.h"
#include "workloads/importers/workload_file.h"
#include "workloads/mapper.h"
#include "workloads/mapping_space.h"
#include "workloads/mapping_validity.h"

namespace po = boost::program_options;

namespace sextant {
namespace {

struct Options {
  std::string arch_path;
  std::string workload_path;
  std::string mapping_path;
  std::vector<std::string> overrides;
  std::string output_path;
  std::string trace_path;
  std::uint64_t trace_granularity_cycles = 256;
  std::string fidelity = "tlm";
  std::string mapper = "default";
  std::uint64_t seed = 1;
  bool ideal_memory = false;
  bool functional = false;
  bool dump_config = false;
  bool quiet = false;
  bool simulate_every_instance = false;
  std::string inter_layer = "dram";
  std::int64_t random_mappings_seed = -1;  ///< >= 0: draw every op's mapping from its space
  bool mapping_space = false;
  std::int64_t dram_iterations = 0;  ///< > 0: only the first N iterations of each op's outermost DRAM loop
};

/// Returns false when --help was printed.
bool parse_options(int argc, char** argv, Options& options) {
  po::options_description description(
      "sextant-sim: evaluate one accelerator design running one workload, simulated at transaction\n"
      "level (--fidelity tlm) or in closed form (--fidelity analytical).\n"
      "Exit status: 0 success, 1 functional check failed, 2 bad input, 3 internal model error.\n\n"
      "Options");
  description.add_options()
      ("help,h", "print this help")
      ("arch", po::value(&options.arch_path)->required(), "architecture: Sextant YAML (e.g. yaml/arch/gemmini-default-like.yaml) or a SCALE-Sim .cfg")
      ("workload", po::value(&options.workload_path), "workload: Sextant network YAML (e.g. yaml/workloads/resnet50.yaml), SCALE-Sim topology .csv or Timeloop problem YAML")
      ("mapping", po::value(&options.mapping_path), "mapping YAML in Timeloop's style, for every op (default: the default mapper)")
      ("fidelity", po::value(&options.fidelity)->default_value("tlm"), "tlm (transaction-level simulation) or analytical (closed form, no simulation)")
      ("mapper", po::value(&options.mapper)->default_value("default"),
       "how ops without a --mapping get theirs: default, best-latency, best-energy or best-edp (searched with the analytical model)")
      ("set", po::value(&options.overrides)->composing(), "override an arch key, e.g. --set pe_array.rows=32 (repeatable)")
      ("ideal-memory", po::bool_switch(&options.ideal_memory), "shorthand for --set memory.model=ideal")
      ("functional", po::bool_switch(&options.functional), "carry real data and check every output against the golden model")
      ("seed", po::value(&options.seed)->default_value(1), "seed of the functional-mode operand values")
      ("output", po::value(&options.output_path), "write the JSON Result to this file")
      ("trace", po::value(&options.trace_path), "write a Chrome trace-event timeline (opens in Perfetto) to this file")
      ("trace-granularity-cycles", po::value(&options.trace_granularity_cycles)->default_value(256),
       "merge a component's busy spans separated by fewer cycles than this into one trace event")
      ("dump-config", po::bool_switch(&options.dump_config), "print the effective arch config as YAML and exit")
      ("quiet", po::bool_switch(&options.quiet), "do not print the result table")
      ("dram-iterations", po::value(&options.dram_iterations)->default_value(0),
       "time only the first N iterations of each op's outermost DRAM loop, on the whole op's tensors "
       "(0: whole ops; used by sextant-validate to extrapolate long layers)")
      ("simulate-every-instance", po::bool_switch(&options.simulate_every_instance),
       "simulate every instance of a repeated op (count, or identical ops listed separately) instead of once")
      ("random-mappings", po::value(&options.random_mappings_seed),
       "map every op with a uniform random valid mapping of its mapping space, drawn with this seed")
      ("mapping-space", po::bool_switch(&options.mapping_space),
       "print the size of every op's mapping space and exit")
      ("inter-layer", po::value(&options.inter_layer)->default_value("dram"),
       "dram: every output goes to DRAM; on-chip: an output stays on chip for the next op when it fits "
       "(per op: keep_output_on_chip in the network YAML)");
  po::variables_map variables;
  po::store(po::parse_command_line(argc, argv, description), variables);
  if (variables.count("help") != 0) {
    std::cout << description << "\n";
    return false;
  }
  po::notify(variables);
  if (options.fidelity != "tlm" && options.fidelity != "analytical") {
    throw ConfigError(SourceLocation{"command line", 0, 0}, "--fidelity", "one of tlm, analytical", "'" + options.fidelity + "'");
  }
  if (options.mapper != "default" && !parse_search_objective(options.mapper).has_value()) {
    throw ConfigError(SourceLocation{"command line", 0, 0}, "--mapper",
                      "one of default, best-latency, best-energy, best-edp", "'" + options.mapper + "'");
  }
  if (options.functional && options.fidelity == "analytical") {
    throw ConfigError(SourceLocation{"command line", 0, 0}, "--functional", "the tlm fidelity (analytical carries no data)",
                      "--fidelity analytical");
  }
  if (options.dram_iterations < 0) {
    throw ConfigError(SourceLocation{"command line", 0, 0}, "--dram-iterations", "a count >= 0",
                      std::to_string(options.dram_iterations));
  }
  if (options.dram_iterations > 0 && (options.functional || options.fidelity != "tlm")) {
    throw ConfigError(SourceLocation{"command line", 0, 0}, "--dram-iterations",
                      "timing-only TLM runs (a cut op computes only part of its outputs)",
                      options.functional ? "--functional" : "--fidelity " + options.fidelity);
  }
  if (options.ideal_memory) options.overrides.push_back("memory.model=ideal");
  return true;
}

/// The mapping of every op: from the mapping file when given (it must name every op),
/// else from the default mapper. Each is checked; an invalid one is a ConfigError.
std::vector<Mapping> choose_mappings(const Options& options, const Network& network, const ArchConfig& arch) {
  std::vector<Mapping> mappings;
  if (options.random_mappings_seed >= 0) {
    if (!options.mapping_path.empty()) {
      throw ConfigError(SourceLocation{"command line", 0, 0}, "--random-mappings", "either --mapping or --random-mappings",
                        "both");
    }
    std::mt19937_64 random(static_cast<std::uint64_t>(options.random_mappings_seed));
    for (const Op& op : network.ops) {
      mappings.push_back(is_vector_op(op.kind) ? Mapping{} : MappingSpace(op, arch).sample(random));
    }
    return mappings;
  }
  NetworkMapping from_file;
  if (!options.mapping_path.empty()) from_file = load_network_mapping(options.mapping_path, arch);
  const bool single_unnamed = from_file.ops.size() == 1 && from_file.ops.front().first.empty();
  for (const auto& [name, mapping] : from_file.ops) {
    if (single_unnamed) break;
    bool known = false;
    for (const Op& op : network.ops) known = known || op.name == name;
    if (!known) {
      throw ConfigError(mapping.where, "ops." + name, "an op of workload " + options.workload_path,
                        "'" + name + "'");
    }
  }
  const std::optional<SearchObjective> objective = parse_search_objective(options.mapper);
  std::vector<SearchResult> searched;
  if (objective && options.mapping_path.empty()) {
    searched = search_network(network, arch, prepare_ppa(arch), *objective, SearchOptions{});
  }
  for (std::size_t i = 0; i < network.ops.size(); ++i) {
    const Op& op = network.ops[i];
    Mapping mapping;
    if (is_vector_op(op.kind)) {
      // Vector ops are tiled by compile_vector(); they take no mapping.
      mappings.emplace_back();
      continue;
    }
    if (!searched.empty()) {
      if (!options.quiet) {
        std::cout << "mapper " << options.mapper << ": " << op.name << ": " << searched[i].evaluated
                  << " mappings evaluated\n";
      }
      mapping = searched[i].mapping;
    } else if (options.mapping_path.empty()) {
      mapping = default_mapping(op, arch);
    } else if (single_unnamed && network.ops.size() == 1) {
      mapping = from_file.ops.front().second;
    } else if (const Mapping* found = from_file.find(op.name)) {
      mapping = *found;
    } else {
      throw ConfigError(SourceLocation{options.mapping_path, 0, 0}, "ops",
                        "a mapping for every op of the workload", "none for op '" + op.name + "'");
    }
    const Validity validity = check_mapping(op, mapping, arch);
    if (!validity.ok) {
      SourceLocation where = mapping.where;
      if (where.file.empty()) where.file = options.mapping_path.empty() ? "default mapper" : options.mapping_path;
      throw ConfigError(where, "ops." + op.name + ".mapping", "a mapping that fits " + arch.name, validity.reason);
    }
    mappings.push_back(std::move(mapping));
  }
  return mappings;
}

int run(int argc, char** argv) {
  Options options;
  if (!parse_options(argc, argv, options)) return kExitOk;
  SimulationRequest request;
  request.arch = load_any_arch_config(options.arch_path, options.overrides);
  if (options.dump_config) {
    std::cout << dump_arch_config(request.arch);
    return kExitOk;
  }
  if (options.workload_path.empty()) {
    throw ConfigError(SourceLocation{"command line", 0, 0}, "--workload", "a network YAML file", "none");
  }
  request.network = load_any_workload(options.workload_path);
  if (options.mapping_space) {
    // Exact counts where enumeration is cheap, else an estimate from uniform candidates.
    std::cout << "op candidates valid\n";
    for (const Op& op : request.network.ops) {
      if (is_vector_op(op.kind)) {
        std::cout << op.name << " 1 1\n";  // the vector tiler's one tiling
        continue;
      }
      const MappingSpace space(op, request.arch);
      const auto exact = space.count_valid(5'000);
      std::cout << op.name << " " << space.candidate_count() << " ";
      if (exact) {
        std::cout << *exact << "\n";
      } else {
        std::cout << "~" << space.estimate_valid_count(2000, 1) << "\n";
      }
    }
    return kExitOk;
  }
  request.mappings = choose_mappings(options, request.network, request.arch);
  request.functional = options.functional;
  request.simulate_every_instance = options.simulate_every_instance;
  if (options.inter_layer == "dram") {
    request.inter_layer = InterLayerPolicy::kDram;
  } else if (options.inter_layer == "on-chip") {
    request.inter_layer = InterLayerPolicy::kOnChip;
  } else {
    throw ConfigError(SourceLocation{"command line", 0, 0}, "--inter-layer", "one of dram, on-chip",
                      "'" + options.inter_layer + "'");
  }
  request.seed = options.seed;
  request.dram_iterations = options.dram_iterations;

  std::ofstream output;
  if (!options.output_path.empty()) {
    // Open before simulating so an unwritable path fails fast, not after a long run.
    output.open(options.output_path);
    if (!output) throw ConfigError(SourceLocation{options.output_path, 0, 0}, "--output", "a writable file", "cannot open it");
  }

  std::ofstream trace;
  if (!options.trace_path.empty()) {
    if (options.fidelity == "analytical") {
      throw ConfigError(SourceLocation{"command line", 0, 0}, "--trace", "--fidelity tlm (a timeline needs a simulation)",
                        "--fidelity analytical");
    }
    trace.open(options.trace_path);
    if (!trace) throw ConfigError(SourceLocation{options.trace_path, 0, 0}, "--trace", "a writable file", "cannot open it");
    request.trace_out = &trace;
    request.trace_granularity_cycles = options.trace_granularity_cycles;
  }

  Result result;
  if (options.fidelity == "analytical") {
    result = analyze_network(request.arch, request.network, request.mappings);
  } else {
    install_report_handler(false);
    result = simulate(request);
  }
  apply_ppa(prepare_ppa(request.arch), result);
  result.provenance.sextant_version = SEXTANT_VERSION;
  result.provenance.arch_config_yaml = dump_arch_config(request.arch);
  result.provenance.workload = options.workload_path;
  result.provenance.mapping = !options.mapping_path.empty() ? options.mapping_path
                              : options.mapper == "default" ? "default mapper"
                                                            : "mapper " + options.mapper;
  if (options.random_mappings_seed >= 0) {
    result.provenance.mapping = "random mappings, seed " + std::to_string(options.random_mappings_seed);
  }
  result.provenance.seed = options.seed;
  result.provenance.fidelity = options.fidelity;

  if (!options.quiet) {
    std::cout << "sextant-sim: " << request.network.name << " on " << request.arch.name << " ("
              << request.arch.clock_mhz << " MHz)\n"
              << format_result_table(result);
  }
  if (output.is_open()) {
    output << result_to_json(result) << "\n";
    if (!output) throw ConfigError(SourceLocation{options.output_path, 0, 0}, "--output", "a writable file", "a write error");
  }
  if (result.total.functional && !result.total.functional->passed) return kExitFunctionalFailure;
  return kExitOk;
}

}  // namespace
}  // namespace sextant

int sc_main(int argc, char** argv) {
  return sextant::run_guarded([&] { return sextant::run(argc, argv); });
}

// Our own main instead of libsystemc's: it silences SystemC's banner (which would
// precede every error line and table) before the kernel starts, then hands over to
// SystemC, which calls sc_main.
int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}
