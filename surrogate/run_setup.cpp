// SPDX-License-Identifier: Apache-2.0
#include "surrogate/run_setup.h"

#include <unistd.h>

#include "surrogate/evaluate.h"

namespace sextant {

namespace {
ConfigError option_error(const std::string& option, const std::string& expected, const std::string& found) {
  return ConfigError(SourceLocation{"command line", 0, 0}, option, expected, found);
}
}  // namespace

std::string default_sim_path(const std::string& self_path) {
  const std::size_t slash = self_path.rfind('/');
  const std::string folder = slash == std::string::npos ? "." : self_path.substr(0, slash);
  for (const std::string& candidate : {folder + "/sextant-sim", folder + "/../models/sextant-sim"}) {
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return folder + "/sextant-sim";
}

std::unique_ptr<RunSetup> make_run_setup(const DatagenOptions& options, bool check_tools) {
  if (options.samples < 1) throw option_error("--samples", "an integer >= 1", std::to_string(options.samples));
  if (options.jobs < 1) throw option_error("-j", "an integer >= 1", std::to_string(options.jobs));
  if (options.timeout_s < 0.0) throw option_error("--timeout-s", "a number >= 0", std::to_string(options.timeout_s));
  auto setup = std::make_unique<RunSetup>();
  setup->space = load_design_space(options.space_path);
  std::vector<Fidelity> fidelities = setup->space.fidelities;
  if (options.fidelity == "tlm") {
    fidelities = {Fidelity::kTlm};
  } else if (options.fidelity == "analytical") {
    fidelities = {Fidelity::kAnalytical};
  } else if (options.fidelity == "both") {
    fidelities = {Fidelity::kAnalytical, Fidelity::kTlm};
  } else if (!options.fidelity.empty()) {
    throw option_error("--fidelity", "one of both, analytical, tlm", "'" + options.fidelity + "'");
  }
  if (check_tools) {
    if (::access(options.sim_path.c_str(), X_OK) != 0) {
      throw option_error("--sim", "the sextant-sim executable", "'" + options.sim_path + "' (not executable)");
    }
    for (Fidelity fidelity : fidelities) {
      // Writing TLM numbers into lowfi/ would be wrong data: refuse until the worker has
      // the analytical model.
      if (fidelity == Fidelity::kAnalytical && !sim_supports_analytical(options.sim_path)) {
        throw option_error("--fidelity",
                           "fidelities this build can evaluate (tlm); the analytical fidelity needs "
                           "sextant-sim --fidelity analytical, which is not available yet",
                           options.fidelity.empty() ? "'analytical' in the space's fidelities" : "'" + options.fidelity + "'");
      }
    }
  }
  setup->columns = dataset_columns(setup->space);
  setup->plan = std::make_unique<SamplePlan>(setup->space, options.seed, options.samples);
  setup->context.space = &setup->space;
  setup->context.plan = setup->plan.get();
  setup->context.columns = &setup->columns;
  setup->context.fidelities = fidelities;
  setup->context.evaluator.sim_path = options.sim_path;
  setup->context.evaluator.timeout_s = options.timeout_s;
  setup->context.evaluator.temp_root = options.temp_root;

  std::string fidelity_text;
  for (Fidelity fidelity : fidelities) fidelity_text += (fidelity_text.empty() ? "" : ",") + std::string(fidelity_name(fidelity));
  setup->info.identity = RunIdentity{kDatasetSchemaVersion, setup->space.yaml_text, options.seed, options.samples,
                                     fidelity_text, SEXTANT_VERSION};
  setup->info.space_name = setup->space.name;
  setup->info.space_file = options.space_path;
  setup->info.sampler = sampler_name(setup->space.sampler);
  setup->info.mapping_policy = mapping_policy_name(setup->space.mapping);
  return setup;
}

}  // namespace sextant
