// SPDX-License-Identifier: Apache-2.0
#include "models/accelerator/simulation.h"

#include <cmath>
#include <cstring>
#include <memory>
#include <random>

#include <systemc>

#include "models/accelerator/accelerator.h"
#include "workloads/compiler.h"
#include "workloads/core_split.h"
#include "workloads/dram_prefix.h"
#include "workloads/reference_conv.h"
#include "workloads/reference_vector.h"
#include "workloads/vector_compiler.h"

namespace sextant {
namespace {

/// Fills a tensor with seeded values of the array's operand type: the full int range,
/// or uniform in [-1, 1] for fp32.
void fill_operands(std::uint8_t* data, std::int64_t elements, const PeArrayConfig& array, std::mt19937_64& rng) {
  if (array.arithmetic == Arithmetic::kFloat) {
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    for (std::int64_t i = 0; i < elements; ++i) {
      const float value = dist(rng);
      std::memcpy(data + i * 4, &value, 4);
    }
    return;
  }
  const int bytes = array.operand_bytes();
  for (std::int64_t i = 0; i < elements; ++i) {
    const std::uint64_t bits = rng();
    std::memcpy(data + i * bytes, &bits, static_cast<std::size_t>(bytes));  // little-endian low bytes
  }
}

/// Drives the accelerator through the network's ops from one SC_THREAD.
class Driver : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(Driver);
  Driver(sc_core::sc_module_name name, const SimulationRequest& request, Accelerator& accelerator,
         TraceRecorder* trace)
      : sc_core::sc_module(name), m_request(request), m_accelerator(accelerator), m_trace(trace) {
    SC_THREAD(run_thread);
  }

  Result result;
  bool finished = false;

 private:
  void run_thread() {
    const ArchConfig& arch = m_request.arch;
    const std::uint64_t pes = static_cast<std::uint64_t>(arch.pe_array.rows) * arch.pe_array.cols * arch.cores();
    result.total.name = m_request.network.name;
    result.total.type = "network";
    result.total.count = 1;
    std::mt19937_64 rng(m_request.seed);
    const std::vector<InterLayerStep> plan =
        plan_inter_layer(m_request.network, m_request.mappings, arch, m_request.inter_layer);
    std::vector<std::size_t> first_row(m_request.network.ops.size(), 0);  // its first row in result.ops
    for (std::size_t i = 0; i < m_request.network.ops.size(); ++i) {
      const Op& op = m_request.network.ops[i];
      first_row[i] = result.ops.size();
      if (const OpResult* earlier = identical_earlier(i, plan, first_row)) {
        OpResult op_result = *earlier;
        op_result.result_of = earlier->name;
        op_result.name = op.name;
        op_result.count = static_cast<std::uint64_t>(op.count);
        accumulate_into_total(result.total, op_result, pes);
        result.ops.push_back(std::move(op_result));
        continue;
      }
      const std::int64_t instances = m_request.simulate_every_instance ? op.count : 1;
      for (std::int64_t instance = 0; instance < instances; ++instance) {
        std::vector<Program> programs = compile_for_cores(op, m_request.mappings[i]);
        for (Program& program : programs) {
          if (plan[i].output_on_chip) drop_transfers(program, CommandKind::kStore, TensorKind::kOutputs);
          if (plan[i].input_on_chip) drop_transfers(program, CommandKind::kLoad, TensorKind::kInputs);
          if (m_request.program_mutator) m_request.program_mutator(program);
        }
        // Every core's program addresses the whole op's tensors: one set of data to check.
        const Program& program = programs.front();
        if (m_request.functional) prepare_data(op, program, rng);
        const sc_core::sc_time op_start = sc_core::sc_time_stamp();
        OpResult op_result = m_accelerator.run(programs);
        if (m_trace != nullptr) m_trace->op_span(op.name, op_start, sc_core::sc_time_stamp());
        op_result.name = op.name;
        op_result.type = op_kind_name(op.kind);
        op_result.count = m_request.simulate_every_instance ? 1 : static_cast<std::uint64_t>(op.count);
        if (m_request.functional) op_result.functional = check_outputs(op, program);
        accumulate_into_total(result.total, op_result, pes);
        result.ops.push_back(std::move(op_result));
      }
    }
    finished = true;
    sc_core::sc_stop();
  }

  /// One program per core that has a part of the op (docs/mapping.md, split across
  /// cores); vector ops and unsplit mappings run on core 0.
  std::vector<Program> compile_for_cores(const Op& op, const Mapping& mapping) const {
    const ArchConfig& arch = m_request.arch;
    if (is_vector_op(op.kind)) return {compile_vector(op, arch)};
    if (mapping.cores_used() == 1) {
      const OuterDramLoop outer = outermost_dram_loop(mapping);
      if (m_request.dram_iterations > 0 && outer.found && outer.trips > m_request.dram_iterations) {
        return {compile(op, first_dram_iterations(mapping, m_request.dram_iterations), arch)};
      }
      return {compile(op, mapping, arch)};
    }
    std::vector<Program> programs;
    for (const CoreShare& share : core_shares(op, mapping)) {
      programs.push_back(compile_core_share(op, share, mapping, arch));
    }
    return programs;
  }

  /// The result of an earlier op that is the same computation with the same mapping and
  /// inter-layer flags, when results may be reused (timing mode, not every instance).
  const OpResult* identical_earlier(std::size_t i, const std::vector<InterLayerStep>& plan,
                                    const std::vector<std::size_t>& first_row) const {
    if (m_request.simulate_every_instance || m_request.functional) return nullptr;
    const auto& ops = m_request.network.ops;
    for (std::size_t j = 0; j < i; ++j) {
      if (same_computation(ops[i], ops[j]) && m_request.mappings[i] == m_request.mappings[j] &&
          plan[i].output_on_chip == plan[j].output_on_chip && plan[i].input_on_chip == plan[j].input_on_chip) {
        return &result.ops[first_row[j]];
      }
    }
    return nullptr;
  }

  void prepare_data(const Op& op, const Program& program, std::mt19937_64& rng) {
    const auto& out = program.whole_tensor[2];
    m_accelerator.reserve_memory(program.dram_base[2] + out.bytes());
    std::uint8_t* base = m_accelerator.memory_contents();
    std::memset(base + program.dram_base[2], 0, out.bytes());
    fill_operands(base + program.dram_base[0], op.input_elements(), m_request.arch.pe_array, rng);
    fill_operands(base + program.dram_base[1], op.weight_elements(), m_request.arch.pe_array, rng);
  }

  FunctionalCheck check_outputs(const Op& op, const Program& program) {
    if (is_vector_op(op.kind)) return check_vector_outputs(op, program);
    const PeArrayConfig& array = m_request.arch.pe_array;
    const std::uint8_t* base = m_accelerator.memory_contents();
    const std::vector<double> golden =
        reference_conv(op, array, base + program.dram_base[0], base + program.dram_base[1]);
    const double tolerance = array.arithmetic == Arithmetic::kFloat
                                 ? float_tolerance(op.dim(Dim::C) * op.dim(Dim::R) * op.dim(Dim::S))
                                 : 0.0;
    FunctionalCheck check;
    for (std::size_t e = 0; e < golden.size(); ++e) {
      const double simulated = read_accumulator(array, base + program.dram_base[2], static_cast<std::int64_t>(e));
      const double error = std::fabs(simulated - golden[e]);
      if (!(error <= tolerance)) check.passed = false;  // NaN fails too
      check.max_abs_error = std::max(check.max_abs_error, std::isnan(error) ? INFINITY : error);
      ++check.checked;
    }
    return check;
  }

  /// Vector ops: the unit rounds to the output type as the golden model does, so integer
  /// results match exactly and fp32 ones to a few ulps (exp and erf may differ by a last bit).
  FunctionalCheck check_vector_outputs(const Op& op, const Program& program) {
    const VectorNumerics numerics = vector_numerics(m_request.arch);
    const std::uint8_t* base = m_accelerator.memory_contents();
    const std::vector<double> golden =
        reference_vector(op, numerics, base + program.dram_base[0], base + program.dram_base[1]);
    FunctionalCheck check;
    for (std::size_t e = 0; e < golden.size(); ++e) {
      const double simulated = read_vector_element(numerics, base + program.dram_base[2], static_cast<std::int64_t>(e));
      const double error = std::fabs(simulated - golden[e]);
      const double tolerance = numerics.is_float ? 1e-6 * std::max(1.0, std::fabs(golden[e])) : 0.0;
      if (!(error <= tolerance)) check.passed = false;
      check.max_abs_error = std::max(check.max_abs_error, std::isnan(error) ? INFINITY : error);
      ++check.checked;
    }
    return check;
  }

  const SimulationRequest& m_request;
  Accelerator& m_accelerator;
  TraceRecorder* m_trace;
};

}  // namespace

Result simulate(const SimulationRequest& request) {
  if (request.functional && request.arch.pe_array.output_bytes() != request.arch.pe_array.accumulator_bytes()) {
    // Requantization (scale, round, saturate) is not modelled on the data path.
    throw ConfigError(SourceLocation{}, "pe_array.output_bits",
                      "accumulator_bits (" + std::to_string(request.arch.pe_array.accumulator_bits) +
                          ") in functional mode (outputs are not requantized)",
                      std::to_string(request.arch.pe_array.output_bits));
  }
  if (request.functional) {
    // Kept outputs would need the data moved between buffers, which functional mode does
    // not model yet: refuse rather than check against data that never arrived.
    for (const Op& op : request.network.ops) {
      if (is_vector_op(op.kind) && needs_float(op.kind) && request.arch.pe_array.arithmetic != Arithmetic::kFloat) {
        throw ConfigError(op.where, "ops." + op.name + ".type",
                          "an op with integer semantics in functional mode on an integer arch (add, mul, relu, "
                          "pooling, reductions, embedding_bag); " + std::string(op_kind_name(op.kind)) +
                              " is defined in float only",
                          op_kind_name(op.kind));
      }
    }
    for (std::size_t i = 0; i < request.network.ops.size(); ++i) {
      const Op& op = request.network.ops[i];
      if (is_vector_op(op.kind) || !overwrites_partial_sums(op, request.mappings[i], request.arch)) continue;
      // The output tiles would overwrite each other's partial sums: the outputs are wrong
      // by design, so there is nothing to check them against.
      std::size_t buffer = 0;
      for (std::size_t b = 0; b < request.arch.buffers.size(); ++b) {
        if (request.arch.buffers[b].holds.has(TensorKind::kOutputs)) buffer = b;
      }
      throw ConfigError(op.where, "buffers." + std::to_string(buffer) + ".partial_sums_overflow",
                        "spill in functional mode (op " + op.name +
                            "'s output tiles do not all fit, and overwriting each other's partial sums gives wrong outputs)",
                        "overwrite");
    }
    const auto plan = plan_inter_layer(request.network, request.mappings, request.arch, request.inter_layer);
    for (std::size_t i = 0; i < plan.size(); ++i) {
      if (plan[i].output_on_chip) {
        throw ConfigError(request.network.ops[i].where, "ops." + request.network.ops[i].name + ".keep_output_on_chip",
                          "outputs going to DRAM in functional mode (on-chip outputs are timing-only)", "true");
      }
    }
  }
  Accelerator accelerator("accelerator", request.arch, request.functional);
  std::unique_ptr<TraceRecorder> trace;
  if (request.trace_out != nullptr) {
    const double cycle_ns = request.arch.cycle_ns();
    trace = std::make_unique<TraceRecorder>(
        cycle_ns, sc_core::sc_time(static_cast<double>(request.trace_granularity_cycles) * cycle_ns, sc_core::SC_NS));
    accelerator.set_trace(trace.get());
  }
  Driver driver("driver", request, accelerator, trace.get());
  sc_core::sc_start();
  if (trace) trace->write_json(*request.trace_out);
  if (!driver.finished) {
    throw ModelError("simulation", "the simulation ended before every op finished (deadlock in the program?)");
  }
  return driver.result;
}

}  // namespace sextant
