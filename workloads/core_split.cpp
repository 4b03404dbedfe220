// SPDX-License-Identifier: Apache-2.0
#include "workloads/core_split.h"

#include <algorithm>

#include "workloads/compiler.h"

namespace sextant {
namespace {

constexpr Dim kSplitDims[] = {Dim::K, Dim::P, Dim::Q};  // core numbering: K outermost

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

/// Moves a box of the part's tensor `tensor` into the whole op's tensor.
void shift_box(TensorBox& box, TensorKind tensor, const Op& op, const DimArray& offset, const TensorBox& whole) {
  const std::int64_t k0 = at(offset, Dim::K);
  const std::int64_t p0 = at(offset, Dim::P);
  const std::int64_t q0 = at(offset, Dim::Q);
  switch (tensor) {
    case TensorKind::kInputs:  // [N][H][W][G*C]
      box.offset[1] += p0 * op.stride_h;
      box.offset[2] += q0 * op.stride_w;
      break;
    case TensorKind::kWeights:  // [G][R][S][C][K]
      box.offset[4] += k0;
      break;
    case TensorKind::kOutputs:  // [N][P][Q][G*K], G = 1 when K is split
      box.offset[1] += p0;
      box.offset[2] += q0;
      box.offset[3] += k0;
      break;
  }
  box.shape = whole.shape;
}

}  // namespace

std::vector<CoreShare> core_shares(const Op& op, const Mapping& mapping) {
  std::vector<CoreShare> shares;
  const std::int64_t nk = at(mapping.cores, Dim::K);
  const std::int64_t np = at(mapping.cores, Dim::P);
  const std::int64_t nq = at(mapping.cores, Dim::Q);
  const std::int64_t chunk[3] = {ceil_div(op.dim(Dim::K), nk), ceil_div(op.dim(Dim::P), np),
                                 ceil_div(op.dim(Dim::Q), nq)};
  int core = 0;
  for (std::int64_t ik = 0; ik < nk; ++ik) {
    for (std::int64_t ip = 0; ip < np; ++ip) {
      for (std::int64_t iq = 0; iq < nq; ++iq) {
        const std::int64_t index[3] = {ik, ip, iq};
        CoreShare share;
        share.core = core++;
        share.op = op;
        bool empty = false;
        for (int i = 0; i < 3; ++i) {
          const Dim dim = kSplitDims[i];
          const std::int64_t begin = index[i] * chunk[i];
          const std::int64_t extent = std::min(chunk[i], op.dim(dim) - begin);
          empty = empty || extent <= 0;
          at(share.offset, dim) = begin;
          at(share.op.dims, dim) = extent;
        }
        if (empty) continue;
        // The part reads the whole input tensor's rows and columns, not a shrunken copy.
        share.op.in_h = op.input_h();
        share.op.in_w = op.input_w();
        shares.push_back(std::move(share));
      }
    }
  }
  return shares;
}

Mapping core_mapping(const Mapping& mapping) {
  Mapping part = mapping;
  part.cores = ones();
  return part;
}

Program compile_core_share(const Op& op, const CoreShare& share, const Mapping& mapping, const ArchConfig& arch) {
  Program program = compile(share.op, core_mapping(mapping), arch);
  Program whole_op;
  lay_out_tensors(op, arch, whole_op);
  for (Command& command : program.commands) {
    if (command.kind == CommandKind::kLoad || command.kind == CommandKind::kStore) {
      const auto t = static_cast<std::size_t>(command.transfer.tensor);
      shift_box(command.transfer.box, command.transfer.tensor, op, share.offset, whole_op.whole_tensor[t]);
      command.transfer.dram_base = whole_op.dram_base[t];
    } else if (command.kind == CommandKind::kCompute) {
      for (const TensorKind tensor : kAllTensorKinds) {
        const auto t = static_cast<std::size_t>(tensor);
        shift_box(command.compute.boxes[t], tensor, op, share.offset, whole_op.whole_tensor[t]);
      }
      for (const Dim dim : kSplitDims) at(command.compute.offset, dim) += at(share.offset, dim);
    }
  }
  program.op_name = op.name;
  program.dram_base = whole_op.dram_base;
  program.whole_tensor = whole_op.whole_tensor;
  return program;
}

Validity check_core_split(const Op& op, const Mapping& mapping, const ArchConfig& arch) {
  const std::int64_t parts = mapping.cores_used();
  if (parts > arch.cores()) {
    return Validity::invalid("the split across cores makes " + std::to_string(parts) + " parts but the arch has " +
                             std::to_string(arch.cores()) + " core(s)");
  }
  if (at(mapping.cores, Dim::K) > 1 && op.dim(Dim::G) > 1) {
    return Validity::invalid("a split of K across cores needs G = 1 (split P or Q for grouped ops)");
  }
  for (const Dim dim : kSplitDims) {
    if (at(mapping.cores, dim) > op.dim(dim)) {
      return Validity::invalid(std::string("the split of ") + dim_letter(dim) + " across cores (" +
                               std::to_string(at(mapping.cores, dim)) + ") exceeds the dim (" +
                               std::to_string(op.dim(dim)) + ")");
    }
  }
  return Validity::valid();
}

DimArray default_core_split(const Op& op, const ArchConfig& arch) {
  DimArray split = ones();
  const std::int64_t cores = arch.cores();
  if (cores <= 1 || is_vector_op(op.kind)) return split;
  // K parts no narrower than the array's columns, so no core leaves columns idle that one
  // core alone would fill; the rest of the cores split P.
  if (op.dim(Dim::G) == 1) {
    at(split, Dim::K) = std::min(cores, std::max<std::int64_t>(1, op.dim(Dim::K) / arch.pe_array.cols));
  }
  const std::int64_t left = cores / at(split, Dim::K);
  at(split, Dim::P) = std::min(left, op.dim(Dim::P));
  return split;
}

}  // namespace sextant
