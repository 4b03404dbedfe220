// SPDX-License-Identifier: Apache-2.0
#include "workloads/buffer_ports.h"

#include <algorithm>
#include <vector>

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

double shared_bank_port_cycles(const BufferConfig& buffer, int index, const SlotLayout& layout,
                               const std::array<std::uint64_t, kNumTensorKinds>& regions,
                               const std::uint64_t (&read)[kNumTensorKinds], const std::uint64_t (&write)[kNumTensorKinds]) {
  std::vector<int> tensors;
  int combinations = 1;
  for (const TensorKind kind : kAllTensorKinds) {
    const auto t = static_cast<int>(kind);
    if (!buffer.holds.has(kind) || layout.buffer[static_cast<std::size_t>(t)] != index) continue;
    tensors.push_back(t);
    combinations *= std::max(layout.slots[static_cast<std::size_t>(t)], 1);
  }
  const std::uint64_t bank_bytes = std::max<std::uint64_t>(buffer.bank_size_bytes(), 1);
  const auto banks = static_cast<std::uint64_t>(buffer.banks);
  const auto ports = static_cast<std::size_t>(std::max(buffer.ports, 1));
  std::vector<std::uint64_t> port_busy(static_cast<std::size_t>(banks) * ports);
  double total = 0.0;
  for (int combination = 0; combination < combinations; ++combination) {
    std::fill(port_busy.begin(), port_busy.end(), 0);
    std::uint64_t end = 0;
    int rest = combination;
    for (const int t : tensors) {
      const auto ti = static_cast<std::size_t>(t);
      const int slots = std::max(layout.slots[ti], 1);
      const std::uint64_t address = layout.address[ti][static_cast<std::size_t>(rest % slots)];
      rest /= slots;
      const std::uint64_t region = regions[ti];
      for (const std::uint64_t traffic : {read[t], write[t]}) {
        if (traffic == 0) continue;
        const std::uint64_t first = address / bank_bytes;
        const std::uint64_t last = std::min((address + std::max<std::uint64_t>(region, 1) - 1) / bank_bytes, banks - 1);
        std::uint64_t done = 0;
        for (std::uint64_t bank = first; bank <= last; ++bank) {
          const std::uint64_t lo = std::max(address, bank * bank_bytes);
          const std::uint64_t hi = std::min(address + region, (bank + 1) * bank_bytes);
          const std::uint64_t share = region == 0 ? traffic : traffic * (hi - lo) / region;
          auto port_begin = port_busy.begin() + static_cast<std::ptrdiff_t>(bank * ports);
          auto port = std::min_element(port_begin, port_begin + static_cast<std::ptrdiff_t>(ports));
          *port += ceil_div(share, buffer.bank_width_bytes);
          done = std::max(done, *port);
        }
        end = std::max(end, done + static_cast<std::uint64_t>(buffer.latency_cycles));
      }
    }
    total += static_cast<double>(end);
  }
  return total / combinations;
}

}  // namespace sextant
