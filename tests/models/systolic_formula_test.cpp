// SPDX-License-Identifier: Apache-2.0
// With ideal memory, a layer's cycles must equal the documented systolic formula
// (docs/models/pe_array.md) for every dataflow, with fold_overlap on and off, on shapes
// whose folds include edge folds in rows, columns and the stream.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/models/model_test_support.h"
#include "workloads/op.h"

namespace sextant {
namespace {

using testing_support::arch_from_yaml;
using testing_support::mapping_from_yaml;
using testing_support::run_one;
using testing_support::small_arch_yaml;

/// How one dim is laid onto the array: the size of one chunk and what its extent feeds.
enum class Role { kRows, kCols, kStream, kFold };
struct DimPlan {
  std::int64_t extent;
  std::int64_t unit;
  Role role;
};

/// Brute force: enumerate every fold (every combination of chunk indices), compute its
/// rows, columns and stream length, and apply the formula of docs/models/pe_array.md.
std::uint64_t expected_cycles(const std::vector<DimPlan>& dims, int rows, int cols, bool overlap) {
  std::vector<std::vector<std::int64_t>> chunk_sizes;
  for (const DimPlan& dim : dims) {
    std::vector<std::int64_t> sizes;
    for (std::int64_t start = 0; start < dim.extent; start += dim.unit) {
      sizes.push_back(std::min(dim.unit, dim.extent - start));
    }
    chunk_sizes.push_back(sizes);
  }
  std::vector<std::size_t> index(dims.size(), 0);
  std::uint64_t sum = 0;
  std::uint64_t folds = 0;
  while (true) {
    std::int64_t stream = 1;
    for (std::size_t d = 0; d < dims.size(); ++d) {
      if (dims[d].role == Role::kStream) stream *= chunk_sizes[d][index[d]];
    }
    ++folds;
    sum += overlap ? static_cast<std::uint64_t>(std::max<std::int64_t>(stream, rows))
                   : static_cast<std::uint64_t>(rows + stream + rows + cols - 2);
    std::size_t d = 0;
    for (; d < dims.size(); ++d) {
      if (++index[d] < chunk_sizes[d].size()) break;
      index[d] = 0;
    }
    if (d == dims.size()) break;
  }
  return overlap ? rows + sum + (rows + cols - 2) : sum;
}

// (extent, chunk, role) per dim, as the mappings below lay them out.
const std::vector<DimPlan> kWeightStationaryPlan = {
    {6, 4, Role::kRows}, {7, 4, Role::kCols}, {5, 4, Role::kStream}, {3, 3, Role::kStream},
    {3, 1, Role::kFold}, {2, 1, Role::kFold}, {2, 1, Role::kFold}};
const std::vector<DimPlan> kOutputStationaryPlan = {
    {5, 4, Role::kRows}, {7, 4, Role::kCols}, {6, 4, Role::kStream}, {3, 3, Role::kStream},
    {3, 1, Role::kFold}, {2, 1, Role::kFold}, {2, 1, Role::kFold}};
const std::vector<DimPlan> kInputStationaryPlan = {
    {6, 4, Role::kRows}, {3, 3, Role::kCols}, {7, 4, Role::kStream}, {5, 1, Role::kFold},
    {3, 1, Role::kFold}, {2, 1, Role::kFold}, {2, 1, Role::kFold}};

const char* kLevelsHeader = "mapping:\n";

/// Everything in one DRAM tile; `body` gives the on-chip levels.
std::string one_tile_mapping(const std::string& body) {
  return std::string(kLevelsHeader) +
         "  - {target: DRAM, type: temporal, factors: G=1 N=1 C=1 K=1 P=1 Q=1 R=1 S=1, permutation: GNCKPQRS}\n" +
         body;
}

struct Case {
  std::string dataflow;
  bool overlap;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.dataflow << (c.overlap ? " overlap" : " no overlap"); }

class SystolicFormula : public ::testing::TestWithParam<Case> {};

// Conv N=2 C=6 K=7 P=5 Q=3 R=3 S=2 on a 4x4 array.
Op test_conv() {
  Op op = make_conv("conv", 2, 6, 7, 7, 4, 3, 2, 1, 0);
  return op;
}

TEST_P(SystolicFormula, CyclesEqualFormulaWithEdgeFolds) {
  const Case c = GetParam();
  const ArchConfig arch = arch_from_yaml(small_arch_yaml(c.dataflow, c.overlap, "ideal"));
  const Op op = test_conv();
  ASSERT_EQ(op.dim(Dim::P), 5);
  ASSERT_EQ(op.dim(Dim::Q), 3);
  std::string body;
  std::vector<DimPlan> plan;
  if (c.dataflow == "WS") {
    // rows C (6 = 4 + 2), cols K (7 = 4 + 3), stream P4 (5 = 4 + 1) x Q3 x N1; folds R, S, N.
    // C innermost at OutputBuffer keeps P from merging into the stream.
    body =
        "  - {target: OutputBuffer, type: temporal, factors: C=2 K=2 R=3 S=2 P=2 N=2, permutation: CKRSPNQG}\n"
        "  - {target: Registers, type: temporal, factors: P=4 Q=3, permutation: PQNGCKRS}\n"
        "  - {target: OutputBuffer, type: spatial, factors: K=4 C=4, permutation: KC, split: 1}\n";
    plan = kWeightStationaryPlan;
  } else if (c.dataflow == "OS") {
    // rows P (5 = 4 + 1), cols K (7 = 4 + 3), stream C4 (6 = 4 + 2) x R3; folds Q, N, S.
    body =
        "  - {target: OutputBuffer, type: temporal, factors: P=2 K=2 C=2 Q=3 N=2 S=2, permutation: PKQNSCRG}\n"
        "  - {target: Registers, type: temporal, factors: C=4 R=3, permutation: CRSNGKPQ}\n"
        "  - {target: OutputBuffer, type: spatial, factors: K=4 P=4, permutation: KP, split: 1}\n";
    plan = kOutputStationaryPlan;
  } else {
    // IS: rows C (6 = 4 + 2), cols Q3 (3), stream K4 (7 = 4 + 3); folds P, R, S, N.
    body =
        "  - {target: OutputBuffer, type: temporal, factors: C=2 K=2 P=5 R=3 S=2 N=2, permutation: CPRSNKQG}\n"
        "  - {target: Registers, type: temporal, factors: K=4, permutation: KCNGPQRS}\n"
        "  - {target: OutputBuffer, type: spatial, factors: Q=3 C=4, permutation: QC, split: 1}\n";
    plan = kInputStationaryPlan;
  }
  const Mapping mapping = mapping_from_yaml(one_tile_mapping(body), arch);
  const Result result = run_one(arch, op, mapping, /*functional=*/false);
  EXPECT_EQ(result.total.latency_cycles, expected_cycles(plan, 4, 4, c.overlap));
  EXPECT_EQ(result.total.macs, static_cast<std::uint64_t>(op.macs()));
  EXPECT_EQ(result.total.stall_cycles.at("bank_conflict"), 0u);
}

INSTANTIATE_TEST_SUITE_P(AllDataflows, SystolicFormula,
                         ::testing::Values(Case{"WS", false}, Case{"WS", true}, Case{"OS", false},
                                           Case{"OS", true}, Case{"IS", false}, Case{"IS", true}),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           return param_info.param.dataflow + (param_info.param.overlap ? "_overlap" : "_no_overlap");
                         });

}  // namespace
}  // namespace sextant
