// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "workloads/network.h"

namespace sextant {

/// How a design-space parameter takes its values.
enum class ParameterKind {
  kRange,   ///< every integer in [low, high]
  kPow2,    ///< every power of two in [low, high]
  kChoice,  ///< one of a list of YAML scalars (written as given)
  kTied,    ///< the same value as another parameter (e.g. cols = rows)
};

/// One hardware parameter: a dotted arch key, applied as a --set override.
struct Parameter {
  std::string key;  ///< dotted arch key, e.g. "pe_array.rows" or "buffers.0.size"
  ParameterKind kind = ParameterKind::kRange;
  std::int64_t low = 0, high = 0;    ///< kRange, kPow2 (inclusive)
  std::vector<std::string> choices;  ///< kChoice
  std::string tied_to;               ///< kTied: the key whose value this copies
  std::string unit;                  ///< appended to numeric values ("KiB"), "" = none

  /// Number of distinct values (1 for a tied parameter, which is not sampled).
  std::int64_t cardinality() const;
  /// The value for a coordinate u in [0, 1): the floor(u * cardinality)-th value.
  std::string value_at(double u) const;
  /// Whether value_at() gives a number (the dataset stores it as an integer column).
  bool numeric() const { return kind == ParameterKind::kRange || kind == ParameterKind::kPow2; }
  /// The integer behind value_at(u) for numeric parameters.
  std::int64_t number_at(double u) const;
};

enum class SamplerKind { kUniform, kLatinHypercube, kSobol };
/// How each sample's mapping is chosen. kBoth: half the samples (by their seed's parity)
/// get a random valid mapping, the others the best-EDP one, so a dataset covers both the
/// space and its good corner.
enum class MappingPolicy { kDefault, kRandom, kBest, kBoth };
enum class Fidelity { kAnalytical, kTlm };

const char* sampler_name(SamplerKind kind);       // "uniform", "lhs", "sobol"
const char* mapping_policy_name(MappingPolicy p);  // "default", "random", "best", "both"
const char* fidelity_name(Fidelity fidelity);      // "analytical", "tlm"

/// One op of the workload set: which network, which op in it.
struct WorkloadOp {
  std::string network;     ///< Network::name
  std::int64_t op_index;   ///< index in that network's ops
  Op op;
};

/// A validated design space (docs/dataset.md, "Design space"). Paths are resolved
/// relative to the space file.
struct DesignSpace {
  std::string name;
  std::string file;        ///< the space file as given
  std::string yaml_text;   ///< its text, stored in the dataset so a file names its space
  std::string base_arch;   ///< resolved path of the base arch preset
  std::vector<std::string> fixed_overrides;  ///< "key=value" applied to every design
  std::vector<Parameter> parameters;
  SamplerKind sampler = SamplerKind::kSobol;
  MappingPolicy mapping = MappingPolicy::kDefault;
  /// Budgets (constraints:); 0 = none. A design over the area budget is not evaluated; a
  /// sample over the power budget keeps its values. Both rows say over_budget and why.
  double max_area_mm2 = 0.0;
  double max_power_mw = 0.0;
  std::vector<Fidelity> fidelities{Fidelity::kTlm};
  std::vector<WorkloadOp> ops;  ///< the workload set, in file order

  /// Parameters that are sampled (not tied), in file order: the sampler's dimensions.
  std::vector<int> free_parameters() const;
};

/// Reads and validates a design-space YAML. Throws ConfigError (file:line:col, key path);
/// unknown keys are errors; `random`/`best` mappings and constraints are rejected as
/// "not available yet" until the samplers and the PPA model exist.
DesignSpace load_design_space(const std::string& path);
DesignSpace parse_design_space(const std::string& yaml_text, const std::string& file);

}  // namespace sextant
