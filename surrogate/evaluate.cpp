// SPDX-License-Identifier: Apache-2.0
#include "surrogate/evaluate.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "workloads/mapping_validity.h"

namespace sextant {

const char* eval_status_name(EvalStatus status) {
  switch (status) {
    case EvalStatus::kPending: return "pending";
    case EvalStatus::kOk: return "ok";
    case EvalStatus::kInvalidDesign: return "invalid_design";
    case EvalStatus::kInvalidMapping: return "invalid_mapping";
    case EvalStatus::kFailed: return "failed";
    case EvalStatus::kTimeout: return "timeout";
    case EvalStatus::kCrashed: return "crashed";
    case EvalStatus::kOverBudget: return "over_budget";
  }
  return "?";
}

std::string single_op_network_yaml(const Op& op) {
  std::ostringstream out;
  out << "name: " << op.name << "\nops:\n  - name: " << op.name << "\n    type: " << op_kind_name(op.kind) << "\n";
  switch (op.kind) {
    case OpKind::kMatmul:
      out << "    M: " << op.dim(Dim::P) << "\n    N: " << op.dim(Dim::K) << "\n    K: " << op.dim(Dim::C) << "\n";
      if (op.dim(Dim::G) > 1) out << "    groups: " << op.dim(Dim::G) << "\n";  // batched matmul
      break;
    case OpKind::kFullyConnected:
      out << "    batch: " << op.dim(Dim::P) << "\n    in_features: " << op.dim(Dim::C)
          << "\n    out_features: " << op.dim(Dim::K) << "\n";
      break;
    case OpKind::kConv: {
      const std::int64_t groups = op.dim(Dim::G);
      if (op.stride_h != op.stride_w || op.pad_h != op.pad_w || op.dilation_h != op.dilation_w) {
        throw ModelError("datagen", "op " + op.name + " has per-axis strides, padding or dilation that the network YAML cannot spell");
      }
      out << "    batch: " << op.dim(Dim::N) << "\n    in_channels: " << groups * op.dim(Dim::C)
          << "\n    out_channels: " << groups * op.dim(Dim::K) << "\n    in_h: " << (op.in_h > 0 ? op.in_h : op.input_h())
          << "\n    in_w: " << (op.in_w > 0 ? op.in_w : op.input_w()) << "\n    kernel_h: " << op.dim(Dim::R)
          << "\n    kernel_w: " << op.dim(Dim::S) << "\n    stride: " << op.stride_h << "\n    padding: " << op.pad_h
          << "\n    dilation: " << op.dilation_h << "\n    groups: " << groups << "\n";
      break;
    }
    default:
      // Design spaces hold PE-array ops only (design_space.cpp skips vector ops).
      throw ModelError("datagen", "op " + op.name + " is a vector op, which datagen does not sample");
  }
  return out.str();
}

namespace {

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The last non-empty line of a worker's stderr: its one-line error message.
std::string last_line(const std::string& text) {
  std::string line, last;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  return last;
}

template <typename Map>
void read_map(const nlohmann::json& json, const char* key, Map& into) {
  if (!json.contains(key)) return;
  for (const auto& [name, value] : json.at(key).items()) into[name] = value.template get<std::uint64_t>();
}

OpResult op_result_from_json(const nlohmann::json& json) {
  OpResult op;
  op.name = json.at("name").get<std::string>();
  op.type = json.at("type").get<std::string>();
  op.count = json.at("count").get<std::uint64_t>();
  op.latency_cycles = json.at("latency_cycles").get<std::uint64_t>();
  op.latency_ns = json.at("latency_ns").get<double>();
  op.macs = json.at("macs").get<std::uint64_t>();
  op.utilization = json.at("utilization").get<double>();
  op.commands = json.at("commands").get<std::uint64_t>();
  op.memory_requests = json.at("memory_requests").get<std::uint64_t>();
  read_map(json, "bytes_read", op.bytes_read);
  read_map(json, "bytes_written", op.bytes_written);
  read_map(json, "stall_cycles", op.stall_cycles);
  read_map(json, "busy_cycles", op.busy_cycles);
  op.energy_pj = json.value("energy_pj", 0.0);
  op.area_mm2 = json.value("area_mm2", 0.0);
  op.power_mw = json.value("power_mw", 0.0);
  op.edp_pj_cycles = json.value("edp_pj_cycles", 0.0);
  return op;
}

}  // namespace

void write_point_inputs(const std::string& dir, const ArchConfig& arch, const Op& op, const Mapping& mapping) {
  write_file(dir + "/arch.yaml", dump_arch_config(arch));
  write_file(dir + "/workload.yaml", single_op_network_yaml(op));
  write_file(dir + "/mapping.yaml", mapping_to_yaml(mapping));
}

EvaluationJob::EvaluationJob(const EvaluatorOptions& options, const ArchConfig& arch, const Op& op,
                             const Mapping& mapping, Fidelity fidelity, std::uint64_t seed) {
  const Validity validity = check_mapping(op, mapping, arch);
  if (!validity.ok) {
    m_evaluation.status = EvalStatus::kInvalidMapping;
    m_evaluation.reason = validity.reason;
    m_done = true;
    return;
  }
  std::string pattern = options.temp_root + "/sextant-eval-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a scratch folder in " + options.temp_root);
  m_dir = pattern;
  write_point_inputs(m_dir, arch, op, mapping);
  std::vector<std::string> args = {"--arch", m_dir + "/arch.yaml", "--workload", m_dir + "/workload.yaml",
                                   "--mapping", m_dir + "/mapping.yaml", "--output", m_dir + "/result.json",
                                   "--seed", std::to_string(seed), "--quiet"};
  if (fidelity == Fidelity::kAnalytical) {
    args.push_back("--fidelity");
    args.push_back("analytical");
  }
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
  m_child = std::make_unique<ChildProcess>(options.sim_path, args, m_dir + "/stdout.txt", m_dir + "/stderr.txt",
                                           options.timeout_s);
}

EvaluationJob::~EvaluationJob() {
  m_child.reset();  // kills a worker still running before its folder goes
  if (m_dir.empty()) return;
  for (const char* name : {"arch.yaml", "workload.yaml", "mapping.yaml", "result.json", "stdout.txt", "stderr.txt"}) {
    std::remove((m_dir + "/" + name).c_str());
  }
  rmdir(m_dir.c_str());
}

bool EvaluationJob::poll() {
  if (m_done) return true;
  if (!m_child->poll()) return false;
  finish();
  m_done = true;
  return true;
}

void EvaluationJob::finish() {
  const ChildExit& exit = m_child->exit();
  m_evaluation.wall_s = m_child->elapsed_s();
  const std::string error_line = last_line(read_all(m_dir + "/stderr.txt"));
  if (exit.timed_out) {
    m_evaluation.status = EvalStatus::kTimeout;
    m_evaluation.reason = "no result within the wall-clock limit";
    return;
  }
  if (!exit.exited) {
    m_evaluation.status = EvalStatus::kCrashed;
    m_evaluation.reason = "worker ended by signal " + std::to_string(exit.signal);
    return;
  }
  if (exit.code == 2) {
    // sextant-sim found the inputs invalid (e.g. a design the mapping check allowed but
    // the model refuses): a property of the point, kept for the feasibility model.
    m_evaluation.status = EvalStatus::kInvalidDesign;
    m_evaluation.reason = error_line.empty() ? "worker rejected its input (exit 2)" : error_line;
    return;
  }
  if (exit.code != 0) {
    m_evaluation.status = EvalStatus::kFailed;
    m_evaluation.reason = "worker exit " + std::to_string(exit.code) + (error_line.empty() ? "" : ": " + error_line);
    return;
  }
  try {
    const nlohmann::json json = nlohmann::json::parse(read_all(m_dir + "/result.json"));
    m_evaluation.result = op_result_from_json(json.at("ops").at(0));
    m_evaluation.status = EvalStatus::kOk;
  } catch (const nlohmann::json::exception& error) {
    m_evaluation.status = EvalStatus::kFailed;
    m_evaluation.reason = std::string("unreadable worker result: ") + error.what();
  }
}

Evaluation evaluate(const EvaluatorOptions& options, const ArchConfig& arch, const Op& op, const Mapping& mapping,
                    Fidelity fidelity, std::uint64_t seed) {
  EvaluationJob job(options, arch, op, mapping, fidelity, seed);
  // Poll with growing sleeps (0.5 ms to 20 ms): short points return quickly, long ones
  // cost no CPU while they run.
  useconds_t pause_us = 500;
  while (!job.poll()) {
    usleep(pause_us);
    if (pause_us < 20000) pause_us *= 2;
  }
  return job.evaluation();
}

bool sim_supports_analytical(const std::string& sim_path) {
  char pattern[] = "/tmp/sextant-probe-XXXXXX";
  if (mkdtemp(pattern) == nullptr) return false;
  const std::string dir = pattern;
  bool supported = false;
  try {
    ChildProcess child(sim_path, {"--help"}, dir + "/out.txt", dir + "/err.txt", 30.0);
    child.wait();
    supported = read_all(dir + "/out.txt").find("--fidelity") != std::string::npos;
  } catch (const std::runtime_error&) {
    supported = false;
  }
  std::remove((dir + "/out.txt").c_str());
  std::remove((dir + "/err.txt").c_str());
  rmdir(dir.c_str());
  return supported;
}

}  // namespace sextant
