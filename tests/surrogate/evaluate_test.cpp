// SPDX-License-Identifier: Apache-2.0
#include "surrogate/evaluate.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "workloads/mapper.h"
#include "workloads/network.h"

namespace sextant {
namespace {

const std::string kSource = SEXTANT_SOURCE_DIR;

/// A stand-in worker: a shell script with the given body, to reach every exit path.
std::string fake_sim(const std::string& name, const std::string& body) {
  const std::string path = "/tmp/sextant-fake-sim-" + std::to_string(getpid()) + "-" + name;
  std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
  chmod(path.c_str(), 0755);
  return path;
}

struct Point {
  ArchConfig arch = load_arch_config(kSource + "/yaml/arch/gemmini-default-like.yaml");
  Op op = load_network(kSource + "/yaml/workloads/tiny-ops.yaml").ops[1];
  Mapping mapping = default_mapping(op, arch);
};

TEST(Evaluate, SingleOpWorkloadRoundTrips) {
  for (const char* file : {"tiny-ops", "resnet50", "bert_base", "conv-3x3", "gemm-512"}) {
    for (const Op& op : load_network(kSource + "/yaml/workloads/" + file + ".yaml").ops) {
      if (is_vector_op(op.kind)) {
        EXPECT_THROW(single_op_network_yaml(op), ModelError) << "datagen samples PE-array ops only";
        continue;
      }
      const Network back = parse_network(single_op_network_yaml(op), "generated");
      ASSERT_EQ(back.ops.size(), 1u);
      EXPECT_EQ(back.ops[0].dims, op.dims) << op.name;
      EXPECT_EQ(back.ops[0].kind, op.kind) << op.name;
      EXPECT_EQ(back.ops[0].stride_h, op.stride_h) << op.name;
      EXPECT_EQ(back.ops[0].pad_h, op.pad_h) << op.name;
      EXPECT_EQ(back.ops[0].input_h(), op.input_h()) << op.name;
    }
  }
}

TEST(Evaluate, TlmGivesTheOpsResult) {
  const Point point;
  const Evaluation evaluation = evaluate({SEXTANT_SIM_PATH, 0.0, "/tmp", {}}, point.arch, point.op, point.mapping,
                                         Fidelity::kTlm, 1);
  ASSERT_EQ(evaluation.status, EvalStatus::kOk) << evaluation.reason;
  EXPECT_EQ(evaluation.result.macs, static_cast<std::uint64_t>(point.op.macs()));
  EXPECT_GT(evaluation.result.latency_cycles, 0u);
  EXPECT_EQ(evaluation.result.name, point.op.name);
}

TEST(Evaluate, InvalidMappingNeedsNoWorker) {
  Point point;
  point.mapping.levels.front().temporal[static_cast<int>(Dim::K)] = 1000;
  const Evaluation evaluation = evaluate({"/nonexistent/sim", 0.0, "/tmp", {}}, point.arch, point.op, point.mapping,
                                         Fidelity::kTlm, 1);
  EXPECT_EQ(evaluation.status, EvalStatus::kInvalidMapping);
  EXPECT_FALSE(evaluation.reason.empty());
}

TEST(Evaluate, ExitCodesBecomeReasons) {
  const Point point;
  const auto run = [&](const std::string& sim, double timeout_s) {
    return evaluate({sim, timeout_s, "/tmp", {}}, point.arch, point.op, point.mapping, Fidelity::kTlm, 1);
  };
  Evaluation e = run(fake_sim("bad", "echo 'error: x.yaml:1:1: bad' >&2; exit 2"), 0.0);
  EXPECT_EQ(e.status, EvalStatus::kInvalidDesign);
  EXPECT_EQ(e.reason, "error: x.yaml:1:1: bad");
  e = run(fake_sim("model", "echo 'internal error: oops' >&2; exit 3"), 0.0);
  EXPECT_EQ(e.status, EvalStatus::kFailed);
  EXPECT_NE(e.reason.find("oops"), std::string::npos);
  e = run(fake_sim("crash", "kill -SEGV $$"), 0.0);
  EXPECT_EQ(e.status, EvalStatus::kCrashed);
  e = run(fake_sim("garbage", "exit 0"), 0.0);  // no result file
  EXPECT_EQ(e.status, EvalStatus::kFailed);
  // A worker that never ends is killed at its limit (30 s of sleep against a 0.3 s limit).
  e = run(fake_sim("hang", "exec sleep 30"), 0.3);
  EXPECT_EQ(e.status, EvalStatus::kTimeout);
  EXPECT_THROW(run("/nonexistent/sim", 0.0), std::runtime_error);
}

TEST(Evaluate, AnalyticalProbe) {
  // A worker whose --help offers --fidelity is detected; one without it is not.
  EXPECT_FALSE(sim_supports_analytical(fake_sim("nohelp", "echo '  --arch arg'")));
  EXPECT_FALSE(sim_supports_analytical("/nonexistent/sim"));
  EXPECT_TRUE(sim_supports_analytical(fake_sim("help", "echo '  --fidelity arg  tlm | analytical'")));
}

}  // namespace
}  // namespace sextant
