// SPDX-License-Identifier: Apache-2.0
#include "models/analytical/halo_sum.h"

#include <algorithm>

namespace sextant {
namespace {

/// Rows of the input inside the box of output tile i and filter tile j.
[[gnu::always_inline]] inline std::int64_t valid_rows(const HaloAxis& a, std::int64_t i, std::int64_t j) {
  const std::int64_t out_ext = std::min(a.out_tile, a.out_size - i * a.out_tile);
  const std::int64_t filter_ext = std::min(a.filter_tile, a.filter_size - j * a.filter_tile);
  const std::int64_t offset = i * a.out_tile * a.stride - a.pad + j * a.filter_tile * a.dilation;
  const std::int64_t extent = (out_ext - 1) * a.stride + (filter_ext - 1) * a.dilation + 1;
  return std::max<std::int64_t>(std::min(offset + extent, a.input_size) - std::max<std::int64_t>(offset, 0), 0);
}

}  // namespace

std::uint64_t halo_sum_by_tiles(const HaloAxis& a) {
  std::uint64_t sum = 0;
  for (std::int64_t i = 0; i < a.out_trips; ++i) {
    for (std::int64_t j = 0; j < a.filter_trips; ++j) sum += static_cast<std::uint64_t>(valid_rows(a, i, j));
  }
  return sum;
}

std::uint64_t halo_sum(const HaloAxis& a) {
  // Output tiles 0 .. full-1 have the full extent; a last one may be shorter (edge).
  const bool edge = a.out_size - (a.out_trips - 1) * a.out_tile != a.out_tile;
  const std::int64_t full = edge ? a.out_trips - 1 : a.out_trips;
  const std::int64_t step = a.out_tile * a.stride;
  std::uint64_t sum = 0;
  for (std::int64_t j = 0; j < a.filter_trips; ++j) {
    const std::int64_t filter_ext = std::min(a.filter_tile, a.filter_size - j * a.filter_tile);
    const std::int64_t extent = (a.out_tile - 1) * a.stride + (filter_ext - 1) * a.dilation + 1;
    const std::int64_t base = j * a.filter_tile * a.dilation - a.pad;  // offset of tile i = base + i * step
    // Interior: base + i * step >= 0 and base + i * step + extent <= input_size.
    // Divisions only when the answer is not plain: most tiles start at most one step
    // into the padding and leave room for every full tile.
    std::int64_t lo = 0;
    if (base < 0) lo = -base <= step ? 1 : (-base + step - 1) / step;
    const std::int64_t room = a.input_size - extent - base;
    std::int64_t hi = full - 1;
    if (room < 0) {
      hi = -1;
    } else if (room < hi * step) {
      hi = room / step;
    }
    if (lo <= hi) {
      sum += static_cast<std::uint64_t>((hi - lo + 1) * extent);
      for (std::int64_t i = 0; i < std::min(lo, full); ++i) sum += static_cast<std::uint64_t>(valid_rows(a, i, j));
      for (std::int64_t i = hi + 1; i < full; ++i) sum += static_cast<std::uint64_t>(valid_rows(a, i, j));
    } else {
      for (std::int64_t i = 0; i < full; ++i) sum += static_cast<std::uint64_t>(valid_rows(a, i, j));
    }
    if (edge) sum += static_cast<std::uint64_t>(valid_rows(a, a.out_trips - 1, j));
  }
  return sum;
}

}  // namespace sextant
