// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include "models/analytical/exact_divisor.h"
#include "models/analytical/memory_path.h"

#include "tlm/core/arch_config.h"
#include "workloads/mapping_validity.h"
#include "workloads/op.h"

namespace sextant {

/// Buffers the analytical model keeps counts for without allocating (arch presets have
/// one to three; more is a ConfigError from PreparedOp).
inline constexpr int kMaxAnalyticalBuffers = 8;

/// One buffer's port parameters as the fast path's port time uses them
/// (workloads/buffer_ports.h, buffer_port_cycles()), with its divisors prepared: a tile's
/// region over the bank size gives the banks it spans, s; its traffic over bank_width,
/// then over s, gives the port cycles (ceil(ceil(t / s) / w) = ceil(ceil(t / w) / s)).
struct BufferPorts {
  ExactDivisor bank_size;
  ExactDivisor bank_width;
  std::uint64_t banks;
  bool dual_ported;  ///< ports >= 2: reads and writes overlap
  std::uint64_t latency_cycles;
};

/// What the analytical model needs from one (op, arch) pair that no mapping changes,
/// computed once so that a search evaluating millions of mappings of one op pays only
/// for the mapping's part. It refers to the op and the arch: both must outlive it.
struct PreparedOp {
  /// Throws ConfigError when the arch has more than kMaxAnalyticalBuffers buffers.
  /// `whole`: when op is one core's part of a split op, that op (its tensors hold the
  /// part's boxes, so the part's tile rows are shorter than a dense tensor of its size).
  /// `sharers`: cores moving data at the same time as this one (memory_path()).
  PreparedOp(const Op& op, const ArchConfig& arch, const Op* whole = nullptr, int sharers = 1);

  const Op& op;
  const ArchConfig& arch;
  const Op& tensors;  ///< the op whose tensors the DRAM rows belong to (op, or the whole op)
  DataflowRoles roles;
  std::uint64_t operand_bytes;
  std::uint64_t accumulator_bytes;
  /// Index in arch.buffers of the buffer holding each tensor (by TensorKind).
  std::array<int, kNumTensorKinds> home{};
  /// Bytes per bank of each buffer (ArchConfig::buffers order), divided out once.
  std::array<std::uint64_t, kMaxAnalyticalBuffers> bank_size{};
  std::uint64_t output_bytes;  ///< the whole output at accumulator precision
  std::uint64_t final_output_bytes;  ///< the whole output at its stored (output) precision
  std::uint64_t weight_bytes;  ///< the whole weight tensor at operand precision
  /// Whether the output buffer may keep partial sums at all (keeps_partial_sums() is
  /// false without it; with it, it depends on the mapping).
  bool output_buffer_keeps_partial_sums;
  /// controller.reload_unchanged_tiles: inputs and weights move in on every DRAM iteration.
  bool reload_unchanged_tiles;
  /// The memory behind the DMA as this op sees it.
  MemoryPath memory;
  /// Port parameters of each buffer (ArchConfig::buffers order; the rest unset).
  std::array<BufferPorts, kMaxAnalyticalBuffers> ports;
};

}  // namespace sextant
