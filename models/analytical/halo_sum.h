// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

namespace sextant {

/// One input axis as the DRAM tiles of its (output, filter) pair of dims slide over it.
struct HaloAxis {
  std::int64_t out_size, out_tile, out_trips;           ///< P (or Q): extent, tile, trips
  std::int64_t filter_size, filter_tile, filter_trips;  ///< R (or S)
  std::int64_t stride, dilation, pad, input_size;
};

/// Sum over the (output, filter) tile pairs of the rows of their input box that lie
/// inside the input (padding never crosses the bus). Reference: one term per tile pair.
std::uint64_t halo_sum_by_tiles(const HaloAxis& axis);

/// The same sum with the interior tiles (their whole box inside the input) counted in
/// closed form; only the tiles at the borders and the edge tile are visited.
std::uint64_t halo_sum(const HaloAxis& axis);

}  // namespace sextant
