// SPDX-License-Identifier: Apache-2.0
// The workload zoo (yaml/workloads/, written by scripts/gen_zoo.py): every file loads, cites
// a source, and adds up to the MAC total its source publishes, or, where the source gives
// only the architecture, to the total recomputed here from the architecture's hyperparameters.
#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>
#include <string>

#include <gtest/gtest.h>

#include "workloads/network.h"

namespace sextant {
namespace {

const std::string kWorkloads = std::string(SEXTANT_SOURCE_DIR) + "/yaml/workloads/";

Network load(const std::string& name) { return load_network(kWorkloads + name + ".yaml"); }

/// A published figure rounded to `digits` decimals of giga-MACs (e.g. torchvision's 1.81).
void expect_rounds_to(std::int64_t macs, double published_giga, int digits) {
  const double scale = std::pow(10.0, digits);
  EXPECT_EQ(std::llround(static_cast<double>(macs) / 1e9 * scale), std::llround(published_giga * scale))
      << macs << " MACs";
}

struct ZooEntry {
  const char* file;
  std::int64_t macs;
};

// Exact totals of every zoo file. Each is derived in the file's header comment; the tests
// below recompute the DNN ones from their architectures and compare with published figures.
constexpr ZooEntry kZoo[] = {
    {"resnet18", 1'814'073'344},         {"mobilenet_v2", 300'774'272},
    {"vgg16", 15'470'264'320},           {"bert_base", 11'173'625'856},
    {"gpt2_small_block", 8'858'370'048}, {"atari_dqn", 9'352'192},
    {"mlp_lenet300", 34'073'600},        {"mlp_lenet300_train", 72'115'200},
    {"resnet18_train", 5'324'206'080},   {"dlrm_mlperf_mlps", 302'743'552},
    {"unet", 167'322'556'672},           {"retinanet", 3'323'622'400},
    {"linreg_55", 110},                  {"linreg_784", 1'568},
    {"logreg_54", 108},                  {"svm_54", 108},
    {"mf_138x10_r10", 41'400},           {"mf_1682x943_r10", 47'583'780},
    {"backprop_61_128_4", 17'152},
};

TEST(Zoo, EveryFileLoadsCitesItsSourceAndHasItsMacTotal) {
  for (const ZooEntry& entry : kZoo) {
    SCOPED_TRACE(entry.file);
    const Network network = load(entry.file);
    EXPECT_EQ(network.name, entry.file);
    EXPECT_FALSE(network.source.empty());
    EXPECT_EQ(network.total_macs(), entry.macs);
  }
}

TEST(Zoo, PublishedTorchvisionAndPaperFigures) {
  expect_rounds_to(load("resnet18").total_macs(), 1.81, 2);      // torchvision: 1.81 GFLOPS
  expect_rounds_to(load("vgg16").total_macs(), 15.47, 2);        // torchvision: 15.47 GFLOPS
  expect_rounds_to(load("mobilenet_v2").total_macs(), 0.30, 2);  // Sandler et al.: 300M mult-adds
  // Han et al., NIPS 2015: LeNet-300-100 has 266,200 weights (267K with biases): MACs per sample.
  EXPECT_EQ(load("mlp_lenet300").total_macs(), 128 * 266'200);
}

TEST(Zoo, TransformerTotalsFollowTheirHyperparameters) {
  // BERT-base (Devlin et al.): 12 layers of 4 HxH projections, 2 attention products, 2 FFN.
  const std::int64_t t = 128, h = 768, ff = 3072, layers = 12;
  EXPECT_EQ(load("bert_base").total_macs(), layers * (4 * t * h * h + 2 * t * t * h + 2 * t * h * ff));
  // GPT-2 small block (Radford et al.): 12 d^2 T + 2 T^2 d.
  const std::int64_t tg = 1024, d = 768;
  EXPECT_EQ(load("gpt2_small_block").total_macs(), 12 * d * d * tg + 2 * tg * tg * d);
  const Network bert = load("bert_base");
  const Op& scores = bert.ops[3];
  EXPECT_EQ(scores.name, "scores_qkt");
  EXPECT_EQ(scores.dim(Dim::G), 12);  // one matmul per head
  EXPECT_EQ(scores.dim(Dim::C), 64);
}

TEST(Zoo, DqnAndDlrmTotalsFollowTheirArchitectures) {
  // Mnih et al. 2015: 20x20x32 (8x8x4), 9x9x64 (4x4x32), 7x7x64 (3x3x64), 3136x512, 512x18.
  EXPECT_EQ(load("atari_dqn").total_macs(),
            20 * 20 * 32 * 8 * 8 * 4 + 9 * 9 * 64 * 4 * 4 * 32 + 7 * 7 * 64 * 3 * 3 * 64 + 3136 * 512 + 512 * 18);
  EXPECT_EQ(load("dlrm_mlperf_mlps").total_macs(),
            128 * (13 * 512 + 512 * 256 + 256 * 128 + 479 * 1024 + 1024 * 1024 + 1024 * 512 + 512 * 256 + 256));
}

TEST(Zoo, TrainingStepsTripleTheForwardMacsLessTheFirstInputGradient) {
  const Network resnet = load("resnet18");
  EXPECT_EQ(load("resnet18_train").total_macs(), 3 * resnet.total_macs() - resnet.ops.front().macs());
  const Network mlp = load("mlp_lenet300");
  EXPECT_EQ(load("mlp_lenet300_train").total_macs(), 3 * mlp.total_macs() - mlp.ops.front().macs());
}

TEST(Zoo, NonDnnKernelsAtTablaSizes) {
  EXPECT_EQ(load("linreg_55").total_macs(), 2 * 55);
  EXPECT_EQ(load("linreg_784").total_macs(), 2 * 784);
  EXPECT_EQ(load("logreg_54").total_macs(), 2 * 54);
  EXPECT_EQ(load("svm_54").total_macs(), 2 * 54);
  EXPECT_EQ(load("mf_138x10_r10").total_macs(), 3 * 138 * 10 * 10);
  EXPECT_EQ(load("mf_1682x943_r10").total_macs(), 3 * 1682 * 943 * 10);
  EXPECT_EQ(load("backprop_61_128_4").total_macs(), 2 * 61 * 128 + 3 * 128 * 4);
}

TEST(Zoo, DepthwiseConvsAreGroupedPerChannel) {
  const Network network = load("mobilenet_v2");
  int depthwise = 0;
  for (const Op& op : network.ops) {
    if (op.dim(Dim::G) == 1) continue;
    ++depthwise;
    EXPECT_EQ(op.dim(Dim::C), 1) << op.name;
    EXPECT_EQ(op.dim(Dim::K), 1) << op.name;
  }
  EXPECT_EQ(depthwise, 17);  // one per bottleneck block
}

// U-Net, RetinaNet and BERT come from DOSA's layer list: recompute their totals from the list
// itself when the shared data folder is present next to the repository.
TEST(Zoo, DosaNetworksMatchDosasLayerList) {
  std::ifstream csv(std::string(SEXTANT_SOURCE_DIR) + "/../shared/data/gemmini-firesim/workload_layers.csv");
  if (!csv) GTEST_SKIP() << "../shared/data/gemmini-firesim/workload_layers.csv is not there";
  std::string line;
  std::getline(csv, line);
  std::vector<std::string> header;
  for (std::stringstream fields(line); std::getline(fields, line, ',');) header.push_back(line);
  std::map<std::string, std::int64_t> macs;  // per workload, each row once
  std::map<std::string, int> rows;
  while (std::getline(csv, line)) {
    std::vector<std::string> cells;
    for (std::stringstream fields(line); std::getline(fields, line, ',');) cells.push_back(line);
    ASSERT_EQ(cells.size(), header.size());
    std::int64_t product = 1;
    for (std::size_t i = 0; i < header.size(); ++i) {
      for (const char* dim : {"N", "C", "K", "P", "Q", "R", "S"}) {
        if (header[i] == dim) product *= std::stoll(cells[i]);
      }
    }
    macs[cells[0]] += product;
    ++rows[cells[0]];
  }
  EXPECT_EQ(load("unet").total_macs(), macs["unet"]);
  EXPECT_EQ(load("unet").ops.size(), static_cast<std::size_t>(rows["unet"]));
  EXPECT_EQ(load("retinanet").total_macs(), macs["retinanet"]);
  EXPECT_EQ(load("retinanet").ops.size(), static_cast<std::size_t>(rows["retinanet"]));
  // DOSA lists one BERT layer's distinct matmuls with the attention products per head
  // (mm_1, mm_2): x12 heads and x12 layers they are the zoo's per-layer matmuls.
  const std::int64_t per_head = 128 * 64 * 128;
  const std::int64_t dosa_layer = macs["bert"] - 2 * per_head + 2 * 12 * per_head +
                                  2 * 128 * 768 * 768;  // mm_0 and mm_3 stand for 4 projections
  EXPECT_EQ(load("bert_base").total_macs(), 12 * dosa_layer);
}

TEST(Zoo, ReducedCopiesLoad) {
  for (const char* name : {"resnet18", "mobilenet_v2", "vgg16", "bert_base", "gpt2_small_block", "atari_dqn",
                           "mlp_lenet300", "mlp_lenet300_train", "resnet18_train", "dlrm_mlperf_mlps", "unet",
                           "retinanet"}) {
    SCOPED_TRACE(name);
    const Network network = load_network(kWorkloads + "reduced/" + name + "_reduced.yaml");
    EXPECT_FALSE(network.ops.empty());
    EXPECT_LT(network.total_macs(), 200'000);
  }
}

}  // namespace
}  // namespace sextant
