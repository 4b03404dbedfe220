// SPDX-License-Identifier: Apache-2.0
#include "workloads/buffer_ports.h"

#include <algorithm>

namespace sextant {
namespace {

/// Bank widths, bank sizes and spans are mostly powers of two: a shift instead of a
/// division there (this runs for every tile class of every evaluated mapping).
std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) {
  if (b == 0) return 0;
  if ((b & (b - 1)) == 0) return (a >> __builtin_ctzll(b)) + ((a & (b - 1)) != 0 ? 1 : 0);
  return (a + b - 1) / b;
}

}  // namespace

std::array<std::uint64_t, kNumTensorKinds> tile_regions(const Op& op, const DimArray& e, std::uint64_t operand_bytes,
                                                        std::uint64_t accumulator_bytes) {
  const std::int64_t h = (at(e, Dim::P) - 1) * op.stride_h + (at(e, Dim::R) - 1) * op.dilation_h + 1;
  const std::int64_t w = (at(e, Dim::Q) - 1) * op.stride_w + (at(e, Dim::S) - 1) * op.dilation_w + 1;
  const std::int64_t channels_in = (at(e, Dim::G) - 1) * op.dim(Dim::C) + at(e, Dim::C);
  const std::int64_t channels_out = (at(e, Dim::G) - 1) * op.dim(Dim::K) + at(e, Dim::K);
  const auto ob = static_cast<std::int64_t>(operand_bytes);
  const auto ab = static_cast<std::int64_t>(accumulator_bytes);
  return {static_cast<std::uint64_t>(at(e, Dim::N) * h * w * channels_in * ob),
          static_cast<std::uint64_t>(at(e, Dim::G) * at(e, Dim::R) * at(e, Dim::S) * at(e, Dim::C) * at(e, Dim::K) * ob),
          static_cast<std::uint64_t>(at(e, Dim::N) * at(e, Dim::P) * at(e, Dim::Q) * channels_out * ab)};
}

std::uint64_t buffer_port_cycles(const BufferConfig& buffer, std::uint64_t bank_size, std::uint64_t region_bytes,
                                 std::uint64_t read_bytes, std::uint64_t write_bytes) {
  if (read_bytes == 0 && write_bytes == 0) return 0;
  const std::uint64_t spanned =
      std::clamp<std::uint64_t>(ceil_div(region_bytes, bank_size), 1, static_cast<std::uint64_t>(buffer.banks));
  const std::uint64_t reads = ceil_div(ceil_div(read_bytes, spanned), buffer.bank_width_bytes);
  const std::uint64_t writes = ceil_div(ceil_div(write_bytes, spanned), buffer.bank_width_bytes);
  const std::uint64_t busy = buffer.ports >= 2 ? std::max(reads, writes) : reads + writes;
  return busy + static_cast<std::uint64_t>(buffer.latency_cycles);
}

}  // namespace sextant
