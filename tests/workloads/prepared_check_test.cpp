// SPDX-License-Identifier: Apache-2.0
// PreparedCheck against check_mapping(): the same verdict (and, through check(), the same
// reason) on every ResNet-50 default mapping of every preset, on random candidates of the
// full mapping space and of the search's tiling space, and on valid mappings broken in
// every way a field can be broken (factors of 0, negative or near 2^63, permutations with
// a letter missing or repeated, wrong level names and keep sets, spatial fan-outs that do
// not fit, core splits).
#include <algorithm>
#include <filesystem>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tlm/core/arch_config.h"
#include "workloads/mapper.h"
#include "workloads/mapping_space.h"
#include "workloads/mapping_validity.h"
#include "workloads/network.h"

namespace sextant {
namespace {

const std::string kRoot = SEXTANT_SOURCE_DIR;

std::vector<std::string> all_presets() {
  std::vector<std::string> presets;
  for (const auto& entry : std::filesystem::directory_iterator(kRoot + "/yaml/arch")) {
    presets.push_back(entry.path().stem().string());
  }
  std::sort(presets.begin(), presets.end());
  return presets;
}

/// Counts of the verdicts compared, so a test can insist both kinds were seen.
struct Compared {
  int valid = 0;
  int invalid = 0;
};

void expect_same_verdict(const Op& op, const Mapping& mapping, const ArchConfig& arch, const PreparedCheck& check,
                         Compared& compared, const std::string& what) {
  const Validity reference = check_mapping(op, mapping, arch);
  ASSERT_EQ(check.holds(mapping), reference.ok) << what << ": " << reference.reason;
  const Validity prepared = check.check(mapping);
  EXPECT_EQ(prepared.ok, reference.ok) << what;
  EXPECT_EQ(prepared.reason, reference.reason) << what;
  ++(reference.ok ? compared.valid : compared.invalid);
}

TEST(PreparedCheck, AgreesOnEveryResNet50DefaultMappingOfEveryPreset) {
  const Network network = load_network(kRoot + "/yaml/workloads/resnet50.yaml");
  Compared compared;
  for (const std::string& preset : all_presets()) {
    const ArchConfig arch = load_arch_config(kRoot + "/yaml/arch/" + preset + ".yaml");
    for (const Op& op : network.ops) {
      if (is_vector_op(op.kind)) continue;
      const PreparedCheck check(op, arch);
      expect_same_verdict(op, default_mapping(op, arch), arch, check, compared, preset + " " + op.name);
    }
  }
  EXPECT_GT(compared.valid, 300);  // 30 PE-array layers on each of the 12 presets
}

TEST(PreparedCheck, AgreesOnRandomCandidatesOfBothSpaces) {
  const Network network = load_network(kRoot + "/yaml/workloads/resnet50.yaml");
  Compared compared;
  for (const char* preset : {"gemmini-default-like", "tpu-v1-like", "eyeriss-like", "scalesim-default-like"}) {
    const ArchConfig arch = load_arch_config(kRoot + "/yaml/arch/" + std::string(preset) + ".yaml");
    std::mt19937_64 rng(11);
    for (std::size_t i = 0; i < network.ops.size(); i += 2) {
      const Op& op = network.ops[i];
      if (is_vector_op(op.kind)) continue;
      const PreparedCheck check(op, arch);
      const MappingSpace full(op, arch);
      const TilingSpace tiling(op, arch);
      for (int k = 0; k < 20; ++k) {
        const std::string what = std::string(preset) + " " + op.name + " draw " + std::to_string(k);
        expect_same_verdict(op, full.to_mapping(full.sample_candidate(rng)), arch, check, compared, what + " (full)");
        expect_same_verdict(op, tiling.to_mapping(tiling.random_point(rng)), arch, check, compared, what + " (tiling)");
      }
    }
  }
  EXPECT_GT(compared.valid, 500);
  EXPECT_GT(compared.invalid, 500);
}

/// One random way to break (or not) a mapping's field.
void mutate(Mapping& mapping, const ArchConfig& arch, std::mt19937_64& rng) {
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng)); };
  const std::int64_t kHuge = std::numeric_limits<std::int64_t>::max() / 3;
  const std::vector<std::int64_t> factors{0, -1, 1, 2, 3, 4, 7, 16, 64, 1000, kHuge, std::numeric_limits<std::int64_t>::max(),
                                          std::numeric_limits<std::int64_t>::min()};
  const auto any_factor = [&] { return factors[pick(factors.size())]; };
  LevelMapping& level = mapping.levels[pick(mapping.levels.size())];
  const auto dim = static_cast<std::size_t>(pick(kNumDims));
  switch (pick(14)) {
    case 0: level.temporal[dim] = any_factor(); break;
    case 1: level.temporal[dim] *= 2; break;
    case 2: mapping.spatial.rows[dim] = any_factor(); break;
    case 3: mapping.spatial.cols[dim] = any_factor(); break;
    case 4: std::swap(mapping.spatial.rows[dim], mapping.spatial.cols[dim]); break;
    case 5: level.permutation[pick(level.permutation.size())] = "GNCKPQRSX"[pick(9)]; break;
    case 6: level.permutation = level.permutation.substr(0, pick(level.permutation.size() + 1)); break;
    case 7: level.target = pick(2) == 0 ? "Scratchpad" : level.target + "x"; break;
    case 8: level.keep.add(static_cast<TensorKind>(pick(kNumTensorKinds))); break;
    case 9: level.keep = TensorSet{}; break;
    case 10: mapping.spatial.target = pick(3) == 0 ? std::string() : mapping.levels[pick(mapping.levels.size())].target; break;
    case 11: level.double_buffer = !level.double_buffer; break;
    case 12: mapping.cores[pick(2) == 0 ? static_cast<std::size_t>(Dim::K) : dim] = pick(3) + 1; break;
    case 13:
      if (pick(2) == 0) {
        mapping.levels.erase(mapping.levels.begin() + static_cast<std::ptrdiff_t>(pick(mapping.levels.size())));
      } else {
        mapping.levels.insert(mapping.levels.begin() + static_cast<std::ptrdiff_t>(pick(mapping.levels.size())), level);
      }
      break;
  }
  (void)arch;
}

TEST(PreparedCheck, AgreesOnMappingsBrokenInEveryField) {
  const Network network = load_network(kRoot + "/yaml/workloads/resnet50.yaml");
  Compared compared;
  for (const char* preset : {"gemmini-default-like", "tpu-v1-like", "eyeriss-like", "simba-like"}) {
    const ArchConfig arch = load_arch_config(kRoot + "/yaml/arch/" + std::string(preset) + ".yaml");
    std::mt19937_64 rng(5);
    for (std::size_t i = 0; i < network.ops.size(); i += 3) {
      const Op& op = network.ops[i];
      if (is_vector_op(op.kind)) continue;
      const PreparedCheck check(op, arch);
      const TilingSpace tiling(op, arch);
      for (int k = 0; k < 40; ++k) {
        Mapping mapping = k % 2 == 0 ? default_mapping(op, arch) : tiling.to_mapping(tiling.random_point(rng));
        const int changes = 1 + k % 3;
        for (int c = 0; c < changes && mapping.levels.size() >= 2; ++c) mutate(mapping, arch, rng);
        if (mapping.levels.size() < 2) continue;  // check_mapping() needs DRAM and Registers to name
        expect_same_verdict(op, mapping, arch, check, compared,
                            std::string(preset) + " " + op.name + " mutation " + std::to_string(k));
      }
    }
  }
  EXPECT_GT(compared.valid, 100);
  EXPECT_GT(compared.invalid, 1000);
}

/// Every spatial fan-out of the rows' and the columns' dims, with every factor of those
/// dims at the level inside them: the boundaries where a row or a column of PEs would get
/// nothing (last start equal to the dim) are hit exactly.
TEST(PreparedCheck, AgreesAtEveryFanOutBoundary) {
  const ArchConfig arch = load_arch_config(kRoot + "/yaml/arch/gemmini-default-like.yaml");  // WS: C on rows, K on columns
  Compared compared;
  for (const std::int64_t size : {12, 16, 20, 33}) {
    const Op op = make_matmul("gemm", size, size, size);
    const PreparedCheck check(op, arch);
    const Mapping base = default_mapping(op, arch);
    const std::size_t inside = base.levels.size() - 2;  // the innermost buffer: folds
    for (std::int64_t rows = 1; rows <= 16; ++rows) {
      for (std::int64_t cols = 1; cols <= 16; ++cols) {
        for (std::int64_t folds = 1; folds <= 6; ++folds) {
          Mapping mapping = base;
          mapping.spatial.rows[static_cast<std::size_t>(Dim::C)] = rows;
          mapping.spatial.cols[static_cast<std::size_t>(Dim::K)] = cols;
          mapping.levels[inside].temporal[static_cast<std::size_t>(Dim::C)] = folds;
          mapping.levels[inside].temporal[static_cast<std::size_t>(Dim::K)] = folds;
          mapping.levels.front().temporal[static_cast<std::size_t>(Dim::C)] = (size + rows * folds - 1) / (rows * folds);
          mapping.levels.front().temporal[static_cast<std::size_t>(Dim::K)] = (size + cols * folds - 1) / (cols * folds);
          expect_same_verdict(op, mapping, arch, check, compared,
                              std::to_string(size) + " rows " + std::to_string(rows) + " cols " + std::to_string(cols) +
                                  " folds " + std::to_string(folds));
        }
      }
    }
  }
  EXPECT_GT(compared.valid, 500);
  EXPECT_GT(compared.invalid, 500);
}

}  // namespace
}  // namespace sextant
