// SPDX-License-Identifier: Apache-2.0
#include "tests/models/model_test_support.h"

namespace sextant::testing_support {

std::string small_arch_yaml(const std::string& dataflow, bool fold_overlap, const std::string& memory_model) {
  return "name: test-4x4\n"
         "clock_mhz: 1000\n"
         "pe_array: {rows: 4, cols: 4, dataflow: " + dataflow +
         ", fold_overlap: " + (fold_overlap ? "true" : "false") +
         "}\n"
         "buffers:\n"
         "  - {name: InputBuffer, holds: [inputs], size: 64 KiB, banks: 2, bank_width: 4 KiB}\n"
         "  - {name: WeightBuffer, holds: [weights], size: 64 KiB, banks: 2, bank_width: 4 KiB}\n"
         "  - {name: OutputBuffer, holds: [outputs], size: 64 KiB, banks: 2, bank_width: 4 KiB, ports: 2}\n"
         "dma: {bytes_per_cycle: 16, burst: 64 B, outstanding: 8}\n"
         "controller: {issue_cycles: 0}\n"
         "memory: {model: " + memory_model + ", bandwidth_bytes_per_cycle: 4, latency_cycles: 20}\n";
}

ArchConfig arch_from_yaml(const std::string& yaml, const std::vector<std::string>& overrides) {
  return parse_arch_config(yaml, "test-arch.yaml", overrides);
}

Network single_op_network(const Op& op) {
  Network network;
  network.name = "test";
  network.ops.push_back(op);
  return network;
}

Mapping mapping_from_yaml(const std::string& yaml, const ArchConfig& arch) {
  NetworkMapping parsed = parse_network_mapping(yaml, "test-mapping.yaml", arch);
  return parsed.ops.at(0).second;
}

Result run_one(const ArchConfig& arch, const Op& op, const Mapping& mapping, bool functional,
               ProgramMutator mutator) {
  SimulationRequest request;
  request.arch = arch;
  request.network = single_op_network(op);
  request.mappings = {mapping};
  request.functional = functional;
  request.program_mutator = std::move(mutator);
  return simulate(request);
}

}  // namespace sextant::testing_support
